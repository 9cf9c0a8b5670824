// The obfuscated MTProto transport, server side: the 64-byte init, AES-256-CTR both ways, and the abridged /
// intermediate / padded-intermediate framing. Incoming data is a byte stream (a WS message may hold part of a packet
// or several packets); outgoing packets are returned one by one (each goes in a WS message of its own).
import { ByteQueue } from './byteQueue';
import { AesCtr, randomBytes } from './crypto';

export type FramingProtocol = 'abridged' | 'intermediate' | 'padded';

const TAGS: Record<number, FramingProtocol> = {
  0xefefefef: 'abridged',
  0xeeeeeeee: 'intermediate',
  0xdddddddd: 'padded',
};

export class TransportError extends Error {}

export interface ObfuscatedTransportOptions {
  /** largest accepted packet, bytes */
  maxPacket?: number;
}

export class ObfuscatedTransport {
  protocol: FramingProtocol | undefined;
  /** DC id from bytes 60..61 of the init (informational: not relied upon) */
  dcId: number | undefined;
  private decrypt: AesCtr | undefined;
  private encrypt: AesCtr | undefined;
  /** received bytes not yet returned as packets (raw before the init, decrypted after) */
  private readonly pending = new ByteQueue();
  private readonly maxPacket: number;

  constructor(opts: ObfuscatedTransportOptions = {}) {
    this.maxPacket = opts.maxPacket ?? 4 * 1024 * 1024;
  }

  /** Bytes received that do not make a whole packet yet (the init, or the start of a packet). */
  get buffered(): number {
    return this.pending.length;
  }

  /** Feed received bytes; returns the complete packets (payloads without framing). Throws TransportError on garbage. */
  push(data: Uint8Array): Uint8Array[] {
    if (!this.decrypt) {
      this.pending.push(data);
      if (this.pending.length < 64) return [];
      this.start(this.pending.take(64));
      const rest = this.pending.take(this.pending.length);
      return this.push(rest);
    }
    if (data.length) this.pending.push(this.decrypt.update(data));
    const packets: Uint8Array[] = [];
    for (;;) {
      const p = this.nextPacket();
      if (!p) break;
      packets.push(p);
    }
    return packets;
  }

  private start(init: Uint8Array): void {
    const reversed = init.slice().reverse();
    this.decrypt = new AesCtr(init.subarray(8, 40), init.subarray(40, 56));
    this.encrypt = new AesCtr(reversed.subarray(8, 40), reversed.subarray(40, 56));
    const plain = this.decrypt.update(init);
    const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
    const tag = view.getUint32(56, true);
    const protocol = TAGS[tag];
    if (!protocol) throw new TransportError(`unknown transport tag ${tag.toString(16)}`);
    this.protocol = protocol;
    this.dcId = view.getInt16(60, true);
  }

  private nextPacket(): Uint8Array | undefined {
    const buf = this.pending;
    let header: number;
    let length: number;
    if (this.protocol === 'abridged') {
      if (buf.length < 1) return undefined;
      const first = buf.at(0) & 0x7f; // the high bit asks for a quick ack (not sent by this server)
      if (first < 0x7f) {
        header = 1;
        length = first * 4;
      } else {
        if (buf.length < 4) return undefined;
        header = 4;
        length = (buf.at(1) | (buf.at(2) << 8) | (buf.at(3) << 16)) * 4;
      }
    } else {
      if (buf.length < 4) return undefined;
      header = 4;
      length = (buf.at(0) | (buf.at(1) << 8) | (buf.at(2) << 16) | ((buf.at(3) & 0x7f) << 24)) >>> 0;
    }
    if (length > this.maxPacket) throw new TransportError(`packet too long: ${length}`);
    if (length < 4 && this.protocol !== 'padded') throw new TransportError(`packet too short: ${length}`);
    if (buf.length < header + length) return undefined;
    buf.skip(header);
    return buf.take(length);
  }

  /** Frame and encrypt one outgoing packet. */
  frame(payload: Uint8Array): Uint8Array {
    if (!this.encrypt) throw new TransportError('transport not started');
    let framed: Uint8Array;
    if (this.protocol === 'abridged') {
      const words = payload.length >> 2;
      if (payload.length % 4) throw new TransportError('abridged payload must be a multiple of 4 bytes');
      if (words < 0x7f) {
        framed = new Uint8Array(1 + payload.length);
        framed[0] = words;
        framed.set(payload, 1);
      } else {
        framed = new Uint8Array(4 + payload.length);
        framed[0] = 0x7f;
        framed[1] = words & 0xff;
        framed[2] = (words >> 8) & 0xff;
        framed[3] = (words >> 16) & 0xff;
        framed.set(payload, 4);
      }
    } else {
      const padding = this.protocol === 'padded' ? randomBytes(randomBytes(1)[0] & 15) : new Uint8Array(0);
      const len = payload.length + padding.length;
      framed = new Uint8Array(4 + len);
      new DataView(framed.buffer).setUint32(0, len, true);
      framed.set(payload, 4);
      framed.set(padding, 4 + payload.length);
    }
    return this.encrypt.update(framed);
  }

  /** A transport error packet (-404, -429...). */
  frameError(code: number): Uint8Array {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setInt32(0, code, true);
    return this.frame(b);
  }

  get started(): boolean {
    return this.encrypt !== undefined;
  }
}
