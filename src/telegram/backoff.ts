// The one backoff of the app: how long to wait before attempt N, as an injectable policy (LiveKit's ReconnectPolicy
// idea). The transport asks it before reconnecting (with jitter); the call engine's rejoin policy
// (src/groupcall/rejoinPolicy.ts) is the same curve without jitter. Tests give it a fixed random source.

export interface ReconnectContext {
  /** 0 for the first retry after a connection was lost, then 1, 2, ... until a connection works again. */
  attempt: number;
}

export interface ReconnectPolicy {
  /** Milliseconds to wait before the next attempt, or null to stop trying. */
  nextRetryDelayMs(context: ReconnectContext): number | null;
}

export interface ExponentialBackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** 0..1: the share of each delay that is randomised (0.5 ⇒ a delay lies in [d/2, d]). */
  jitter?: number;
  /** Stop after this many attempts (default: never stop). */
  maxAttempts?: number;
  random?: () => number;
}

/** Capped exponential backoff with jitter, so that many clients losing one server do not come back in lockstep. */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): ReconnectPolicy {
  const initialMs = options.initialMs ?? 300;
  const maxMs = options.maxMs ?? 20_000;
  const factor = options.factor ?? 2;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
  if (!(initialMs > 0) || !(maxMs >= initialMs) || !(factor >= 1) || !(maxAttempts >= 0)) {
    throw new RangeError(
      `exponentialBackoff: bad options initialMs=${initialMs} maxMs=${maxMs} factor=${factor} maxAttempts=${maxAttempts}`,
    );
  }
  return {
    nextRetryDelayMs({ attempt }) {
      if (attempt >= maxAttempts) return null;
      // Capping the exponent first keeps factor ** attempt finite however long the outage lasts.
      const exponent = Math.min(attempt, 64);
      const capped = Math.min(maxMs, initialMs * factor ** exponent);
      return Math.round(capped * (1 - jitter * random()));
    },
  };
}
