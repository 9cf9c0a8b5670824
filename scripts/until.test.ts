import { describe, expect, it } from 'vitest';
import { until } from './until';

describe('until', () => {
  it('resolves with the first value the probe gives, asking again while it gives undefined or false', async () => {
    const answers = [undefined, false, 0, 7] as const;
    let asked = 0;
    const value = await until('a value', () => answers[asked++], { everyMs: 1 });
    expect(value).toBe(0); // 0 is a value, not "not yet"
    expect(asked).toBe(3);
  });

  it('resolves with true for a boolean condition, and awaits an async probe', async () => {
    let n = 0;
    await expect(until('n to reach 3', () => ++n >= 3, { everyMs: 1 })).resolves.toBe(true);
    await expect(until('an async answer', async () => Promise.resolve('ok'))).resolves.toBe('ok');
  });

  it('fails saying what it waited for once the time is up, having asked more than once', async () => {
    let asked = 0;
    await expect(
      until(
        'a thing that never comes',
        () => {
          asked++;
          return undefined;
        },
        { timeoutMs: 30, everyMs: 5 },
      ),
    ).rejects.toThrow('timed out after 30 ms waiting for a thing that never comes');
    expect(asked).toBeGreaterThan(1);
  });

  it("passes the probe's own error on at once", async () => {
    let asked = 0;
    const failing = () => {
      asked++;
      throw new Error('server gone');
    };
    await expect(until('never', failing, { timeoutMs: 1_000 })).rejects.toThrow('server gone');
    expect(asked).toBe(1);
  });
});
