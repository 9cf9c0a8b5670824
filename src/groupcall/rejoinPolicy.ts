// When to rejoin after the media connection was lost (ICE/DTLS failure, the server forgot our source): an injected
// policy object, as LiveKit's ReconnectPolicy, so that tests run it on a fake clock and the app can tune it.
import { exponentialBackoff } from '../telegram/backoff';

export type RejoinReason =
  | 'ice-failed'
  | 'media-silent'
  | 'source-missing'
  | 'connect-timeout'
  | 'removed'
  | 'join-failed'
  | 'renegotiation-refused';

export interface RejoinContext {
  /** 0 for the first rejoin after a working connection, then 1, 2, … until a join connects again. */
  attempt: number;
  reason: RejoinReason;
}

export interface RejoinPolicy {
  /** Milliseconds to wait before rejoin attempt `attempt`, or null to give up. */
  nextRejoinDelayMs(context: RejoinContext): number | null;
}

export interface CappedBackoffOptions {
  /**
   * The delay of the first rejoin after a working connection (attempt 0), when it should differ from the backoff; the
   * backoff (initialMs, ×factor) then starts at attempt 1. GroupCall's default gives 0: the connection worked a moment
   * ago, so the first rejoin goes at once (LiveKit's first reconnect does too), and only a failing rejoin backs off.
   */
  firstDelayMs?: number;
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  maxAttempts?: number;
}

/**
 * Doubling delays from `initialMs` up to `maxMs` (after `firstDelayMs` when given), at most `maxAttempts` rejoins in a
 * row. Deterministic: the app's one backoff curve (src/telegram/backoff.ts) without jitter, since one person rejoins
 * one call.
 */
export function cappedBackoffRejoinPolicy(options: CappedBackoffOptions = {}): RejoinPolicy {
  const maxMs = options.maxMs ?? 8_000;
  const maxAttempts = options.maxAttempts ?? 6;
  const firstDelayMs = options.firstDelayMs;
  if (firstDelayMs !== undefined && !(firstDelayMs >= 0 && firstDelayMs <= maxMs)) {
    throw new RangeError(`cappedBackoffRejoinPolicy: bad options ${JSON.stringify(options)}`);
  }
  const backoff = exponentialBackoff({
    initialMs: options.initialMs ?? 500,
    maxMs,
    factor: options.factor ?? 2,
    maxAttempts,
    jitter: 0,
  });
  return {
    nextRejoinDelayMs({ attempt }) {
      if (attempt >= maxAttempts) return null;
      if (firstDelayMs === undefined) return backoff.nextRetryDelayMs({ attempt });
      if (attempt === 0) return firstDelayMs;
      return backoff.nextRetryDelayMs({ attempt: attempt - 1 });
    },
  };
}
