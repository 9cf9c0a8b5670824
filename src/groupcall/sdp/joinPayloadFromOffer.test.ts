import fc from 'fast-check';
import { parse, write } from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { readFixture } from './readFixture';
import { joinPayloadFromOffer } from './joinPayloadFromOffer';
import { OfferError, SdpError } from './sdpError';

/** The expected fields, read from the fixture with sdp-transform (so re-recording a fixture keeps tests valid). */
function sectionOf(name: string, mid: string) {
  const sdp = parse(readFixture(name));
  const m = sdp.media.find((x) => String(x.mid) === mid);
  if (!m) throw new Error(`no mid ${mid} in ${name}`);
  return { sdp, m };
}

describe('joinPayloadFromOffer on real Chromium offers', () => {
  it.each(['chromium-audio', 'chromium-audio-video-simulcast'])('%s: credentials, fingerprint, signed SSRC', (name) => {
    const { m } = sectionOf(name, '0');
    const join = joinPayloadFromOffer(readFixture(name));
    expect(join.ufrag).toBe(m.iceUfrag);
    expect(join.pwd).toBe(m.icePwd);
    expect(join.fingerprints).toEqual([{ hash: 'sha-256', setup: 'active', fingerprint: m.fingerprint?.hash }]);
    expect(join.ssrc).toBe(Number(m.ssrcs?.[0].id) | 0);
    expect(join.ssrc).toBeGreaterThanOrEqual(-(2 ** 31));
    expect(join.ssrc).toBeLessThan(2 ** 31);
  });

  it("the engine's offer (trackless video m-line, data channel): one FID group [video, rtx], signed", () => {
    const { m } = sectionOf('chromium-engine', '1');
    const fid = String(m.ssrcGroups?.[0]?.ssrcs)
      .split(' ')
      .map((x) => Number(x) | 0);
    expect(joinPayloadFromOffer(readFixture('chromium-engine'))['ssrc-groups']).toEqual([
      { semantics: 'FID', sources: fid },
    ]);
  });

  it('audio only: no ssrc-groups', () => {
    expect(joinPayloadFromOffer(readFixture('chromium-audio'))['ssrc-groups']).toEqual([]);
  });

  it('audio + video: the FID group of the plain video sender (rid simulcast has none)', () => {
    const { m } = sectionOf('chromium-audio-video-simulcast', '2');
    const fid = m.ssrcGroups?.[0];
    expect(fid?.semantics).toBe('FID');
    expect(joinPayloadFromOffer(readFixture('chromium-audio-video-simulcast'))['ssrc-groups']).toEqual([
      { semantics: 'FID', sources: fid?.ssrcs.split(' ').map((s) => Number(s) | 0) },
    ]);
  });

  it('a stopped first m-line (port 0) is skipped: the SSRC of the live mid 1', () => {
    const { m } = sectionOf('chromium-audio-stopped-readded', '1');
    expect(joinPayloadFromOffer(readFixture('chromium-audio-stopped-readded')).ssrc).toBe(Number(m.ssrcs?.[0].id) | 0);
  });
});

describe('joinPayloadFromOffer on hand-made edge cases', () => {
  it('SSRC 2^32-1 becomes -1, 2^31 becomes -2^31', () => {
    expect(joinPayloadFromOffer(readFixture('hand-chromium-ssrc-max')).ssrc).toBe(-1);
    expect(joinPayloadFromOffer(readFixture('hand-chromium-ssrc-2pow31')).ssrc).toBe(-(2 ** 31));
  });

  it('keeps every fingerprint, all with setup "active"', () => {
    const join = joinPayloadFromOffer(readFixture('hand-several-fingerprints'));
    expect(join.fingerprints.map((f) => [f.hash, f.setup])).toEqual([
      ['sha-256', 'active'],
      ['sha-1', 'active'],
    ]);
    expect(join.fingerprints[1].fingerprint).toBe('4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB');
  });

  it('an all-digit ufrag stays a string (sdp-transform reads it as a number), as does a one-member group', () => {
    const join = joinPayloadFromOffer(readFixture('hand-numeric-ufrag'));
    expect(join.ufrag).toBe('2164');
    expect(join.pwd).toBe('1234567890123456789012');
    expect(join['ssrc-groups']).toEqual([{ semantics: 'FID', sources: [4000000000 | 0] }]);
  });

  it('ICE credentials at session level', () => {
    const join = joinPayloadFromOffer(readFixture('hand-session-level-ice'));
    expect([join.ufrag, join.pwd]).toEqual(['SeSs', 'sessionLevelPasswordAbcdefgh']);
  });

  it('Firefox: session-level fingerprint, cname-only ssrc ≥ 2^31', () => {
    const join = joinPayloadFromOffer(readFixture('hand-firefox-audio'));
    expect(join).toEqual({
      ufrag: '7c1e9a2b',
      pwd: '9f2c4e1b7a3d5c6e8f0a1b2c3d4e5f60',
      fingerprints: [
        {
          hash: 'sha-256',
          setup: 'active',
          fingerprint:
            '5E:0C:41:9A:67:22:1B:D3:80:9F:6A:2E:C4:71:0D:B5:38:E2:9C:4F:A1:66:03:DB:7E:52:19:8C:F0:3A:B4:21',
        },
      ],
      ssrc: 3735928559 | 0,
      'ssrc-groups': [],
    });
  });

  it('Firefox later offer: the port 0 + bundle-only m-line is live and sending', () => {
    expect(joinPayloadFromOffer(readFixture('hand-firefox-stopped-and-bundle-only')).ssrc).toBe(2882400018 | 0);
  });

  it('SIM and FID groups of a video sender, signed', () => {
    const join = joinPayloadFromOffer(readFixture('hand-chromium-audio-video-sim'));
    expect(join['ssrc-groups']).toEqual([
      { semantics: 'SIM', sources: [1000, 2000, 3000] },
      { semantics: 'FID', sources: [1000, 1001] },
      { semantics: 'FID', sources: [2000, 2001] },
      { semantics: 'FID', sources: [3000, 3147483648 | 0] },
    ]);
  });

  it.each([
    ['hand-missing-ufrag', 'a=ice-ufrag'],
    ['hand-missing-pwd', 'a=ice-pwd'],
    ['hand-missing-fingerprint', 'a=fingerprint'],
    ['hand-missing-ssrc', 'a=ssrc'],
    ['hand-recvonly-audio', 'm=audio'],
  ])('%s: OfferError naming %s', (name, field) => {
    const attempt = () => joinPayloadFromOffer(readFixture(name));
    expect(attempt).toThrow(OfferError);
    expect(attempt).toThrow(expect.objectContaining({ reason: 'offer-invalid', input: 'offer', field }));
  });

  it('not an SDP at all', () => {
    expect(() => joinPayloadFromOffer('')).toThrow(expect.objectContaining({ field: 'v=' }));
  });
});

describe('joinPayloadFromOffer over the whole SSRC range', () => {
  const base = parse(readFixture('chromium-audio'));
  it('any unsigned SSRC comes out as the same 32 bits, signed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (ssrc) => {
        const m = base.media[0];
        const offer = write({ ...base, media: [{ ...m, ssrcs: (m.ssrcs ?? []).map((s) => ({ ...s, id: ssrc })) }] });
        const signed = joinPayloadFromOffer(offer).ssrc;
        expect(Number.isInteger(signed) && signed >= -(2 ** 31) && signed < 2 ** 31).toBe(true);
        expect(signed >>> 0).toBe(ssrc);
      }),
    );
  });
});

describe('joinPayloadFromOffer fuzz', () => {
  const fixtures = [
    'chromium-audio',
    'chromium-audio-video-simulcast',
    'chromium-audio-stopped-readded',
    'hand-firefox-audio',
    'hand-chromium-audio-video-sim',
  ];
  it('offers with random lines dropped or garbled give a payload or an SdpError, never another exception', () => {
    const offer = fc.constantFrom(...fixtures).chain((name) => {
      const lines = readFixture(name).split('\r\n');
      return fc
        .array(fc.tuple(fc.nat(lines.length - 1), fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }))), {
          maxLength: 6,
        })
        .map((edits) => {
          const copy = [...lines];
          for (const [at, text] of edits)
            copy[at] = at === 0 ? copy[at] : text === '' ? '' : `${copy[at].slice(0, 9)}${text}`;
          return copy.filter((l, i) => i === copy.length - 1 || l !== '').join('\r\n');
        });
    });
    fc.assert(
      fc.property(offer, (sdp) => {
        try {
          const join = joinPayloadFromOffer(sdp);
          expect(typeof join.ufrag).toBe('string');
          expect(typeof join.pwd).toBe('string');
          expect(join.ssrc >= -(2 ** 31) && join.ssrc < 2 ** 31).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(SdpError);
        }
      }),
      { numRuns: 400 },
    );
  });
});
