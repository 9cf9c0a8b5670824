// The demo call's two simulated speakers: committed Ogg Opus files (made by scripts/make-demo-audio.mjs) of equal length,
// so that started together and looped, A speaks and B answers.

import { fileURLToPath } from 'node:url';
import { readOpusClipFile, type OpusClip } from './opusClip';

export const DEMO_SPEAKER_FILES: readonly string[] = [
  fileURLToPath(new URL('../../public/audio/speaker-a.ogg', import.meta.url)),
  fileURLToPath(new URL('../../public/audio/speaker-b.ogg', import.meta.url)),
];

/** Reads both demo clips (synchronously; ~50 kB). */
export function demoSpeakerClips(): OpusClip[] {
  return DEMO_SPEAKER_FILES.map(readOpusClipFile);
}
