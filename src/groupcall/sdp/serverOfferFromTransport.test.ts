import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGroupCallTransport } from './parseGroupCallTransport';
import { parseSdpForTest } from './parseSdpForTest';
import { readFixture, readJsonFixture } from './readFixture';
import { remoteSourceTableFromOffer, withSourceChanges, type RemoteSourceTable } from './remoteSourceTable';
import { SdpError } from './sdpError';
import { serverOfferFromTransport } from './serverOfferFromTransport';
import { isStreamTransport, type RtcGroupCallTransport } from './types';

function transportOf(name: string): RtcGroupCallTransport {
  const t = parseGroupCallTransport(readJsonFixture(name));
  if (isStreamTransport(t)) throw new Error('stream transport in fixture');
  return t;
}
const telegram = transportOf('transport-audio');
const odd = transportOf('transport-odd-numbers-video');
const origin = { sessionId: '77', sessionVersion: 2 };
const own = () => remoteSourceTableFromOffer(readFixture('chromium-audio'));
const offerOf = (table: RemoteSourceTable, transport = telegram) =>
  parseSdpForTest(serverOfferFromTransport(transport, table, origin));

describe('serverOfferFromTransport', () => {
  it("keeps the engine's data channel in every server offer: SCTP port 5000, in BUNDLE, before the remote m-lines", () => {
    const video = transportOf('transport-odd-numbers-video');
    const table = withSourceChanges(remoteSourceTableFromOffer(readFixture('chromium-engine')), {
      add: [{ ssrc: 4242 }, { ssrc: 777, kind: 'video', ssrcGroups: [{ semantics: 'FID', sources: [777, 778] }] }],
    });
    const sdp = parseSdpForTest(serverOfferFromTransport(video, table, { sessionId: '1', sessionVersion: 2 }));
    expect(sdp.media.map((m) => [m.type, m.mid])).toEqual([
      ['audio', '0'],
      ['video', '1'],
      ['application', '2'],
      ['audio', '3'],
      ['video', '4'],
    ]);
    expect(sdp.media[2]).toMatchObject({ port: 9, protocol: 'UDP/DTLS/SCTP', sctpPort: 5000, setup: 'actpass' });
    expect(sdp.groups).toEqual([{ type: 'BUNDLE', mids: '0 1 2 3 4' }]);
  });

  it('one remote source: own m-line first (recvonly), the source sendonly with its unsigned SSRC, cname and msid', () => {
    const sdp = offerOf(withSourceChanges(own(), { add: [{ ssrc: -1294836121, streamId: 'peer42' }] }));
    expect(sdp.icelite).toBe('ice-lite');
    expect(sdp.groups).toEqual([{ type: 'BUNDLE', mids: '0 1' }]);
    expect(sdp.media.map((m) => [m.type, m.mid, m.direction, m.port, m.setup])).toEqual([
      ['audio', '0', 'recvonly', 9, 'actpass'],
      ['audio', '1', 'sendonly', 9, 'actpass'],
    ]);
    const ssrc = -1294836121 >>> 0;
    expect(sdp.media[1].ssrcs).toEqual([
      { id: ssrc, attribute: 'cname', value: 'peer42' },
      { id: ssrc, attribute: 'msid', value: `peer42 audio${ssrc}` },
    ]);
    expect(sdp.media[1].msid).toEqual([{ id: 'peer42', appdata: `audio${ssrc}` }]);
    for (const m of sdp.media) {
      expect(m.rtp).toEqual([{ payload: 111, codec: 'opus', rate: 48000, encoding: 2 }]);
      expect(m.ext?.map((e) => e.value)).toEqual([1, 3]);
    }
    expect(sdp.media[0].candidates).toHaveLength(2);
    expect(sdp.media[1].candidates).toBeUndefined();
  });

  it('every number comes from the JSON', () => {
    const sdp = offerOf(withSourceChanges(own(), { add: [{ ssrc: 1 }] }), odd);
    for (const m of sdp.media) {
      expect(m.rtp.map((r) => r.payload)).toEqual([120]);
      expect(m.ext?.map((e) => e.value)).toEqual([9, 12]);
      expect(m.iceUfrag).toBe('Q9pe');
    }
  });

  it('200 remote sources: 201 m-lines in one description, all bundled, every SSRC once', () => {
    const ssrcs = Array.from({ length: 200 }, (_, i) => (0x80000000 + i * 7919) | 0);
    const sdp = offerOf(withSourceChanges(own(), { add: ssrcs.map((ssrc) => ({ ssrc })) }));
    expect(sdp.media).toHaveLength(201);
    expect(sdp.media[0]).toMatchObject({ mid: '0', direction: 'recvonly' });
    const mids = sdp.media.map((m) => m.mid);
    expect(new Set(mids).size).toBe(201);
    expect(sdp.groups?.[0].mids.split(' ')).toEqual(mids);
    const declared = sdp.media.slice(1).map((m) => m.ssrcs?.[0].id);
    expect(declared).toEqual(ssrcs.map((s) => s >>> 0));
  });

  it('a departed source’s m-line goes inactive still declaring it, then carries the next source under the same mid', () => {
    const t1 = withSourceChanges(own(), { add: [{ ssrc: 11 }, { ssrc: 22 }] });
    const t2 = withSourceChanges(t1, { remove: [11] });
    const gone = offerOf(t2);
    expect(gone.media.map((m) => [m.mid, m.direction, m.port])).toEqual([
      ['0', 'recvonly', 9],
      ['1', 'inactive', 9],
      ['2', 'sendonly', 9],
    ]);
    // Kept so that Chromium keeps its receive stream: if 11 comes back here, its track gets its frames again.
    expect(gone.media[1].ssrcs?.[0].id).toBe(11);
    expect(gone.groups?.[0].mids).toBe('0 1 2'); // inactive m-lines stay in BUNDLE: they are reused
    const reused = offerOf(withSourceChanges(t2, { add: [{ ssrc: 33 }] }));
    expect(reused.media).toHaveLength(3);
    expect(reused.media[1]).toMatchObject({ mid: '1', direction: 'sendonly' });
    expect(reused.media[1].ssrcs?.[0].id).toBe(33);
  });

  it('keeps the browser’s stopped m-line as port 0, outside BUNDLE, candidates on the first live m-line', () => {
    const table = withSourceChanges(remoteSourceTableFromOffer(readFixture('chromium-audio-stopped-readded')), {
      add: [{ ssrc: 5 }],
    });
    const sdp = offerOf(table);
    expect(sdp.media.map((m) => [m.mid, m.port, m.direction])).toEqual([
      ['0', 0, 'inactive'],
      ['1', 9, 'recvonly'],
      ['2', 9, 'sendonly'],
    ]);
    expect(sdp.groups?.[0].mids).toBe('1 2');
    expect(sdp.media[1].candidates).toHaveLength(2);
  });

  it('a video source: the JSON’s video codecs, every SSRC of its groups declared, the groups written', () => {
    const table = withSourceChanges(own(), {
      add: [
        {
          ssrc: 100,
          kind: 'video',
          ssrcGroups: [
            { semantics: 'SIM', sources: [100, 200] },
            { semantics: 'FID', sources: [100, -101] },
          ],
        },
      ],
    });
    const [, video] = offerOf(table, odd).media;
    expect(video).toMatchObject({ type: 'video', direction: 'sendonly' });
    expect(video.rtp.map((r) => r.payload)).toEqual([101, 102]);
    expect(video.ext?.map((e) => e.value)).toEqual([10, 12]);
    expect([...new Set(video.ssrcs?.map((s) => s.id))]).toEqual([100, 200, -101 >>> 0]);
    expect(video.ssrcGroups).toEqual([
      { semantics: 'SIM', ssrcs: '100 200' },
      { semantics: 'FID', ssrcs: `100 ${-101 >>> 0}` },
    ]);
  });

  it('a video source on an audio-only call → SdpError source-kind-unsupported', () => {
    const table = withSourceChanges(own(), { add: [{ ssrc: 100, kind: 'video' }] });
    expect(() => serverOfferFromTransport(telegram, table, origin)).toThrow(SdpError);
    expect(() => serverOfferFromTransport(telegram, table, origin)).toThrow(
      expect.objectContaining({ reason: 'source-kind-unsupported' }),
    );
  });

  it('property: over add/remove sequences the description stays consistent with the table', () => {
    const ssrc = fc.oneof(
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      fc.integer({ min: -(2 ** 31), max: -1 }),
      fc.constantFrom(0, 2 ** 31, 2 ** 32 - 1, -1),
    );
    const batch = fc.record({ add: fc.array(ssrc, { maxLength: 6 }), remove: fc.array(fc.nat(), { maxLength: 3 }) });
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 12 }), (batches) => {
        let table = own();
        let live: number[] = [];
        for (const b of batches) {
          const removed = b.remove.filter((i) => i < live.length).map((i) => live[i]);
          table = withSourceChanges(table, { add: b.add.map((s) => ({ ssrc: s })), remove: removed });
          live = [...new Set([...live.filter((s) => !removed.includes(s)), ...b.add.map((s) => s >>> 0)])];
          const sdp = offerOf(table);
          expect(sdp.media[0]).toMatchObject({ mid: '0', direction: 'recvonly' });
          expect(sdp.media).toHaveLength(table.slots.length);
          const ids = (m: (typeof sdp.media)[number]) => [...new Set((m.ssrcs ?? []).map((s) => s.id))];
          const sending = sdp.media.filter((m) => m.direction === 'sendonly').flatMap(ids);
          expect([...sending].sort()).toEqual([...live].sort());
          // Inactive m-lines may still declare the source that left them; no SSRC is declared twice.
          const all = sdp.media.flatMap(ids);
          expect(new Set(all).size).toBe(all.length);
          for (const m of sdp.media.slice(1)) expect(['sendonly', 'inactive']).toContain(m.direction);
          expect(sdp.groups?.[0].mids.split(' ')).toEqual(sdp.media.map((m) => m.mid));
          expect(new Set(sdp.media.flatMap((m) => m.rtp.map((r) => r.payload)))).toEqual(new Set([111]));
        }
      }),
      { numRuns: 150 },
    );
  });
});
