// updates.*: the user's state and the difference since a state, answered from the persisted update log; channel
// difference from the channel's own message sequence.
import { RpcError } from '../rpcError';
import { UPDATE_LOG_RETAIN_PTS } from '../world/updateLog';
import { resolveInputChannel } from './peers';
import { Refs, channelMessageRefs, channelMessageTl } from './views';
import { field, isNumber, type Call, type HandlerMap, type TlObject } from './types';

/** Past this many pts behind, the client should re-sync from dialogs (updates.differenceTooLong); the log keeps that much. */
const TOO_LONG = UPDATE_LOG_RETAIN_PTS;
/** Updates per difference answer; more means a differenceSlice. */
const SLICE = 100;

/**
 * Channels of the user with messages after the client's state date. Channel messages are not in the user's log (they
 * have the channel's own pts), so, as Telegram does, the difference names these channels with updateChannelTooLong
 * and the client fetches each with getChannelDifference. Dates are whole seconds: activity in the very second the
 * state was taken is not flagged (the client received it live or sees it in the dialogs).
 */
function channelsActiveSince(call: Call, me: number, date: number): { id: number; pts: number }[] {
  if (date <= 0) return [];
  const out: { id: number; pts: number }[] = [];
  for (const id of call.world.channels.ofUser(me)) {
    const last = call.world.messages.lastOfChannel(id);
    if (last && last.date > date) out.push({ id, pts: call.world.channels.get(id)!.pts });
  }
  return out;
}

export function updatesHandlers(): HandlerMap {
  return {
    'updates.getState': {
      handler: (call) => {
        const me = call.requireUser();
        return { _: 'updates.state', pts: call.world.users.pts(me), qts: 0, date: call.now, seq: 0, unread_count: 0 };
      },
    },

    'updates.getDifference': {
      handler: (call, p) => {
        const me = call.requireUser();
        const pts = field(p, 'pts', isNumber);
        const date = field(p, 'date', isNumber);
        const current = call.world.users.pts(me);
        const totalLimit =
          typeof p.pts_total_limit === 'number' && p.pts_total_limit > 0 ? p.pts_total_limit : TOO_LONG;
        if (current - pts > Math.min(totalLimit, TOO_LONG)) return { _: 'updates.differenceTooLong', pts: current };
        const oldest = call.world.updateLog.oldestPts(me);
        if (pts < current && oldest !== undefined && pts < oldest)
          return { _: 'updates.differenceTooLong', pts: current };
        // A few rows past the slice size: rows sharing the last pts must travel together (see Events.other).
        const rows = call.world.updateLog.since(me, pts, SLICE + 32);
        const channels = channelsActiveSince(call, me, date);
        if (rows.length === 0 && channels.length === 0) return { _: 'updates.differenceEmpty', date: call.now, seq: 0 };
        const taken = rows.slice(0, SLICE);
        while (taken.length < rows.length && rows[taken.length].pts === taken[taken.length - 1].pts)
          taken.push(rows[taken.length]);
        const slice = taken.length < rows.length;
        const refs = new Refs();
        const newMessages: TlObject[] = [];
        const other: TlObject[] = [];
        for (const r of taken) {
          refs.addRefs(r.refs);
          const message = r.update.message;
          if (r.update._ === 'updateNewMessage' && typeof message === 'object' && message !== null && '_' in message) {
            newMessages.push(message);
          } else {
            other.push(r.update);
          }
        }
        if (!slice) {
          for (const c of channels) {
            other.push({ _: 'updateChannelTooLong', channel_id: BigInt(c.id), pts: c.pts });
            refs.channels.add(c.id);
          }
        }
        const last = taken[taken.length - 1];
        const state =
          slice && last
            ? { _: 'updates.state', pts: last.pts, qts: 0, date: last.date, seq: 0, unread_count: 0 }
            : { _: 'updates.state', pts: current, qts: 0, date: call.now, seq: 0, unread_count: 0 };
        const body = {
          new_messages: newMessages,
          new_encrypted_messages: [],
          other_updates: other,
          chats: refs.chatsTl(call.world, me),
          users: refs.usersTl(call.world, me),
        };
        return slice
          ? { _: 'updates.differenceSlice', ...body, intermediate_state: state }
          : { _: 'updates.difference', ...body, state };
      },
    },

    'updates.getChannelDifference': {
      handler: (call, p) => {
        const me = call.requireUser();
        const channelId = resolveInputChannel(call, p.channel);
        const c = call.world.channels.get(channelId)!;
        if (!c.username && !call.world.channels.member(channelId, me)) throw RpcError.badRequest('CHANNEL_PRIVATE');
        const pts = field(p, 'pts', isNumber);
        if (pts <= 0) throw RpcError.badRequest('PERSISTENT_TIMESTAMP_INVALID');
        const limit = typeof p.limit === 'number' ? Math.min(Math.max(p.limit, 1), 1000) : 100;
        if (pts >= c.pts) return { _: 'updates.channelDifferenceEmpty', final: true, pts: c.pts };
        const msgs = call.world.messages.channelSince(channelId, pts, limit);
        const refs = new Refs();
        msgs.forEach((m) => refs.addRefs(channelMessageRefs(m).toJSON()));
        refs.channels.add(channelId);
        const last = msgs[msgs.length - 1];
        const reached = last ? last.pts : c.pts;
        return {
          _: 'updates.channelDifference',
          final: reached >= c.pts || undefined,
          pts: reached,
          new_messages: msgs.map((m) => channelMessageTl(call.world, me, m)),
          other_updates: [],
          chats: refs.chatsTl(call.world, me),
          users: refs.usersTl(call.world, me),
        };
      },
    },
  };
}
