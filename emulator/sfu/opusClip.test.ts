// The Ogg demuxer and Opus clip reader on the committed demo files, and on damaged copies of them.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEMO_SPEAKER_FILES, demoSpeakerClips } from './demoAudio';
import { SfuError } from './errors';
import { oggCrc, oggPackets } from './oggPages';
import { LEVELS_COMMENT, opusClipFromOgg } from './opusClip';
import { opusPacketSamples } from './opusPacket';

describe('Ogg Opus demo clips', () => {
  it('are two mono clips of equal length, 20 ms packets, a few seconds of speech with measured levels', () => {
    const clips = demoSpeakerClips();
    expect(clips).toHaveLength(2);
    for (const [i, clip] of clips.entries()) {
      expect(clip.channels).toBe(1);
      expect(clip.preSkip).toBe(312);
      expect(clip.comments[LEVELS_COMMENT]).toBeDefined();
      expect(clip.packets.every((p) => p.samples === 960)).toBe(true);
      expect(clip.durationMs).toBeGreaterThan(5_000);
      expect(clip.durationMs).toBeLessThan(30_000);
      const voiced = clip.packets.filter((p) => p.level.voiced).length;
      expect(voiced * 20).toBeGreaterThan(2_000); // seconds of speech
      expect(voiced).toBeLessThan(clip.packets.length); // and silence while the other speaks
      expect(readFileSync(DEMO_SPEAKER_FILES[i]).length).toBeLessThan(150_000);
    }
    expect(clips[0].packets.length).toBe(clips[1].packets.length);
    // They take turns: A speaks at the start, B does not.
    const firstSecond = (i: number) => clips[i].packets.slice(0, 50).filter((p) => p.level.voiced).length;
    expect(firstSecond(0)).toBeGreaterThan(20);
    expect(firstSecond(1)).toBe(0);
  });

  it('demuxes pages with valid CRCs into OpusHead, OpusTags and audio packets', () => {
    const packets = oggPackets(readFileSync(DEMO_SPEAKER_FILES[0]));
    expect(packets[0].toString('latin1', 0, 8)).toBe('OpusHead');
    expect(packets[1].toString('latin1', 0, 8)).toBe('OpusTags');
    expect(packets.length).toBeGreaterThan(100);
  });

  it('computes the Ogg CRC of a known input', () => {
    // CRC-32/MPEG-2 without init/xorout (Ogg's variant) of "123456789" is 0x89a1897f.
    expect(oggCrc(Buffer.from('123456789')).toString(16)).toBe('89a1897f');
  });

  it('rejects damaged files with typed errors', () => {
    const file = readFileSync(DEMO_SPEAKER_FILES[0]);
    const flipped = Buffer.from(file);
    flipped[200] ^= 0xff;
    expect(() => opusClipFromOgg(flipped)).toThrow(SfuError);
    expect(() => opusClipFromOgg(file.subarray(0, file.length - 10))).toThrow(/truncated/);
    expect(() => opusClipFromOgg(Buffer.from('not an ogg file at all, just text'))).toThrow(/OggS/);
    expect(() => opusClipFromOgg(Buffer.alloc(0))).toThrow(SfuError);
  });

  it('reads Opus packet durations from the TOC byte', () => {
    expect(opusPacketSamples(Uint8Array.of(0b01111_0_00))).toBe(960); // hybrid FB 20 ms, one frame
    expect(opusPacketSamples(Uint8Array.of(0b11111_0_01))).toBe(1920); // CELT 20 ms, two frames
    expect(opusPacketSamples(Uint8Array.of(0b00011_0_11, 2))).toBe(2 * 2880); // SILK 60 ms × 2 = 120 ms, the most
    expect(opusPacketSamples(Uint8Array.of(0b00011_0_11, 3))).toBeUndefined(); // 180 ms: not a valid packet
    expect(opusPacketSamples(Uint8Array.of(0b00011_0_11, 0))).toBeUndefined();
    expect(opusPacketSamples(Uint8Array.of())).toBeUndefined();
  });
});
