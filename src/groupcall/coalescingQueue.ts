// Runs batches one at a time; items pushed while a batch runs are merged into the next batch (not one run each). Each
// push's promise settles when the batch that carried it has run. Used for renegotiations, which must be serialised.

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class CoalescingQueue<B> {
  private pending: B | null = null;
  private waiters: Waiter[] = [];
  private running = false;
  /** Why the queue was closed (what every later push rejects with), or null while open. */
  private closed: { reason: unknown } | null = null;

  constructor(
    private readonly mergeBatches: (earlier: B, later: B) => B,
    private readonly run: (batch: B) => Promise<void>,
  ) {}

  get busy(): boolean {
    return this.running;
  }

  push(item: B): Promise<void> {
    if (this.closed !== null) return Promise.reject(this.closed.reason);
    this.pending = this.pending === null ? item : this.mergeBatches(this.pending, item);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (!this.running) void this.loop();
    return done;
  }

  /** Rejects what waits and refuses later pushes. */
  close(reason: unknown): void {
    this.closed = { reason };
    this.pending = null;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(reason);
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      // Each pass takes everything pending; new items can only come from pushes, and each pass consumes them.
      while (this.pending !== null && this.closed === null) {
        const batch = this.pending;
        const waiters = this.waiters;
        this.pending = null;
        this.waiters = [];
        try {
          await this.run(batch);
          for (const w of waiters) w.resolve();
        } catch (error) {
          for (const w of waiters) w.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
