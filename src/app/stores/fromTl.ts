// Telegram's TL objects → the app's own small shapes (ChatSummary, Contact, SelfUser). Pure, so the mapping rules
// (which chats count as "yours", what a channel vs a group is) are tested without a server.
import type { TypeChat, TypeDialog, TypeUser, User } from '../../telegram/tl/api.generated';
import type { ChatSummary, Contact, SelfUser } from './backend';

export function chatKey(kind: 'chat' | 'channel', id: string): string {
  return `${kind}:${id}`;
}

/** A chat the person is in, as the list shows it; null for chats they left, lost, or only glimpsed (min channels). */
export function chatSummaryFromTl(chat: TypeChat): ChatSummary | null {
  switch (chat._) {
    case 'chat':
      if (chat.left || chat.deactivated || chat.migrated_to) return null;
      return {
        key: chatKey('chat', chat.id),
        id: chat.id,
        kind: 'group',
        title: chat.title,
        callActive: !!chat.call_active,
        callNotEmpty: !!chat.call_not_empty,
      };
    case 'channel':
      if (chat.left || chat.min) return null;
      return {
        key: chatKey('channel', chat.id),
        id: chat.id,
        // A megagroup is a channel on the wire but a group to the person.
        kind: chat.broadcast ? 'channel' : 'group',
        title: chat.title,
        callActive: !!chat.call_active,
        callNotEmpty: !!chat.call_not_empty,
      };
    default:
      return null;
  }
}

/** The key of a chat that is no longer yours (left, kicked, deactivated), or null if it still is / is not a chat. */
export function removedChatKey(chat: TypeChat): string | null {
  switch (chat._) {
    case 'chat':
      return chat.left || chat.deactivated || chat.migrated_to ? chatKey('chat', chat.id) : null;
    case 'chatForbidden':
      return chatKey('chat', chat.id);
    case 'channel':
      return chat.left && !chat.min ? chatKey('channel', chat.id) : null;
    case 'channelForbidden':
      return chatKey('channel', chat.id);
    default:
      return null;
  }
}

/** Groups and channels in dialog order (most recent first), then any chat the dialogs did not mention. */
export function chatsInDialogOrder(dialogs: TypeDialog[], chats: TypeChat[]): ChatSummary[] {
  const byKey = new Map<string, ChatSummary>();
  for (const chat of chats) {
    const summary = chatSummaryFromTl(chat);
    if (summary) byKey.set(summary.key, summary);
  }
  const ordered: ChatSummary[] = [];
  for (const dialog of dialogs) {
    if (dialog._ !== 'dialog') continue;
    const peer = dialog.peer;
    const key =
      peer._ === 'peerChat'
        ? chatKey('chat', peer.chat_id)
        : peer._ === 'peerChannel'
          ? chatKey('channel', peer.channel_id)
          : null;
    const summary = key ? byKey.get(key) : undefined;
    if (key && summary) {
      ordered.push(summary);
      byKey.delete(key);
    }
  }
  return [...ordered, ...byKey.values()];
}

export function displayName(user: { first_name?: string; last_name?: string; phone?: string }): string {
  const name = [user.first_name, user.last_name].filter((part) => part && part.trim()).join(' ');
  return name || (user.phone ? `+${user.phone}` : 'Unknown');
}

export function contactFromTl(user: TypeUser): Contact | null {
  if (user._ !== 'user' || user.deleted || user.self) return null;
  return { id: user.id, name: displayName(user), phone: user.phone ?? '' };
}

export function selfFromTl(user: TypeUser): SelfUser {
  if (user._ !== 'user') return { id: user.id, firstName: '', lastName: '', phone: '' };
  return { id: user.id, firstName: user.first_name ?? '', lastName: user.last_name ?? '', phone: user.phone ?? '' };
}

export function isFullUser(user: TypeUser): user is User {
  return user._ === 'user';
}
