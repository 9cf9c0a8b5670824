import { describe, expect, it } from 'vitest';
import { cappedBackoffRejoinPolicy } from './rejoinPolicy';

describe('cappedBackoffRejoinPolicy', () => {
  it('doubles up to the cap, then stops after maxAttempts', () => {
    const p = cappedBackoffRejoinPolicy({ initialMs: 500, maxMs: 3000, maxAttempts: 5 });
    const delays = [0, 1, 2, 3, 4, 5].map((attempt) => p.nextRejoinDelayMs({ attempt, reason: 'ice-failed' }));
    expect(delays).toEqual([500, 1000, 2000, 3000, 3000, null]);
  });

  it('with firstDelayMs, the first rejoin goes after it and the backoff starts with the second', () => {
    const p = cappedBackoffRejoinPolicy({ firstDelayMs: 0, initialMs: 500, maxMs: 3000, maxAttempts: 5 });
    const delays = [0, 1, 2, 3, 4, 5].map((attempt) => p.nextRejoinDelayMs({ attempt, reason: 'media-silent' }));
    expect(delays).toEqual([0, 500, 1000, 2000, 3000, null]);
  });

  it('rejects nonsense options', () => {
    expect(() => cappedBackoffRejoinPolicy({ firstDelayMs: -1 })).toThrow(RangeError);
    expect(() => cappedBackoffRejoinPolicy({ initialMs: 100, maxMs: 50 })).toThrow(RangeError);
    expect(() => cappedBackoffRejoinPolicy({ maxAttempts: -1 })).toThrow(RangeError);
  });

  it('has the default curve the engine uses: 0.5 s doubling to 8 s, six rejoins, the same every time', () => {
    const delays = () =>
      [0, 1, 2, 3, 4, 5, 6].map((attempt) =>
        cappedBackoffRejoinPolicy().nextRejoinDelayMs({ attempt, reason: 'removed' }),
      );
    expect(delays()).toEqual([500, 1000, 2000, 4000, 8000, 8000, null]);
    expect(delays()).toEqual(delays());
  });
});
