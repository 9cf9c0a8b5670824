// The changes that produce updates — create a group, add people, create a channel, post a message — written once and
// used by the method handlers (after their checks) and by the seed. Each returns the UpdateBatch to deliver.
import type { World } from '../world/world';
import type { Events } from './events';
import { UpdateBatch } from './events';
import { Refs } from './views';
import type { TlObject } from './types';

export interface Ops {
  world: World;
  events: Events;
  now: number;
}

export function chatParticipantsTl(world: World, chatId: number): TlObject {
  const chat = world.chats.get(chatId)!;
  return {
    _: 'chatParticipants',
    chat_id: BigInt(chatId),
    participants: world.chats.members(chatId).map((m): TlObject =>
      m.userId === chat.creatorId
        ? { _: 'chatParticipantCreator', user_id: BigInt(m.userId) }
        : {
            _: m.isAdmin ? 'chatParticipantAdmin' : 'chatParticipant',
            user_id: BigInt(m.userId),
            inviter_id: BigInt(m.inviterId),
            date: m.date,
          },
    ),
    version: chat.version,
  };
}

function participantsUpdate(o: Ops, batch: UpdateBatch, chatId: number): void {
  const members = o.world.chats.members(chatId);
  const refs = new Refs();
  refs.chats.add(chatId);
  members.forEach((m) => refs.users.add(m.userId));
  for (const m of members)
    o.events.other(
      batch,
      m.userId,
      { _: 'updateChatParticipants', participants: chatParticipantsTl(o.world, chatId) },
      refs,
    );
}

/** A basic group with `creatorId` and `memberIds`, announced by messageActionChatCreate in every member's box. */
export function createChat(
  o: Ops,
  creatorId: number,
  memberIds: number[],
  title: string,
): { chatId: number; batch: UpdateBatch } {
  const batch = new UpdateBatch(o.now);
  const chat = o.world.chats.create(title, creatorId, o.now);
  const others = [...new Set(memberIds)].filter((id) => id !== creatorId);
  for (const id of others) o.world.chats.addMember(chat.id, id, creatorId, o.now);
  const action: TlObject = {
    _: 'messageActionChatCreate',
    title,
    users: [creatorId, ...others].map((id) => BigInt(id)),
  };
  for (const m of o.world.chats.members(chat.id))
    o.events.boxMessage(batch, m.userId, { type: 'chat', id: chat.id }, creatorId, '', action);
  participantsUpdate(o, batch, chat.id);
  return { chatId: chat.id, batch };
}

export function addChatUser(o: Ops, chatId: number, inviterId: number, userId: number): UpdateBatch {
  const batch = new UpdateBatch(o.now);
  o.world.chats.addMember(chatId, userId, inviterId, o.now);
  const action: TlObject = { _: 'messageActionChatAddUser', users: [BigInt(userId)] };
  for (const m of o.world.chats.members(chatId))
    o.events.boxMessage(batch, m.userId, { type: 'chat', id: chatId }, inviterId, '', action);
  participantsUpdate(o, batch, chatId);
  return batch;
}

export function createChannel(
  o: Ops,
  creatorId: number,
  input: { title: string; about: string; megagroup: boolean; username?: string | null },
): { channelId: number; batch: UpdateBatch } {
  const batch = new UpdateBatch(o.now);
  const channel = o.world.channels.create({ ...input, creatorId, now: o.now });
  const refs = new Refs();
  refs.channels.add(channel.id);
  o.events.other(batch, creatorId, { _: 'updateChannel', channel_id: BigInt(channel.id) }, refs);
  o.events.channelMessage(batch, channel.id, creatorId, '', { _: 'messageActionChannelCreate', title: input.title });
  return { channelId: channel.id, batch };
}

/**
 * Adds users to a channel. In a supergroup everyone sees a messageActionChatAddUser; broadcast channels post nothing.
 * Each newcomer gets updateChannel.
 */
export function addChannelMembers(
  o: Ops,
  channelId: number,
  inviterId: number,
  userIds: number[],
  batch = new UpdateBatch(o.now),
): UpdateBatch {
  const channel = o.world.channels.get(channelId)!;
  for (const id of userIds) o.world.channels.addMember(channelId, id, inviterId, o.now);
  for (const id of userIds) {
    const refs = new Refs();
    refs.channels.add(channelId);
    o.events.other(batch, id, { _: 'updateChannel', channel_id: BigInt(channelId) }, refs);
  }
  if (channel.megagroup && userIds.length > 0) {
    // Telegram shows a self-join ("X joined the group") as an add of oneself, from oneself.
    o.events.channelMessage(batch, channelId, inviterId, '', {
      _: 'messageActionChatAddUser',
      users: userIds.map((id) => BigInt(id)),
    });
  }
  return batch;
}

/**
 * `userId` joins a basic group through an invite link made by `inviterId`: a messageActionChatJoinedByLink from the
 * newcomer in every member's box (theirs too) and the new participants list to everyone.
 */
export function joinChatByLink(o: Ops, chatId: number, userId: number, inviterId: number): UpdateBatch {
  const batch = new UpdateBatch(o.now);
  o.world.chats.addMember(chatId, userId, inviterId, o.now);
  const action: TlObject = { _: 'messageActionChatJoinedByLink', inviter_id: BigInt(inviterId) };
  for (const m of o.world.chats.members(chatId))
    o.events.boxMessage(batch, m.userId, { type: 'chat', id: chatId }, userId, '', action);
  participantsUpdate(o, batch, chatId);
  return batch;
}

/**
 * `userId` joins a channel through an invite link made by `inviterId`: updateChannel for the newcomer and, in a
 * supergroup, a messageActionChatJoinedByLink from the newcomer that every member sees (broadcast channels post none).
 */
export function joinChannelByLink(o: Ops, channelId: number, userId: number, inviterId: number): UpdateBatch {
  const batch = new UpdateBatch(o.now);
  const channel = o.world.channels.get(channelId)!;
  o.world.channels.addMember(channelId, userId, inviterId, o.now);
  const refs = new Refs();
  refs.channels.add(channelId);
  o.events.other(batch, userId, { _: 'updateChannel', channel_id: BigInt(channelId) }, refs);
  if (channel.megagroup)
    o.events.channelMessage(batch, channelId, userId, '', {
      _: 'messageActionChatJoinedByLink',
      inviter_id: BigInt(inviterId),
    });
  return batch;
}

export type TextPeer = { type: 'user' | 'chat' | 'channel'; id: number };

/** A text message from `fromId` to a person, a basic group or a channel; returns the sender's copy's id too. */
export function sendText(
  o: Ops,
  fromId: number,
  peer: TextPeer,
  text: string,
): { batch: UpdateBatch; messageId: number } {
  const batch = new UpdateBatch(o.now);
  if (peer.type === 'channel') {
    const m = o.events.channelMessage(batch, peer.id, fromId, text, null);
    return { batch, messageId: m.id };
  }
  if (peer.type === 'chat') {
    let own = 0;
    for (const m of o.world.chats.members(peer.id)) {
      const msg = o.events.boxMessage(batch, m.userId, { type: 'chat', id: peer.id }, fromId, text, null);
      if (m.userId === fromId) own = msg.id;
    }
    return { batch, messageId: own };
  }
  const own = o.events.boxMessage(batch, fromId, { type: 'user', id: peer.id }, fromId, text, null);
  if (peer.id !== fromId) o.events.boxMessage(batch, peer.id, { type: 'user', id: fromId }, fromId, text, null);
  return { batch, messageId: own.id };
}

/**
 * A service message (e.g. messageActionInviteToGroupCall) from `fromId` in a basic group (every member's box) or a
 * channel; for other server parts such as group calls.
 */
export function postServiceMessage(
  o: Ops,
  fromId: number,
  peer: { type: 'chat' | 'channel'; id: number },
  action: TlObject,
  batch = new UpdateBatch(o.now),
): UpdateBatch {
  if (peer.type === 'channel') {
    o.events.channelMessage(batch, peer.id, fromId, '', action);
    return batch;
  }
  for (const m of o.world.chats.members(peer.id))
    o.events.boxMessage(batch, m.userId, { type: 'chat', id: peer.id }, fromId, '', action);
  return batch;
}
