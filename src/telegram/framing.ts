// The MTProto "intermediate" framing (4-byte little-endian length + packet) in both directions. Incoming data is a
// byte stream: one WebSocket message may hold part of a packet, or several packets, so the reader reassembles.

/** A complete packet, or a transport error (a 4-byte packet holding a negative code, e.g. -404). */
export type Frame = { kind: 'packet'; payload: Uint8Array } | { kind: 'transport-error'; code: number };

export class FramingError extends Error {
  constructor(readonly length: number) {
    super(`intermediate framing: packet length ${length} is out of range`);
    this.name = 'FramingError';
  }
}

/** Larger packets than this cannot be MTProto (Telegram caps messages at 1 MiB + headers); treat as corrupt. */
export const MAX_PACKET_BYTES = 16 * 1024 * 1024;

export function frameIntermediate(packet: Uint8Array): Uint8Array {
  const framed = new Uint8Array(packet.length + 4);
  new DataView(framed.buffer).setUint32(0, packet.length, true);
  framed.set(packet, 4);
  return framed;
}

export class IntermediateFrameReader {
  private buffer = new Uint8Array(0);

  /** Append received bytes and return every frame completed by them, in order. Throws FramingError on corrupt length. */
  push(bytes: Uint8Array): Frame[] {
    if (bytes.length > 0) {
      const joined = new Uint8Array(this.buffer.length + bytes.length);
      joined.set(this.buffer, 0);
      joined.set(bytes, this.buffer.length);
      this.buffer = joined;
    }
    const frames: Frame[] = [];
    let offset = 0;
    // Each iteration consumes at least 4 bytes, so the loop is bounded by the buffer length.
    while (this.buffer.length - offset >= 4) {
      const view = new DataView(this.buffer.buffer, this.buffer.byteOffset + offset, 4);
      // The top bit marks a quick-ack request, never set on server → client packets we care about; mask it anyway.
      const length = view.getUint32(0, true) & 0x7fffffff;
      if (length < 4 || length > MAX_PACKET_BYTES) throw new FramingError(length);
      if (this.buffer.length - offset - 4 < length) break;
      const payload = this.buffer.slice(offset + 4, offset + 4 + length);
      offset += 4 + length;
      if (length === 4) {
        frames.push({ kind: 'transport-error', code: new DataView(payload.buffer).getInt32(0, true) });
      } else {
        frames.push({ kind: 'packet', payload });
      }
    }
    this.buffer = this.buffer.slice(offset);
    return frames;
  }

  /** Bytes received but not yet part of a complete frame. */
  get pendingBytes(): number {
    return this.buffer.length;
  }

  reset(): void {
    this.buffer = new Uint8Array(0);
  }
}
