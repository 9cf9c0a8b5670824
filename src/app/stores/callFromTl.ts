// Telegram's call objects → the app's CallSummary, and who may manage calls in a chat. Pure, tested without a server.
import type { TypeChat, TypeGroupCall, TypeUser } from '../../telegram/tl/api.generated';
import type { CallLinkPolicy, CallSummary } from './backend';
import { displayName } from './fromTl';

/** A live or scheduled call as the chat page shows it; null for a discarded one. */
export function callSummaryFromTl(call: TypeGroupCall): CallSummary | null {
  if (call._ !== 'groupCall') return null;
  return {
    ref: { id: call.id, accessHash: call.access_hash },
    title: call.title ?? '',
    participantsCount: call.participants_count,
    scheduleDate: call.schedule_date ?? null,
    subscribed: call.schedule_start_subscribed === true,
    rtmp: call.rtmp_stream === true,
  };
}

/** Creator, or an admin with the right to manage calls (Telegram's manage_call). */
export function callRightsOf(chat: TypeChat | undefined): { canManageCalls: boolean; isOwner: boolean } {
  if (chat === undefined || (chat._ !== 'chat' && chat._ !== 'channel'))
    return { canManageCalls: false, isOwner: false };
  const isOwner = chat.creator === true;
  const rights = chat.admin_rights;
  return { canManageCalls: isOwner || (rights !== undefined && rights.manage_call === true), isOwner };
}

/**
 * Which link the chat's call can be shared with (Telegram Desktop's group-call settings and Android's call sheet decide
 * alike): a chat with a public username has call links; a private one only its invite link, which its creator and
 * admins with the invite_users right may make; anyone else has nothing to hand out.
 */
export function callLinkPolicyOf(chat: TypeChat | undefined): CallLinkPolicy {
  if (chat === undefined || (chat._ !== 'chat' && chat._ !== 'channel')) return 'none';
  if (chat._ === 'channel' && (chat.username !== undefined || chat.usernames?.some((u) => u.active === true) === true))
    return 'call-links';
  return chat.creator === true || chat.admin_rights?.invite_users === true ? 'chat-invite' : 'none';
}

/** "user:<id>" → the person's name, for every full user in a batch. */
export function userNamesOf(users: TypeUser[]): Array<[string, string]> {
  return users.flatMap((user) =>
    user._ === 'user' ? [[`user:${user.id}`, displayName(user)] as [string, string]] : [],
  );
}

/** "chat:<id>"/"channel:<id>" → title (a channel can join a call as itself). */
export function chatNamesOf(chats: TypeChat[]): Array<[string, string]> {
  return chats.flatMap((chat) =>
    chat._ === 'channel'
      ? [[`channel:${chat.id}`, chat.title] as [string, string]]
      : chat._ === 'chat'
        ? [[`chat:${chat.id}`, chat.title] as [string, string]]
        : [],
  );
}
