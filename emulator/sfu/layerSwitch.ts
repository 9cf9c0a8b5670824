// One receiver's view of one simulcast sender: which layer it gets, rewritten into one continuous stream under the
// first layer's SSRC (the one receivers declare). A layer change waits for a keyframe of the new layer; sequence
// numbers, timestamps and the VP8 picture id / TL0PICIDX continue across the switch, as mediasoup and Jitsi do.

/** VP8 payload descriptor (RFC 7741 §4.2) fields the switch reads and rewrites. */
interface Vp8Descriptor {
  start: boolean;
  partition: number;
  /** Offset and width (7 or 15 bits) of the picture id, when present. */
  pictureId?: { offset: number; bits: 7 | 15; value: number };
  tl0PicIdx?: { offset: number; value: number };
  /** Offset of the VP8 payload after the descriptor. */
  payloadAt: number;
}

export function vp8Descriptor(payload: Buffer): Vp8Descriptor | null {
  if (payload.length < 1) return null;
  const b0 = payload[0];
  const d: Vp8Descriptor = { start: (b0 & 0x10) !== 0, partition: b0 & 0x0f, payloadAt: 1 };
  if ((b0 & 0x80) === 0) return d;
  if (payload.length < 2) return null;
  const x = payload[1];
  let at = 2;
  if ((x & 0x80) !== 0) {
    if (payload.length < at + 1) return null;
    if ((payload[at] & 0x80) !== 0) {
      if (payload.length < at + 2) return null;
      d.pictureId = { offset: at, bits: 15, value: ((payload[at] & 0x7f) << 8) | payload[at + 1] };
      at += 2;
    } else {
      d.pictureId = { offset: at, bits: 7, value: payload[at] & 0x7f };
      at += 1;
    }
  }
  if ((x & 0x40) !== 0) {
    if (payload.length < at + 1) return null;
    d.tl0PicIdx = { offset: at, value: payload[at] };
    at += 1;
  }
  if ((x & 0x30) !== 0) at += 1;
  d.payloadAt = at;
  return payload.length >= at ? d : null;
}

/** The first packet of a VP8 keyframe: start of partition 0, and the frame tag's P bit clear (RFC 6386 §9.1). */
export function isVp8KeyframeStart(payload: Buffer): boolean {
  const d = vp8Descriptor(payload);
  if (d === null || !d.start || d.partition !== 0 || payload.length <= d.payloadAt) return false;
  return (payload[d.payloadAt] & 0x01) === 0;
}

/** 90 kHz ticks a switch advances the timestamp by (one frame at 30 fps): the new layer's frame follows the last one. */
const SWITCH_TICKS = 3000;

export interface Rewritten {
  sequenceNumber: number;
  timestamp: number;
  payload: Buffer;
}

export class LayerSwitch {
  /** The layer forwarded now; -1 before the first keyframe. */
  current = -1;
  private seqOffset = 0;
  private tsOffset = 0;
  private picOffset = 0;
  private tl0Offset = 0;
  private lastSeq = 0;
  private lastTs = 0;
  private lastPic = 0;
  private lastTl0 = 0;
  switches = 0;

  /**
   * One packet of `layer` while `target` is wanted: the packet to send (rewritten), or null. A keyframe of a layer
   * closer to the target than the current one (or of any layer before the first) switches to it.
   */
  rewrite(layer: number, target: number, sequenceNumber: number, timestamp: number, payload: Buffer): Rewritten | null {
    if (layer !== this.current) {
      const closer = this.current === -1 || Math.abs(layer - target) < Math.abs(this.current - target);
      if (!closer || !isVp8KeyframeStart(payload)) return null;
      const d = vp8Descriptor(payload);
      if (this.current !== -1) {
        this.seqOffset = (this.lastSeq + 1 - sequenceNumber) & 0xffff;
        this.tsOffset = (this.lastTs + SWITCH_TICKS - timestamp) >>> 0;
        if (d?.pictureId) this.picOffset = (this.lastPic + 1 - d.pictureId.value) & 0x7fff;
        if (d?.tl0PicIdx) this.tl0Offset = (this.lastTl0 + 1 - d.tl0PicIdx.value) & 0xff;
      }
      this.current = layer;
      this.switches++;
    }
    const seq = (sequenceNumber + this.seqOffset) & 0xffff;
    const ts = (timestamp + this.tsOffset) >>> 0;
    if (((seq - this.lastSeq) & 0xffff) < 0x8000) this.lastSeq = seq;
    if ((ts - this.lastTs) >>> 0 < 0x8000_0000) this.lastTs = ts;
    const d = vp8Descriptor(payload);
    let out = payload;
    if (d?.pictureId || d?.tl0PicIdx) {
      out = Buffer.from(payload); // shared with the other receivers: rewrite a copy
      if (d.pictureId) {
        const pic =
          d.pictureId.bits === 15
            ? (d.pictureId.value + this.picOffset) & 0x7fff
            : (d.pictureId.value + this.picOffset) & 0x7f;
        if (d.pictureId.bits === 15) {
          out[d.pictureId.offset] = 0x80 | (pic >> 8);
          out[d.pictureId.offset + 1] = pic & 0xff;
        } else {
          out[d.pictureId.offset] = pic;
        }
        this.lastPic = pic;
      }
      if (d.tl0PicIdx) {
        const tl0 = (d.tl0PicIdx.value + this.tl0Offset) & 0xff;
        out[d.tl0PicIdx.offset] = tl0;
        this.lastTl0 = tl0;
      }
    }
    return { sequenceNumber: seq, timestamp: ts, payload: out };
  }
}

/** The layer for a height asked for: ≤ 180 the first, ≤ 360 the second, else the last (tgcalls' three levels). */
export function layerForHeight(height: number, layers: number): number {
  const wanted = height <= 180 ? 0 : height <= 360 ? 1 : 2;
  return Math.min(wanted, layers - 1);
}
