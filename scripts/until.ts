// The one polling helper of the tests and benchmarks (Node side; Playwright specs use expect.poll): ask `probe` again
// every `everyMs` until it gives a value, at most `timeoutMs`, then fail saying what was awaited. Real time, for waits
// on real sockets, browsers and servers; code on an injected clock is tested on that clock instead.

export interface UntilOptions {
  /** How long to keep asking before failing (default 5 s). */
  timeoutMs?: number;
  /** Pause between two asks (default 20 ms). */
  everyMs?: number;
}

/**
 * Polls `probe` until it returns something other than `undefined` or `false`, and resolves with that (`true` for a
 * boolean condition). Throws `timed out after N ms waiting for <what>` when the time is up; an exception of `probe`
 * is thrown at once.
 */
export async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  options: UntilOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const everyMs = options.everyMs ?? 20;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (performance.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
