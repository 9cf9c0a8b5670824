// messages.*: dialogs, history, sending text, and basic groups (create, add a user, full chat, getChats).
import { RpcError } from '../rpcError';
import { pendingRequestsFields, primaryInviteTl } from './chatInvites';
import type { ApiOptions } from './options';
import { addChatUser, chatParticipantsTl, createChat, sendText } from './operations';
import { canSeeChat, resolveChatId, resolveInputPeer, resolveInputUser } from './peers';
import {
  Refs,
  boxMessageRefs,
  boxMessageTl,
  channelMessageRefs,
  channelMessageTl,
  chatTl,
  peerChannel,
  peerChat,
  peerUser,
} from './views';
import { field, idOf, isArray, isString, type Call, type HandlerMap, type TlObject } from './types';

interface DialogEntry {
  peer: TlObject;
  topMessage: TlObject;
  topId: number;
  date: number;
  pts?: number;
  refs: Refs;
}

function dialogsOf(call: Call, me: number): DialogEntry[] {
  const w = call.world;
  const entries: DialogEntry[] = [];
  for (const m of w.messages.lastPerPeer(me)) {
    entries.push({
      peer: m.peer.type === 'user' ? peerUser(m.peer.id) : peerChat(m.peer.id),
      topMessage: boxMessageTl(m),
      topId: m.id,
      date: m.date,
      refs: boxMessageRefs(m),
    });
  }
  for (const channelId of w.channels.ofUser(me)) {
    const m = w.messages.lastOfChannel(channelId);
    if (!m) continue;
    entries.push({
      peer: peerChannel(channelId),
      topMessage: channelMessageTl(w, me, m),
      topId: m.id,
      date: m.date,
      pts: w.channels.get(channelId)!.pts,
      refs: channelMessageRefs(m),
    });
  }
  return entries.sort((a, b) => b.date - a.date || b.topId - a.topId);
}

function dialogTl(d: DialogEntry): TlObject {
  return {
    _: 'dialog',
    peer: d.peer,
    top_message: d.topId,
    read_inbox_max_id: d.topId,
    read_outbox_max_id: d.topId,
    unread_count: 0,
    unread_mentions_count: 0,
    unread_reactions_count: 0,
    notify_settings: { _: 'peerNotifySettings' },
    pts: d.pts,
  };
}

export function messagesHandlers(opts: ApiOptions): HandlerMap {
  return {
    'messages.getDialogs': {
      handler: (call, p) => {
        const me = call.requireUser();
        if (p.folder_id === 1) return { _: 'messages.dialogs', dialogs: [], messages: [], chats: [], users: [] };
        const all = dialogsOf(call, me);
        const offsetDate = typeof p.offset_date === 'number' ? p.offset_date : 0;
        const offsetId = typeof p.offset_id === 'number' ? p.offset_id : 0;
        const limit = Math.min(Math.max(typeof p.limit === 'number' ? p.limit : 100, 1), 100);
        const after =
          offsetDate > 0
            ? all.filter((d) => d.date < offsetDate || (d.date === offsetDate && offsetId > 0 && d.topId < offsetId))
            : all;
        const page = after.slice(0, limit);
        const refs = new Refs();
        for (const d of page) refs.addRefs(d.refs.toJSON());
        const body = {
          dialogs: page.map(dialogTl),
          messages: page.map((d) => d.topMessage),
          chats: refs.chatsTl(call.world, me),
          users: refs.usersTl(call.world, me),
        };
        return page.length === all.length
          ? { _: 'messages.dialogs', ...body }
          : { _: 'messages.dialogsSlice', count: all.length, ...body };
      },
    },

    // core.telegram.org/method/messages.getPeerDialogs: the dialogs of given peers (a client reads a channel's pts here).
    'messages.getPeerDialogs': {
      handler: (call, p) => {
        const me = call.requireUser();
        const wanted = (isArray(p.peers) ? p.peers : []).map((dialogPeer) => {
          const inner = (dialogPeer as TlObject)._ === 'inputDialogPeer' ? (dialogPeer as TlObject).peer : undefined;
          if (inner === undefined) throw RpcError.badRequest('PEER_ID_INVALID');
          return resolveInputPeer(call, inner);
        });
        const all = dialogsOf(call, me);
        const key = (peer: TlObject) => {
          const id = peer.user_id ?? peer.chat_id ?? peer.channel_id;
          return `${peer._}:${typeof id === 'bigint' || typeof id === 'number' ? id : '?'}`;
        };
        const keys = new Set(
          wanted.map((peer) =>
            key(
              peer.type === 'user'
                ? peerUser(peer.id)
                : peer.type === 'chat'
                  ? peerChat(peer.id)
                  : peerChannel(peer.id),
            ),
          ),
        );
        const page = all.filter((d) => keys.has(key(d.peer)));
        const refs = new Refs();
        for (const d of page) refs.addRefs(d.refs.toJSON());
        return {
          _: 'messages.peerDialogs',
          dialogs: page.map(dialogTl),
          messages: page.map((d) => d.topMessage),
          chats: refs.chatsTl(call.world, me),
          users: refs.usersTl(call.world, me),
          state: { _: 'updates.state', pts: call.world.users.pts(me), qts: 0, date: call.now, seq: 0, unread_count: 0 },
        };
      },
    },

    'messages.getHistory': {
      handler: (call, p) => {
        const me = call.requireUser();
        const peer = resolveInputPeer(call, p.peer);
        const offsetId = typeof p.offset_id === 'number' && p.offset_id > 0 ? p.offset_id : Number.MAX_SAFE_INTEGER;
        const limit = Math.min(Math.max(typeof p.limit === 'number' ? p.limit : 20, 1), 100);
        const refs = new Refs();
        if (peer.type === 'channel') {
          const c = call.world.channels.get(peer.id)!;
          if (!c.username && !call.world.channels.member(peer.id, me)) throw RpcError.badRequest('CHANNEL_PRIVATE');
          const msgs = call.world.messages.channelHistory(peer.id, offsetId, limit);
          msgs.forEach((m) => refs.addRefs(channelMessageRefs(m).toJSON()));
          refs.channels.add(peer.id);
          return {
            _: 'messages.channelMessages',
            pts: c.pts,
            count: msgs.length,
            messages: msgs.map((m) => channelMessageTl(call.world, me, m)),
            topics: [],
            chats: refs.chatsTl(call.world, me),
            users: refs.usersTl(call.world, me),
          };
        }
        const msgs = call.world.messages.boxHistory(me, peer, offsetId, limit);
        msgs.forEach((m) => refs.addRefs(boxMessageRefs(m).toJSON()));
        if (peer.type === 'user') refs.users.add(peer.id);
        else refs.chats.add(peer.id);
        return {
          _: 'messages.messages',
          messages: msgs.map(boxMessageTl),
          chats: refs.chatsTl(call.world, me),
          users: refs.usersTl(call.world, me),
        };
      },
    },

    'messages.sendMessage': {
      handler: (call, p) => {
        const me = call.requireUser();
        const peer = resolveInputPeer(call, p.peer);
        const text = field(p, 'message', isString);
        if (text.trim() === '') throw RpcError.badRequest('MESSAGE_EMPTY');
        if (text.length > 4096) throw RpcError.badRequest('MESSAGE_TOO_LONG');
        if (peer.type === 'chat' && !call.world.chats.member(peer.id, me))
          throw RpcError.forbidden('CHAT_WRITE_FORBIDDEN');
        if (peer.type === 'channel') {
          const member = call.world.channels.member(peer.id, me);
          const c = call.world.channels.get(peer.id)!;
          if (!member || (!c.megagroup && member.role === 'member')) throw RpcError.forbidden('CHAT_WRITE_FORBIDDEN');
        }
        const ops = { world: call.world, events: call.events, now: call.now };
        const { batch, messageId } = call.world.transaction(() => sendText(ops, me, peer, text));
        const result = call.events.deliver(batch, { userId: me, authKeyId: call.ctx.authKeyId })!;
        if (typeof p.random_id === 'bigint' && Array.isArray(result.updates)) {
          result.updates.unshift({ _: 'updateMessageID', id: messageId, random_id: p.random_id });
        }
        return result;
      },
    },

    'messages.readHistory': {
      handler: (call) => {
        const me = call.requireUser();
        return { _: 'messages.affectedMessages', pts: call.world.users.pts(me), pts_count: 0 };
      },
    },

    'messages.getChats': {
      handler: (call, p) => {
        const me = call.requireUser();
        const chats = field(p, 'id', isArray)
          .map(idOf)
          .filter((id) => canSeeChat(call, id))
          .map((id) => chatTl(call.world, me, id));
        return { _: 'messages.chats', chats };
      },
    },

    'messages.getFullChat': {
      handler: (call, p) => {
        const me = call.requireUser();
        const chatId = resolveChatId(call, idOf(p.chat_id));
        const chat = call.world.chats.get(chatId)!;
        const members = call.world.chats.members(chatId);
        const isMember = members.some((m) => m.userId === me);
        const refs = new Refs();
        refs.chats.add(chatId);
        if (isMember) members.forEach((m) => refs.users.add(m.userId));
        const activeCall = opts.hooks.activeCall?.({ type: 'chat', id: chatId });
        const peer = { type: 'chat' as const, id: chatId };
        const { requesterIds, ...requests } = pendingRequestsFields(call.world, peer, me);
        requesterIds.forEach((id) => refs.users.add(id));
        return {
          _: 'messages.chatFull',
          full_chat: {
            _: 'chatFull',
            id: BigInt(chatId),
            about: chat.about,
            participants: isMember
              ? chatParticipantsTl(call.world, chatId)
              : { _: 'chatParticipantsForbidden', chat_id: BigInt(chatId) },
            notify_settings: { _: 'peerNotifySettings' },
            exported_invite: primaryInviteTl(call.world, peer, me, call.now),
            call: activeCall,
            ...requests,
          },
          chats: refs.chatsTl(call.world, me),
          users: refs.usersTl(call.world, me),
        };
      },
    },

    'messages.createChat': {
      handler: (call, p) => {
        const me = call.requireUser();
        const title = field(p, 'title', isString).trim();
        if (title === '') throw RpcError.badRequest('CHAT_TITLE_EMPTY');
        if (title.length > 128) throw RpcError.badRequest('CHAT_TITLE_TOO_LONG');
        const users = field(p, 'users', isArray).map((u) => resolveInputUser(call, u));
        if (users.filter((id) => id !== me).length === 0) throw RpcError.badRequest('USERS_TOO_FEW');
        if (users.length >= 200) throw RpcError.badRequest('USERS_TOO_MUCH');
        const ops = { world: call.world, events: call.events, now: call.now };
        const { batch } = call.world.transaction(() => createChat(ops, me, users, title));
        return call.events.deliver(batch, { userId: me, authKeyId: call.ctx.authKeyId });
      },
    },

    'messages.addChatUser': {
      handler: (call, p) => {
        const me = call.requireUser();
        const chatId = resolveChatId(call, idOf(p.chat_id));
        const chat = call.world.chats.get(chatId)!;
        const target = resolveInputUser(call, p.user_id);
        const mine = call.world.chats.member(chatId, me);
        if (!mine || (!mine.isAdmin && !chat.membersCanInvite)) throw RpcError.badRequest('CHAT_ADMIN_REQUIRED');
        if (call.world.chats.member(chatId, target)) throw RpcError.badRequest('USER_ALREADY_PARTICIPANT');
        if (typeof p.fwd_limit === 'number' && p.fwd_limit > 100) throw RpcError.badRequest('USERS_TOO_MUCH');
        const ops = { world: call.world, events: call.events, now: call.now };
        const batch = call.world.transaction(() => addChatUser(ops, chatId, me, target));
        return call.events.deliver(batch, { userId: me, authKeyId: call.ctx.authKeyId });
      },
    },
  };
}
