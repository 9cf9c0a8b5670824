// A basic group does not exist for someone who is not in it: chat ids are sequential, so any answer
// to a stranger would let anyone list every group, its title, size and call. Telegram answers CHAT_ID_INVALID.
import { describe, expect, it } from 'vitest';
import { makeKit, type Kit } from './apiTestKit';
import type { TlObject } from './types';
import { BOOK_CLUB_TITLE } from '../world/seed';

const ALICE = '9996610001';
const ERIN = '9996610005'; // not in the Book Club (Alice, Bob, Carol, Dave)

function bookClub(k: Kit): bigint {
  const alice = k.world.users.byPhone(ALICE)!.id;
  return BigInt(k.world.chats.ofUser(alice).find((id) => k.world.chats.get(id)?.title === BOOK_CLUB_TITLE)!);
}

describe('a basic group asked about by someone not in it', () => {
  it('messages.getFullChat: CHAT_ID_INVALID, as for a chat that does not exist; members still get it', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    await k.signIn(5n, ERIN);
    const chatId = bookClub(k);
    expect(((await k.call(1n, 'messages.getFullChat', { chat_id: chatId })) as TlObject)._).toBe('messages.chatFull');
    const e = await k.fail(5n, 'messages.getFullChat', { chat_id: chatId });
    expect([e.code, e.type]).toEqual([400, 'CHAT_ID_INVALID']);
  });

  it('every other way in says nothing either: getChats, getHistory, addChatUser, exportChatInvite, sendMessage', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    await k.signIn(5n, ERIN);
    const chatId = bookClub(k);
    const peer = { _: 'inputPeerChat', chat_id: chatId };
    expect(((await k.call(5n, 'messages.getChats', { id: [chatId] })) as TlObject).chats).toEqual([]);
    expect(((await k.call(1n, 'messages.getChats', { id: [chatId] })) as TlObject).chats).toMatchObject([
      { _: 'chat', title: BOOK_CLUB_TITLE },
    ]);
    expect(
      (
        await k.fail(5n, 'messages.getHistory', {
          peer,
          offset_id: 0,
          offset_date: 0,
          add_offset: 0,
          limit: 10,
          max_id: 0,
          min_id: 0,
          hash: 0n,
        })
      ).type,
    ).toBe('PEER_ID_INVALID');
    const erin = k.world.users.byPhone(ERIN)!;
    expect(
      (
        await k.fail(5n, 'messages.addChatUser', {
          chat_id: chatId,
          user_id: { _: 'inputUser', user_id: BigInt(erin.id), access_hash: erin.accessHash },
          fwd_limit: 0,
        })
      ).type,
    ).toBe('CHAT_ID_INVALID');
    expect((await k.fail(5n, 'messages.exportChatInvite', { peer })).type).toBe('PEER_ID_INVALID');
    expect((await k.fail(5n, 'messages.sendMessage', { peer, message: 'hi', random_id: 1n })).type).toBe(
      'PEER_ID_INVALID',
    );
  });
});
