// What the server saw: one entry per API call (method, user, key, time, error type if it failed), bounded so a long
// run cannot grow it without limit. Read over GET /control/log.
export interface CallLogEntry {
  method: string;
  userId: number | null;
  authKeyId: string; // decimal: JSON has no 64-bit integers
  at: number; // ms since epoch
  error?: string;
  injected?: boolean;
  /** answered this late on purpose (a LATE_ANSWER fault) */
  delayedMs?: number;
}

export class CallLog {
  private entries: CallLogEntry[] = [];

  constructor(private readonly capacity = 10_000) {}

  add(e: CallLogEntry): void {
    this.entries.push(e);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(): readonly CallLogEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}
