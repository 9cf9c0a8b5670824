import { describe, expect, it } from 'vitest';
import { PacketCache, rtxOf, type CachedPacket } from './packetCache';

const packet = (sequenceNumber: number, ssrc = 7, payload = Buffer.from([sequenceNumber & 0xff])): CachedPacket => ({
  header: { payloadType: 96, marker: false, sequenceNumber, timestamp: 1000 + sequenceNumber, ssrc },
  orientation: undefined,
  payload,
});

describe('PacketCache', () => {
  it('holds the last `size` packets by sequence number, across the 16-bit wrap, and only of the asked stream', () => {
    const cache = new PacketCache(8);
    for (let seq = 65530; seq < 65536 + 6; seq++) cache.put(packet(seq & 0xffff));
    expect(cache.get(65535, 7)?.payload).toEqual(Buffer.from([255]));
    expect(cache.get(3, 7)?.header.timestamp).toBe(1003);
    expect(cache.get(65531, 7)).toBeUndefined(); // overwritten by 3 (8 slots)
    expect(cache.get(3, 8)).toBeUndefined();
    expect(cache.get(100, 7)).toBeUndefined();
  });

  it('refuses a size that is not a power of two', () => {
    expect(() => new PacketCache(100)).toThrow(RangeError);
  });
});

describe('rtxOf', () => {
  it('writes RFC 4588 RTX: its own payload type, SSRC and sequence, the original sequence number in front', () => {
    const out = rtxOf(packet(0xabcd, 7, Buffer.from([1, 2, 3])), { payloadType: 97, ssrc: 8, sequenceNumber: 70000 });
    expect(out.header).toEqual({
      payloadType: 97,
      marker: false,
      sequenceNumber: 70000 & 0xffff,
      timestamp: 1000 + 0xabcd,
      ssrc: 8,
    });
    expect([...out.payload]).toEqual([0xab, 0xcd, 1, 2, 3]);
  });
});
