#!/usr/bin/env node
// Remakes the demo call's simulated camera, public/video/camera.ivf: VP8 in IVF, 480×270 at 15 fps, 4 s looped by the
// SFU, a keyframe every second (so that a receiver's keyframe request is answered from the clip within a second, or at
// once by rewinding to the last keyframe). The picture is drawn here (a sky that shifts colour, a sun that circles,
// moving bars), so nothing but this script makes it. Needs (only to remake the file, never at run time): vpxenc
// (apt-get install vpx-tools). Usage: node scripts/make-demo-video.mjs

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WIDTH = 480;
const HEIGHT = 270;
const FPS = 15;
const FRAMES = FPS * 4;
const OUT = new URL('../public/video/camera.ivf', import.meta.url).pathname;

/** One frame as I420 (Y plane, then U and V at half resolution). */
function frame(n) {
  const t = n / FRAMES; // 0..1 over the loop, so the last frame leads back into the first
  const y = Buffer.alloc(WIDTH * HEIGHT);
  const u = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2));
  const v = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2));
  const sunX = WIDTH / 2 + Math.cos(2 * Math.PI * t) * WIDTH * 0.3;
  const sunY = HEIGHT / 2 + Math.sin(2 * Math.PI * t) * HEIGHT * 0.25;
  const r2 = 32 * 32;
  for (let row = 0; row < HEIGHT; row++) {
    for (let col = 0; col < WIDTH; col++) {
      const dx = col - sunX;
      const dy = row - sunY;
      const inSun = dx * dx + dy * dy < r2;
      const bar = Math.floor((col + t * WIDTH * 2) / 40) % 2 === 0 && row > HEIGHT * 0.8;
      y[row * WIDTH + col] = inSun ? 225 : bar ? 170 : 60 + Math.round((row / HEIGHT) * 60);
    }
  }
  for (let row = 0; row < HEIGHT / 2; row++) {
    for (let col = 0; col < WIDTH / 2; col++) {
      const dx = col * 2 - sunX;
      const dy = row * 2 - sunY;
      const inSun = dx * dx + dy * dy < r2;
      const i = row * (WIDTH / 2) + col;
      u[i] = inSun ? 40 : 150 + Math.round(Math.sin(2 * Math.PI * t) * 30);
      v[i] = inSun ? 170 : 110 + Math.round(Math.cos(2 * Math.PI * t) * 20);
    }
  }
  return Buffer.concat([y, u, v]);
}

const work = mkdtempSync(join(tmpdir(), 'demo-video-'));
try {
  const y4m = join(work, 'camera.y4m');
  const parts = [Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F${FPS}:1 Ip A1:1 C420jpeg\n`)];
  for (let n = 0; n < FRAMES; n++) parts.push(Buffer.from('FRAME\n'), frame(n));
  writeFileSync(y4m, Buffer.concat(parts));
  execFileSync('vpxenc', [
    '--codec=vp8',
    '--ivf',
    '--good',
    '--cpu-used=4',
    '--end-usage=cbr',
    '--target-bitrate=250',
    `--kf-min-dist=${FPS}`,
    `--kf-max-dist=${FPS}`,
    '--lag-in-frames=0',
    '--auto-alt-ref=0',
    '--error-resilient=1',
    '-q',
    '-o',
    OUT,
    y4m,
  ]);
  console.log(`${OUT}: ${statSync(OUT).size} bytes, ${FRAMES} frames ${WIDTH}×${HEIGHT} at ${FPS} fps`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
