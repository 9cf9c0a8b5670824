// When to rejoin after the media connection was lost (ICE/DTLS failure, the server forgot our source): an injected
// policy object, as LiveKit's ReconnectPolicy, so that tests run it on a fake clock and the app can tune it.
import { exponentialBackoff } from '../telegram/backoff';

export type RejoinReason = 'ice-failed' | 'source-missing' | 'connect-timeout' | 'removed' | 'join-failed';

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
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  maxAttempts?: number;
}

/**
 * Doubling delays from `initialMs` up to `maxMs`, at most `maxAttempts` rejoins in a row. Deterministic: the app's one
 * backoff curve (src/telegram/backoff.ts) without jitter, since one person rejoins one call.
 */
export function cappedBackoffRejoinPolicy(options: CappedBackoffOptions = {}): RejoinPolicy {
  const backoff = exponentialBackoff({
    initialMs: options.initialMs ?? 500,
    maxMs: options.maxMs ?? 8_000,
    factor: options.factor ?? 2,
    maxAttempts: options.maxAttempts ?? 6,
    jitter: 0,
  });
  return {
    nextRejoinDelayMs: ({ attempt }) => backoff.nextRetryDelayMs({ attempt }),
  };
}
