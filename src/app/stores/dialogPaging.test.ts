import { describe, expect, it } from 'vitest';
import type { Dialog, Message, TypePeer } from '../../telegram/tl/api.generated';
import { nextDialogsOffset } from './dialogPaging';

const dialog = (peer: TypePeer, top: number): Dialog => ({
  _: 'dialog',
  peer,
  top_message: top,
  read_inbox_max_id: 0,
  read_outbox_max_id: 0,
  unread_count: 0,
  unread_mentions_count: 0,
  unread_reactions_count: 0,
  notify_settings: { _: 'peerNotifySettings' },
});
const message = (id: number, peer: TypePeer, date: number): Message => ({
  _: 'message',
  id,
  peer_id: peer,
  date,
  message: '',
});
const photo = { _: 'chatPhotoEmpty' } as const;

describe('nextDialogsOffset', () => {
  it('starts after the last dialog, matching its top message by id and peer', () => {
    const channelPeer: TypePeer = { _: 'peerChannel', channel_id: '50' };
    const offset = nextDialogsOffset({
      dialogs: [dialog({ _: 'peerChat', chat_id: '1' }, 7), dialog(channelPeer, 7)],
      // Message ids repeat across channels: the one for the channel is the one that counts.
      messages: [message(7, { _: 'peerChat', chat_id: '1' }, 2000), message(7, channelPeer, 1000)],
      chats: [{ _: 'channel', id: '50', access_hash: '999', title: 'C', photo, date: 0 }],
      users: [],
    });
    expect(offset).toEqual({
      offset_date: 1000,
      offset_id: 7,
      offset_peer: { _: 'inputPeerChannel', channel_id: '50', access_hash: '999' },
    });
  });

  it('gives the access hash of a user peer and plain ids for basic groups', () => {
    const userPeer: TypePeer = { _: 'peerUser', user_id: '8' };
    expect(
      nextDialogsOffset({
        dialogs: [dialog(userPeer, 3)],
        messages: [message(3, userPeer, 5)],
        chats: [],
        users: [{ _: 'user', id: '8', access_hash: '42' }],
      })?.offset_peer,
    ).toEqual({ _: 'inputPeerUser', user_id: '8', access_hash: '42' });
    const chatPeer: TypePeer = { _: 'peerChat', chat_id: '4' };
    expect(
      nextDialogsOffset({ dialogs: [dialog(chatPeer, 1)], messages: [message(1, chatPeer, 9)], chats: [], users: [] })
        ?.offset_peer,
    ).toEqual({
      _: 'inputPeerChat',
      chat_id: '4',
    });
  });

  it('is null for an empty page or a missing message', () => {
    expect(nextDialogsOffset({ dialogs: [], messages: [], chats: [], users: [] })).toBeNull();
    expect(
      nextDialogsOffset({ dialogs: [dialog({ _: 'peerChat', chat_id: '1' }, 9)], messages: [], chats: [], users: [] }),
    ).toBeNull();
  });
});
