// The last video packets of one outgoing stream, by sequence number, so that the SFU answers a receiver's NACK itself
// (as Jitsi's and LiveKit's SFUs do) instead of asking the sender across a second leg. Bounded: a ring of `size` slots
// (a power of two) indexed by the low bits of the sequence number; a slot holds the packet last stored there.

import type { ForwardedHeader } from './participantPeer';

export interface CachedPacket {
  readonly header: ForwardedHeader;
  /** The sender's video-orientation extension, kept as forwarded. */
  readonly orientation: Buffer | undefined;
  readonly payload: Buffer;
}

/** ~1 s of a 720p camera at 1.5 Mbit/s (~130 packets/s) with room to spare: NACKs come within a round trip or two. */
export const PACKET_CACHE_SIZE = 512;

export class PacketCache {
  private readonly slots: (CachedPacket | undefined)[];
  private readonly mask: number;

  constructor(size = PACKET_CACHE_SIZE) {
    if (!Number.isInteger(size) || size < 1 || (size & (size - 1)) !== 0)
      throw new RangeError(`PacketCache: size ${size} is not a power of two`);
    this.slots = new Array<CachedPacket | undefined>(size);
    this.mask = size - 1;
  }

  put(packet: CachedPacket): void {
    this.slots[packet.header.sequenceNumber & this.mask] = packet;
  }

  /** The packet with this sequence number (of the stream with `ssrc`), if it is still held. */
  get(sequenceNumber: number, ssrc: number): CachedPacket | undefined {
    const packet = this.slots[sequenceNumber & this.mask];
    return packet !== undefined && packet.header.sequenceNumber === sequenceNumber && packet.header.ssrc === ssrc
      ? packet
      : undefined;
  }
}

/**
 * A retransmission of `packet` as RTX (RFC 4588 §4): the RTX payload type and SSRC, the RTX stream's own sequence
 * number, the original sequence number (OSN) in front of the original payload.
 */
export function rtxOf(
  packet: CachedPacket,
  rtx: { payloadType: number; ssrc: number; sequenceNumber: number },
): { header: ForwardedHeader; payload: Buffer } {
  const osn = Buffer.allocUnsafe(2);
  osn.writeUInt16BE(packet.header.sequenceNumber & 0xffff, 0);
  return {
    header: {
      payloadType: rtx.payloadType,
      marker: packet.header.marker,
      sequenceNumber: rtx.sequenceNumber & 0xffff,
      timestamp: packet.header.timestamp,
      ssrc: rtx.ssrc,
    },
    payload: Buffer.concat([osn, packet.payload]),
  };
}
