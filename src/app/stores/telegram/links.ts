// Where links lead: a call link's username → the chat and its call; a chat invite link (t.me/+…) checked and joined;
// the chat's own invite link to hand out.
import { CallError } from '../../../groupcall/callError';
import { RpcError } from '../../../telegram';
import type { Backend, ChatInvitePreview, ResolvedCallLink } from '../backend';
import { callRightsOf, callSummaryFromTl } from '../callFromTl';
import { chatInvitePreviewOf, chatKeyOfTl, deadInviteOf } from '../chatInviteFromTl';
import { knownChat } from './chats';
import { chatsOfUpdates, fullChatOf, type BackendContext } from './peers';

export type LinksPart = Pick<
  Backend,
  'resolveCallLink' | 'resolveChatCall' | 'checkChatInvite' | 'importChatInvite' | 'exportChatInviteLink'
>;

export function linksPart(context: BackendContext): LinksPart {
  const { api, peers } = context;

  /** messages.checkChatInvite in the app's words; a dead link is an answer, not an error. */
  async function checkChatInvite(hash: string): Promise<ChatInvitePreview> {
    let invite;
    try {
      invite = await api.call('messages.checkChatInvite', { hash });
    } catch (error) {
      const dead = deadInviteOf(error);
      if (dead !== null) return { kind: dead };
      throw error;
    }
    peers.remember(
      invite._ === 'chatInvite' ? [] : [invite.chat],
      invite._ === 'chatInvite' ? (invite.participants ?? []) : [],
    );
    return chatInvitePreviewOf(invite);
  }

  /** A known chat's call (full chat → phone.getGroupCall), for a call link or a chat joined by its invite link. */
  async function chatCallOf(
    chatKey: string,
  ): Promise<Exclude<ResolvedCallLink, { kind: 'unknown-username' | 'not-a-chat' }>> {
    const chatTitle = peers.names.get(chatKey) ?? 'the group';
    const full = await fullChatOf(context, chatKey);
    const callRef = full.full_chat.call;
    if (callRef === undefined) return { kind: 'no-call', chatKey, chatTitle };
    const result = await api.call('phone.getGroupCall', { call: callRef, limit: 100 });
    peers.remember(result.chats, result.users);
    if (result.call._ === 'groupCall') peers.callInfos.set(result.call.id, result.call);
    const call = callSummaryFromTl(result.call);
    if (call === null) return { kind: 'no-call', chatKey, chatTitle };
    return {
      kind: 'call',
      chatKey,
      chatTitle,
      canManageCalls: callRightsOf(peers.knownChats.get(chatKey)).canManageCalls,
      call,
    };
  }

  return {
    async resolveCallLink(username) {
      let resolved;
      try {
        resolved = await api.call('contacts.resolveUsername', { username });
      } catch (error) {
        if (error instanceof RpcError && (error.type === 'USERNAME_NOT_OCCUPIED' || error.type === 'USERNAME_INVALID'))
          return { kind: 'unknown-username' };
        throw error;
      }
      peers.remember(resolved.chats, resolved.users);
      const peer = resolved.peer;
      if (peer._ === 'peerUser') return { kind: 'not-a-chat' };
      const chatKey = peer._ === 'peerChat' ? `chat:${peer.chat_id}` : `channel:${peer.channel_id}`;
      if (!peers.knownChats.has(chatKey))
        throw new Error(`contacts.resolveUsername answered without the chat ${chatKey}`);
      return chatCallOf(chatKey);
    },

    resolveChatCall: async (chatKey) => {
      await knownChat(context, chatKey);
      return chatCallOf(chatKey);
    },

    checkChatInvite,

    async importChatInvite(hash) {
      let updates;
      try {
        updates = await api.call('messages.importChatInvite', { hash });
      } catch (error) {
        const dead = deadInviteOf(error);
        if (dead !== null) return { kind: dead };
        if (error instanceof RpcError && error.type === 'INVITE_REQUEST_SENT') return { kind: 'request-sent' };
        if (error instanceof RpcError && error.type === 'USER_ALREADY_PARTICIPANT') {
          const again = await checkChatInvite(hash);
          if (again.kind === 'member') return { kind: 'joined', chatKey: again.chatKey, chatTitle: again.chatTitle };
        }
        throw error;
      }
      const chats = chatsOfUpdates(updates);
      peers.remember(chats, updates._ === 'updates' || updates._ === 'updatesCombined' ? updates.users : []);
      const joined = chats.map(chatKeyOfTl).find((key): key is string => key !== null);
      if (joined === undefined) throw new Error('messages.importChatInvite answered without the chat');
      return { kind: 'joined', chatKey: joined, chatTitle: peers.names.get(joined) ?? 'the group' };
    },

    async exportChatInviteLink(chatKey) {
      await knownChat(context, chatKey);
      const full = await fullChatOf(context, chatKey);
      const own = full.full_chat.exported_invite;
      if (own?._ === 'chatInviteExported' && own.revoked !== true) return own.link;
      let made;
      try {
        made = await api.call('messages.exportChatInvite', { peer: peers.inputPeerOf(chatKey) });
      } catch (error) {
        throw CallError.requestFailed('messages.exportChatInvite', error);
      }
      if (made._ !== 'chatInviteExported') throw new Error('messages.exportChatInvite answered without a link');
      return made.link;
    },
  };
}
