// Invite links of the call the person is in: export a listener or (admins) a speaker link (phone.exportGroupCallInvite),
// or, in a private chat, which has no call links, the chat's own invite link (t.me/+…); put it on the clipboard or in
// the system share sheet, and revoke the speaker links given out so far (admins).
import { createStore } from 'solid-js/store';
import type { Backend, CallRef } from './backend';
import { messageForCallError } from './callMessages';

/** A call link for listeners or speakers, or a private chat's invite link (joining the chat, then its call). */
export type InviteLinkKind = 'listener' | 'speaker' | 'chat';

/** The call the link is for, and its chat. */
export interface InviteLinkSource {
  ref: CallRef;
  chatKey: string;
}

export interface InviteLinkState {
  /** The link last exported (shown, so it can be copied by hand when the clipboard refuses). */
  link: string | null;
  kind: InviteLinkKind | null;
  busy: boolean;
  /** What happened, as a sentence ("Invite link copied"…). */
  status: string | null;
  error: string | null;
}

/** What the store needs of the browser (tests pass their own). */
export interface LinkSharing {
  copy(text: string): Promise<void>;
  /** Absent where the Web Share API is missing. */
  share?(data: { title: string; url: string }): Promise<void>;
}

export function browserSharing(): LinkSharing {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  return {
    copy: async (text) => {
      if (nav?.clipboard === undefined) throw new Error('no clipboard in this browser');
      await nav.clipboard.writeText(text);
    },
    ...(nav !== undefined && typeof nav.share === 'function'
      ? { share: (data: { title: string; url: string }) => nav.share(data) }
      : {}),
  };
}

const KIND_NAMES: Readonly<Record<InviteLinkKind, string>> = {
  listener: 'Invite link',
  speaker: 'Speaker link',
  chat: 'Group invite link',
};
export const kindName = (kind: InviteLinkKind) => KIND_NAMES[kind];

export function createInviteLinkStore(
  backend: () => Pick<Backend, 'exportCallInvite' | 'exportChatInviteLink' | 'revokeSpeakerLinks'>,
  sharing: LinkSharing = browserSharing(),
) {
  const [state, setState] = createStore<InviteLinkState>({
    link: null,
    kind: null,
    busy: false,
    status: null,
    error: null,
  });

  async function exported(source: InviteLinkSource, kind: InviteLinkKind): Promise<string | null> {
    setState({ busy: true, status: null, error: null });
    try {
      const link =
        kind === 'chat'
          ? await backend().exportChatInviteLink(source.chatKey)
          : await backend().exportCallInvite(source.ref, kind === 'speaker');
      setState({ link, kind });
      return link;
    } catch (error) {
      setState('error', messageForCallError(error));
      return null;
    } finally {
      setState('busy', false);
    }
  }

  return {
    state,
    canShare: sharing.share !== undefined,

    async copy(source: InviteLinkSource, kind: InviteLinkKind): Promise<void> {
      const link = await exported(source, kind);
      if (link === null) return;
      try {
        await sharing.copy(link);
        setState('status', `${kindName(kind)} copied`);
      } catch (error) {
        console.debug('[tgcall] clipboard refused', error);
        setState('status', `Could not copy: select the ${kindName(kind).toLowerCase()} below and copy it yourself.`);
      }
    },

    async share(source: InviteLinkSource, kind: InviteLinkKind, title: string): Promise<void> {
      const link = await exported(source, kind);
      if (link === null || sharing.share === undefined) return;
      try {
        await sharing.share({ title, url: link });
        setState('status', `${kindName(kind)} shared`);
      } catch (error) {
        // Closing the share sheet is not an error (AbortError); anything else is said.
        if (error instanceof DOMException && error.name === 'AbortError') return;
        setState('error', 'Could not share the link. Copy it instead.');
      }
    },

    /** New speaker hash: links given out before stop letting people speak (they still work as listener links). */
    async revokeSpeakerLinks(ref: CallRef): Promise<void> {
      setState({ busy: true, status: null, error: null });
      try {
        await backend().revokeSpeakerLinks(ref);
        setState({
          status: 'Speaker links revoked: links given out before no longer let people speak.',
          link: null,
          kind: null,
        });
      } catch (error) {
        setState('error', messageForCallError(error));
      } finally {
        setState('busy', false);
      }
    },
  };
}

export type InviteLinkStore = ReturnType<typeof createInviteLinkStore>;
