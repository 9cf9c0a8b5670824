// The server's one clock. Everything that reads "now" on the server (MTProto msg_id windows and salts, the world's
// dates, the calls' schedule checks) reads it from here, so a test can move the whole server to a chosen instant
// through the control API (POST /control/clock) and a browser whose clock the test also set agrees with it. Normal use
// never moves it: without --control there is no way to.

export class ServerClock {
  private offsetMs = 0;

  /** Milliseconds since the epoch, as Date.now(). */
  readonly nowMs = (): number => Date.now() + this.offsetMs;

  /** Unix seconds. */
  readonly nowSeconds = (): number => Math.floor(this.nowMs() / 1000);

  /** From now on the clock reads `atMs` and runs on from there; null goes back to the machine's time. */
  set(atMs: number | null): void {
    this.offsetMs = atMs === null ? 0 : atMs - Date.now();
  }

  /** How far the clock is from the machine's time, in ms (0 unless a test moved it). */
  get offset(): number {
    return this.offsetMs;
  }
}
