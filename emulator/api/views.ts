// World rows as the TL objects a given viewer sees: user (self/contact flags, phone), chat, channel, messages, peers.
// Everything handlers return about users and chats goes through here, so the viewer rules live in one place.
import type { World } from '../world/world';
import type { BoxMessage, ChannelMessage } from '../world/messages';
import type { TlObject } from './types';

export const peerUser = (id: number): TlObject => ({ _: 'peerUser', user_id: BigInt(id) });
export const peerChat = (id: number): TlObject => ({ _: 'peerChat', chat_id: BigInt(id) });
export const peerChannel = (id: number): TlObject => ({ _: 'peerChannel', channel_id: BigInt(id) });

const chatPhotoEmpty: TlObject = { _: 'chatPhotoEmpty' };

/** A chat's group-call state for its call_active / call_not_empty flags, supplied per world by the calls part. */
export type CallFlagsOf = (peer: { type: 'chat' | 'channel'; id: number }) => { active: boolean; notEmpty: boolean };
const callFlagsOfWorld = new WeakMap<World, CallFlagsOf>();

/** Registers where chat and channel objects of `world` read their call flags (emulator/calls does, at start). */
export function provideCallFlags(world: World, flagsOf: CallFlagsOf): void {
  callFlagsOfWorld.set(world, flagsOf);
}

export function fullAdminRights(broadcast: boolean): TlObject {
  return {
    _: 'chatAdminRights',
    change_info: true,
    post_messages: broadcast || undefined,
    edit_messages: broadcast || undefined,
    delete_messages: true,
    ban_users: true,
    invite_users: true,
    pin_messages: true,
    add_admins: true,
    manage_call: true,
    other: true,
  };
}

export function userTl(world: World, viewerId: number, userId: number): TlObject {
  const u = world.users.get(userId);
  if (!u) return { _: 'userEmpty', id: BigInt(userId) };
  const self = viewerId === userId;
  const contact = !self && world.contacts.has(viewerId, userId);
  const theyHaveMe = !self && world.contacts.has(userId, viewerId);
  const saved = contact ? world.contacts.list(viewerId).find((c) => c.userId === userId) : undefined;
  const firstName = saved?.firstName || u.firstName;
  const lastName = saved ? saved.lastName : u.lastName;
  return {
    _: 'user',
    self: self || undefined,
    contact: contact || undefined,
    mutual_contact: (contact && theyHaveMe) || undefined,
    id: BigInt(u.id),
    access_hash: u.accessHash,
    first_name: firstName,
    last_name: lastName || undefined,
    username: u.username ?? undefined,
    // Telegram shows a number to its owner and to people the owner has saved as a contact.
    phone: self || theyHaveMe ? u.phone : undefined,
    status: self ? { _: 'userStatusOnline', expires: world.now() + 300 } : { _: 'userStatusRecently' },
  };
}

export function chatTl(world: World, viewerId: number, chatId: number): TlObject {
  const c = world.chats.get(chatId);
  if (!c) return { _: 'chatEmpty', id: BigInt(chatId) };
  const members = world.chats.members(chatId);
  const me = members.find((m) => m.userId === viewerId);
  const callFlags = callFlagsOfWorld.get(world)?.({ type: 'chat', id: chatId });
  return {
    _: 'chat',
    creator: c.creatorId === viewerId || undefined,
    left: !me || undefined,
    call_active: callFlags?.active || undefined,
    call_not_empty: callFlags?.notEmpty || undefined,
    id: BigInt(c.id),
    title: c.title,
    photo: chatPhotoEmpty,
    participants_count: members.length,
    date: c.date,
    version: c.version,
    admin_rights: me?.isAdmin ? fullAdminRights(false) : undefined,
    default_banned_rights: { _: 'chatBannedRights', invite_users: !c.membersCanInvite || undefined, until_date: 0 },
  };
}

export function channelTl(world: World, viewerId: number, channelId: number): TlObject {
  const c = world.channels.get(channelId);
  if (!c) return { _: 'channelForbidden', id: BigInt(channelId), access_hash: 0n, title: '' };
  const me = world.channels.member(channelId, viewerId);
  const callFlags = callFlagsOfWorld.get(world)?.({ type: 'channel', id: channelId });
  return {
    _: 'channel',
    creator: me?.role === 'creator' || undefined,
    left: !me || undefined,
    broadcast: !c.megagroup || undefined,
    megagroup: c.megagroup || undefined,
    call_active: callFlags?.active || undefined,
    call_not_empty: callFlags?.notEmpty || undefined,
    id: BigInt(c.id),
    access_hash: c.accessHash,
    title: c.title,
    username: c.username ?? undefined,
    photo: chatPhotoEmpty,
    date: c.date,
    admin_rights: me && me.role !== 'member' ? fullAdminRights(!c.megagroup) : undefined,
    participants_count: world.channels.memberCount(channelId),
  };
}

export function boxMessageTl(m: BoxMessage): TlObject {
  const peer = m.peer.type === 'user' ? peerUser(m.peer.id) : peerChat(m.peer.id);
  if (m.action) {
    return {
      _: 'messageService',
      out: m.out || undefined,
      id: m.id,
      from_id: peerUser(m.fromId),
      peer_id: peer,
      date: m.date,
      action: m.action,
    };
  }
  return {
    _: 'message',
    out: m.out || undefined,
    id: m.id,
    from_id: peerUser(m.fromId),
    peer_id: peer,
    date: m.date,
    message: m.text,
  };
}

export function channelMessageTl(world: World, viewerId: number, m: ChannelMessage): TlObject {
  const c = world.channels.get(m.channelId);
  const broadcast = c ? !c.megagroup : false;
  // Broadcast posts are signed by the channel, not by the admin who wrote them.
  const from = broadcast ? undefined : peerUser(m.fromId);
  const out = m.fromId === viewerId || undefined;
  if (m.action) {
    return {
      _: 'messageService',
      out,
      post: broadcast || undefined,
      id: m.id,
      from_id: from,
      peer_id: peerChannel(m.channelId),
      date: m.date,
      action: m.action,
    };
  }
  return {
    _: 'message',
    out,
    post: broadcast || undefined,
    id: m.id,
    from_id: from,
    peer_id: peerChannel(m.channelId),
    date: m.date,
    message: m.text,
  };
}

/** Ids a set of results mentions, to fill the `users` / `chats` vectors that accompany them. */
export class Refs {
  readonly users = new Set<number>();
  readonly chats = new Set<number>();
  readonly channels = new Set<number>();

  addRefs(r: { users: number[]; chats: number[]; channels: number[] }): this {
    r.users.forEach((id) => this.users.add(id));
    r.chats.forEach((id) => this.chats.add(id));
    r.channels.forEach((id) => this.channels.add(id));
    return this;
  }

  toJSON(): { users: number[]; chats: number[]; channels: number[] } {
    return { users: [...this.users], chats: [...this.chats], channels: [...this.channels] };
  }

  usersTl(world: World, viewerId: number): TlObject[] {
    return [...this.users].map((id) => userTl(world, viewerId, id));
  }

  chatsTl(world: World, viewerId: number): TlObject[] {
    return [
      ...[...this.chats].map((id) => chatTl(world, viewerId, id)),
      ...[...this.channels].map((id) => channelTl(world, viewerId, id)),
    ];
  }
}

export function boxMessageRefs(m: BoxMessage): Refs {
  const r = new Refs();
  r.users.add(m.fromId);
  if (m.peer.type === 'user') r.users.add(m.peer.id);
  else r.chats.add(m.peer.id);
  for (const id of actionUserIds(m.action)) r.users.add(id);
  return r;
}

export function channelMessageRefs(m: ChannelMessage): Refs {
  const r = new Refs();
  r.users.add(m.fromId);
  r.channels.add(m.channelId);
  for (const id of actionUserIds(m.action)) r.users.add(id);
  return r;
}

function actionUserIds(action: TlObject | null): number[] {
  if (!action) return [];
  const ids: number[] = [];
  const users = action.users;
  if (Array.isArray(users)) for (const u of users) if (typeof u === 'bigint') ids.push(Number(u));
  for (const key of ['user_id', 'inviter_id']) {
    const v = action[key];
    if (typeof v === 'bigint') ids.push(Number(v));
  }
  return ids;
}
