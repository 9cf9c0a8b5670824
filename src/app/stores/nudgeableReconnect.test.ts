import { describe, expect, it } from 'vitest';
import { nudgeableReconnect } from './nudgeableReconnect';

describe('nudgeableReconnect', () => {
  it('follows the base policy, except for one immediate attempt after a nudge', () => {
    const { policy, nudge } = nudgeableReconnect({ nextRetryDelayMs: ({ attempt }) => 1000 * (attempt + 1) });
    expect(policy.nextRetryDelayMs({ attempt: 3 })).toBe(4000);
    nudge();
    expect(policy.nextRetryDelayMs({ attempt: 4 })).toBe(0);
    expect(policy.nextRetryDelayMs({ attempt: 5 })).toBe(6000);
  });

  it('passes on a base policy giving up', () => {
    const { policy } = nudgeableReconnect({ nextRetryDelayMs: () => null });
    expect(policy.nextRetryDelayMs({ attempt: 0 })).toBeNull();
  });
});
