// Group calls of the person's chats: a chat's call and rights, starting / scheduling / streaming one, the engine for
// joining it (loaded on the first call), join-as, call links, an admin's muting, and calls and invitations pushed.
import { CallError } from '../../../groupcall/callError';
import {
  createGroupCall,
  getGroupCallStreamRtmpUrl,
  startScheduledGroupCall,
  toggleGroupCallStartSubscription,
} from '../../../groupcall/groupCallAdmin';
import type { TypeInputPeer, TypeUpdate } from '../../../telegram/tl/api.generated';
import type { Backend, CallChanged, CallInvitation, CallRef, Listenable } from '../backend';
import { callLinkPolicyOf, callRightsOf, callSummaryFromTl } from '../callFromTl';
import { chatKey } from '../fromTl';
import { joinAsOptionsFromTl } from '../joinAsFromTl';
import { knownChat } from './chats';
import { fullChatOf, inputCall, type BackendContext } from './peers';

/** A messageActionInviteToGroupCall addressed to `selfId`, as the app needs it (names looked up by the caller). */
function invitationOf(
  update: TypeUpdate,
  selfId: string | null,
): { chatKey: string; inviterId: string | null; ref: CallRef; date: number } | null {
  if (selfId === null || (update._ !== 'updateNewMessage' && update._ !== 'updateNewChannelMessage')) return null;
  const message = update.message;
  if (message._ !== 'messageService' || message.action._ !== 'messageActionInviteToGroupCall') return null;
  const action = message.action;
  if (!action.users.includes(selfId) || action.call._ !== 'inputGroupCall') return null;
  const peer = message.peer_id;
  if (peer._ === 'peerUser') return null;
  const key = peer._ === 'peerChat' ? chatKey('chat', peer.chat_id) : chatKey('channel', peer.channel_id);
  const inviterId = message.from_id?._ === 'peerUser' ? message.from_id.user_id : null;
  return {
    chatKey: key,
    inviterId,
    ref: { id: action.call.id, accessHash: action.call.access_hash },
    date: message.date,
  };
}

export type CallsPart = Pick<
  Backend,
  | 'callChanges'
  | 'invitations'
  | 'getChatCall'
  | 'createCall'
  | 'getRtmpUrl'
  | 'startScheduledCall'
  | 'setCallStartSubscription'
  | 'setCallJoinMuted'
  | 'openGroupCall'
  | 'getJoinAs'
  | 'saveDefaultJoinAs'
  | 'exportCallInvite'
  | 'revokeSpeakerLinks'
  | 'setParticipantMuted'
  | 'peerNames'
>;

export function callsPart(context: BackendContext): CallsPart {
  const { api, peers } = context;

  const callChanges: Listenable<CallChanged> = {
    subscribe(listener) {
      return api.updates.subscribe((event) => {
        if (event.update._ !== 'updateGroupCall') return;
        const { chat_id: chatId, call } = event.update;
        listener({ chatId, callId: call.id, call: callSummaryFromTl(call) });
      });
    },
  };

  const invitations: Listenable<CallInvitation> = {
    subscribe(listener) {
      return api.updates.subscribe((event) => {
        const found = invitationOf(event.update, peers.selfId);
        if (found === null) return;
        peers.remember(event.chats, event.users);
        listener({
          chatKey: found.chatKey,
          chatTitle: peers.names.get(found.chatKey) ?? 'a group',
          inviterName: (found.inviterId !== null ? peers.names.get(`user:${found.inviterId}`) : undefined) ?? 'Someone',
          ref: found.ref,
          date: found.date,
        });
      });
    },
  };

  return {
    callChanges,
    invitations,

    async getChatCall(chatKey) {
      await knownChat(context, chatKey);
      const full = await fullChatOf(context, chatKey);
      const chat = peers.knownChats.get(chatKey);
      const rights = { ...callRightsOf(chat), linkPolicy: callLinkPolicyOf(chat) };
      const callRef = full.full_chat.call;
      if (callRef === undefined) return { chatKey, ...rights, call: null };
      const result = await api.call('phone.getGroupCall', { call: callRef, limit: 100 });
      peers.remember(result.chats, result.users);
      if (result.call._ === 'groupCall') peers.callInfos.set(result.call.id, result.call);
      return { chatKey, ...rights, call: callSummaryFromTl(result.call) };
    },

    async createCall(chatKey, options) {
      await knownChat(context, chatKey);
      const created = await createGroupCall(api, {
        peer: peers.inputPeerOf(chatKey),
        title: options.title,
        ...(options.scheduleDate !== undefined ? { scheduleDate: options.scheduleDate } : {}),
        ...(options.rtmp === true ? { rtmpStream: true } : {}),
      });
      peers.callInfos.set(created.info.id, created.info);
      const summary = callSummaryFromTl(created.info);
      if (summary === null)
        throw CallError.requestFailed('phone.createGroupCall', new Error('the new call is already discarded'));
      return summary;
    },

    async getRtmpUrl(chatKey, revoke = false) {
      await knownChat(context, chatKey);
      return getGroupCallStreamRtmpUrl(api, peers.inputPeerOf(chatKey), revoke);
    },
    startScheduledCall: (ref) => startScheduledGroupCall(api, inputCall(ref)),
    setCallStartSubscription: (ref, subscribed) => toggleGroupCallStartSubscription(api, inputCall(ref), subscribed),

    async setCallJoinMuted(ref, joinMuted) {
      try {
        await api.call('phone.toggleGroupCallSettings', { call: inputCall(ref), join_muted: joinMuted });
      } catch (error) {
        throw CallError.requestFailed('phone.toggleGroupCallSettings', error);
      }
    },

    async openGroupCall(ref, options) {
      // The engine (WebRTC, SDP) is its own chunk: signing in and browsing chats never load it.
      const { GroupCall } = await import('../../../groupcall/groupCall');
      const info = peers.callInfos.get(ref.id);
      return new GroupCall({
        api,
        call: inputCall(ref),
        ...(info !== undefined ? { info } : {}),
        ...(options.muted === true ? { muted: true } : {}),
        ...(options.microphone !== undefined ? { microphone: options.microphone } : {}),
        ...(options.inviteHash !== undefined ? { inviteHash: options.inviteHash } : {}),
        ...(options.joinAs !== undefined ? { joinAs: peers.joinAsPeer(options.joinAs) } : {}),
        ...(options.initialCamera !== undefined ? { initialCamera: options.initialCamera } : {}),
      });
    },

    async getJoinAs(chatKey) {
      await knownChat(context, chatKey);
      const result = await api.call('phone.getGroupCallJoinAs', { peer: peers.inputPeerOf(chatKey) });
      peers.remember(result.chats, result.users);
      // The person, then channels (broadcast) and groups (megagroup) they own, each with its kind.
      const options = joinAsOptionsFromTl(result, peers.selfId, (peerId) => peers.names.get(peerId));
      return { options, defaultPeerId: peers.defaultJoinAs.get(chatKey) ?? null };
    },

    async saveDefaultJoinAs(chatKey, peerId) {
      try {
        await api.call('phone.saveDefaultGroupCallJoinAs', {
          peer: peers.inputPeerOf(chatKey),
          join_as: peers.joinAsPeer(peerId),
        });
        peers.defaultJoinAs.set(chatKey, peerId);
      } catch (error) {
        throw CallError.requestFailed('phone.saveDefaultGroupCallJoinAs', error);
      }
    },

    async exportCallInvite(ref, speaker) {
      try {
        const result = await api.call('phone.exportGroupCallInvite', {
          call: inputCall(ref),
          ...(speaker ? { can_self_unmute: true } : {}),
        });
        return result.link;
      } catch (error) {
        throw CallError.requestFailed('phone.exportGroupCallInvite', error);
      }
    },

    async revokeSpeakerLinks(ref) {
      try {
        await api.call('phone.toggleGroupCallSettings', { call: inputCall(ref), reset_invite_hash: true });
      } catch (error) {
        throw CallError.requestFailed('phone.toggleGroupCallSettings', error);
      }
    },

    async setParticipantMuted(ref, peerId, muted) {
      const [kind, id = ''] = peerId.split(':');
      const participant: TypeInputPeer =
        kind === 'user'
          ? { _: 'inputPeerUser', user_id: id, access_hash: peers.knownUsers.get(id)?.access_hash ?? '0' }
          : kind === 'channel'
            ? {
                _: 'inputPeerChannel',
                channel_id: id,
                access_hash: (peers.knownChats.get(peerId) as { access_hash?: string } | undefined)?.access_hash ?? '0',
              }
            : { _: 'inputPeerChat', chat_id: id };
      try {
        await api.call('phone.editGroupCallParticipant', { call: inputCall(ref), participant, muted });
      } catch (error) {
        throw CallError.requestFailed('phone.editGroupCallParticipant', error);
      }
    },

    async peerNames(peerIds, refresh) {
      if (refresh !== undefined && peerIds.some((id) => !peers.names.has(id))) {
        const result = await api.call('phone.getGroupCall', { call: inputCall(refresh), limit: 1000 });
        peers.remember(result.chats, result.users);
      }
      return new Map(
        peerIds.flatMap((id) => (peers.names.has(id) ? [[id, peers.names.get(id)!] as [string, string]] : [])),
      );
    },
  };
}
