// Pacing of a simulated speaker and the speaking detector, on a fake clock.

import { describe, expect, it } from 'vitest';
import { SpeakingDetector } from './audioLevel';
import { ClipPlayer } from './clipPlayer';
import type { OpusClip } from './opusClip';
import type { ForwardedHeader } from './participantPeer';

const clip: OpusClip = {
  channels: 1,
  preSkip: 312,
  comments: {},
  durationMs: 60,
  packets: [0, 1, 2].map((i) => ({
    data: Buffer.from([0xf8, i]),
    samples: 960,
    level: { level: i === 1 ? 127 : 20, voiced: i !== 1 },
  })),
};

function run(player: ClipPlayer, now: number): ForwardedHeader[] {
  const out: ForwardedHeader[] = [];
  player.release(now, (h) => out.push(h));
  return out;
}

describe('ClipPlayer', () => {
  it('releases one packet per 20 ms, loops, and keeps sequence numbers and 48 kHz timestamps continuous', () => {
    const player = new ClipPlayer(clip, 1234, 111, 0);
    const headers = [0, 20, 40, 60, 80, 100, 120].flatMap((t) => run(player, t));
    expect(headers).toHaveLength(7);
    expect(headers.every((h) => h.ssrc === 1234 && h.payloadType === 111)).toBe(true);
    expect(headers.map((h) => h.marker)).toEqual([true, false, false, false, false, false, false]);
    for (let i = 1; i < headers.length; i++) {
      expect(headers[i].sequenceNumber).toBe((headers[i - 1].sequenceNumber + 1) & 0xffff);
      expect(headers[i].timestamp).toBe((headers[i - 1].timestamp + 960) >>> 0);
    }
  });

  it('catches up a late timer by a bounded burst, then skips the rest of the backlog', () => {
    const player = new ClipPlayer(clip, 1, 111, 0);
    expect(run(player, 0)).toHaveLength(1);
    expect(run(player, 1_000)).toHaveLength(5); // 50 due: at most 5 at once
    // Rebased at 1000: the next packet is due then, the one after at 1020 — the backlog is not burst.
    expect(run(player, 1_010)).toHaveLength(1);
    expect(run(player, 1_015)).toHaveLength(0);
    expect(run(player, 1_020)).toHaveLength(1);
  });
});

describe('SpeakingDetector', () => {
  it('starts on a loud packet, holds, and starts again after the hold', () => {
    const d = new SpeakingDetector({ maxLevel: 50, holdMs: 1_000 });
    expect(d.update({ level: 90, voiced: false }, 0)).toBe(false);
    expect(d.update({ level: 30, voiced: true }, 100)).toBe(true);
    expect(d.update({ level: 30, voiced: true }, 200)).toBe(false);
    expect(d.update({ level: 127, voiced: false }, 900)).toBe(false);
    expect(d.isSpeaking(1_150)).toBe(true);
    expect(d.isSpeaking(1_250)).toBe(false);
    expect(d.update(undefined, 1_300)).toBe(false);
    expect(d.update({ level: 10, voiced: true }, 1_400)).toBe(true);
  });
});
