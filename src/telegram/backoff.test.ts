import { describe, expect, it } from 'vitest';
import { exponentialBackoff } from './backoff';

describe('exponentialBackoff', () => {
  it('doubles from the initial delay and stops growing at the cap (no jitter)', () => {
    const policy = exponentialBackoff({ initialMs: 100, maxMs: 1000, jitter: 0 });
    const delays = [0, 1, 2, 3, 4, 5, 100, 10_000].map((attempt) => policy.nextRetryDelayMs({ attempt }));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000, 1000, 1000]);
  });

  it('jitter takes up to the given share off each delay', () => {
    const low = exponentialBackoff({ initialMs: 1000, maxMs: 8000, jitter: 0.5, random: () => 0.999999 });
    const high = exponentialBackoff({ initialMs: 1000, maxMs: 8000, jitter: 0.5, random: () => 0 });
    expect(low.nextRetryDelayMs({ attempt: 3 })).toBe(4000);
    expect(high.nextRetryDelayMs({ attempt: 3 })).toBe(8000);
    const mid = exponentialBackoff({ initialMs: 1000, maxMs: 8000, jitter: 0.5, random: () => 0.5 });
    expect(mid.nextRetryDelayMs({ attempt: 1 })).toBe(1500);
  });

  it('gives up after maxAttempts', () => {
    const policy = exponentialBackoff({ maxAttempts: 2, jitter: 0 });
    expect(policy.nextRetryDelayMs({ attempt: 1 })).not.toBeNull();
    expect(policy.nextRetryDelayMs({ attempt: 2 })).toBeNull();
  });

  it('never returns a tight-loop delay with default options', () => {
    const policy = exponentialBackoff();
    for (let attempt = 0; attempt < 50; attempt++) {
      const delay = policy.nextRetryDelayMs({ attempt })!;
      expect(delay).toBeGreaterThanOrEqual(150);
      expect(delay).toBeLessThanOrEqual(20_000);
    }
  });

  it('rejects nonsense options', () => {
    expect(() => exponentialBackoff({ initialMs: 0 })).toThrow(RangeError);
    expect(() => exponentialBackoff({ initialMs: 500, maxMs: 100 })).toThrow(RangeError);
    expect(() => exponentialBackoff({ maxAttempts: -1 })).toThrow(RangeError);
  });
});
