// channels.*: create a supergroup or broadcast channel, invite and join, full channel, participants.
import { RpcError } from '../rpcError';
import { pendingRequestsFields, primaryInviteTl } from './chatInvites';
import type { ApiOptions } from './options';
import { addChannelMembers, createChannel } from './operations';
import { resolveInputChannel, resolveInputUser } from './peers';
import { Refs, channelTl, fullAdminRights } from './views';
import { field, isArray, isString, type Call, type HandlerMap, type TlObject } from './types';

/** The channel `p.channel` names, visible to the caller: public, or the caller is a member; else CHANNEL_PRIVATE. */
function visibleChannel(call: Call, v: TlObject['channel']): number {
  const me = call.requireUser();
  const id = resolveInputChannel(call, v);
  const c = call.world.channels.get(id)!;
  if (!c.username && !call.world.channels.member(id, me)) throw RpcError.badRequest('CHANNEL_PRIVATE');
  return id;
}

export function channelsHandlers(opts: ApiOptions): HandlerMap {
  return {
    'channels.createChannel': {
      handler: (call, p) => {
        const me = call.requireUser();
        const title = field(p, 'title', isString).trim();
        if (title === '') throw RpcError.badRequest('CHAT_TITLE_EMPTY');
        if (title.length > 128) throw RpcError.badRequest('CHAT_TITLE_TOO_LONG');
        const about = typeof p.about === 'string' ? p.about : '';
        if (about.length > 255) throw RpcError.badRequest('CHAT_ABOUT_TOO_LONG');
        const megagroup = p.megagroup === true && p.broadcast !== true;
        const ops = { world: call.world, events: call.events, now: call.now };
        const { batch } = call.world.transaction(() => createChannel(ops, me, { title, about, megagroup }));
        return call.events.deliver(batch, { userId: me, authKeyId: call.ctx.authKeyId });
      },
    },

    'channels.inviteToChannel': {
      handler: (call, p) => {
        const me = call.requireUser();
        const channelId = resolveInputChannel(call, p.channel);
        const channel = call.world.channels.get(channelId)!;
        const mine = call.world.channels.member(channelId, me);
        if (!mine) throw RpcError.badRequest(channel.username ? 'CHAT_ADMIN_REQUIRED' : 'CHANNEL_PRIVATE');
        // Supergroup members may add people by default; in a broadcast channel only admins can.
        if (!channel.megagroup && mine.role === 'member') throw RpcError.badRequest('CHAT_ADMIN_REQUIRED');
        const users = field(p, 'users', isArray).map((u) => resolveInputUser(call, u));
        if (users.length === 0) throw RpcError.badRequest('USERS_TOO_FEW');
        if (users.length > 200) throw RpcError.badRequest('USERS_TOO_MUCH');
        const fresh = [...new Set(users)].filter((id) => !call.world.channels.member(channelId, id));
        if (fresh.length === 0) throw RpcError.badRequest('USER_ALREADY_PARTICIPANT');
        const ops = { world: call.world, events: call.events, now: call.now };
        const batch = call.world.transaction(() => addChannelMembers(ops, channelId, me, fresh));
        return call.events.deliver(batch, { userId: me, authKeyId: call.ctx.authKeyId });
      },
    },

    'channels.joinChannel': {
      handler: (call, p) => {
        const me = call.requireUser();
        const channelId = resolveInputChannel(call, p.channel);
        const channel = call.world.channels.get(channelId)!;
        if (call.world.channels.member(channelId, me)) throw RpcError.badRequest('USER_ALREADY_PARTICIPANT');
        if (!channel.username) throw RpcError.badRequest('CHANNEL_PRIVATE');
        const ops = { world: call.world, events: call.events, now: call.now };
        const batch = call.world.transaction(() => addChannelMembers(ops, channelId, me, [me]));
        return call.events.deliver(batch, { userId: me, authKeyId: call.ctx.authKeyId });
      },
    },

    'channels.getChannels': {
      handler: (call, p) => {
        const me = call.requireUser();
        const chats = field(p, 'id', isArray).map((v) => channelTl(call.world, me, resolveInputChannel(call, v)));
        return { _: 'messages.chats', chats };
      },
    },

    'channels.getFullChannel': {
      handler: (call, p) => {
        const me = call.requireUser();
        const channelId = visibleChannel(call, p.channel);
        const c = call.world.channels.get(channelId)!;
        const members = call.world.channels.members(channelId);
        const mine = members.find((m) => m.userId === me);
        const top = call.world.messages.lastOfChannel(channelId)?.id ?? 0;
        const peer = { type: 'channel' as const, id: channelId };
        const { requesterIds, ...requests } = pendingRequestsFields(call.world, peer, me);
        const refs = new Refs();
        requesterIds.forEach((id) => refs.users.add(id));
        return {
          _: 'messages.chatFull',
          full_chat: {
            _: 'channelFull',
            can_view_participants: c.megagroup || (mine !== undefined && mine.role !== 'member') || undefined,
            can_set_username: (mine !== undefined && mine.role !== 'member') || undefined,
            can_delete_channel: mine?.role === 'creator' || undefined,
            id: BigInt(channelId),
            about: c.about,
            participants_count: members.length,
            admins_count: members.filter((m) => m.role !== 'member').length,
            read_inbox_max_id: top,
            read_outbox_max_id: top,
            unread_count: 0,
            chat_photo: { _: 'photoEmpty', id: 0n },
            notify_settings: { _: 'peerNotifySettings' },
            exported_invite: primaryInviteTl(call.world, peer, me, call.now),
            bot_info: [],
            pts: c.pts,
            call: opts.hooks.activeCall?.({ type: 'channel', id: channelId }),
            ...requests,
          },
          chats: [channelTl(call.world, me, channelId)],
          users: refs.usersTl(call.world, me),
        };
      },
    },

    'channels.getParticipants': {
      handler: (call, p) => {
        const me = call.requireUser();
        const channelId = visibleChannel(call, p.channel);
        const c = call.world.channels.get(channelId)!;
        const mine = call.world.channels.member(channelId, me);
        if (!c.megagroup && (!mine || mine.role === 'member')) throw RpcError.badRequest('CHAT_ADMIN_REQUIRED');
        const all = call.world.channels.members(channelId);
        const filterTl = typeof p.filter === 'object' && p.filter !== null && '_' in p.filter ? p.filter : null;
        const filter = filterTl?._ ?? 'channelParticipantsRecent';
        const query = typeof filterTl?.q === 'string' ? filterTl.q : '';
        const chosen =
          filter === 'channelParticipantsAdmins'
            ? all.filter((m) => m.role !== 'member')
            : filter === 'channelParticipantsSearch'
              ? all.filter((m) => matchesMemberSearch(call.world.users.get(m.userId), query))
              : filter === 'channelParticipantsBots' ||
                  filter === 'channelParticipantsKicked' ||
                  filter === 'channelParticipantsBanned'
                ? [] // the world has no bots and bans no one
                : all;
        const offset = typeof p.offset === 'number' ? Math.max(0, p.offset) : 0;
        const limit = typeof p.limit === 'number' ? Math.min(Math.max(p.limit, 0), 200) : 200;
        const page = chosen.slice(offset, offset + limit);
        const refs = new Refs();
        page.forEach((m) => refs.users.add(m.userId));
        return {
          _: 'channels.channelParticipants',
          count: chosen.length,
          participants: page.map((m): TlObject => {
            if (m.role === 'creator')
              return {
                _: 'channelParticipantCreator',
                user_id: BigInt(m.userId),
                admin_rights: fullAdminRights(!c.megagroup),
              };
            if (m.role === 'admin') {
              return {
                _: 'channelParticipantAdmin',
                self: m.userId === me || undefined,
                user_id: BigInt(m.userId),
                inviter_id: m.userId === me ? BigInt(m.inviterId) : undefined,
                promoted_by: BigInt(c.creatorId),
                date: m.date,
                admin_rights: fullAdminRights(!c.megagroup),
              };
            }
            if (m.userId === me)
              return {
                _: 'channelParticipantSelf',
                user_id: BigInt(m.userId),
                inviter_id: BigInt(m.inviterId),
                date: m.date,
              };
            return { _: 'channelParticipant', user_id: BigInt(m.userId), date: m.date };
          }),
          chats: [],
          users: refs.usersTl(call.world, me),
        };
      },
    },
  };
}

/**
 * channelParticipantsSearch: every word of the query (case-insensitive) starts a word of the member's name or their
 * username, the way Telegram's member search finds "gr" in "Grace Gupta" and "gup" too. An empty query finds everyone.
 */
export function matchesMemberSearch(
  user: { firstName: string; lastName: string; username: string | null } | undefined,
  query: string,
): boolean {
  if (user === undefined) return false;
  const wanted = query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (wanted.length === 0) return true;
  const words = `${user.firstName} ${user.lastName} ${user.username ?? ''}`
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  return wanted.every((w) => words.some((word) => word.startsWith(w)));
}
