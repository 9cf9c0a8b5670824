// One-shot timers by name over injectable Timers: setting a name replaces its timer, a fired timer forgets itself, and
// everything can be cleared at once. Keeps the call's many timers (check, levels, rejoin, …) from leaking or doubling.

import type { Timers } from '../telegram/timers';

export class NamedTimers<Name extends string> {
  private readonly handles = new Map<Name, unknown>();

  constructor(private readonly timers: Timers) {}

  /** Runs `callback` after `ms`, replacing any timer of that name. */
  set(name: Name, ms: number, callback: () => void): void {
    this.clear(name);
    const handle = this.timers.setTimeout(() => {
      if (this.handles.get(name) !== handle) return;
      this.handles.delete(name);
      callback();
    }, ms);
    this.handles.set(name, handle);
  }

  /** Like `set`, but leaves a pending timer of that name alone. */
  setIfIdle(name: Name, ms: number, callback: () => void): void {
    if (!this.handles.has(name)) this.set(name, ms, callback);
  }

  has(name: Name): boolean {
    return this.handles.has(name);
  }

  clear(name: Name): void {
    const handle = this.handles.get(name);
    if (handle === undefined) return;
    this.timers.clearTimeout(handle);
    this.handles.delete(name);
  }

  clearAll(): void {
    for (const name of [...this.handles.keys()]) this.clear(name);
  }
}
