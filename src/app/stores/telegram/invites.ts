// Inviting people to a call: the picker's first list (the chat's first members and the contacts), a search through a
// supergroup's members, and phone.inviteToGroupCall.
import type { TypeChannelParticipant, TypeUser } from '../../../telegram/tl/api.generated';
import type { Backend, InviteCandidate } from '../backend';
import { displayName, isFullUser } from '../fromTl';
import { mergeCandidates } from '../inviteSearch';
import { knownChat, loadContacts } from './chats';
import { inputCall, type BackendContext } from './peers';

/** channels.getParticipants page size (Telegram's most), and how many pages the invite list reads before a search. */
const MEMBERS_PER_PAGE = 200;
const INITIAL_MEMBER_PAGES = 1;

export type InvitesPart = Pick<Backend, 'getInviteList' | 'searchInviteMembers' | 'inviteToCall'>;

export function invitesPart(context: BackendContext): InvitesPart {
  const { api, peers } = context;

  function candidatesOfUsers(users: TypeUser[]): InviteCandidate[] {
    return users.flatMap((u) =>
      isFullUser(u) && u.deleted !== true && u.bot !== true && u.id !== peers.selfId
        ? [{ id: u.id, name: displayName(u), member: true, ...(u.username ? { username: u.username } : {}) }]
        : [],
    );
  }

  /** The members a channels.getParticipants answer lists (its `users` also names inviters and promoters), as candidates. */
  function membersOfParticipants(result: {
    participants: TypeChannelParticipant[];
    users: TypeUser[];
  }): InviteCandidate[] {
    const ids = new Set(result.participants.flatMap((p) => ('user_id' in p ? [p.user_id] : [])));
    return candidatesOfUsers(result.users.filter((u) => ids.has(u.id)));
  }

  /** A basic group's members (all: the full chat lists them), or a supergroup's or channel's first page(s). */
  async function chatMembers(
    chatKey: string,
  ): Promise<{ members: InviteCandidate[]; count: number; searchable: boolean }> {
    await knownChat(context, chatKey);
    const peer = peers.inputPeerOf(chatKey);
    if (peer._ === 'inputPeerChat') {
      const full = await api.call('messages.getFullChat', { chat_id: peer.chat_id });
      peers.remember(full.chats, full.users);
      const list =
        full.full_chat._ === 'chatFull' && full.full_chat.participants._ === 'chatParticipants'
          ? full.full_chat.participants.participants
          : [];
      const ids = new Set(list.map((m) => m.user_id));
      const members = candidatesOfUsers(full.users.filter((u) => ids.has(u.id)));
      return { members, count: members.length, searchable: false };
    }
    if (peer._ !== 'inputPeerChannel') return { members: [], count: 0, searchable: false };
    const channel = { _: 'inputChannel' as const, channel_id: peer.channel_id, access_hash: peer.access_hash };
    const members: InviteCandidate[] = [];
    let read = 0;
    let count = 0;
    for (let page = 0; page < INITIAL_MEMBER_PAGES; page++) {
      const result = await api.call('channels.getParticipants', {
        channel,
        filter: { _: 'channelParticipantsRecent' },
        offset: page * MEMBERS_PER_PAGE,
        limit: MEMBERS_PER_PAGE,
        hash: '0',
      });
      if (result._ !== 'channels.channelParticipants') break;
      peers.remember(result.chats, result.users);
      members.push(...membersOfParticipants(result));
      read += result.participants.length;
      count = result.count;
      if (result.participants.length < MEMBERS_PER_PAGE || read >= result.count) break;
    }
    // Oneself and bots are read but not listed: the count of what is left unread is the server's count minus the read.
    return { members, count: Math.max(count, read) - read + members.length, searchable: true };
  }

  return {
    async getInviteList(chatKey) {
      const [{ members, count, searchable }, contacts] = await Promise.all([
        chatMembers(chatKey),
        loadContacts(context),
      ]);
      const others = contacts.flatMap((c) =>
        c.id !== peers.selfId ? [{ id: c.id, name: c.name, member: false }] : [],
      );
      return {
        candidates: mergeCandidates(members, others),
        memberCount: count,
        membersLoaded: members.length,
        searchable,
      };
    },

    async searchInviteMembers(chatKey, query, limit) {
      await knownChat(context, chatKey);
      const peer = peers.inputPeerOf(chatKey);
      if (peer._ !== 'inputPeerChannel') return { members: [], count: 0 };
      const result = await api.call('channels.getParticipants', {
        channel: { _: 'inputChannel', channel_id: peer.channel_id, access_hash: peer.access_hash },
        filter: { _: 'channelParticipantsSearch', q: query },
        offset: 0,
        limit: Math.min(limit, MEMBERS_PER_PAGE),
        hash: '0',
      });
      if (result._ !== 'channels.channelParticipants') return { members: [], count: 0 };
      peers.remember(result.chats, result.users);
      const members = membersOfParticipants(result);
      return { members, count: result.count };
    },

    async inviteToCall(ref, userId) {
      await api.call('phone.inviteToGroupCall', { call: inputCall(ref), users: [peers.inputUser(userId)] });
    },
  };
}
