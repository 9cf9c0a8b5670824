// The demo camera clip as the SFU reads it (IVF → VP8 frames cut into RTP payloads) and as VideoClipPlayer sends it:
// frame pacing by the clock given, markers, timestamps, and a keyframe request answered by rewinding to a keyframe.
import { describe, expect, it } from 'vitest';
import { demoCameraClip } from './demoVideo';
import { SfuError } from './errors';
import type { ForwardedHeader } from './participantPeer';
import { VideoClipPlayer } from './videoClipPlayer';
import { vp8ClipFromIvf } from './vp8Clip';

describe('vp8ClipFromIvf', () => {
  it('reads the demo clip: 60 frames 480×270 at 15 fps, a keyframe every 15 frames, payloads with the RFC 7741 descriptor', () => {
    const clip = demoCameraClip();
    expect({ width: clip.width, height: clip.height, fps: clip.fps, frames: clip.frames.length }).toEqual({
      width: 480,
      height: 270,
      fps: 15,
      frames: 60,
    });
    expect(clip.frames.flatMap((f, i) => (f.keyframe ? [i] : []))).toEqual([0, 15, 30, 45]);
    for (const f of clip.frames) {
      expect(f.payloads[0][0]).toBe(0x10); // S: the frame starts here
      for (const p of f.payloads.slice(1)) expect(p[0]).toBe(0x00);
      for (const p of f.payloads) expect(p.length).toBeLessThanOrEqual(1101);
    }
  });

  it('refuses what is not a VP8 IVF file, naming the defect', () => {
    expect(() => vp8ClipFromIvf(Buffer.from('not a clip at all, clearly not one'))).toThrow(SfuError);
    const vp9 = Buffer.alloc(32);
    vp9.write('DKIF', 0, 'ascii');
    vp9.write('VP90', 8, 'ascii');
    expect(() => vp8ClipFromIvf(vp9)).toThrow(/VP90/);
  });
});

describe('VideoClipPlayer', () => {
  const clip = demoCameraClip();
  function run(player: VideoClipPlayer, now: number) {
    const out: { h: ForwardedHeader; payload: Buffer }[] = [];
    player.release(now, (h, payload) => out.push({ h, payload }));
    return out;
  }

  it('sends frames at the clip rate by the clock: one frame per 1/15 s, marker on its last packet, timestamps +6000', () => {
    const player = new VideoClipPlayer(clip, 1234, 100, 0);
    const first = run(player, 0);
    expect(first.length).toBe(clip.frames[0].payloads.length);
    expect(first.map((p) => p.h.marker)).toEqual(first.map((_, i) => i === first.length - 1));
    expect(run(player, 30)).toEqual([]); // the next frame is due at 66.7 ms
    const second = run(player, 70);
    expect(second.length).toBe(clip.frames[1].payloads.length);
    expect((second[0].h.timestamp - first[0].h.timestamp) >>> 0).toBe(6000);
    expect((second[0].h.sequenceNumber - first.at(-1)!.h.sequenceNumber) & 0xffff).toBe(1);
    expect(second.every((p) => p.h.ssrc === 1234 && p.h.payloadType === 100)).toBe(true);
  });

  it('a keyframe request makes the next frame sent the last keyframe at or before the current one', () => {
    const player = new VideoClipPlayer(clip, 1, 100, 0);
    for (let n = 0; n < 20; n++) run(player, (n * 1000) / 15 + 1); // frames 0..19 sent
    player.requestKeyframe();
    const next = run(player, (20 * 1000) / 15 + 1);
    expect(next[0].payload.equals(clip.frames[15].payloads[0])).toBe(true);
    expect(player.keyframeRequests).toBe(1);
  });
});
