#!/usr/bin/env node
// Remakes the demo call's two simulated speakers, public/audio/speaker-a.ogg and speaker-b.ogg: mono 48 kHz Ogg Opus,
// the same length, so that looped together A speaks, then B answers. Each file carries its per-packet audio levels in
// a TGCALL_AUDIO_LEVELS comment (hex, one RFC 6464 byte per 20 ms packet) for the SFU's audio-level extension.
// Needs (only to remake the files, never at run time): espeak-ng, sox, opusenc (apt-get install espeak-ng sox opus-tools).
// Usage: node scripts/make-demo-audio.mjs

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RATE = 48_000;
const FRAME = 960; // 20 ms
const PRE_SKIP = 312; // libopus' encoder delay at 48 kHz: packet k plays input samples from k*960 - 312
const GAP_S = 0.7;
const OUT = new URL('../public/audio/', import.meta.url).pathname;
const SPEAKERS = [
  {
    file: 'speaker-a.ogg',
    voice: 'en-us+m3',
    text: 'Hello, and welcome to the demo call. I am a simulated speaker, talking from the local server.',
  },
  {
    file: 'speaker-b.ogg',
    voice: 'en-gb+f4',
    text: 'Hi there! I am the second simulated speaker. If you can hear us both, your audio works.',
  },
];

const work = mkdtempSync(join(tmpdir(), 'demo-audio-'));
try {
  const voices = SPEAKERS.map((s, i) => {
    const wav = join(work, `${i}.wav`);
    const raw = join(work, `${i}.raw`);
    execFileSync('espeak-ng', ['-v', s.voice, '-s', '150', '-w', wav, s.text]);
    execFileSync('sox', [
      wav,
      '-t',
      'raw',
      '-r',
      String(RATE),
      '-c',
      '1',
      '-b',
      '16',
      '-e',
      'signed-integer',
      '-L',
      raw,
      'gain',
      '-n',
      '-3',
    ]);
    const buf = readFileSync(raw);
    return new Int16Array(buf.buffer, buf.byteOffset, buf.length / 2);
  });
  // Timeline: A speaks, a gap, B speaks, a gap; each file holds its own voice at its place and silence elsewhere.
  const gap = Math.round(GAP_S * RATE);
  const total = Math.ceil((voices[0].length + voices[1].length + 2 * gap) / FRAME) * FRAME;
  const starts = [0, voices[0].length + gap];
  SPEAKERS.forEach((s, i) => {
    const pcm = new Int16Array(total);
    pcm.set(voices[i], starts[i]);
    const levels = levelsHex(pcm);
    const raw = join(work, `${i}.track.raw`);
    writeFileSync(raw, Buffer.from(pcm.buffer));
    execFileSync('opusenc', [
      '--quiet',
      '--raw',
      '--raw-rate',
      String(RATE),
      '--raw-chan',
      '1',
      '--raw-bits',
      '16',
      '--raw-endianness',
      '0',
      '--bitrate',
      '20',
      '--framesize',
      '20',
      '--serial',
      String(1000 + i),
      '--title',
      `tgcall demo speaker ${'AB'[i]}`,
      '--comment',
      `TGCALL_AUDIO_LEVELS=${levels}`,
      raw,
      join(OUT, s.file),
    ]);
    console.log(`${s.file}: ${(total / RATE).toFixed(2)} s, ${statSync(join(OUT, s.file)).size} bytes`);
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** One RFC 6464 byte per 20 ms packet: V flag when louder than -50 dBov, level = -dBov (0..127) of the packet's RMS. */
function levelsHex(pcm) {
  const packets = Math.ceil((pcm.length + PRE_SKIP) / FRAME);
  const bytes = Buffer.alloc(packets);
  for (let k = 0; k < packets; k++) {
    const from = Math.max(0, k * FRAME - PRE_SKIP);
    const to = Math.min(pcm.length, (k + 1) * FRAME - PRE_SKIP);
    let sum = 0;
    for (let j = from; j < to; j++) sum += pcm[j] * pcm[j];
    const rms = to > from ? Math.sqrt(sum / (to - from)) : 0;
    const level = rms < 1 ? 127 : Math.max(0, Math.min(127, Math.round(-20 * Math.log10(rms / 32767))));
    bytes[k] = (level <= 50 ? 0x80 : 0) | level;
  }
  return bytes.toString('hex');
}
