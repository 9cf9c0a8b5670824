// Validation of the join JSON: what a browser sends passes; each defect is a JoinPayloadError naming its field
// (→ DATA_JSON_INVALID), and a missing SSRC is 'ssrc-duplicate' (→ GROUPCALL_SSRC_DUPLICATE_MUCH), as Telegram answers.

import { describe, expect, it } from 'vitest';
import { JoinPayloadError, SfuError } from './errors';
import { parseJoinPayloadJson, validateJoinPayload } from './joinPayload';

const FP = Array.from({ length: 32 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase()).join(':');
const good = () => ({
  ufrag: 'Wq1x',
  pwd: 'x7Yq0v3aaaaaaaaaaaaaaaaa',
  fingerprints: [{ hash: 'sha-256', setup: 'active', fingerprint: FP }],
  ssrc: -1294836121,
  'ssrc-groups': [] as unknown[],
});

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof JoinPayloadError) return error.field;
    throw error;
  }
  throw new Error('no error');
}

describe('validateJoinPayload', () => {
  it('accepts a browser join: signed SSRC kept signed, unsigned one derived, browser is the DTLS client', () => {
    const v = validateJoinPayload(good());
    expect(v.payload.ssrc).toBe(-1294836121);
    expect(v.ssrc).toBe(-1294836121 >>> 0);
    expect(v.clientIsDtlsClient).toBe(true);
    expect(v.payload['ssrc-groups']).toEqual([]);
  });

  it('accepts an unsigned SSRC, no ssrc-groups, a lower-case fingerprint and a native client (passive)', () => {
    const p = {
      ...good(),
      ssrc: 3000000000,
      fingerprints: [{ hash: 'SHA-256', setup: 'passive', fingerprint: FP.toLowerCase() }],
    } as Record<string, unknown>;
    delete p['ssrc-groups'];
    const v = validateJoinPayload(p);
    expect(v.payload.ssrc).toBe(3000000000 | 0);
    expect(v.payload.fingerprints[0]).toEqual({ hash: 'sha-256', setup: 'passive', fingerprint: FP });
    expect(v.clientIsDtlsClient).toBe(false);
  });

  it('parses the DataJSON text and rejects text that is not JSON', () => {
    expect(parseJoinPayloadJson(JSON.stringify(good())).ssrc).toBe(-1294836121 >>> 0);
    expect(fieldOf(() => parseJoinPayloadJson('{"ufrag":'))).toBe('(json)');
  });

  it.each([
    ['(root)', () => null],
    ['(root)', () => []],
    ['ufrag', () => ({ ...good(), ufrag: undefined })],
    ['ufrag', () => ({ ...good(), ufrag: 'ab' })],
    ['ufrag', () => ({ ...good(), ufrag: 'ab c' })],
    ['pwd', () => ({ ...good(), pwd: 'short' })],
    ['pwd', () => ({ ...good(), pwd: 42 })],
    ['fingerprints', () => ({ ...good(), fingerprints: [] })],
    ['fingerprints', () => ({ ...good(), fingerprints: 'AB:CD' })],
    ['fingerprints[0].hash', () => ({ ...good(), fingerprints: [{ hash: 'md5', setup: 'active', fingerprint: FP }] })],
    [
      'fingerprints[0].setup',
      () => ({ ...good(), fingerprints: [{ hash: 'sha-256', setup: 'holdconn', fingerprint: FP }] }),
    ],
    [
      'fingerprints[0].fingerprint',
      () => ({ ...good(), fingerprints: [{ hash: 'sha-256', setup: 'active', fingerprint: 'AB:CD' }] }),
    ],
    [
      'fingerprints[0].fingerprint',
      () => ({ ...good(), fingerprints: [{ hash: 'sha-1', setup: 'active', fingerprint: FP }] }),
    ],
    [
      'fingerprints',
      () => ({
        ...good(),
        fingerprints: [
          { hash: 'sha-256', setup: 'active', fingerprint: FP },
          { hash: 'sha-256', setup: 'passive', fingerprint: FP },
        ],
      }),
    ],
    ['ssrc', () => ({ ...good(), ssrc: '12345' })],
    ['ssrc', () => ({ ...good(), ssrc: 2 ** 32 })],
    ['ssrc', () => ({ ...good(), ssrc: 1.5 })],
    ['ssrc-groups', () => ({ ...good(), 'ssrc-groups': {} })],
    ['ssrc-groups[0].semantics', () => ({ ...good(), 'ssrc-groups': [{ semantics: '', sources: [1] }] })],
    ['ssrc-groups[0].sources', () => ({ ...good(), 'ssrc-groups': [{ semantics: 'FID', sources: [] }] })],
    ['ssrc-groups[0].sources[1]', () => ({ ...good(), 'ssrc-groups': [{ semantics: 'FID', sources: [1, 'x'] }] })],
  ])('rejects a bad %s', (field, make) => {
    expect(fieldOf(() => validateJoinPayload(make()))).toBe(field);
  });

  it.each([undefined, null, 0])('treats ssrc %s as no source: ssrc-duplicate, not invalid JSON', (ssrc) => {
    try {
      validateJoinPayload({ ...good(), ssrc });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(SfuError);
      expect(error).not.toBeInstanceOf(JoinPayloadError);
      expect((error as SfuError).reason).toBe('ssrc-duplicate');
    }
  });

  it('never throws anything but SfuError on garbage', () => {
    const samples: unknown[] = [
      undefined,
      1,
      'x',
      true,
      {},
      { ufrag: {} },
      { ...good(), fingerprints: [null] },
      { ...good(), fingerprints: [{}] },
    ];
    for (const s of samples) expect(() => validateJoinPayload(s)).toThrow(SfuError);
  });
});
