// Contacts, usernames, users, dialogs, basic groups and channels: results and the errors Telegram gives, and the
// updates each change pushes to the other people's keys.
import { describe, expect, it } from 'vitest';
import { makeKit, type Kit } from './apiTestKit';
import { listHash } from './listHash';
import type { TlObject } from './types';

const ALICE = '9996610001';
const BOB = '9996610002';
const CAROL = '9996610003';
const ERIN = '9996610005';

const inputUser = (k: Kit, phone: string): TlObject => {
  const u = k.world.users.byPhone(phone)!;
  return { _: 'inputUser', user_id: BigInt(u.id), access_hash: u.accessHash };
};
const names = (updates: TlObject) => (updates.updates as TlObject[]).map((u) => u._);

describe('contacts', () => {
  it('lists contacts and answers contactsNotModified for the same hash', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    const c = (await k.call(1n, 'contacts.getContacts', { hash: 0n })) as TlObject;
    expect(c._).toBe('contacts.contacts');
    const ids = (c.contacts as TlObject[]).map((x) => x.user_id as bigint);
    expect(ids.length).toBe(12);
    expect(((await k.call(1n, 'contacts.getContacts', { hash: listHash(ids) })) as TlObject)._).toBe(
      'contacts.contactsNotModified',
    );
    expect(((await k.call(1n, 'contacts.getContacts', { hash: listHash(ids) + 1n })) as TlObject)._).toBe(
      'contacts.contacts',
    );
  });

  it('imports by phone: known numbers become contacts, unknown ones are skipped', async () => {
    const k = makeKit();
    await k.signIn(1n, '9996630001', { first: 'Newt' });
    const r = (await k.call(1n, 'contacts.importContacts', {
      contacts: [
        { _: 'inputPhoneContact', client_id: 7n, phone: '+999 661 0002', first_name: 'Bobby', last_name: '' },
        { _: 'inputPhoneContact', client_id: 8n, phone: '9996619999', first_name: 'Nobody', last_name: '' },
      ],
    })) as TlObject;
    expect(r.imported).toEqual([
      { _: 'importedContact', user_id: BigInt(k.world.users.byPhone(BOB)!.id), client_id: 7n },
    ]);
    expect((r.users as TlObject[])[0].first_name).toBe('Bobby');
  });

  it('searches people and public chats by name and username; empty query is SEARCH_QUERY_EMPTY', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    const found = (await k.call(1n, 'contacts.search', { q: 'bob', limit: 10 })) as TlObject;
    expect((found.my_results as TlObject[]).map((p) => p.user_id)).toEqual([BigInt(k.world.users.byPhone(BOB)!.id)]);
    const demo = (await k.call(1n, 'contacts.search', { q: 'tgcall_d', limit: 10 })) as TlObject;
    expect((demo.chats as TlObject[]).map((c) => c.username)).toEqual(['tgcall_demo']);
    expect((await k.fail(1n, 'contacts.search', { q: ' ', limit: 10 })).type).toBe('SEARCH_QUERY_EMPTY');
  });

  it('resolves usernames to users and channels; USERNAME_NOT_OCCUPIED and USERNAME_INVALID otherwise', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    const bob = (await k.call(1n, 'contacts.resolveUsername', { username: 'Bob_Baker' })) as TlObject;
    expect(bob.peer).toEqual({ _: 'peerUser', user_id: BigInt(k.world.users.byPhone(BOB)!.id) });
    const demo = (await k.call(1n, 'contacts.resolveUsername', { username: 'tgcall_demo' })) as TlObject;
    expect((demo.peer as TlObject)._).toBe('peerChannel');
    expect(((demo.chats as TlObject[])[0].access_hash as bigint) > 0n).toBe(true);
    expect((await k.fail(1n, 'contacts.resolveUsername', { username: 'nobody_here' })).type).toBe(
      'USERNAME_NOT_OCCUPIED',
    );
    expect((await k.fail(1n, 'contacts.resolveUsername', { username: 'bad-name!' })).type).toBe('USERNAME_INVALID');
  });
});

describe('usernames', () => {
  it('checks and changes a username with Telegram errors', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    await k.signIn(2n, ALICE); // a second session of Alice hears about the change
    k.pushed.length = 0;
    expect(await k.call(1n, 'account.checkUsername', { username: 'alice_new' })).toBe(true);
    expect((await k.fail(1n, 'account.checkUsername', { username: 'bob_baker' })).type).toBe('USERNAME_OCCUPIED');
    expect((await k.fail(1n, 'account.checkUsername', { username: 'tgcall_demo' })).type).toBe('USERNAME_OCCUPIED');
    expect((await k.fail(1n, 'account.checkUsername', { username: 'ab' })).type).toBe('USERNAME_INVALID');
    expect((await k.fail(1n, 'account.updateUsername', { username: 'alice_archer' })).type).toBe(
      'USERNAME_NOT_MODIFIED',
    );
    expect((await k.fail(1n, 'account.updateUsername', { username: '1alice' })).type).toBe('USERNAME_INVALID');
    const me = (await k.call(1n, 'account.updateUsername', { username: 'alice_new' })) as TlObject;
    expect(me.username).toBe('alice_new');
    expect(k.pushed.map((p) => [p.authKeyId, names(p.updates)])).toEqual([[2n, ['updateUserName']]]);
    expect((await k.fail(1n, 'contacts.resolveUsername', { username: 'alice_archer' })).type).toBe(
      'USERNAME_NOT_OCCUPIED',
    );
  });
});

describe('users', () => {
  it('getUsers skips unknown users; getFullUser answers USER_ID_INVALID for a bad access hash', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    const bob = inputUser(k, BOB);
    const list = (await k.call(1n, 'users.getUsers', {
      id: [{ _: 'inputUserSelf' }, bob, { _: 'inputUser', user_id: 42n, access_hash: 1n }],
    })) as TlObject[];
    expect(list.map((u) => u.first_name)).toEqual(['Alice', 'Bob']);
    expect(list[1].phone).toBe(BOB); // Bob has Alice as a contact
    const full = (await k.call(1n, 'users.getFullUser', { id: bob })) as TlObject;
    expect((full.full_user as TlObject).id).toBe(bob.user_id);
    expect((full.full_user as TlObject).common_chats_count).toBe(1);
    const e = await k.fail(1n, 'users.getFullUser', { id: { ...bob, access_hash: 5n } });
    expect([e.code, e.type]).toEqual([400, 'USER_ID_INVALID']);
  });
});

describe('basic groups', () => {
  it('createChat returns updates to the creator and pushes the new group to members', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    await k.signIn(2n, BOB);
    k.pushed.length = 0;
    const r = (await k.call(1n, 'messages.createChat', {
      users: [inputUser(k, BOB)],
      title: 'Call planning',
    })) as TlObject;
    expect(r._).toBe('updates');
    expect(names(r)).toEqual(['updateNewMessage', 'updateChatParticipants']);
    const msg = (r.updates as TlObject[])[0].message as TlObject;
    expect(msg._).toBe('messageService');
    expect((msg.action as TlObject)._).toBe('messageActionChatCreate');
    expect(msg.out).toBe(true);
    const chat = (r.chats as TlObject[])[0];
    expect([chat.title, chat.participants_count, chat.creator]).toEqual(['Call planning', 2, true]);
    expect(k.pushed.map((p) => p.authKeyId)).toEqual([2n]); // not to the caller's own key
    const bobMsg = (k.pushed[0].updates.updates as TlObject[])[0].message as TlObject;
    expect(bobMsg.out).toBeUndefined();
    expect((await k.fail(1n, 'messages.createChat', { users: [inputUser(k, BOB)], title: ' ' })).type).toBe(
      'CHAT_TITLE_EMPTY',
    );
    expect(
      (
        await k.fail(1n, 'messages.createChat', {
          users: [{ _: 'inputUser', user_id: 99n, access_hash: 0n }],
          title: 'x',
        })
      ).type,
    ).toBe('USER_ID_INVALID');
  });

  it('addChatUser: adds, then USER_ALREADY_PARTICIPANT; CHAT_ADMIN_REQUIRED for a non-admin when invites are admin-only', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    await k.signIn(2n, BOB);
    await k.signIn(5n, ERIN);
    const created = (await k.call(1n, 'messages.createChat', {
      users: [inputUser(k, BOB)],
      title: 'Planning',
    })) as TlObject;
    const chatId = (created.chats as TlObject[])[0].id as bigint;
    k.pushed.length = 0;
    const r = (await k.call(1n, 'messages.addChatUser', {
      chat_id: chatId,
      user_id: inputUser(k, ERIN),
      fwd_limit: 10,
    })) as TlObject;
    expect(names(r)).toEqual(['updateNewMessage', 'updateChatParticipants']);
    expect(new Set(k.pushed.map((p) => p.authKeyId))).toEqual(new Set([2n, 5n]));
    expect(
      (await k.fail(1n, 'messages.addChatUser', { chat_id: chatId, user_id: inputUser(k, ERIN), fwd_limit: 10 })).type,
    ).toBe('USER_ALREADY_PARTICIPANT');
    k.world.chats.setMembersCanInvite(Number(chatId), false);
    const e = await k.fail(2n, 'messages.addChatUser', {
      chat_id: chatId,
      user_id: inputUser(k, CAROL),
      fwd_limit: 10,
    });
    expect([e.code, e.type]).toEqual([400, 'CHAT_ADMIN_REQUIRED']);
    expect(
      (await k.fail(1n, 'messages.addChatUser', { chat_id: 12345n, user_id: inputUser(k, CAROL), fwd_limit: 10 })).type,
    ).toBe('CHAT_ID_INVALID');
  });

  it('getFullChat lists participants to members', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    const chatId = BigInt(k.world.chats.ofUser(k.world.users.byPhone(ALICE)!.id)[0]);
    const full = (await k.call(1n, 'messages.getFullChat', { chat_id: chatId })) as TlObject;
    const participants = (full.full_chat as TlObject).participants as TlObject;
    expect((participants.participants as TlObject[]).map((p) => p._)).toEqual([
      'chatParticipantCreator',
      'chatParticipant',
      'chatParticipant',
      'chatParticipant',
    ]);
    expect((full.users as TlObject[]).length).toBe(4);
    expect((await k.fail(1n, 'messages.getFullChat', { chat_id: 1n })).type).toBe('CHAT_ID_INVALID');
  });
});

describe('channels', () => {
  it('creates a supergroup and a broadcast channel', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    const mg = (await k.call(1n, 'channels.createChannel', { megagroup: true, title: 'Team', about: '' })) as TlObject;
    expect(names(mg)).toEqual(['updateChannel', 'updateNewChannelMessage']);
    const ch = (mg.chats as TlObject[])[0];
    expect([ch.megagroup, ch.broadcast, ch.creator, ch.title]).toEqual([true, undefined, true, 'Team']);
    const bc = (await k.call(1n, 'channels.createChannel', {
      broadcast: true,
      title: 'Posts',
      about: 'x',
    })) as TlObject;
    expect((bc.chats as TlObject[])[0].broadcast).toBe(true);
    expect((await k.fail(1n, 'channels.createChannel', { title: '', about: '' })).type).toBe('CHAT_TITLE_EMPTY');
  });

  it('inviteToChannel adds people and pushes updateChannel to them; errors per Telegram', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    await k.signIn(2n, BOB);
    const mg = (await k.call(1n, 'channels.createChannel', { megagroup: true, title: 'Team', about: '' })) as TlObject;
    const ch = (mg.chats as TlObject[])[0];
    const input = { _: 'inputChannel', channel_id: ch.id!, access_hash: ch.access_hash! };
    k.pushed.length = 0;
    const r = (await k.call(1n, 'channels.inviteToChannel', {
      channel: input,
      users: [inputUser(k, BOB)],
    })) as TlObject;
    expect(names(r)).toEqual(['updateNewChannelMessage']);
    expect(k.pushed.filter((p) => p.authKeyId === 2n).flatMap((p) => names(p.updates))).toEqual([
      'updateChannel',
      'updateNewChannelMessage',
    ]);
    expect((await k.fail(1n, 'channels.inviteToChannel', { channel: input, users: [inputUser(k, BOB)] })).type).toBe(
      'USER_ALREADY_PARTICIPANT',
    );
    expect(
      (
        await k.fail(1n, 'channels.inviteToChannel', {
          channel: { ...input, access_hash: 1n },
          users: [inputUser(k, BOB)],
        })
      ).type,
    ).toBe('CHANNEL_INVALID');
    // Broadcast: only admins invite.
    const bc = (await k.call(1n, 'channels.createChannel', { broadcast: true, title: 'Posts', about: '' })) as TlObject;
    const bch = (bc.chats as TlObject[])[0];
    const binput = { _: 'inputChannel', channel_id: bch.id!, access_hash: bch.access_hash! };
    await k.call(1n, 'channels.inviteToChannel', { channel: binput, users: [inputUser(k, BOB)] });
    const e = await k.fail(2n, 'channels.inviteToChannel', { channel: binput, users: [inputUser(k, CAROL)] });
    expect([e.code, e.type]).toEqual([400, 'CHAT_ADMIN_REQUIRED']);
  });

  it('getFullChannel: public to anyone, CHANNEL_PRIVATE for a private one seen from outside, CHANNEL_INVALID for junk', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    await k.signIn(3n, CAROL);
    const demo = k.world.channels.byUsername('tgcall_demo')!;
    const full = (await k.call(3n, 'channels.getFullChannel', {
      channel: { _: 'inputChannel', channel_id: BigInt(demo.id), access_hash: demo.accessHash },
    })) as TlObject;
    expect((full.full_chat as TlObject).participants_count).toBe(13);
    const mg = (await k.call(1n, 'channels.createChannel', {
      megagroup: true,
      title: 'Secret',
      about: '',
    })) as TlObject;
    const ch = (mg.chats as TlObject[])[0];
    const e = await k.fail(3n, 'channels.getFullChannel', {
      channel: { _: 'inputChannel', channel_id: ch.id!, access_hash: ch.access_hash! },
    });
    expect([e.code, e.type]).toEqual([400, 'CHANNEL_PRIVATE']);
    expect((await k.fail(3n, 'channels.getFullChannel', { channel: { _: 'inputChannelEmpty' } })).type).toBe(
      'CHANNEL_INVALID',
    );
  });
});

describe('dialogs, history, sending', () => {
  it('getDialogs lists private chats, the basic group and the three channels with their top messages', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    const d = (await k.call(1n, 'messages.getDialogs', {
      offset_date: 0,
      offset_id: 0,
      offset_peer: { _: 'inputPeerEmpty' },
      limit: 50,
      hash: 0n,
    })) as TlObject;
    expect(d._).toBe('messages.dialogs');
    // Bob, Book Club, @tgcall_demo, @tgcall_news and the private supergroup Night Owls.
    expect((d.dialogs as TlObject[]).map((x) => (x.peer as TlObject)._).sort()).toEqual([
      'peerChannel',
      'peerChannel',
      'peerChannel',
      'peerChat',
      'peerUser',
    ]);
    expect((d.messages as TlObject[]).length).toBe(5);
    const slice = (await k.call(1n, 'messages.getDialogs', {
      offset_date: 0,
      offset_id: 0,
      offset_peer: { _: 'inputPeerEmpty' },
      limit: 2,
      hash: 0n,
    })) as TlObject;
    expect([slice._, slice.count, (slice.dialogs as TlObject[]).length]).toEqual(['messages.dialogsSlice', 5, 2]);
  });

  it('sendMessage to a person: sender gets updateMessageID + updateNewMessage, the other side is pushed; PEER_ID_INVALID for junk', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    await k.signIn(2n, BOB);
    k.pushed.length = 0;
    const bob = k.world.users.byPhone(BOB)!;
    const peer = { _: 'inputPeerUser', user_id: BigInt(bob.id), access_hash: bob.accessHash };
    const r = (await k.call(1n, 'messages.sendMessage', { peer, message: 'hello', random_id: 99n })) as TlObject;
    expect(names(r)).toEqual(['updateMessageID', 'updateNewMessage']);
    expect(k.pushed.map((p) => [p.authKeyId, names(p.updates)])).toEqual([[2n, ['updateNewMessage']]]);
    const hist = (await k.call(2n, 'messages.getHistory', {
      peer: {
        _: 'inputPeerUser',
        user_id: BigInt(k.world.users.byPhone(ALICE)!.id),
        access_hash: k.world.users.byPhone(ALICE)!.accessHash,
      },
      offset_id: 0,
      offset_date: 0,
      add_offset: 0,
      limit: 10,
      max_id: 0,
      min_id: 0,
      hash: 0n,
    })) as TlObject;
    expect((hist.messages as TlObject[]).map((m) => m.message)).toEqual([
      'hello',
      'Yes, see you there.',
      'Hi Bob! Ready for the call tonight?',
    ]);
    expect(
      (await k.fail(1n, 'messages.sendMessage', { peer: { ...peer, access_hash: 3n }, message: 'x', random_id: 1n }))
        .type,
    ).toBe('PEER_ID_INVALID');
    expect(
      (await k.fail(1n, 'messages.sendMessage', { peer: { _: 'inputPeerEmpty' }, message: 'x', random_id: 1n })).type,
    ).toBe('PEER_ID_INVALID');
  });

  it('answers an unserved method with INPUT_METHOD_INVALID_<constructor id>', async () => {
    const k = makeKit();
    const e = await k.fail(1n, 'messages.getStickers', { emoticon: '', hash: 0n });
    expect([e.code, e.type]).toEqual([400, `INPUT_METHOD_INVALID_${0xd5a5d3a1}`]);
  });
});
