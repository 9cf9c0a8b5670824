// The invite picker's matching and merging, and telling a member search the server ran from one it ignored.
import { describe, expect, it } from 'vitest';
import { candidateMatches, mergeCandidates } from './inviteSearch';

describe('invite search helpers', () => {
  it('matches every word in the name or the @username, case-insensitive', () => {
    expect(candidateMatches({ name: 'Bob Baker', username: 'bobb' }, 'BOB ba')).toBe(true);
    expect(candidateMatches({ name: 'Bob Baker', username: 'bobb' }, '@bobb')).toBe(true);
    expect(candidateMatches({ name: 'Bob Baker' }, 'carol')).toBe(false);
    expect(candidateMatches({ name: 'Bob Baker' }, '  ')).toBe(true);
  });

  it('merges lists one entry per person; being a member wins', () => {
    const merged = mergeCandidates(
      [{ id: '1', name: 'Bob', member: false }],
      [
        { id: '1', name: 'Bob', member: true, username: 'bob' },
        { id: '2', name: 'Carol', member: true },
      ],
    );
    expect(merged).toEqual([
      { id: '1', name: 'Bob', member: true, username: 'bob' },
      { id: '2', name: 'Carol', member: true },
    ]);
  });
});
