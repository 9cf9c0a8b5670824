// "Invite members" of the call screen: the chat's members and the person's contacts who are not in the call, a search,
// a multi-selection, and phone.inviteToGroupCall once per chosen person, so that each gets their own result: invited,
// or not and why (one plain sentence per Telegram error).
import { createStore } from 'solid-js/store';
import { isRpcErrorLike } from '../errorMessages';
import type { InviteCandidate } from './backend';
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
    if (isRpcErrorLike(candidate) && INVITE_ERROR_MESSAGES[candidate.type] !== undefined) return INVITE_ERROR_MESSAGES[candidate.type]!;
  }
  return messageForCallError(error);
}

export interface InviteResult {
  id: string;
  name: string;
  invited: boolean;
  /** Why not (a sentence); null when invited. */
  reason: string | null;
}

export interface InviteState {
  loading: boolean;
  loadError: string | null;
  candidates: InviteCandidate[];
  query: string;
  /** Ids of the chosen people. */
  selected: string[];
  sending: boolean;
  /** The outcome of the last "Invite", one per person asked. */
  results: InviteResult[];
}

/** Candidates whose name matches every word of the query (case-insensitive), members first, then by name. */
export function filterCandidates(candidates: readonly InviteCandidate[], query: string): InviteCandidate[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return candidates
    .filter((c) => words.every((w) => c.name.toLowerCase().includes(w)))
    .sort((a, b) => Number(b.member) - Number(a.member) || a.name.localeCompare(b.name));
}

export function createInviteStore(session: Pick<SessionStore, 'backend'>, call: Pick<CallStore, 'ref' | 'isInCall' | 'markInvited'>, chatKey: string) {
  const [state, setState] = createStore<InviteState>({ loading: false, loadError: null, candidates: [], query: '', selected: [], sending: false, results: [] });

  return {
    state,

    /** Members and contacts not in the call now. */
    async load(): Promise<void> {
      setState({ loading: true, loadError: null });
      try {
        const all = await session.backend().getInviteCandidates(chatKey);
        setState({ candidates: all.filter((c) => !call.isInCall(`user:${c.id}`)), loading: false });
      } catch (error) {
        setState({ loading: false, loadError: messageForCallError(error) });
      }
    },

    setQuery: (query: string) => setState('query', query),

    toggle(id: string, on: boolean): void {
      setState('selected', (ids) => (on ? (ids.includes(id) ? ids : [...ids, id]) : ids.filter((x) => x !== id)));
    },

    /** One phone.inviteToGroupCall per chosen person (in turn): each result is known, and one refusal stops no one else. */
    async invite(): Promise<InviteResult[]> {
      const ref = call.ref;
      if (ref === null || state.selected.length === 0) return [];
      setState({ sending: true, results: [] });
      const results: InviteResult[] = [];
      for (const id of state.selected) {
        const name = state.candidates.find((c) => c.id === id)?.name ?? 'Someone';
        try {
          await session.backend().inviteToCall(ref, id);
          call.markInvited(`user:${id}`, name);
          results.push({ id, name, invited: true, reason: null });
        } catch (error) {
          results.push({ id, name, invited: false, reason: inviteErrorMessage(error) });
        }
      }
      setState({ sending: false, results, selected: [] });
      return results;
    },
  };
}

export type InviteStore = ReturnType<typeof createInviteStore>;
