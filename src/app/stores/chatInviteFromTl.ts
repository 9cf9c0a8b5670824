// messages.checkChatInvite's answer and the invite errors in the app's words. Pure, tested without a server.
import type { TypeChat, TypeChatInvite } from '../../telegram/tl/api.generated';
import { isRpcErrorLike } from '../errorMessages';
import type { ChatInvitePreview } from './backend';
import { chatKey } from './fromTl';

/** "chat:<id>" / "channel:<id>" of a group or channel the person can see; null for forbidden or empty chats. */
export function chatKeyOfTl(chat: TypeChat): string | null {
  if (chat._ === 'chat') return chatKey('chat', chat.id);
  if (chat._ === 'channel') return chatKey('channel', chat.id);
  return null;
}

/**
 * chatInvite: a chat to join. chatInvitePeek: a chat one may look into before joining — still not a member, so it is
 * asked like any other invite. chatInviteAlready: the person is in the chat (a chat the app cannot open is no lead).
 */
export function chatInvitePreviewOf(invite: TypeChatInvite): ChatInvitePreview {
  if (invite._ === 'chatInvite') {
    return {
      kind: 'invite',
      title: invite.title,
      about: invite.about ?? '',
      broadcast: invite.broadcast === true,
      participantsCount: invite.participants_count,
      requestNeeded: invite.request_needed === true,
    };
  }
  const chat = invite.chat;
  const title = chat._ === 'chatEmpty' ? '' : chat.title;
  if (invite._ === 'chatInvitePeek') {
    return {
      kind: 'invite',
      title,
      about: '',
      broadcast: chat._ === 'channel' && chat.broadcast === true,
      participantsCount: (chat._ === 'chat' || chat._ === 'channel' ? chat.participants_count : undefined) ?? 0,
      requestNeeded: false,
    };
  }
  const key = chatKeyOfTl(chat);
  return key === null ? { kind: 'invalid' } : { kind: 'member', chatKey: key, chatTitle: title };
}

/** A chat invite link Telegram does not know (INVITE_HASH_INVALID / _EMPTY) or no longer honours (INVITE_HASH_EXPIRED). */
export function deadInviteOf(error: unknown): 'invalid' | 'expired' | null {
  if (!isRpcErrorLike(error)) return null;
  if (error.type === 'INVITE_HASH_EXPIRED') return 'expired';
  return error.type === 'INVITE_HASH_INVALID' || error.type === 'INVITE_HASH_EMPTY' ? 'invalid' : null;
}
