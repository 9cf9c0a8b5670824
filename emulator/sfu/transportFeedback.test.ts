import { PacketStatus, RtcpTransportLayerFeedback, TransportWideCC, type RTCDtlsTransport } from 'werift';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { feedbackContent, TransportFeedback } from './transportFeedback';

const runs = (content: ReturnType<typeof feedbackContent>) =>
  content.chunks.map((c) => [c.packetStatus, c.runLength] as const);

describe('feedbackContent', () => {
  it('a status per sequence number (lost ones too), deltas from the 64 ms reference time in 250 µs steps', () => {
    // 10..16 with 13 and 14 lost; arrivals 1 ms apart from 1 000 250 µs, then one 200 ms later.
    const arrivals = new Map([
      [10, 1_000_250],
      [11, 1_001_250],
      [12, 1_002_250],
      [15, 1_005_250],
      [16, 1_205_250],
    ]);
    const c = feedbackContent(arrivals, 10, 16);
    expect(c).toMatchObject({
      baseSequenceNumber: 10,
      packetStatusCount: 7,
      referenceTime: Math.floor(1_000_250 / 64_000),
    });
    const small = PacketStatus.TypeTCCPacketReceivedSmallDelta;
    expect(runs(c)).toEqual([
      [small, 3],
      [PacketStatus.TypeTCCPacketNotReceived, 2],
      [small, 1],
      [PacketStatus.TypeTCCPacketReceivedLargeDelta, 1],
    ]);
    // Each arrival = reference + the sum of the deltas so far (250 µs steps), exactly here.
    let at = c.referenceTime * 64_000;
    const rebuilt = c.deltas.map((d) => (at += d.delta * 250));
    expect(rebuilt).toEqual([...arrivals.values()]);
  });

  it('keeps the quantisation error from adding up over many odd gaps', () => {
    const arrivals = new Map(Array.from({ length: 200 }, (_, i) => [i, 5_000_000 + i * 1_337] as const));
    const c = feedbackContent(arrivals, 0, 199);
    let at = c.referenceTime * 64_000;
    const errors = c.deltas.map((d, i) => Math.abs((at += d.delta * 250) - (5_000_000 + i * 1_337)));
    expect(Math.max(...errors)).toBeLessThanOrEqual(125);
  });
});

describe('TransportFeedback', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports every packet of the connection once, across the 16-bit wrap, in packets whose length is whole words', () => {
    vi.useFakeTimers();
    const sent: Buffer[] = [];
    const dtls = {
      sendRtcp: async (packets: RtcpTransportLayerFeedback[]) => sent.push(...packets.map((p) => p.serialize())),
    };
    const feedback = new TransportFeedback(dtls as unknown as RTCDtlsTransport, 1);
    for (const s of [65_533, 65_534, 65_535, 0, 2]) feedback.handleTWCC(s, 77); // 1 lost
    vi.advanceTimersByTime(50);
    feedback.handleTWCC(3, 78);
    feedback.handleTWCC(1, 77); // late: already reported as lost
    vi.advanceTimersByTime(50);
    feedback.stop();
    vi.advanceTimersByTime(200);
    expect(sent).toHaveLength(2);
    const decoded = sent.map((b) => {
      expect(b.length % 4).toBe(0);
      const length = (b.readUInt16BE(2) + 1) * 4;
      expect(length).toBe(b.length);
      const padded = (b[0] & 0x20) !== 0;
      const body = b.subarray(4, padded ? b.length - b[b.length - 1] : b.length);
      return TransportWideCC.deSerialize(body, { count: 15 } as never);
    });
    expect(decoded.map((d) => [d.baseSequenceNumber, d.packetStatusCount, d.mediaSourceSsrc])).toEqual([
      [65_533, 6, 77],
      [3, 1, 78],
    ]);
  });
});
