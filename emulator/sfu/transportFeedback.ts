// Transport-wide congestion-control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01) for one participant's
// connection: every packet's transport-wide sequence number and arrival time, whatever m-line it came on, reported
// every 50 ms. It replaces werift's per-m-line generator, which saw only its own m-line's packets (the others' numbers
// looked lost), measured each feedback's deltas from the previous packet instead of from the reference time it wrote
// (64 ms units), and sent packets whose length was not a multiple of 4 bytes: the sender's bandwidth estimate then never
// grew, and Chromium kept its simulcast to the lowest layer.

import {
  PacketStatus,
  RecvDelta,
  RtcpHeader,
  RtcpTransportLayerFeedback,
  RunLengthChunk,
  TransportWideCC,
  type RTCDtlsTransport,
} from 'werift';

export interface Arrival {
  /** The transport-wide sequence number, unwrapped (continues past 65535). */
  readonly sequence: number;
  /** Arrival time in microseconds. */
  readonly atUs: number;
}

export interface FeedbackContent {
  baseSequenceNumber: number;
  packetStatusCount: number;
  /** In 64 ms units (24 bits). */
  referenceTime: number;
  chunks: RunLengthChunk[];
  deltas: RecvDelta[];
}

const MAX_RUN = 0x1fff;
/** At most this many sequence numbers per feedback (older gaps are given up). */
const MAX_STATUSES = 2_000;

/**
 * The content of one feedback for sequence numbers `from`…`to` (unwrapped, inclusive): a status per number (not
 * received, or received with a small / large delta), the reference time (the first arrival, floored to 64 ms) and each
 * arrival's delta from the previous one (the first from the reference time) in 250 µs steps, quantised so that the
 * error does not add up.
 */
export function feedbackContent(arrivals: ReadonlyMap<number, number>, from: number, to: number): FeedbackContent {
  const first = Math.max(from, to - MAX_STATUSES + 1);
  let referenceUs: number | null = null;
  for (let s = first; s <= to && referenceUs === null; s++) {
    const at = arrivals.get(s);
    if (at !== undefined) referenceUs = Math.floor(at / 64_000) * 64_000;
  }
  const statuses: PacketStatus[] = [];
  const deltas: RecvDelta[] = [];
  let previous = referenceUs ?? 0;
  for (let s = first; s <= to; s++) {
    const at = arrivals.get(s);
    if (at === undefined) {
      statuses.push(PacketStatus.TypeTCCPacketNotReceived);
      continue;
    }
    const steps = Math.max(-32_768, Math.min(32_767, Math.round((at - previous) / 250)));
    previous += steps * 250;
    const type =
      steps >= 0 && steps <= 255
        ? PacketStatus.TypeTCCPacketReceivedSmallDelta
        : PacketStatus.TypeTCCPacketReceivedLargeDelta;
    statuses.push(type);
    const delta = new RecvDelta({ type, delta: steps * 250 });
    delta.parseDelta(); // to 250 µs steps, keeping the type
    deltas.push(delta);
  }
  const chunks: RunLengthChunk[] = [];
  for (let i = 0; i < statuses.length;) {
    let run = 1;
    while (i + run < statuses.length && statuses[i + run] === statuses[i] && run < MAX_RUN) run++;
    chunks.push(new RunLengthChunk({ packetStatus: statuses[i], runLength: run }));
    i += run;
  }
  return {
    baseSequenceNumber: first & 0xffff,
    packetStatusCount: statuses.length,
    referenceTime: Math.floor((referenceUs ?? 0) / 64_000) & 0xffffff,
    chunks,
    deltas,
  };
}

/** Collects arrivals and sends one feedback every `intervalMs` while packets come; stop() ends it. */
export class TransportFeedback {
  private running = true;
  private readonly arrivals = new Map<number, number>();
  private highest: number | null = null;
  private nextToReport: number | null = null;
  private count = 0;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly started = process.hrtime.bigint();

  /**
   * The media SSRC each feedback names: one the sender sends (the last packet's). Chromium takes transport feedback only
   * when it names one of its own SSRCs (measured: with 0 its estimate sank to 72 kbit/s and stayed there).
   */
  private mediaSourceSsrc = 0;

  constructor(
    private readonly dtls: RTCDtlsTransport,
    private readonly senderSsrc: number,
    intervalMs = 50,
  ) {
    this.timer = setInterval(() => this.send(), intervalMs);
    this.timer.unref?.();
  }

  /** One packet that arrived: its transport-wide sequence number (16 bits) and its SSRC. */
  handleTWCC(sequenceNumber: number, ssrc: number): void {
    const atUs = Number((process.hrtime.bigint() - this.started) / 1000n) + 64_000_000;
    const sequence = this.unwrap(sequenceNumber & 0xffff);
    if (this.nextToReport !== null && sequence < this.nextToReport) return; // already reported (late duplicate)
    this.arrivals.set(sequence, atUs);
    this.mediaSourceSsrc = ssrc;
    if (this.highest === null || sequence > this.highest) this.highest = sequence;
  }

  stop(): void {
    this.running = false;
    clearInterval(this.timer);
  }

  private unwrap(sequenceNumber: number): number {
    if (this.highest === null) return sequenceNumber;
    const base = this.highest - (this.highest & 0xffff);
    let candidate = base + sequenceNumber;
    if (candidate - this.highest > 0x8000) candidate -= 0x10000;
    else if (this.highest - candidate > 0x8000) candidate += 0x10000;
    return candidate;
  }

  private send(): void {
    if (!this.running) return;
    if (this.highest === null || this.arrivals.size === 0) return;
    const from = this.nextToReport ?? Math.min(...this.arrivals.keys());
    const content = feedbackContent(this.arrivals, from, this.highest);
    // The padding bit only when padding is added (werift's serializer writes the bit whenever it is set).
    const bytes =
      16 +
      2 * content.chunks.length +
      content.deltas.reduce((n, d) => n + (d.type === PacketStatus.TypeTCCPacketReceivedSmallDelta ? 1 : 2), 0);
    const packet = new RtcpTransportLayerFeedback({
      feedback: new TransportWideCC({
        header: new RtcpHeader({ type: 205, count: TransportWideCC.count, version: 2, padding: bytes % 4 !== 0 }),
        senderSsrc: this.senderSsrc,
        mediaSourceSsrc: this.mediaSourceSsrc,
        baseSequenceNumber: content.baseSequenceNumber,
        packetStatusCount: content.packetStatusCount,
        referenceTime: content.referenceTime,
        fbPktCount: this.count & 0xff,
        packetChunks: content.chunks,
        recvDeltas: content.deltas,
      }),
    });
    this.count++;
    this.nextToReport = this.highest + 1;
    this.arrivals.clear();
    void this.dtls.sendRtcp([packet]).catch(() => undefined);
  }
}
