// Speaking detection from audio levels (0..1), pure and clock-free: the caller passes `now`. A source starts speaking
// when its level reaches the threshold, and stops only after it stayed below for the hold time (no flicker).

export interface SpeakingOptions {
  /** Level (0..1, as getStats' audioLevel) at or above which a source counts as speaking. */
  threshold: number;
  /** How long a source keeps "speaking" after its level last reached the threshold (ms). */
  holdMs: number;
}

export const DEFAULT_SPEAKING_OPTIONS: SpeakingOptions = { threshold: 0.05, holdMs: 800 };

export interface SpeakingChange<K> {
  key: K;
  speaking: boolean;
  level: number;
}

export class SpeakingDetector<K> {
  /** key → when its level last reached the threshold, for the keys that are speaking now. */
  private readonly lastLoud = new Map<K, number>();

  constructor(private readonly options: SpeakingOptions = DEFAULT_SPEAKING_OPTIONS) {
    if (!(options.threshold > 0 && options.threshold <= 1) || !(options.holdMs >= 0)) {
      throw new RangeError(
        `SpeakingDetector: threshold must be in (0, 1] and holdMs ≥ 0, got ${options.threshold}, ${options.holdMs}`,
      );
    }
  }

  /**
   * Feeds the levels measured at `now`. Keys missing from `levels` count as silent (level 0). Returns what changed,
   * in the order of `levels` then of the keys that fell silent.
   */
  update(levels: ReadonlyMap<K, number>, now: number): SpeakingChange<K>[] {
    const changes: SpeakingChange<K>[] = [];
    for (const [key, level] of levels) {
      if (level >= this.options.threshold) {
        if (!this.lastLoud.has(key)) changes.push({ key, speaking: true, level });
        this.lastLoud.set(key, now);
      }
    }
    for (const [key, at] of [...this.lastLoud]) {
      if (now - at >= this.options.holdMs && !((levels.get(key) ?? 0) >= this.options.threshold)) {
        this.lastLoud.delete(key);
        changes.push({ key, speaking: false, level: levels.get(key) ?? 0 });
      }
    }
    return changes;
  }

  /** Forget a key (its source left); returns the change if it was speaking. */
  remove(key: K): SpeakingChange<K> | undefined {
    if (!this.lastLoud.delete(key)) return undefined;
    return { key, speaking: false, level: 0 };
  }

  isSpeaking(key: K): boolean {
    return this.lastLoud.has(key);
  }

  speaking(): K[] {
    return [...this.lastLoud.keys()];
  }
}
