// Telegram's call objects → the app's CallSummary, and who may manage calls in a chat. Pure, tested without a server.
import type { TypeChat, TypeGroupCall, TypeUser } from '../../telegram/tl/api.generated';
import type { CallSummary } from './backend';
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
  if (chat === undefined || (chat._ !== 'chat' && chat._ !== 'channel')) return { canManageCalls: false, isOwner: false };
  const isOwner = chat.creator === true;
  const rights = chat.admin_rights;
  return { canManageCalls: isOwner || (rights !== undefined && rights.manage_call === true), isOwner };
}

/** "user:<id>" → the person's name, for every full user in a batch. */
export function userNamesOf(users: TypeUser[]): Array<[string, string]> {
  return users.flatMap((user) => (user._ === 'user' ? [[`user:${user.id}`, displayName(user)] as [string, string]] : []));
}

/** "chat:<id>"/"channel:<id>" → title (a channel can join a call as itself). */
export function chatNamesOf(chats: TypeChat[]): Array<[string, string]> {
  return chats.flatMap((chat) =>
    chat._ === 'channel' ? [[`channel:${chat.id}`, chat.title] as [string, string]] : chat._ === 'chat' ? [[`chat:${chat.id}`, chat.title] as [string, string]] : [],
  );
}
