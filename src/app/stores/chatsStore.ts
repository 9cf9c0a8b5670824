// The groups and channels the signed-in person is in, their contacts, and creating a group. Fed by the backend's
// answers and by the chat changes it pushes; reloads the list when the connection comes back after a drop.
import { createEffect, on, onCleanup } from 'solid-js';
import { createStore, produce } from 'solid-js/store';
import { messageForError } from '../errorMessages';
import type { ChatSummary, Contact } from './backend';
import type { SessionStore } from './sessionStore';

export interface ChatsState {
  chats: ChatSummary[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
  contacts: Contact[];
  contactsLoading: boolean;
  contactsError: string | null;
}

function upsert(list: ChatSummary[], chat: ChatSummary): void {
  const index = list.findIndex((c) => c.key === chat.key);
  if (index === -1) list.unshift(chat);
  else list[index] = chat;
}

export function createChatsStore(session: SessionStore) {
  const [state, setState] = createStore<ChatsState>({
    chats: [],
    loaded: false,
    loading: false,
    error: null,
    contacts: [],
    contactsLoading: false,
    contactsError: null,
  });

  async function load(): Promise<void> {
    if (session.state.phase !== 'signedIn') return;
    setState({ loading: true, error: null });
    try {
      const chats = await session.backend().getChats();
      setState({ chats, loaded: true, loading: false });
    } catch (error) {
      session.noticeError(error);
      setState({ loading: false, error: messageForError(error) });
    }
  }

  // Live changes from the server (a group created elsewhere, a call starting) while signed in.
  createEffect(() => {
    const backend = session.backend();
    const unsubscribe = backend.chatChanges.subscribe((change) => {
      if (session.state.phase !== 'signedIn') return;
      setState(
        'chats',
        produce((chats) => {
          for (const chat of change.chats) upsert(chats, chat);
          for (const key of change.removed) {
            const index = chats.findIndex((c) => c.key === key);
            if (index !== -1) chats.splice(index, 1);
          }
        }),
      );
    });
    onCleanup(unsubscribe);
  });

  // Signed in → load; signed out → forget everything of the previous account.
  createEffect(
    on(
      () => session.state.phase,
      (phase) => {
        if (phase === 'signedIn') void load();
        else setState({ chats: [], loaded: false, error: null, contacts: [], contactsError: null });
      },
    ),
  );

  // Back online after a drop: the list may have changed meanwhile.
  createEffect(
    on(
      () => session.state.connection,
      (connection, previous) => {
        if (connection === 'ready' && previous !== undefined && previous !== 'ready' && state.loaded) void load();
      },
    ),
  );

  return {
    state,
    load,

    async loadContacts(): Promise<void> {
      setState({ contactsLoading: true, contactsError: null });
      try {
        const contacts = await session.backend().getContacts();
        setState({ contacts, contactsLoading: false });
      } catch (error) {
        session.noticeError(error);
        setState({ contactsLoading: false, contactsError: messageForError(error) });
      }
    },

    /** Creates the group and puts it at the top of the list; throws (for the form to show) on failure. */
    async createGroup(title: string, userIds: string[]): Promise<ChatSummary> {
      try {
        const chat = await session.backend().createGroup(title.trim(), userIds);
        setState(
          'chats',
          produce((chats) => upsert(chats, chat)),
        );
        return chat;
      } catch (error) {
        session.noticeError(error);
        throw error;
      }
    },
  };
}

export type ChatsStore = ReturnType<typeof createChatsStore>;
