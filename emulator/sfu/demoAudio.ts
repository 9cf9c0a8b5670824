// The demo call's two simulated speakers: committed Ogg Opus files (made by scripts/make-demo-audio.mjs) of equal length,
// so that started together and looped, A speaks and B answers.

import { fileURLToPath } from 'node:url';
import { readOpusClipFile, type OpusClip } from './opusClip';
import type { Sfu } from './sfu';

export const DEMO_SPEAKER_FILES: readonly string[] = [
  fileURLToPath(new URL('../../public/audio/speaker-a.ogg', import.meta.url)),
  fileURLToPath(new URL('../../public/audio/speaker-b.ogg', import.meta.url)),
];

let clips: OpusClip[] | undefined;

/** Both demo clips, read once (synchronously; ~50 kB). */
export function demoSpeakerClips(): OpusClip[] {
  clips ??= DEMO_SPEAKER_FILES.map(readOpusClipFile);
  return clips;
}

/**
 * Starts the two demo speakers in a call at the same moment (so they take turns), under the given sources — the
 * `groupCallParticipant.source` of the two seeded people. Returns their endpoint ids (for setMuted / leave).
 */
export function addDemoSpeakers(sfu: Sfu, callKey: string, sources: readonly [number, number]): [string, string] {
  const [a, b] = demoSpeakerClips();
  return [sfu.addSimulatedSpeaker(callKey, sources[0], a), sfu.addSimulatedSpeaker(callKey, sources[1], b)];
}
