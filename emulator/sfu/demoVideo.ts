// The demo call's simulated camera: a committed VP8 clip (made by scripts/make-demo-video.mjs), read once.

import { fileURLToPath } from 'node:url';
import { readVp8ClipFile, type Vp8Clip } from './vp8Clip';

export const DEMO_CAMERA_FILE = fileURLToPath(new URL('../../public/video/camera.ivf', import.meta.url));

let clip: Vp8Clip | undefined;

/** The demo camera clip (4 s, 480×270, 15 fps, ~100 kB), read once, synchronously. */
export function demoCameraClip(): Vp8Clip {
  clip ??= readVp8ClipFile(DEMO_CAMERA_FILE);
  return clip;
}
