// The retry rules of one call, apart from any network so that they can be tested with a scripted attempt function:
// FLOOD_WAIT_X up to a limit is waited out, PHONE_/USER_/NETWORK_MIGRATE_X switches the default DC, a server's 500 or
// -503 is tried again after a pause (twice at most), and each attempt has a deadline.
import { RpcError } from './rpcError';
import { sleep, type Timers } from './timers';

export interface RetryRules {
  maxFloodWaitSeconds: number;
  /** Retries after the first attempt (flood waits and migrations together). */
  maxRetries: number;
  timers: Timers;
  /** Called on PHONE_/USER_/NETWORK_MIGRATE_X; return false when that DC cannot be used (then the error is thrown). */
  migrate(dcId: number): Promise<boolean>;
  onDiagnostic?(message: string): void;
  /**
   * Told when a FLOOD_WAIT_X is being waited out (so that an app can show a countdown); the function it returns is
   * called when the wait is over, before the call is tried again.
   */
  onFloodWait?(label: string, seconds: number): () => void;
}

/** Pauses before repeating a call the server answered with 500 / -503 (tdesktop waits about a second, then longer). */
export const SERVER_ERROR_RETRY_DELAYS_MS = [1_000, 3_000] as const;

export async function callWithRetries<T>(label: string, attempt: () => Promise<T>, rules: RetryRules): Promise<T> {
  let serverErrors = 0;
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (thrown) {
      const error = RpcError.from(thrown);
      if (retry >= rules.maxRetries) throw error;
      if (error.isTransientServerError && serverErrors < SERVER_ERROR_RETRY_DELAYS_MS.length) {
        const delay = SERVER_ERROR_RETRY_DELAYS_MS[serverErrors++];
        rules.onDiagnostic?.(`${label}: ${error.code} ${error.type}, trying again in ${delay} ms`);
        await sleep(rules.timers, delay);
        continue;
      }
      if (error.isFloodWait && error.seconds !== undefined && error.seconds <= rules.maxFloodWaitSeconds) {
        rules.onDiagnostic?.(`${label}: ${error.type}, waiting ${error.seconds} s`);
        const waited = rules.onFloodWait?.(label, error.seconds);
        try {
          await sleep(rules.timers, error.seconds * 1000);
        } finally {
          waited?.();
        }
        continue;
      }
      const kind = error.migrateKind;
      if (error.migrateDc !== undefined && (kind === 'PHONE' || kind === 'USER' || kind === 'NETWORK')) {
        if (await rules.migrate(error.migrateDc)) {
          rules.onDiagnostic?.(`${label}: ${error.type}, default DC is now ${error.migrateDc}`);
          continue;
        }
      }
      throw error;
    }
  }
}

/**
 * Settle with `pending`, or reject with RpcError.timeout() after `ms` (calling onTimeout, e.g. to cancel the request).
 * `track` receives an abort function (to reject early, e.g. on close) and must forget it when the call settles.
 */
export function withTimeout<T>(
  pending: Promise<T>,
  ms: number,
  timers: Timers,
  onAbandon: () => void,
  track?: { add(abort: (error: RpcError) => void): void; delete(abort: (error: RpcError) => void): void },
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      timers.clearTimeout(timer);
      track?.delete(abort);
      action();
    };
    const abort = (error: RpcError) =>
      finish(() => {
        onAbandon();
        reject(error);
      });
    const timer = timers.setTimeout(() => abort(RpcError.timeout()), ms);
    track?.add(abort);
    pending.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}
