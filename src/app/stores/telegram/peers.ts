// What the Telegram backend remembers of what the server sent: users and chats with their access hashes (inviting,
// muting, making groups need them back as input peers), display names by peer key, the last description of each call,
// the person's saved join-as per chat, and who is signed in. Every part of the backend reads and fills this one cache.
import type { TelegramApi } from '../../../telegram/api';
import type { TelegramClient } from '../../../telegram/client';
import type {
  GroupCall as TelegramGroupCall,
  InputGroupCall,
  MessagesChatFull,
  TypeChat,
  TypeInputPeer,
  TypeUpdates,
  TypeUser,
  User,
} from '../../../telegram/tl/api.generated';
import { peerIdOf } from '../../../groupcall/callParticipant';
import type { CallRef } from '../backend';
import { chatNamesOf, userNamesOf } from '../callFromTl';
import { isFullUser } from '../fromTl';

export function chatsOfUpdates(updates: TypeUpdates): TypeChat[] {
  return updates._ === 'updates' || updates._ === 'updatesCombined' ? updates.chats : [];
}

export const inputCall = (ref: CallRef): InputGroupCall => ({
  _: 'inputGroupCall',
  id: ref.id,
  access_hash: ref.accessHash,
});

export function createPeerCache(api: TelegramApi) {
  // contacts.getContacts gives users with access hashes; messages.createChat needs them back as inputUser.
  const knownUsers = new Map<string, User>();
  // Chats as Telegram sent them (access hashes, admin rights) and the names of people and chats seen so far, by key.
  const knownChats = new Map<string, TypeChat>();
  // The last description of each call (join_muted, can_change_join_muted): a join into a muted call starts muted.
  const callInfos = new Map<string, TelegramGroupCall>();
  const names = new Map<string, string>();
  // The full chat's groupcall_default_join_as ("Remember my choice"), by chat key.
  const defaultJoinAs = new Map<string, string>();
  let selfId: string | null = null;

  function remember(chats: TypeChat[], users: TypeUser[]): void {
    // Access hashes of everyone seen (call participants, members): inviting or muting them needs inputUser / inputPeerUser.
    for (const user of users)
      if (isFullUser(user) && (user.min !== true || !knownUsers.has(user.id))) knownUsers.set(user.id, user);
    for (const chat of chats) {
      if (chat._ === 'chat') knownChats.set(`chat:${chat.id}`, chat);
      else if (chat._ === 'channel' && chat.min !== true) knownChats.set(`channel:${chat.id}`, chat);
    }
    for (const [key, name] of [...userNamesOf(users), ...chatNamesOf(chats)]) names.set(key, name);
  }
  api.updates.subscribe((event) => {
    remember(event.chats, event.users);
    if (event.update._ === 'updateGroupCall' && event.update.call._ === 'groupCall')
      callInfos.set(event.update.call.id, event.update.call);
  });

  function inputPeerOf(chatKey: string): TypeInputPeer {
    const chat = knownChats.get(chatKey);
    if (chat?._ === 'chat') return { _: 'inputPeerChat', chat_id: chat.id };
    if (chat?._ === 'channel')
      return { _: 'inputPeerChannel', channel_id: chat.id, access_hash: chat.access_hash ?? '0' };
    throw new Error(`unknown chat ${chatKey}`);
  }

  /** A JoinAsOption's peerId as phone.joinGroupCall's join_as; the person themselves is inputPeerSelf. */
  function joinAsPeer(peerId: string): TypeInputPeer {
    if (peerId.startsWith('user:')) return { _: 'inputPeerSelf' };
    return inputPeerOf(peerId);
  }

  const inputUser = (id: string) => ({
    _: 'inputUser' as const,
    user_id: id,
    access_hash: knownUsers.get(id)?.access_hash ?? '0',
  });

  return {
    knownUsers,
    knownChats,
    callInfos,
    names,
    defaultJoinAs,
    get selfId(): string | null {
      return selfId;
    },
    set selfId(id: string | null) {
      selfId = id;
    },
    remember,
    inputPeerOf,
    joinAsPeer,
    inputUser,
  };
}

export type PeerCache = ReturnType<typeof createPeerCache>;

/** What every part of the backend works with: the API (calls cut a reconnect delay short), the client, the cache. */
export interface BackendContext {
  api: TelegramApi;
  client: TelegramClient;
  peers: PeerCache;
}

/** messages.getFullChat / channels.getFullChannel of a known chat; remembers what it names. */
export async function fullChatOf({ api, client, peers }: BackendContext, chatKey: string): Promise<MessagesChatFull> {
  const peer = peers.inputPeerOf(chatKey);
  const full =
    peer._ === 'inputPeerChat'
      ? await api.call('messages.getFullChat', { chat_id: peer.chat_id })
      : peer._ === 'inputPeerChannel'
        ? await api.call('channels.getFullChannel', {
            channel: { _: 'inputChannel', channel_id: peer.channel_id, access_hash: peer.access_hash },
          })
        : null;
  if (full === null) throw new Error(`not a group or channel: ${chatKey}`);
  peers.remember(full.chats, full.users);
  if (peer._ === 'inputPeerChannel' && full.full_chat._ === 'channelFull') {
    // The chat on screen (and any call in it): kept up to date with getChannelDifference across reconnects.
    void client.updatesManager
      .watchChannel({ id: peer.channel_id, accessHash: peer.access_hash, pts: full.full_chat.pts })
      .catch((error: unknown) => console.debug('[telegram] channel difference', error));
  }
  const saved = full.full_chat.groupcall_default_join_as;
  if (saved !== undefined) peers.defaultJoinAs.set(chatKey, peerIdOf(saved));
  return full;
}
