// "Invite members" of the call screen: the chat's members and the person's contacts who are not in the call, a search
// (for a supergroup bigger than its first page also the server's member search: debounced, the latest query winning,
// its matches merged with the matching contacts), a multi-selection, and phone.inviteToGroupCall once per chosen person,
// so that each gets their own result: invited, or not and why (one plain sentence per Telegram error).
import { createStore } from 'solid-js/store';
import { isRpcErrorLike } from '../errorMessages';
import type { InviteCandidate } from './backend';
import { byMemberThenName, candidateMatches, mergeCandidates } from './inviteSearch';
import { messageForCallError } from './callMessages';
import type { CallStore } from './callStore';
import type { SessionStore } from './sessionStore';

/** phone.inviteToGroupCall's documented errors, said about one invitee. */
export const INVITE_ERROR_MESSAGES: Record<string, string> = {
  GROUPCALL_FORBIDDEN: 'The video chat has already ended.',
  GROUPCALL_INVALID: 'This video chat no longer exists.',
  INVITE_FORBIDDEN_WITH_JOINAS: 'You joined as a channel; inviting would show who you are, so it is not allowed.',
  USER_ALREADY_INVITED: 'Already invited to this video chat.',
  USER_NOT_PARTICIPANT: 'Not a member of this group: only members can be invited.',
};

export function inviteErrorMessage(error: unknown): string {
  const cause = error instanceof Error && 'cause' in error ? (error as { cause?: unknown }).cause : undefined;
  for (const candidate of [error, cause]) {
    if (isRpcErrorLike(candidate) && INVITE_ERROR_MESSAGES[candidate.type] !== undefined)
      return INVITE_ERROR_MESSAGES[candidate.type];
  }
  return messageForCallError(error);
}

export interface InviteResult {
  id: string;
  name: string;
  /** Invited now, or had been already (USER_ALREADY_INVITED): either way the invitation is with them. */
  invited: boolean;
  /** The server said the person had been invited before. */
  already?: boolean;
  /** Why not (a sentence); null when invited. */
  reason: string | null;
}

/** How long typing must pause before the server is asked, and how many matches one search brings at most. */
export const SEARCH_DEBOUNCE_MS = 300;
export const SEARCH_LIMIT = 100;

/** The server search for the query being shown (a supergroup whose members were not all read). */
export type MemberSearch =
  | { status: 'searching'; query: string }
  | { status: 'done'; query: string; ids: string[]; count: number }
  | { status: 'failed'; query: string; error: string };

export interface InviteState {
  loading: boolean;
  loadError: string | null;
  /** Members read at first and contacts, without people in the call. */
  candidates: InviteCandidate[];
  /** Members found by server searches so far (kept so that chosen people keep their names). */
  found: InviteCandidate[];
  /** Members the chat has, and how many the first list read (fewer: the others are found by typing a name). */
  memberCount: number;
  membersLoaded: number;
  searchable: boolean;
  query: string;
  /** The server search for `query`, or null when none is needed (nothing typed, or every member was read). */
  search: MemberSearch | null;
  /** Ids of the chosen people. */
  selected: string[];
  sending: boolean;
  /** The outcome of the last "Invite", one per person asked. */
  results: InviteResult[];
}

/** Candidates whose name (or username) matches every word of the query (case-insensitive), members first, then by name. */
export function filterCandidates(candidates: readonly InviteCandidate[], query: string): InviteCandidate[] {
  return candidates.filter((c) => candidateMatches(c, query)).sort(byMemberThenName);
}

/** Some members were not read, and the server can find them by name. */
export function needsServerSearch(state: Pick<InviteState, 'searchable' | 'membersLoaded' | 'memberCount'>): boolean {
  return state.searchable && state.membersLoaded < state.memberCount;
}

/** What the picker lists for the query: matches among those read, merged with what the server found for this query. */
export function visibleCandidates(
  state: Pick<InviteState, 'candidates' | 'found' | 'query' | 'search'>,
): InviteCandidate[] {
  const local = filterCandidates(state.candidates, state.query);
  const search = state.search;
  if (search === null || search.status !== 'done' || search.query !== state.query.trim()) return local;
  const ids = new Set(search.ids);
  return mergeCandidates(
    state.found.filter((c) => ids.has(c.id)),
    local,
  ).sort(byMemberThenName);
}

/** What the list leaves out, and why, in a sentence (null when it shows everyone who matches). */
export function inviteListNote(
  state: Pick<InviteState, 'query' | 'search' | 'searchable' | 'membersLoaded' | 'memberCount'>,
  shown: number,
  matching: number,
): string | null {
  const search = state.search;
  const firstOf = `the first ${state.membersLoaded} of ${state.memberCount} members`;
  if (state.query.trim() === '') {
    if (needsServerSearch(state)) return `Showing ${firstOf}: type a name to find more.`;
  } else if (search !== null) {
    switch (search.status) {
      case 'searching':
        return `Searching all ${state.memberCount} members…`;
      case 'failed':
        return `Could not search all members (${search.error}). Showing matches among ${firstOf} only.`;
      case 'done':
        if (search.count > search.ids.length)
          return `Showing the first ${search.ids.length} of ${search.count} members found: type more of the name to narrow it.`;
        break;
    }
  }
  return shown < matching ? `Showing ${shown} of ${matching}: type a name to find others.` : null;
}

export interface InviteStoreOptions {
  /** Default SEARCH_DEBOUNCE_MS. */
  debounceMs?: number;
}

export function createInviteStore(
  session: Pick<SessionStore, 'backend'>,
  call: Pick<CallStore, 'ref' | 'isInCall' | 'markInvited' | 'isInvited'>,
  chatKey: string,
  options: InviteStoreOptions = {},
) {
  const [state, setState] = createStore<InviteState>({
    loading: false,
    loadError: null,
    candidates: [],
    found: [],
    memberCount: 0,
    membersLoaded: 0,
    searchable: false,
    query: '',
    search: null,
    selected: [],
    sending: false,
    results: [],
  });
  const debounceMs = options.debounceMs ?? SEARCH_DEBOUNCE_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every search asked and every query that needs none: only the latest answer is shown. */
  let latest = 0;
  const notInCall = (c: InviteCandidate) => !call.isInCall(`user:${c.id}`);

  async function runSearch(query: string, mine: number): Promise<void> {
    try {
      const answer = await session.backend().searchInviteMembers(chatKey, query, SEARCH_LIMIT);
      if (mine !== latest) return;
      const members = answer.members.filter(notInCall);
      setState({
        found: mergeCandidates(members, state.found),
        search: { status: 'done', query, ids: members.map((m) => m.id), count: answer.count },
      });
    } catch (error) {
      if (mine !== latest) return;
      setState({ search: { status: 'failed', query, error: messageForCallError(error) } });
    }
  }

  /** Settles when the search the last query started has been answered, or was made moot by a newer one. */
  let pending: Promise<void> = Promise.resolve();
  let settlePending: (() => void) | null = null;

  /** Forgets a search still waiting for typing to pause, and makes any answer on its way moot. */
  function dropSearch(): void {
    clearTimeout(timer);
    latest++;
    settlePending?.();
    settlePending = null;
  }

  /**
   * Filters what was read at once; when some members were not read, asks the server too once typing pauses
   * (debounced; a newer query makes older answers moot).
   */
  function setQuery(query: string): void {
    setState('query', query);
    const q = query.trim();
    if (q === '' || state.loading || !needsServerSearch(state)) {
      dropSearch();
      setState('search', null);
      pending = Promise.resolve();
      return;
    }
    // The same words (a space added): the search asked or answered stands.
    if (state.search !== null && state.search.query === q && state.search.status !== 'failed') return;
    dropSearch();
    const mine = latest;
    // Whole objects (a path setter would merge the old search's fields into the new one).
    setState({ search: { status: 'searching', query: q } });
    pending = new Promise<void>((resolve) => {
      settlePending = resolve;
      timer = setTimeout(() => void runSearch(q, mine).then(resolve), debounceMs);
    });
  }

  return {
    state,

    /** Members (a supergroup's first page) and contacts not in the call now. */
    async load(): Promise<void> {
      setState({ loading: true, loadError: null });
      try {
        const list = await session.backend().getInviteList(chatKey);
        setState({
          candidates: list.candidates.filter(notInCall),
          memberCount: list.memberCount,
          membersLoaded: list.membersLoaded,
          searchable: list.searchable,
          loading: false,
        });
      } catch (error) {
        setState({ loading: false, loadError: messageForCallError(error) });
        return;
      }
      // Typed while the list was loading: search now that it is known whether the server must be asked.
      if (state.query.trim() !== '') setQuery(state.query);
    },

    setQuery,

    /** The search the last setQuery started, answered (or made moot by a newer query). */
    settled: (): Promise<void> => pending,

    /** What to list for the current query. */
    visible: (): InviteCandidate[] => visibleCandidates(state),

    /** The dialog closed: no search is asked any more. */
    dispose: dropSearch,

    /** Invited to this call already (by this person, or as the server said): shown as such, not offered. */
    isInvited: (id: string): boolean => call.isInvited(`user:${id}`),

    toggle(id: string, on: boolean): void {
      if (on && call.isInvited(`user:${id}`)) return;
      setState('selected', (ids) => (on ? (ids.includes(id) ? ids : [...ids, id]) : ids.filter((x) => x !== id)));
    },

    /** One phone.inviteToGroupCall per chosen person (in turn): each result is known, and one refusal stops no one else. */
    async invite(): Promise<InviteResult[]> {
      const ref = call.ref;
      if (ref === null || state.selected.length === 0) return [];
      setState({ sending: true, results: [] });
      const results: InviteResult[] = [];
      for (const id of state.selected) {
        const name =
          state.candidates.find((c) => c.id === id)?.name ?? state.found.find((c) => c.id === id)?.name ?? 'Someone';
        try {
          await session.backend().inviteToCall(ref, id);
          call.markInvited(`user:${id}`, name);
          results.push({ id, name, invited: true, reason: null });
        } catch (error) {
          // Someone else (or this person earlier) invited them: not a failure, and they are marked as invited.
          if (isRpcErrorLike(error) && error.type === 'USER_ALREADY_INVITED') {
            call.markInvited(`user:${id}`, name);
            results.push({ id, name, invited: true, already: true, reason: null });
          } else {
            results.push({ id, name, invited: false, reason: inviteErrorMessage(error) });
          }
        }
      }
      setState({ sending: false, results, selected: [] });
      return results;
    },
  };
}

export type InviteStore = ReturnType<typeof createInviteStore>;
