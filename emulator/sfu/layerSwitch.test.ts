// The simulcast layer switch: which packets a receiver gets, and one continuous stream across switches (sequence
// numbers, timestamps, VP8 picture id and TL0PICIDX), switching only at a keyframe of the layer asked for.
import { describe, expect, it } from 'vitest';
import { isVp8KeyframeStart, layerForHeight, LayerSwitch, vp8Descriptor } from './layerSwitch';

/** A VP8 packet with a 15-bit picture id and TL0PICIDX, first of its frame, key or delta. */
function vp8(pictureId: number, tl0: number, key: boolean, start = true): Buffer {
  return Buffer.from([
    0x80 | (start ? 0x10 : 0),
    0xc0,
    0x80 | (pictureId >> 8),
    pictureId & 0xff,
    tl0,
    key ? 0x00 : 0x01,
    0xaa,
  ]);
}

describe('vp8Descriptor / isVp8KeyframeStart', () => {
  it('reads the descriptor Chromium writes and tells keyframe starts', () => {
    expect(vp8Descriptor(vp8(300, 7, true))).toMatchObject({
      start: true,
      partition: 0,
      pictureId: { bits: 15, value: 300 },
      tl0PicIdx: { value: 7 },
      payloadAt: 5,
    });
    expect(isVp8KeyframeStart(vp8(300, 7, true))).toBe(true);
    expect(isVp8KeyframeStart(vp8(300, 7, false))).toBe(false);
    expect(isVp8KeyframeStart(vp8(300, 7, true, false))).toBe(false);
    expect(isVp8KeyframeStart(Buffer.from([0x10, 0x00]))).toBe(true); // the simulated camera's one-byte descriptor
  });
});

describe('LayerSwitch', () => {
  it('starts at the first keyframe, switches only at a keyframe of a closer layer, and keeps one continuous stream', () => {
    const s = new LayerSwitch();
    expect(s.rewrite(1, 1, 500, 9000, vp8(40, 3, false))).toBeNull(); // no keyframe yet
    const a = s.rewrite(1, 1, 501, 9000, vp8(41, 3, true))!;
    expect([a.sequenceNumber, a.timestamp]).toEqual([501, 9000]);
    expect(s.rewrite(0, 1, 70, 100, vp8(5, 1, true))).toBeNull(); // another layer, even a keyframe: not closer
    const b = s.rewrite(1, 1, 502, 12000, vp8(42, 3, false))!;
    expect(b.sequenceNumber).toBe(502);
    // Now 720 is asked for: layer 2's delta frames wait, its keyframe switches.
    expect(s.rewrite(2, 2, 9000, 777000, vp8(900, 50, false))).toBeNull();
    expect(s.rewrite(1, 2, 503, 15000, vp8(43, 3, false))?.sequenceNumber).toBe(503); // the old layer until then
    const c = s.rewrite(2, 2, 9001, 780000, vp8(901, 50, true))!;
    expect(s.current).toBe(2);
    expect(c.sequenceNumber).toBe(504);
    expect(c.timestamp).toBe(15000 + 3000);
    expect(vp8Descriptor(c.payload)?.pictureId?.value).toBe(44);
    expect(vp8Descriptor(c.payload)?.tl0PicIdx?.value).toBe(4);
    const d = s.rewrite(2, 2, 9002, 783000, vp8(902, 50, false))!;
    expect([d.sequenceNumber, d.timestamp, vp8Descriptor(d.payload)?.pictureId?.value]).toEqual([505, 21000, 45]);
    expect(s.rewrite(1, 2, 504, 18000, vp8(44, 3, false))).toBeNull();
  });

  it('heights map to layers, capped by the layers the sender has', () => {
    expect([180, 360, 720].map((h) => layerForHeight(h, 3))).toEqual([0, 1, 2]);
    expect(layerForHeight(720, 2)).toBe(1);
  });
});
