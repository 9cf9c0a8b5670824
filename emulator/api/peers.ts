// Resolves the client's input objects (InputUser, InputPeer, InputChannel) to world ids, with Telegram's errors for
// unknown ids and wrong access hashes.
import { RpcError } from '../rpcError';
import type { Call, TlValue } from './types';
import { idOf, isObject } from './types';

export type Peer = { type: 'user'; id: number } | { type: 'chat'; id: number } | { type: 'channel'; id: number };

function hashOk(given: TlValue, expected: bigint): boolean {
  return typeof given === 'bigint' ? given === expected : typeof given === 'number' && BigInt(given) === expected;
}

/** InputUser → user id; USER_ID_INVALID (or `errorType`) when unknown. */
export function resolveInputUser(call: Call, v: TlValue, errorType = 'USER_ID_INVALID'): number {
  if (!isObject(v)) throw RpcError.badRequest(errorType);
  switch (v._) {
    case 'inputUserSelf':
      return call.requireUser();
    case 'inputUser': {
      const id = idOf(v.user_id);
      const u = call.world.users.get(id);
      if (!u || !hashOk(v.access_hash, u.accessHash)) throw RpcError.badRequest(errorType);
      return id;
    }
    case 'inputUserFromMessage': {
      const id = idOf(v.user_id);
      if (!call.world.users.get(id)) throw RpcError.badRequest(errorType);
      return id;
    }
    default:
      throw RpcError.badRequest(errorType);
  }
}

/** InputChannel → channel id; CHANNEL_INVALID when unknown or the access hash is wrong. */
export function resolveInputChannel(call: Call, v: TlValue): number {
  if (!isObject(v) || v._ !== 'inputChannel') throw RpcError.badRequest('CHANNEL_INVALID');
  const id = idOf(v.channel_id);
  const c = call.world.channels.get(id);
  if (!c || !hashOk(v.access_hash, c.accessHash)) throw RpcError.badRequest('CHANNEL_INVALID');
  return id;
}

/**
 * A basic group the caller may see: one they are in. To anyone else it does not exist — chat ids are sequential, so
 * answering strangers would list every group, its title, size and call (Telegram: CHAT_ID_INVALID / PEER_ID_INVALID).
 */
export function canSeeChat(call: Call, chatId: number): boolean {
  return (
    call.world.chats.get(chatId) !== undefined && call.world.chats.member(chatId, call.requireUser()) !== undefined
  );
}

/** chat_id → a basic group the caller may see (canSeeChat); CHAT_ID_INVALID otherwise. */
export function resolveChatId(call: Call, chatId: number): number {
  if (!canSeeChat(call, chatId)) throw RpcError.badRequest('CHAT_ID_INVALID');
  return chatId;
}

/** InputPeer → peer; PEER_ID_INVALID when unknown (or a basic group the caller may not see). */
export function resolveInputPeer(call: Call, v: TlValue): Peer {
  if (!isObject(v)) throw RpcError.badRequest('PEER_ID_INVALID');
  switch (v._) {
    case 'inputPeerSelf':
      return { type: 'user', id: call.requireUser() };
    case 'inputPeerUser': {
      const id = idOf(v.user_id);
      const u = call.world.users.get(id);
      if (!u || !hashOk(v.access_hash, u.accessHash)) throw RpcError.badRequest('PEER_ID_INVALID');
      return { type: 'user', id };
    }
    case 'inputPeerChat': {
      const id = idOf(v.chat_id);
      if (!canSeeChat(call, id)) throw RpcError.badRequest('PEER_ID_INVALID');
      return { type: 'chat', id };
    }
    case 'inputPeerChannel': {
      const id = idOf(v.channel_id);
      const c = call.world.channels.get(id);
      if (!c || !hashOk(v.access_hash, c.accessHash)) throw RpcError.badRequest('PEER_ID_INVALID');
      return { type: 'channel', id };
    }
    case 'inputPeerUserFromMessage': {
      const id = idOf(v.user_id);
      if (!call.world.users.get(id)) throw RpcError.badRequest('PEER_ID_INVALID');
      return { type: 'user', id };
    }
    default:
      throw RpcError.badRequest('PEER_ID_INVALID');
  }
}
