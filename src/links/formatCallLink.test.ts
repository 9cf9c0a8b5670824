import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appRouteForLink, formatCallLink, tgLinkFor, WEB_TG_HANDLER_URL } from './formatCallLink';
import { InvalidLinkError } from './invalidLinkError';
import { parseCallLink } from './parseCallLink';
import { callLinkArb } from './callLinkArbitraries';

describe('formatCallLink / tgLinkFor / appRouteForLink', () => {
  it('writes the canonical forms', () => {
    const withHash = { username: 'durov', kind: 'videochat', inviteHash: 'abc' } as const;
    const noHash = { username: 'durov', kind: 'livestream', inviteHash: undefined } as const;
    expect(formatCallLink(withHash)).toBe('https://t.me/durov?videochat=abc');
    expect(formatCallLink(noHash)).toBe('https://t.me/durov?livestream');
    expect(tgLinkFor(withHash)).toBe('tg://resolve?domain=durov&videochat=abc');
    expect(appRouteForLink(withHash)).toBe('/join?domain=durov&videochat=abc');
    expect(appRouteForLink(noHash)).toBe('/join?domain=durov&livestream');
    expect(WEB_TG_HANDLER_URL).toBe('/join?link=%s');
  });

  it('lower-cases the username (Telegram resolves usernames case-insensitively)', () => {
    expect(formatCallLink({ username: 'Durov', kind: 'voicechat', inviteHash: undefined })).toBe(
      'https://t.me/durov?voicechat',
    );
  });

  it.each([
    [{ username: 'du', kind: 'voicechat', inviteHash: undefined }, 'invalid-username'],
    [{ username: 'du rov', kind: 'voicechat', inviteHash: undefined }, 'invalid-username'],
    [{ username: 'durov', kind: 'voicechat', inviteHash: '' }, 'invalid-invite-hash'],
    [{ username: 'durov', kind: 'voicechat', inviteHash: 'a&voicechat=b' }, 'invalid-invite-hash'],
    [{ username: 'durov', kind: 'voicechat', inviteHash: 'x'.repeat(257) }, 'invite-hash-too-long'],
    [{ username: 'durov', kind: 'groupchat', inviteHash: undefined }, 'no-call-parameter'],
  ] as const)('refuses %j (%s), naming the link', (bad, reason) => {
    for (const write of [formatCallLink, tgLinkFor, appRouteForLink]) {
      try {
        // The cast lets the test hand in a kind the type forbids, as untyped callers could.
        write(bad as Parameters<typeof formatCallLink>[0]);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidLinkError);
        expect((e as InvalidLinkError).reason).toBe(reason);
        expect((e as InvalidLinkError).input).toContain(bad.username);
      }
    }
  });
});

describe('round trips', () => {
  it('parseCallLink(formatCallLink(x)) equals x', () => {
    fc.assert(
      fc.property(callLinkArb, (x) => {
        expect(parseCallLink(formatCallLink(x))).toEqual(x);
      }),
      { numRuns: 2000 },
    );
  });

  it('tg:// and web+tg:// links read back with source tg', () => {
    fc.assert(
      fc.property(callLinkArb, (x) => {
        const tg = tgLinkFor(x);
        expect(parseCallLink(tg)).toEqual({ ...x, source: 'tg' });
        expect(parseCallLink(`web+${tg}`)).toEqual({ ...x, source: 'tg' });
        // As the protocol handler passes it: the clicked URL percent-encoded into /join?link=%s.
        expect(parseCallLink(WEB_TG_HANDLER_URL.replace('%s', encodeURIComponent(`web+${tg}`)))).toEqual({
          ...x,
          source: 'tg',
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('the app route reads back with source app', () => {
    fc.assert(
      fc.property(callLinkArb, (x) => {
        expect(parseCallLink(appRouteForLink(x))).toEqual({ ...x, source: 'app' });
      }),
      { numRuns: 1000 },
    );
  });

  it('formatting is canonical: any accepted link formats to a link that parses to the same call', () => {
    fc.assert(
      fc.property(
        callLinkArb,
        fc.constantFrom('HTTPS://WWW.T.ME/', 'telegram.dog/', 'http://telegram.me/s/'),
        (x, prefix) => {
          const upper = `${prefix}${x.username.toUpperCase()}?utm=1&${formatCallLink(x).split('?')[1]}#frag`;
          const parsed = parseCallLink(upper);
          expect(parsed).toEqual(x);
          expect(formatCallLink(parsed)).toBe(formatCallLink(x));
        },
      ),
      { numRuns: 500 },
    );
  });
});
