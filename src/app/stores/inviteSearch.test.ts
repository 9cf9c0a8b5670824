// The invite picker's matching and merging, and telling a member search the server ran from one it ignored.
import { describe, expect, it } from 'vitest';
import { candidateMatches, mergeCandidates, serverSearched } from './inviteSearch';

describe('invite search helpers', () => {
  it('matches every word in the name or the @username, case-insensitive', () => {
    expect(candidateMatches({ name: 'Bob Baker', username: 'bobb' }, 'BOB ba')).toBe(true);
    expect(candidateMatches({ name: 'Bob Baker', username: 'bobb' }, '@bobb')).toBe(true);
    expect(candidateMatches({ name: 'Bob Baker' }, 'carol')).toBe(false);
    expect(candidateMatches({ name: 'Bob Baker' }, '  ')).toBe(true);
  });

  it('merges lists one entry per person; being a member wins', () => {
    const merged = mergeCandidates([{ id: '1', name: 'Bob', member: false }], [{ id: '1', name: 'Bob', member: true, username: 'bob' }, { id: '2', name: 'Carol', member: true }]);
    expect(merged).toEqual([
      { id: '1', name: 'Bob', member: true, username: 'bob' },
      { id: '2', name: 'Carol', member: true },
    ]);
  });

  it('a search answered with the whole chat, names not matching, was not searched (the local server ignores the filter)', () => {
    const everyone = [{ name: 'Alice Archer' }, { name: 'Bob Baker' }];
    expect(serverSearched(everyone, 'bob', 2, 2)).toBe(false);
    expect(serverSearched(everyone, 'bob', 2, undefined)).toBe(false);
    // Fewer than the whole chat: a loose (transliterated) match is trusted.
    expect(serverSearched([{ name: 'Иван' }], 'ivan', 1, 500)).toBe(true);
    // Everyone matches: searched, whatever the count.
    expect(serverSearched([{ name: 'Bob Baker' }], 'bob', 1, 1)).toBe(true);
    expect(serverSearched([], 'zed', 0, 500)).toBe(true);
  });
});
