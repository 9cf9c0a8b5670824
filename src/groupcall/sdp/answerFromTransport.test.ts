import fc from 'fast-check';
import { parse, write } from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { answerFromTransport } from './answerFromTransport';
import { parseGroupCallTransport } from './parseGroupCallTransport';
import { parseSdpForTest } from './parseSdpForTest';
import { readFixture, readJsonFixture } from './readFixture';
import { withSourceChanges } from './remoteSourceTable';
import { SdpError } from './sdpError';
import { isStreamTransport, type RtcGroupCallTransport } from './types';

function transportOf(name: string): RtcGroupCallTransport {
  const t = parseGroupCallTransport(readJsonFixture(name));
  if (isStreamTransport(t)) throw new Error('stream transport in fixture');
  return t;
}
const telegram = transportOf('transport-audio');
const odd = transportOf('transport-odd-numbers-video');
const origin = { sessionId: '6543210987', sessionVersion: 1 };
const answer = (offer: string, transport = telegram) =>
  parseSdpForTest(answerFromTransport(readFixture(offer), transport, origin).sdp);

describe('answerFromTransport', () => {
  it('answers Chromium’s audio offer from the transport JSON: ICE-lite, passive, recvonly, BUNDLE, candidates', () => {
    const sdp = answer('chromium-audio');
    expect(sdp.icelite).toBe('ice-lite');
    expect(sdp.origin).toMatchObject({ sessionId: '6543210987', sessionVersion: 1 });
    expect(sdp.groups).toEqual([{ type: 'BUNDLE', mids: '0' }]);
    const [m] = sdp.media;
    expect(m).toMatchObject({
      type: 'audio',
      port: 9,
      mid: '0',
      direction: 'recvonly',
      setup: 'passive',
      iceUfrag: 'Zk3f',
      icePwd: 'd9QnV1m3a0zL7cY2x8WbT4uE',
      rtcpMux: 'rtcp-mux',
    });
    expect(m.fingerprint).toEqual({ type: 'sha-256', hash: telegram.transport.fingerprints[0].fingerprint });
    expect(m.rtp).toEqual([{ payload: 111, codec: 'opus', rate: 48000, encoding: 2 }]);
    expect(m.fmtp).toEqual([{ payload: 111, config: 'minptime=10;useinbandfec=1' }]);
    expect(m.rtcpFb).toEqual([{ payload: 111, type: 'transport-cc' }]);
    // Only the server's extensions that the offer also has (not abs-send-time, not sdes:mid).
    expect(m.ext).toEqual([
      { value: 1, uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level' },
      { value: 3, uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01' },
    ]);
    expect(m.candidates?.map((c) => [c.ip, c.port, c.priority, c.type, c.transport, c.component])).toEqual([
      ['91.108.9.1', 32000, 2130706431, 'host', 'udp', 1],
      ['2001:67c:4e8:f004::9', 32001, 2130706430, 'host', 'udp', 1],
    ]);
    expect(m.ssrcs).toBeUndefined();
  });

  it('takes every number from the JSON: payload types, extension ids, the sha-256 fingerprint among several, srflx', () => {
    const [m] = answer('chromium-audio', odd).media;
    expect(m.rtp.map((r) => r.payload)).toEqual([120]);
    expect(m.rtcpFb).toEqual([
      { payload: 120, type: 'transport-cc' },
      { payload: 120, type: 'nack' },
    ]);
    expect(m.ext?.map((e) => e.value)).toEqual([9, 12]);
    expect(m.fingerprint?.type).toBe('sha-256');
    expect(m.candidates?.[1]).toMatchObject({ type: 'srflx', raddr: '203.0.113.7', rport: 41000 });
  });

  it('writes an ICE-TCP candidate with its tcptype; a transport without audio answers with tgcalls’ opus 111', () => {
    const [m] = answer('chromium-audio', transportOf('transport-weba-shape')).media;
    expect(m.candidates?.map((c) => [c.transport, c.port, c.tcptype])).toEqual([
      ['udp', 32010, undefined],
      ['tcp', 443, 'passive'],
      ['udp', 32011, undefined],
    ]);
    const [tg] = answer('chromium-audio', transportOf('transport-tgcalls-shape')).media;
    expect(tg.rtp).toEqual([{ payload: 111, codec: 'opus', rate: 48000, encoding: 2 }]);
    expect(tg.ext?.map((e) => e.value)).toEqual([1, 2, 3]);
  });

  it('answers Firefox’s opus 109 offer with the server’s numbers', () => {
    const [m] = answer('hand-firefox-audio').media;
    expect(m.rtp.map((r) => [r.payload, r.codec])).toEqual([[111, 'opus']]);
    expect(m.ext?.map((e) => [e.value, e.uri.split(':').pop()])).toEqual([
      [1, 'ssrc-audio-level'],
      [3, '//www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01'],
    ]);
  });

  it('answers a stopped m-line with port 0 and leaves it out of BUNDLE', () => {
    const sdp = answer('chromium-audio-stopped-readded');
    expect(sdp.media.map((m) => [m.mid, m.port, m.direction])).toEqual([
      ['0', 0, 'inactive'],
      ['1', 9, 'recvonly'],
    ]);
    expect(sdp.groups).toEqual([{ type: 'BUNDLE', mids: '1' }]);
    expect(sdp.media[0].candidates).toBeUndefined();
    expect(sdp.media[1].candidates).toHaveLength(2);
  });

  it('Firefox: a stopped m-line without mid stays without mid; the bundle-only one is live', () => {
    const sdp = answer('hand-firefox-stopped-and-bundle-only');
    expect(sdp.media.map((m) => [m.mid, m.port])).toEqual([
      [undefined, 0],
      ['1', 9],
    ]);
    expect(sdp.groups).toEqual([{ type: 'BUNDLE', mids: '1' }]);
  });

  it('answers video with the JSON’s video codecs (rtx only with its primary) or rejects it when the call has none', () => {
    const withVideo = answer('hand-chromium-audio-video-sim', odd);
    expect(withVideo.media[1]).toMatchObject({ type: 'video', port: 9, mid: '1', direction: 'recvonly' });
    expect(withVideo.media[1].rtp.map((r) => [r.payload, r.codec])).toEqual([
      [101, 'VP8'],
      [102, 'rtx'],
    ]);
    expect(withVideo.media[1].fmtp).toEqual([{ payload: 102, config: 'apt=101' }]);
    expect(withVideo.media[1].ext).toBeUndefined(); // the offer's video m-line lists no extension, so none is answered
    const audioOnly = answer('chromium-audio-video-simulcast');
    expect(audioOnly.media.map((m) => [m.type, m.port])).toEqual([
      ['audio', 9],
      ['video', 0],
      ['video', 0],
    ]);
    expect(audioOnly.groups).toEqual([{ type: 'BUNDLE', mids: '0' }]);
  });

  it("answers the engine's offer (microphone, trackless video, data channel): video recvonly, the data channel on SCTP port 5000, all in BUNDLE", () => {
    const sdp = answer('chromium-engine', odd);
    expect(sdp.media.map((m) => [m.type, m.port, m.mid])).toEqual([
      ['audio', 9, '0'],
      ['video', 9, '1'],
      ['application', 9, '2'],
    ]);
    expect(sdp.media[2]).toMatchObject({
      protocol: 'UDP/DTLS/SCTP',
      payloads: 'webrtc-datachannel',
      sctpPort: 5000,
      iceUfrag: 'Q9pe',
      setup: 'passive',
    });
    expect(sdp.groups).toEqual([{ type: 'BUNDLE', mids: '0 1 2' }]);
    // The video m-line takes the server's ids for the extensions the offer kept, and only those.
    const offered = new Set((parse(readFixture('chromium-engine')).media[1].ext ?? []).map((e) => e.uri));
    expect(sdp.media[1].ext).toEqual(
      odd.video!['rtp-hdrexts'].filter((e) => offered.has(e.uri)).map((e) => ({ value: e.id, uri: e.uri })),
    );
  });

  it('no codec in common → SdpError no-common-codec naming the m-line', () => {
    const g729: RtcGroupCallTransport = {
      ...telegram,
      audio: { ...telegram.audio, 'payload-types': [{ id: 18, name: 'G729', clockrate: 8000 }] },
    };
    const attempt = () => answerFromTransport(readFixture('chromium-audio'), g729, origin);
    expect(attempt).toThrow(SdpError);
    expect(attempt).toThrow(expect.objectContaining({ reason: 'no-common-codec', field: 'm-line 0 (mid 0)' }));
  });

  it('a later browser offer that includes remote m-lines: they are answered sendonly with their SSRC', () => {
    const first = answerFromTransport(readFixture('chromium-audio'), telegram, origin);
    const table = withSourceChanges(first.table, { add: [{ ssrc: -5 }] });
    // The browser's re-offer after it answered the server offer: its m-line 1 is recvonly.
    const offer = parse(readFixture('chromium-audio'));
    const recv = { ...offer.media[0], mid: '1', direction: 'recvonly' as const, ssrcs: undefined, msid: undefined };
    const reoffer = write({ ...offer, groups: [{ type: 'BUNDLE', mids: '0 1' }], media: [offer.media[0], recv] });
    const again = answerFromTransport(reoffer, telegram, { ...origin, sessionVersion: 3 }, table);
    const sdp = parseSdpForTest(again.sdp);
    expect(sdp.media.map((m) => [m.mid, m.direction])).toEqual([
      ['0', 'recvonly'],
      ['1', 'sendonly'],
    ]);
    expect(sdp.media[1].ssrcs?.map((s) => [s.id, s.attribute])).toEqual([
      [2 ** 32 - 5, 'cname'],
      [2 ** 32 - 5, 'msid'],
    ]);
    expect(sdp.groups).toEqual([{ type: 'BUNDLE', mids: '0 1' }]);
    expect(again.table).toEqual(table);
  });

  it('rejects input that is not an SDP', () => {
    expect(() => answerFromTransport('hello', telegram, origin)).toThrow(
      expect.objectContaining({ reason: 'offer-invalid' }),
    );
  });
});

describe('answerFromTransport fuzz', () => {
  it('garbled offers give an answer with one m-line per offered m-line, or an SdpError', () => {
    const names = [
      'chromium-audio',
      'chromium-audio-video-simulcast',
      'chromium-audio-stopped-readded',
      'hand-firefox-stopped-and-bundle-only',
      'hand-chromium-audio-video-sim',
    ];
    const offer = fc.constantFrom(...names).chain((name) => {
      const lines = readFixture(name).split('\r\n');
      return fc
        .array(fc.tuple(fc.integer({ min: 1, max: lines.length - 2 }), fc.string({ maxLength: 10 })), { maxLength: 6 })
        .map((edits) => {
          const copy = [...lines];
          for (const [at, text] of edits) copy[at] = `${copy[at].slice(0, 8)}${text}`;
          return copy.join('\r\n');
        });
    });
    fc.assert(
      fc.property(offer, fc.constantFrom(telegram, odd), (sdp, transport) => {
        let produced: string;
        try {
          produced = answerFromTransport(sdp, transport, origin).sdp;
        } catch (error) {
          expect(error).toBeInstanceOf(SdpError);
          return;
        }
        const answerSdp = parseSdpForTest(produced);
        expect(answerSdp.media).toHaveLength(parse(sdp).media.length);
        for (const m of answerSdp.media) if (m.port !== 0) expect(m.rtp.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
