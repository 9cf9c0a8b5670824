// Invitations to video chats addressed to the signed-in person (the server's messageActionInviteToGroupCall in the
// chat), kept at app level so they show on whatever screen the person is: "X invites you to the voice chat in G — Join".
import { createEffect, onCleanup } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { CallInvitation } from './backend';
import { messageForCallError } from './callMessages';
import type { CallStore } from './callStore';
import type { SessionStore } from './sessionStore';

export interface InvitationsState {
  /** Newest first, one per chat. */
  pending: CallInvitation[];
  /** Why joining from an invitation failed, or null. */
  error: string | null;
}

export function createInvitationsStore(
  session: Pick<SessionStore, 'backend' | 'state'>,
  call: Pick<CallStore, 'state' | 'join'>,
) {
  const [state, setState] = createStore<InvitationsState>({ pending: [], error: null });

  createEffect(() => {
    if (session.state.phase !== 'signedIn') {
      setState({ pending: [], error: null });
      return;
    }
    const unsubscribe = session.backend().invitations.subscribe((invitation) => {
      // Already in that call: nothing to ask.
      if (call.state.chatKey === invitation.chatKey && call.state.status !== 'idle') return;
      setState('pending', (list) => [invitation, ...list.filter((i) => i.chatKey !== invitation.chatKey)]);
    });
    onCleanup(unsubscribe);
  });

  function dismiss(chatKey: string): void {
    setState('pending', (list) => list.filter((i) => i.chatKey !== chatKey));
  }

  return {
    state,
    dismiss,

    /** Joins the call of the invitation (the chat's page then shows the call screen). */
    async accept(invitation: CallInvitation): Promise<void> {
      dismiss(invitation.chatKey);
      setState('error', null);
      try {
        const chat = await session.backend().getChatCall(invitation.chatKey);
        if (chat.call === null) {
          setState('error', `The video chat in ${invitation.chatTitle} has already ended.`);
          return;
        }
        await call.join({
          chatKey: invitation.chatKey,
          ref: chat.call.ref,
          title: chat.call.title || invitation.chatTitle,
          canManage: chat.canManageCalls,
        });
      } catch (error) {
        setState('error', messageForCallError(error));
      }
    },

    clearError: () => setState('error', null),
  };
}

export type InvitationsStore = ReturnType<typeof createInvitationsStore>;
