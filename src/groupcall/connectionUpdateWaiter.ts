// The wait of one join attempt for updateGroupCallConnection, which Telegram delivers twice (in the join's result and
// through the update stream): the first copy settles the wait, later ones find nobody waiting. One wait at a time; a
// new wait, cancel() or the timeout ends the previous one.

import type { Timers } from '../telegram/timers';
import { CallError } from './callError';
import { deferred } from './deferred';

interface Waiting {
  resolve: (data: string) => void;
  cancel: () => void;
}

export class ConnectionUpdateWaiter {
  private waiting: Waiting | null = null;

  constructor(
    private readonly timers: Timers,
    private readonly timeoutMs: number,
  ) {}

  /** Starts waiting (cancelling an older wait). Rejects with connection-timeout, or cancelled. */
  expect(): Promise<string> {
    this.cancel();
    const wait = deferred<string>();
    wait.promise.catch(() => undefined); // a cancelled wait may have no one awaiting it any more
    const settle = (): boolean => {
      if (this.waiting !== entry) return false;
      this.waiting = null;
      this.timers.clearTimeout(timer);
      return true;
    };
    const entry: Waiting = {
      resolve: (data) => {
        if (settle()) wait.resolve(data);
      },
      cancel: () => {
        if (settle()) wait.reject(CallError.cancelled());
      },
    };
    const timer = this.timers.setTimeout(() => {
      if (settle()) wait.reject(CallError.connectionTimeout('updateGroupCallConnection'));
    }, this.timeoutMs);
    this.waiting = entry;
    return wait.promise;
  }

  /** An updateGroupCallConnection's params arrived; true if a wait took it. */
  offer(data: string): boolean {
    const entry = this.waiting;
    entry?.resolve(data);
    return entry !== null;
  }

  cancel(): void {
    this.waiting?.cancel();
  }
}
