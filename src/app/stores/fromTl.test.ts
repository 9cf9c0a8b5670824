import { describe, expect, it } from 'vitest';
import type { Channel, Chat, Dialog, TypeChat } from '../../telegram/tl/api.generated';
import { chatsInDialogOrder, chatSummaryFromTl, contactFromTl, removedChatKey } from './fromTl';

const photo = { _: 'chatPhotoEmpty' } as const;
const chat = (id: string, title: string, extra: Partial<Chat> = {}): Chat => ({
  _: 'chat',
  id,
  title,
  photo,
  participants_count: 2,
  date: 0,
  version: 1,
  ...extra,
});
const channel = (id: string, title: string, extra: Partial<Channel> = {}): Channel => ({
  _: 'channel',
  id,
  title,
  photo,
  date: 0,
  access_hash: '1',
  ...extra,
});
const dialog = (peer: Dialog['peer']): Dialog => ({
  _: 'dialog',
  peer,
  top_message: 1,
  read_inbox_max_id: 0,
  read_outbox_max_id: 0,
  unread_count: 0,
  unread_mentions_count: 0,
  unread_reactions_count: 0,
  notify_settings: { _: 'peerNotifySettings' },
});

describe('chatSummaryFromTl', () => {
  it('tells groups, megagroups and channels apart and carries call_active', () => {
    expect(chatSummaryFromTl(chat('1', 'Family', { call_active: true }))).toEqual({
      key: 'chat:1',
      id: '1',
      kind: 'group',
      title: 'Family',
      callActive: true,
      callNotEmpty: false,
    });
    expect(chatSummaryFromTl(channel('9', 'Live', { call_active: true, call_not_empty: true }))?.callNotEmpty).toBe(
      true,
    );
    expect(chatSummaryFromTl(channel('2', 'Demo', { megagroup: true }))?.kind).toBe('group');
    expect(chatSummaryFromTl(channel('3', 'News', { broadcast: true }))?.kind).toBe('channel');
  });

  it('drops chats the person is not in', () => {
    expect(chatSummaryFromTl(chat('1', 'Old', { left: true }))).toBeNull();
    expect(chatSummaryFromTl(chat('1', 'Old', { deactivated: true }))).toBeNull();
    expect(chatSummaryFromTl(channel('2', 'Seen', { min: true }))).toBeNull();
    expect(chatSummaryFromTl({ _: 'chatForbidden', id: '4', title: 'Gone' })).toBeNull();
    expect(removedChatKey({ _: 'chatForbidden', id: '4', title: 'Gone' })).toBe('chat:4');
    expect(removedChatKey(channel('5', 'Left', { left: true }))).toBe('channel:5');
    expect(removedChatKey(chat('6', 'Here'))).toBeNull();
  });
});

describe('chatsInDialogOrder', () => {
  it('follows the dialogs, then appends chats without a dialog, skipping users', () => {
    const chats: TypeChat[] = [chat('1', 'A'), channel('2', 'B', { broadcast: true }), chat('3', 'C')];
    const dialogs = [
      dialog({ _: 'peerUser', user_id: '9' }),
      dialog({ _: 'peerChannel', channel_id: '2' }),
      dialog({ _: 'peerChat', chat_id: '1' }),
    ];
    expect(chatsInDialogOrder(dialogs, chats).map((c) => c.key)).toEqual(['channel:2', 'chat:1', 'chat:3']);
  });
});

describe('contactFromTl', () => {
  it('names a contact by first and last name, else by phone', () => {
    expect(contactFromTl({ _: 'user', id: '7', first_name: 'Ann', last_name: 'Lee', phone: '9996610001' })).toEqual({
      id: '7',
      name: 'Ann Lee',
      phone: '9996610001',
    });
    expect(contactFromTl({ _: 'user', id: '8', phone: '9996610002' })?.name).toBe('+9996610002');
    expect(contactFromTl({ _: 'userEmpty', id: '9' })).toBeNull();
  });
});
