// Matching people to what was typed in the invite picker, and merging the lists it shows (members read at first,
// members the server found for the query, contacts). Pure: shared by the store and the backend.
import type { InviteCandidate } from './backend';

/** The query's words, lower-cased. */
export function queryWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Every word of the query is in the name or the username (case-insensitive). */
export function candidateMatches(candidate: Pick<InviteCandidate, 'name' | 'username'>, query: string): boolean {
  const text = `${candidate.name} ${candidate.username !== undefined ? `@${candidate.username}` : ''}`.toLowerCase();
  return queryWords(query).every((w) => text.includes(w));
}

/** Members first, then by name. */
export function byMemberThenName(a: InviteCandidate, b: InviteCandidate): number {
  return Number(b.member) - Number(a.member) || a.name.localeCompare(b.name);
}

/** One entry per person, first seen first, except that being a member (from any list) wins over being a contact only. */
export function mergeCandidates(...lists: ReadonlyArray<readonly InviteCandidate[]>): InviteCandidate[] {
  const byId = new Map<string, InviteCandidate>();
  for (const list of lists) {
    for (const c of list) {
      const seen = byId.get(c.id);
      if (seen === undefined) byId.set(c.id, c);
      else if (c.member && !seen.member)
        byId.set(c.id, { ...seen, member: true, ...(c.username !== undefined ? { username: c.username } : {}) });
    }
  }
  return [...byId.values()];
}
