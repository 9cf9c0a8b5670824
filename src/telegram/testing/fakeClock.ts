// A manual clock implementing Timers, for tests: time moves only when the test says so.
import type { Timers } from '../timers';

export class FakeClock implements Timers {
  now = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Delays of the timers currently scheduled, relative to now, in scheduling order. */
  scheduled(): number[] {
    return [...this.pending.values()].map((entry) => entry.at - this.now);
  }

  /** Move time forward, firing due timers in order (and timers they schedule, if due); bounded by 10 000 firings. */
  async advance(ms: number): Promise<void> {
    const target = this.now + ms;
    for (let fired = 0; fired < 10_000; fired++) {
      await flushMicrotasks();
      let nextId: number | null = null;
      let nextAt = Number.POSITIVE_INFINITY;
      for (const [id, entry] of this.pending) {
        if (entry.at <= target && entry.at < nextAt) {
          nextAt = entry.at;
          nextId = id;
        }
      }
      if (nextId === null) break;
      const entry = this.pending.get(nextId)!;
      this.pending.delete(nextId);
      this.now = entry.at;
      entry.callback();
    }
    this.now = target;
    await flushMicrotasks();
  }
}

export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
