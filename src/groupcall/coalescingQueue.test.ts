import { describe, expect, it } from 'vitest';
import { CoalescingQueue } from './coalescingQueue';
import { mergeSourceChanges } from './sourceChanges';

describe('CoalescingQueue', () => {
  it('runs one batch at a time and merges what arrives meanwhile into the next', async () => {
    const runs: number[][] = [];
    let running = 0;
    let release: () => void = () => undefined;
    const q = new CoalescingQueue<number[]>(
      (a, b) => [...a, ...b],
      async (batch) => {
        running += 1;
        expect(running).toBe(1);
        runs.push(batch);
        await new Promise<void>((r) => {
          release = r;
        });
        running -= 1;
      },
    );
    const first = q.push([1]);
    const second = q.push([2]);
    const third = q.push([3]);
    await Promise.resolve();
    expect(runs).toEqual([[1]]);
    release();
    await first;
    await Promise.resolve();
    expect(runs).toEqual([[1], [2, 3]]);
    release();
    await Promise.all([second, third]);
    expect(q.busy).toBe(false);
  });

  it('rejects the pushes of a failed batch only, and goes on', async () => {
    const q = new CoalescingQueue<number>(
      (a, b) => a + b,
      async (n) => {
        if (n === 1) throw new Error('boom');
      },
    );
    await expect(q.push(1)).rejects.toThrow('boom');
    await expect(q.push(2)).resolves.toBeUndefined();
  });

  it('close rejects waiting pushes and later ones; the batch already running settles when it ends', async () => {
    let release: () => void = () => undefined;
    const q = new CoalescingQueue<number>(
      (a, b) => a + b,
      () =>
        new Promise<void>((r) => {
          release = r;
        }),
    );
    const running = q.push(1);
    const waiting = q.push(2);
    q.close(new Error('closed'));
    await expect(waiting).rejects.toThrow('closed');
    await expect(q.push(3)).rejects.toThrow('closed');
    release();
    await expect(running).resolves.toBeUndefined();
  });
});

describe('mergeSourceChanges', () => {
  it('an add then a remove of the same SSRC leaves only the removal; remove then add keeps both', () => {
    expect(mergeSourceChanges({ add: [{ ssrc: 5 }] }, { remove: [5] })).toEqual({ add: [], remove: [5] });
    expect(mergeSourceChanges({ remove: [5] }, { add: [{ ssrc: 5 }] })).toEqual({ add: [{ ssrc: 5 }], remove: [5] });
  });

  it('compares SSRCs unsigned and keeps one add per SSRC', () => {
    const merged = mergeSourceChanges(
      { add: [{ ssrc: -1 }] },
      { add: [{ ssrc: 2 ** 32 - 1 }, { ssrc: 7 }], remove: [8] },
    );
    expect(merged.add.map((a) => a.ssrc >>> 0)).toEqual([2 ** 32 - 1, 7]);
    expect(merged.remove).toEqual([8]);
  });
});
