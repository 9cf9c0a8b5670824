import { describe, expect, it } from 'vitest';
import { SpeakingDetector } from './speakingDetector';

describe('SpeakingDetector', () => {
  it('starts at the threshold and stops only after the hold time below it', () => {
    const d = new SpeakingDetector<number>({ threshold: 0.1, holdMs: 500 });
    expect(d.update(new Map([[1, 0.05]]), 0)).toEqual([]);
    expect(d.update(new Map([[1, 0.2]]), 100)).toEqual([{ key: 1, speaking: true, level: 0.2 }]);
    expect(d.update(new Map([[1, 0]]), 300)).toEqual([]);
    expect(d.update(new Map([[1, 0.3]]), 500)).toEqual([]); // back above: the hold restarts
    expect(d.update(new Map([[1, 0]]), 999)).toEqual([]);
    expect(d.update(new Map([[1, 0]]), 1000)).toEqual([{ key: 1, speaking: false, level: 0 }]);
  });

  it('treats a key missing from the levels as silent, and forgets removed keys', () => {
    const d = new SpeakingDetector<string>({ threshold: 0.1, holdMs: 0 });
    d.update(
      new Map([
        ['a', 1],
        ['b', 1],
      ]),
      0,
    );
    expect(d.update(new Map([['a', 1]]), 10)).toEqual([{ key: 'b', speaking: false, level: 0 }]);
    expect(d.remove('a')).toEqual({ key: 'a', speaking: false, level: 0 });
    expect(d.remove('a')).toBeUndefined();
    expect(d.speaking()).toEqual([]);
  });

  it('never flickers: with any level sequence, a stop comes only after holdMs without a loud sample', () => {
    const d = new SpeakingDetector<number>({ threshold: 0.5, holdMs: 300 });
    let lastLoud = -Infinity;
    let seed = 7;
    for (let t = 0; t < 20_000; t += 50) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const level = (seed % 100) / 100;
      if (level >= 0.5) lastLoud = t;
      for (const c of d.update(new Map([[1, level]]), t)) {
        if (!c.speaking) expect(t - lastLoud).toBeGreaterThanOrEqual(300);
        else expect(lastLoud).toBe(t);
      }
    }
  });

  it('rejects nonsense options', () => {
    expect(() => new SpeakingDetector({ threshold: 0, holdMs: 1 })).toThrow(RangeError);
    expect(() => new SpeakingDetector({ threshold: 0.5, holdMs: -1 })).toThrow(RangeError);
  });
});
