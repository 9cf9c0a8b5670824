// After a failed join: "Try again" only where another attempt can help; a livestream says what is possible instead.
import { describe, expect, it } from 'vitest';
import { retryCanHelp, whatIsPossible } from './callMessages';

describe('after a failed join', () => {
  it('offers no retry for a livestream, and says what is possible', () => {
    expect(retryCanHelp('stream-unsupported')).toBe(false);
    expect(whatIsPossible('stream-unsupported')).toMatch(/Telegram’s own app/);
  });

  it('offers a retry for errors another attempt can change', () => {
    for (const reason of ['connection-timeout', 'media-failed', 'join-refused', 'rejoin-exhausted', null]) {
      expect(retryCanHelp(reason), String(reason)).toBe(true);
      expect(whatIsPossible(reason)).toBeNull();
    }
  });
});
