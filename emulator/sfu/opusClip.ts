// An Ogg Opus file read into memory as a playable clip: its audio packets with their durations and audio levels.
// Levels come from the file's TGCALL_AUDIO_LEVELS comment (hex, one byte per packet: V flag + -dBov, as RFC 6464),
// written by scripts/make-demo-audio.mjs; without it a level is guessed from the packet size.

import { readFileSync } from 'node:fs';
import type { AudioLevel } from './audioLevel';
import { SfuError } from './errors';
import { oggPackets } from './oggPages';
import { opusPacketSamples } from './opusPacket';

export const LEVELS_COMMENT = 'TGCALL_AUDIO_LEVELS';

export interface OpusClipPacket {
  data: Buffer;
  /** Duration in samples at 48 kHz (960 for 20 ms). */
  samples: number;
  level: AudioLevel;
}

export interface OpusClip {
  channels: number;
  preSkip: number;
  comments: Record<string, string>;
  packets: OpusClipPacket[];
  /** Sum of the packets' durations, in ms. */
  durationMs: number;
}

export function readOpusClipFile(path: string): OpusClip {
  return opusClipFromOgg(readFileSync(path));
}

export function opusClipFromOgg(file: Buffer): OpusClip {
  const [head, tags, ...audio] = oggPackets(file);
  if (!head || head.length < 19 || head.toString('latin1', 0, 8) !== 'OpusHead') {
    throw new SfuError('audio-invalid', 'OpusHead', 'the first packet is not an OpusHead');
  }
  if ((head[8] & 0xf0) !== 0) throw new SfuError('audio-invalid', 'OpusHead', `unsupported version ${head[8]}`);
  const channels = head[9];
  if (channels !== 1 && channels !== 2)
    throw new SfuError('audio-invalid', 'OpusHead', `${channels} channels (only mono or stereo)`);
  if (head[18] !== 0) throw new SfuError('audio-invalid', 'OpusHead', `channel mapping family ${head[18]}`);
  const preSkip = head.readUInt16LE(10);
  if (!tags || tags.toString('latin1', 0, 8) !== 'OpusTags')
    throw new SfuError('audio-invalid', 'OpusTags', 'the second packet is not OpusTags');
  const comments = opusComments(tags);
  if (audio.length === 0) throw new SfuError('audio-invalid', 'audio', 'no audio packets');
  const levels = levelsOf(comments[LEVELS_COMMENT], audio.length);

  let samplesTotal = 0;
  const packets = audio.map((data, i): OpusClipPacket => {
    const samples = opusPacketSamples(data);
    if (samples === undefined) throw new SfuError('audio-invalid', `audio packet ${i}`, 'malformed Opus TOC');
    samplesTotal += samples;
    return { data, samples, level: levels?.[i] ?? guessLevel(data) };
  });
  return { channels, preSkip, comments, packets, durationMs: samplesTotal / 48 };
}

function opusComments(tags: Buffer): Record<string, string> {
  const comments: Record<string, string> = {};
  try {
    let at = 8;
    const vendorLength = tags.readUInt32LE(at);
    at += 4 + vendorLength;
    const count = tags.readUInt32LE(at);
    at += 4;
    for (let i = 0; i < count && i < 1_000; i++) {
      const length = tags.readUInt32LE(at);
      at += 4;
      if (at + length > tags.length) throw new RangeError('comment past the end');
      const text = tags.toString('utf8', at, at + length);
      at += length;
      const eq = text.indexOf('=');
      if (eq > 0) comments[text.slice(0, eq).toUpperCase()] = text.slice(eq + 1);
    }
  } catch (cause) {
    throw new SfuError(
      'audio-invalid',
      'OpusTags',
      `malformed comments: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
  return comments;
}

function levelsOf(hex: string | undefined, count: number): AudioLevel[] | undefined {
  if (hex === undefined) return undefined;
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new SfuError('audio-invalid', LEVELS_COMMENT, 'is not hex');
  const bytes = Buffer.from(hex, 'hex');
  return Array.from({ length: count }, (_, i) => {
    const b = i < bytes.length ? bytes[i] : 127; // missing tail: silence
    return { level: b & 0x7f, voiced: (b & 0x80) !== 0 };
  });
}

/** Without measured levels: tiny packets are silence (DTX / CELT silence frames), bigger ones speech. */
function guessLevel(packet: Buffer): AudioLevel {
  return packet.length <= 12 ? { level: 127, voiced: false } : { level: 30, voiced: true };
}
