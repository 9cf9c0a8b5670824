// A reconnect policy the app can hurry: the client's backoff grows to tens of seconds while the server is away, and a
// person who presses a button (or whose browser says it is back online) should not wait out that delay.
import type { ReconnectContext, ReconnectPolicy } from '../../telegram';

export interface NudgeableReconnect {
  readonly policy: ReconnectPolicy;
  /** The next reconnect attempt happens at once instead of after the backoff delay. */
  nudge(): void;
}

export function nudgeableReconnect(base: ReconnectPolicy): NudgeableReconnect {
  let urgent = false;
  return {
    policy: {
      nextRetryDelayMs(context: ReconnectContext): number | null {
        if (urgent) {
          urgent = false;
          return 0;
        }
        return base.nextRetryDelayMs(context);
      },
    },
    nudge() {
      urgent = true;
    },
  };
}
