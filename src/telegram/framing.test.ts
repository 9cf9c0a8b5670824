import { describe, expect, it } from 'vitest';
import { frameIntermediate, FramingError, IntermediateFrameReader } from './framing';

const packet = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 7 + seed) & 0xff);

describe('IntermediateFrameReader', () => {
  it('reassembles packets split across chunks at every possible boundary', () => {
    const a = packet(40, 1);
    const b = packet(12, 2);
    const stream = new Uint8Array([...frameIntermediate(a), ...frameIntermediate(b)]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const reader = new IntermediateFrameReader();
      const frames = [...reader.push(stream.slice(0, cut)), ...reader.push(stream.slice(cut))];
      expect(frames).toEqual([
        { kind: 'packet', payload: a },
        { kind: 'packet', payload: b },
      ]);
      expect(reader.pendingBytes).toBe(0);
    }
  });

  it('returns several packets from one chunk, and byte-by-byte input works', () => {
    const packets = [packet(8, 3), packet(100, 4), packet(16, 5)];
    const stream = new Uint8Array(packets.flatMap((p) => [...frameIntermediate(p)]));
    expect(
      new IntermediateFrameReader().push(stream).map((f) => (f.kind === 'packet' ? f.payload.length : -1)),
    ).toEqual([8, 100, 16]);
    const reader = new IntermediateFrameReader();
    const frames = [...stream].flatMap((byte) => reader.push(Uint8Array.of(byte)));
    expect(frames).toHaveLength(3);
  });

  it('reports a 4-byte packet as a transport error code', () => {
    const body = new Uint8Array(4);
    new DataView(body.buffer).setInt32(0, -404, true);
    expect(new IntermediateFrameReader().push(frameIntermediate(body))).toEqual([
      { kind: 'transport-error', code: -404 },
    ]);
  });

  it('rejects impossible lengths instead of waiting forever', () => {
    const bad = new Uint8Array(8);
    new DataView(bad.buffer).setUint32(0, 0x7fffff00, true);
    expect(() => new IntermediateFrameReader().push(bad)).toThrow(FramingError);
    expect(() => new IntermediateFrameReader().push(Uint8Array.of(1, 0, 0, 0))).toThrow(FramingError);
  });
});
