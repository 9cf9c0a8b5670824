// The ssrc-audio-level header extension (RFC 6464: one byte, V flag + level in -dBov, 0 loudest … 127 silent) and the
// speaking state derived from it: speaking while the level is at or above a threshold, held for a while after.

export interface AudioLevel {
  /** 0 (loudest, 0 dBov) … 127 (silence, ≤ -127 dBov). */
  level: number;
  voiced: boolean;
}

export function readAudioLevel(
  extensions: readonly { id: number; payload: Buffer }[],
  id: number,
): AudioLevel | undefined {
  for (const e of extensions) {
    if (e.id === id && e.payload.length >= 1)
      return { level: e.payload[0] & 0x7f, voiced: (e.payload[0] & 0x80) !== 0 };
  }
  return undefined;
}

export function audioLevelBytes(level: AudioLevel): Buffer {
  return Buffer.from([(level.voiced ? 0x80 : 0) | (Math.max(0, Math.min(127, Math.round(level.level))) & 0x7f)]);
}

export interface SpeakingOptions {
  /** Speaking when the level (in -dBov) is at most this: 50 means louder than -50 dBov. */
  maxLevel: number;
  /** How long speaking lasts after the last loud packet, in ms. */
  holdMs: number;
}

export const DEFAULT_SPEAKING: Readonly<SpeakingOptions> = { maxLevel: 50, holdMs: 1_000 };

/** Per-source speaking state; `update` says when a new stretch of speech begins. */
export class SpeakingDetector {
  private lastLoudAt = -Infinity;

  constructor(private readonly options: SpeakingOptions) {}

  /** Feeds one packet's level; returns true when this packet starts a stretch of speech. */
  update(level: AudioLevel | undefined, now: number): boolean {
    if (!level || level.level > this.options.maxLevel) return false;
    const started = !this.isSpeaking(now);
    this.lastLoudAt = now;
    return started;
  }

  isSpeaking(now: number): boolean {
    return now - this.lastLoudAt <= this.options.holdMs;
  }
}
