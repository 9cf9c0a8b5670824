import { describe, expect, it } from 'vitest';
import { dcsFor, sameOriginLocalEndpoint, trustedKeysFor } from './endpoints';
import { LOCAL_RSA_KEY } from './localRsaKey';
import { TELEGRAM_PRODUCTION_RSA_KEY, TELEGRAM_TEST_RSA_KEY } from './telegramRsaKeys';

describe('endpoints', () => {
  it('the local endpoint is same-origin /apiws, one DC, trusting only the local key', () => {
    expect(sameOriginLocalEndpoint({ protocol: 'http:', host: 'localhost:5173' })).toEqual({
      kind: 'local',
      url: 'ws://localhost:5173/apiws',
    });
    expect(sameOriginLocalEndpoint({ protocol: 'https:', host: 'example.org' })).toEqual({
      kind: 'local',
      url: 'wss://example.org/apiws',
    });
    const endpoint = { kind: 'local', url: 'ws://h/apiws' } as const;
    expect(dcsFor(endpoint)).toHaveLength(1);
    expect(trustedKeysFor(endpoint)).toEqual([LOCAL_RSA_KEY]);
  });

  it("Telegram endpoints use the web hosts and the one key Telegram's clients pin for each", () => {
    // Today's names (Web K, Web A), and the older generation still selectable from the same table.
    expect(dcsFor({ kind: 'production' }).map((dc) => dc.url)).toEqual([
      'wss://kws1.web.telegram.org/apiws',
      'wss://kws2.web.telegram.org/apiws',
      'wss://kws3.web.telegram.org/apiws',
      'wss://kws4.web.telegram.org/apiws',
      'wss://kws5.web.telegram.org/apiws',
    ]);
    expect(dcsFor({ kind: 'test' }).map((dc) => dc.url)).toEqual([
      'wss://kws1.web.telegram.org/apiws_test',
      'wss://kws2.web.telegram.org/apiws_test',
      'wss://kws3.web.telegram.org/apiws_test',
    ]);
    expect(dcsFor({ kind: 'production' }, 'legacy').map((dc) => dc.url)).toEqual([
      'wss://pluto.web.telegram.org/apiws',
      'wss://venus.web.telegram.org/apiws',
      'wss://aurora.web.telegram.org/apiws',
      'wss://vesta.web.telegram.org/apiws',
      'wss://flora.web.telegram.org/apiws',
    ]);
    expect(dcsFor({ kind: 'test' }, 'legacy')[1].url).toBe('wss://venus.web.telegram.org/apiws_test');
    expect(dcsFor({ kind: 'production' }).map((dc) => dc.id)).toEqual([1, 2, 3, 4, 5]);
    expect(trustedKeysFor({ kind: 'production' })).toEqual([TELEGRAM_PRODUCTION_RSA_KEY]);
    expect(trustedKeysFor({ kind: 'test' })).toEqual([TELEGRAM_TEST_RSA_KEY]);
  });
});
