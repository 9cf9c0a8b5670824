// Chat invite links (core.telegram.org/api/invites): messages.exportChatInvite, messages.checkChatInvite and
// messages.importChatInvite, plus the viewer's primary link for chatFull / channelFull.exported_invite.
// Decisions where Telegram's pages leave room:
//  - Who manages links: the creator and the admins (every admin here holds invite_users), as in Telegram's apps.
//  - legacy_revoke_permanent revokes the caller's own permanent link of the chat and makes a new permanent one (the Bot
//    API's exportChatInviteLink); links of other admins and additional links stay.
//  - A link is unusable (INVITE_HASH_EXPIRED) once revoked, past expire_date, or when usage has reached usage_limit;
//    that is checked before membership, so members get chatInviteAlready only for a usable link.
//  - request_needed: importChatInvite records one pending request per person and chat (a second import renews it) and
//    answers 400 INVITE_REQUEST_SENT; the chat's admins get updatePendingJoinRequests.
//  - A basic group holds at most 200 members (USERS_TOO_MUCH beyond); channels have no cap here.
import { RpcError } from '../rpcError';
import { inviteLink, inviteUnusable, type ChatInviteRow, type InvitePeer } from '../world/chatInvites';
import type { World } from '../world/world';
import { UpdateBatch } from './events';
import { joinChannelByLink, joinChatByLink } from './operations';
import { resolveInputPeer } from './peers';
import { Refs, channelTl, chatTl, peerChannel, peerChat, userTl } from './views';
import { field, isString, type Call, type HandlerMap, type TlObject, type TlValue } from './types';

/** Telegram's basic-group size limit (chat_size_max). */
export const BASIC_GROUP_MAX_MEMBERS = 200;
/** Bounds of usage_limit (the Bot API's member_limit: 1-99999). */
export const MAX_USAGE_LIMIT = 99_999;
/** Invite link names are at most 32 characters in Telegram's apps. */
const MAX_TITLE = 32;
/** How many members checkChatInvite shows of a group the caller is not in. */
const PREVIEW_MEMBERS = 10;
/** How many recent requesters chatFull / updatePendingJoinRequests name. */
const RECENT_REQUESTERS = 3;

export function isMemberOf(world: World, peer: InvitePeer, userId: number): boolean {
  return peer.type === 'chat'
    ? world.chats.member(peer.id, userId) !== undefined
    : world.channels.member(peer.id, userId) !== undefined;
}

/** Creator or admin: may make and see invite links. */
export function canManageInvites(world: World, peer: InvitePeer, userId: number): boolean {
  if (peer.type === 'chat') {
    const chat = world.chats.get(peer.id);
    return chat !== undefined && (chat.creatorId === userId || world.chats.member(peer.id, userId)?.isAdmin === true);
  }
  const role = world.channels.member(peer.id, userId)?.role;
  return role === 'creator' || role === 'admin';
}

function adminsOf(world: World, peer: InvitePeer): number[] {
  if (peer.type === 'chat')
    return world.chats
      .members(peer.id)
      .filter((m) => canManageInvites(world, peer, m.userId))
      .map((m) => m.userId);
  return world.channels
    .members(peer.id)
    .filter((m) => m.role !== 'member')
    .map((m) => m.userId);
}

/** An invite as chatInviteExported (layer 158). */
export function chatInviteExportedTl(world: World, row: ChatInviteRow): TlObject {
  const requested = world.chatInvites.requestCount(row.hash);
  return {
    _: 'chatInviteExported',
    revoked: row.revoked || undefined,
    permanent: row.permanent || undefined,
    request_needed: row.requestNeeded || undefined,
    link: inviteLink(row.hash),
    admin_id: BigInt(row.adminId),
    date: row.date,
    expire_date: row.expireDate ?? undefined,
    usage_limit: row.usageLimit ?? undefined,
    usage: row.usage > 0 ? row.usage : undefined,
    requested: requested > 0 ? requested : undefined,
    title: row.title ?? undefined,
  };
}

/**
 * The viewer's primary link for chatFull / channelFull.exported_invite: made on first read for people who may manage
 * invites, as Telegram does; undefined for everyone else.
 */
export function primaryInviteTl(world: World, peer: InvitePeer, viewerId: number, now: number): TlObject | undefined {
  if (!canManageInvites(world, peer, viewerId)) return undefined;
  const row = world.transaction(
    () =>
      world.chatInvites.permanentOf(peer, viewerId) ??
      world.chatInvites.create({ peer, adminId: viewerId, now, permanent: true }),
  );
  return chatInviteExportedTl(world, row);
}

/** chatFull / channelFull.requests_pending and recent_requesters, for admins when requests wait. */
export function pendingRequestsFields(
  world: World,
  peer: InvitePeer,
  viewerId: number,
): { requests_pending?: number; recent_requesters?: bigint[]; requesterIds: number[] } {
  if (!canManageInvites(world, peer, viewerId)) return { requesterIds: [] };
  const { count, recent } = pendingRequests(world, peer);
  if (count === 0) return { requesterIds: [] };
  return { requests_pending: count, recent_requesters: recent.map((id) => BigInt(id)), requesterIds: recent };
}

/** How many join requests wait for the chat, and the newest requesters (as many as Telegram names). */
function pendingRequests(world: World, peer: InvitePeer): { count: number; recent: number[] } {
  const pending = world.chatInvites.requests(peer);
  return { count: pending.length, recent: pending.slice(0, RECENT_REQUESTERS).map((r) => r.userId) };
}

/** The chat an exportChatInvite peer names, checked for the caller's right to manage its links. */
function managedPeer(call: Call, v: TlValue): InvitePeer {
  const me = call.requireUser();
  let peer;
  try {
    peer = resolveInputPeer(call, v);
  } catch (e) {
    if (
      typeof v === 'object' &&
      v !== null &&
      !Array.isArray(v) &&
      !(v instanceof Uint8Array) &&
      v._ === 'inputPeerChannel'
    ) {
      throw RpcError.badRequest('CHANNEL_INVALID');
    }
    throw e;
  }
  if (peer.type === 'user') throw RpcError.badRequest('PEER_ID_INVALID');
  const target: InvitePeer = { type: peer.type, id: peer.id };
  if (!isMemberOf(call.world, target, me)) {
    // Telegram does not show a basic group one is not in; a private channel one is not in is CHANNEL_PRIVATE.
    if (target.type === 'chat') throw RpcError.badRequest('PEER_ID_INVALID');
    if (!call.world.channels.get(target.id)!.username) throw RpcError.badRequest('CHANNEL_PRIVATE');
  }
  if (!canManageInvites(call.world, target, me)) throw RpcError.badRequest('CHAT_ADMIN_REQUIRED');
  return target;
}

/** The usable invite a hash names: INVITE_HASH_EMPTY / INVITE_HASH_INVALID / INVITE_HASH_EXPIRED otherwise. */
function usableInvite(call: Call, params: TlObject): ChatInviteRow {
  const hash = field(params, 'hash', isString).trim();
  if (hash === '') throw RpcError.badRequest('INVITE_HASH_EMPTY');
  const row = call.world.chatInvites.get(hash);
  if (!row) throw RpcError.badRequest('INVITE_HASH_INVALID');
  if (inviteUnusable(row, call.now) !== undefined) throw RpcError.badRequest('INVITE_HASH_EXPIRED');
  return row;
}

function chatOfPeerTl(world: World, viewerId: number, peer: InvitePeer): TlObject {
  return peer.type === 'chat' ? chatTl(world, viewerId, peer.id) : channelTl(world, viewerId, peer.id);
}

/** What someone outside the chat sees of it: chatInvite (layer 158). */
function chatInviteTl(world: World, viewerId: number, row: ChatInviteRow): TlObject {
  if (row.peer.type === 'chat') {
    const chat = world.chats.get(row.peer.id)!;
    const members = world.chats.members(row.peer.id);
    return {
      _: 'chatInvite',
      request_needed: row.requestNeeded || undefined,
      title: chat.title,
      about: chat.about || undefined,
      photo: { _: 'photoEmpty', id: 0n },
      participants_count: members.length,
      participants: members.slice(0, PREVIEW_MEMBERS).map((m) => userTl(world, viewerId, m.userId)),
    };
  }
  const c = world.channels.get(row.peer.id)!;
  const members = world.channels.members(row.peer.id);
  return {
    _: 'chatInvite',
    channel: true,
    broadcast: !c.megagroup || undefined,
    public: c.username !== null || undefined,
    megagroup: c.megagroup || undefined,
    request_needed: row.requestNeeded || undefined,
    title: c.title,
    about: c.about || undefined,
    photo: { _: 'photoEmpty', id: 0n },
    participants_count: members.length,
    // A broadcast channel's subscribers stay hidden; a group shows a few of its members.
    participants: c.megagroup
      ? members.slice(0, PREVIEW_MEMBERS).map((m) => userTl(world, viewerId, m.userId))
      : undefined,
  };
}

/** updatePendingJoinRequests to every admin of the chat, after a request came in. */
function announceRequests(call: Call, peer: InvitePeer): UpdateBatch {
  const batch = new UpdateBatch(call.now);
  const { count, recent } = pendingRequests(call.world, peer);
  for (const admin of adminsOf(call.world, peer)) {
    const refs = new Refs();
    if (peer.type === 'chat') refs.chats.add(peer.id);
    else refs.channels.add(peer.id);
    recent.forEach((id) => refs.users.add(id));
    call.events.other(
      batch,
      admin,
      {
        _: 'updatePendingJoinRequests',
        peer: peer.type === 'chat' ? peerChat(peer.id) : peerChannel(peer.id),
        requests_pending: count,
        recent_requesters: recent.map((id) => BigInt(id)),
      },
      refs,
    );
  }
  return batch;
}

export function chatInvitesHandlers(): HandlerMap {
  return {
    'messages.exportChatInvite': {
      handler: (call, p) => {
        const me = call.requireUser();
        const peer = managedPeer(call, p.peer);
        const w = call.world;
        if (p.legacy_revoke_permanent === true) {
          const row = w.transaction(() => {
            const old = w.chatInvites.permanentOf(peer, me);
            if (old) w.chatInvites.revoke(old.hash);
            return w.chatInvites.create({ peer, adminId: me, now: call.now, permanent: true });
          });
          return chatInviteExportedTl(w, row);
        }
        let expireDate: number | null = null;
        if (p.expire_date !== undefined) {
          if (typeof p.expire_date !== 'number' || p.expire_date <= call.now)
            throw RpcError.badRequest('EXPIRE_DATE_INVALID');
          expireDate = p.expire_date;
        }
        let usageLimit: number | null = null;
        if (p.usage_limit !== undefined) {
          if (
            typeof p.usage_limit !== 'number' ||
            !Number.isInteger(p.usage_limit) ||
            p.usage_limit < 1 ||
            p.usage_limit > MAX_USAGE_LIMIT
          ) {
            throw RpcError.badRequest('USAGE_LIMIT_INVALID');
          }
          usageLimit = p.usage_limit;
        }
        const title = typeof p.title === 'string' && p.title.trim() !== '' ? p.title.trim().slice(0, MAX_TITLE) : null;
        const row = w.transaction(() =>
          w.chatInvites.create({
            peer,
            adminId: me,
            now: call.now,
            expireDate,
            usageLimit,
            requestNeeded: p.request_needed === true,
            title,
          }),
        );
        return chatInviteExportedTl(w, row);
      },
    },

    'messages.checkChatInvite': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = usableInvite(call, p);
        if (isMemberOf(call.world, row.peer, me))
          return { _: 'chatInviteAlready', chat: chatOfPeerTl(call.world, me, row.peer) };
        return chatInviteTl(call.world, me, row);
      },
    },

    'messages.importChatInvite': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = usableInvite(call, p);
        const w = call.world;
        if (isMemberOf(w, row.peer, me)) throw RpcError.badRequest('USER_ALREADY_PARTICIPANT');
        if (row.requestNeeded) {
          const batch = w.transaction(() => {
            w.chatInvites.addRequest(row.hash, me, call.now);
            return announceRequests(call, row.peer);
          });
          call.events.deliver(batch);
          throw RpcError.badRequest('INVITE_REQUEST_SENT');
        }
        if (row.peer.type === 'chat' && w.chats.members(row.peer.id).length >= BASIC_GROUP_MAX_MEMBERS)
          throw RpcError.badRequest('USERS_TOO_MUCH');
        const ops = { world: w, events: call.events, now: call.now };
        const batch = w.transaction(() => {
          w.chatInvites.countUse(row.hash);
          w.chatInvites.dropRequest(row.peer, me);
          return row.peer.type === 'chat'
            ? joinChatByLink(ops, row.peer.id, me, row.adminId)
            : joinChannelByLink(ops, row.peer.id, me, row.adminId);
        });
        return call.events.deliver(batch, { userId: me, authKeyId: call.ctx.authKeyId });
      },
    },
  };
}
