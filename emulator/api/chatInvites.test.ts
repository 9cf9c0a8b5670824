// Chat invite links: messages.exportChatInvite / checkChatInvite / importChatInvite — result shapes (encoded as
// layer 158), every error they give, chatFull / channelFull.exported_invite, the service message and updates of a join,
// join requests, and the seeded private supergroup "Night Owls" whose invite link leads into its group call.
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoCalls, NIGHT_OWLS_CALL_TITLE } from '../calls/seedCalls';
import {
  dataJson,
  expectEncodes,
  expectEncodesAsResult,
  joinJson,
  makeCallsKit,
  type CallsKit,
} from '../calls/callsTestKit';
import { BOOK_CLUB_INVITE_HASH, NIGHT_OWLS_INVITE_HASH, NIGHT_OWLS_TITLE } from '../world/seed';
import { makeKit, type Kit } from './apiTestKit';
import type { TlObject, TlValue } from './types';

const ALICE = '9996610001';
const BOB = '9996610002';
const CAROL = '9996610003';
const DAVE = '9996610004';
const ERIN = '9996610005';
const FRANK = '9996610006';

const kits: Kit[] = [];
const kit = (): Kit => {
  const k = makeKit();
  kits.push(k);
  return k;
};
afterEach(() => {
  for (const k of kits.splice(0)) k.close();
});

const uid = (k: { world: Kit['world'] }, phone: string) => k.world.users.byPhone(phone)!.id;
const bookClubId = (k: Kit) => k.world.chatInvites.get(BOOK_CLUB_INVITE_HASH)!.peer.id;
const owlsId = (k: { world: Kit['world'] }) => k.world.chatInvites.get(NIGHT_OWLS_INVITE_HASH)!.peer.id;
const bookClubPeer = (k: Kit): TlObject => ({ _: 'inputPeerChat', chat_id: BigInt(bookClubId(k)) });
const channelPeer = (k: { world: Kit['world'] }, id: number): TlObject => ({
  _: 'inputPeerChannel',
  channel_id: BigInt(id),
  access_hash: k.world.channels.get(id)!.accessHash,
});
const inputChannel = (k: { world: Kit['world'] }, id: number): TlObject => ({
  _: 'inputChannel',
  channel_id: BigInt(id),
  access_hash: k.world.channels.get(id)!.accessHash,
});
const owlsPeer = (k: Kit) => channelPeer(k, owlsId(k));
const hashOf = (invite: TlValue): string => ((invite as TlObject).link as string).replace('https://t.me/+', '');
const updatesOf = (r: TlValue): TlObject[] => (r as TlObject).updates as TlObject[];
const names = (r: TlValue) => updatesOf(r).map((u) => u._);
const dialogsArgs = { offset_date: 0, offset_id: 0, offset_peer: { _: 'inputPeerEmpty' }, limit: 100, hash: 0n };

async function signedIn(k: Kit, ...phones: string[]): Promise<void> {
  for (const [i, phone] of phones.entries()) await k.signIn(BigInt(i + 1), phone);
}

describe('messages.exportChatInvite', () => {
  it('makes an additional link with its limits, and with legacy_revoke_permanent a new permanent one that replaces the old', async () => {
    const k = kit();
    await signedIn(k, ALICE);
    const expire = k.clock.now + 3600;
    const extra = (await k.call(1n, 'messages.exportChatInvite', {
      peer: bookClubPeer(k),
      expire_date: expire,
      usage_limit: 5,
      request_needed: true,
      title: '  Friends  ',
    })) as TlObject;
    expectEncodesAsResult('messages.exportChatInvite', extra);
    expect(extra).toEqual({
      _: 'chatInviteExported',
      revoked: undefined,
      permanent: undefined,
      request_needed: true,
      link: expect.stringMatching(/^https:\/\/t\.me\/\+[A-Za-z0-9_-]{22}$/) as unknown,
      admin_id: BigInt(uid(k, ALICE)),
      date: k.clock.now,
      expire_date: expire,
      usage_limit: 5,
      usage: undefined,
      requested: undefined,
      title: 'Friends',
    });
    // Each link has a hash of its own.
    const another = (await k.call(1n, 'messages.exportChatInvite', { peer: bookClubPeer(k) })) as TlObject;
    expect(hashOf(another)).not.toBe(hashOf(extra));
    expect([another.permanent, another.expire_date, another.usage_limit, another.title]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    // Additional links leave the primary one alone.
    const full = (await k.call(1n, 'messages.getFullChat', { chat_id: BigInt(bookClubId(k)) })) as TlObject;
    expect(hashOf((full.full_chat as TlObject).exported_invite)).toBe(BOOK_CLUB_INVITE_HASH);

    const renewed = (await k.call(1n, 'messages.exportChatInvite', {
      legacy_revoke_permanent: true,
      peer: bookClubPeer(k),
    })) as TlObject;
    expect(renewed).toMatchObject({ _: 'chatInviteExported', permanent: true, admin_id: BigInt(uid(k, ALICE)) });
    expect(renewed.revoked).toBeUndefined();
    expect(hashOf(renewed)).not.toBe(BOOK_CLUB_INVITE_HASH);
    expect(k.world.chatInvites.get(BOOK_CLUB_INVITE_HASH)!.revoked).toBe(true);
    expect(k.world.chatInvites.get(hashOf(extra))!.revoked).toBe(false);
    const after = (await k.call(1n, 'messages.getFullChat', { chat_id: BigInt(bookClubId(k)) })) as TlObject;
    expect((after.full_chat as TlObject).exported_invite).toEqual(renewed);
    expectEncodesAsResult('messages.getFullChat', after);
  });

  it('errors: CHAT_ADMIN_REQUIRED, PEER_ID_INVALID, CHANNEL_INVALID, CHANNEL_PRIVATE, EXPIRE_DATE_INVALID, USAGE_LIMIT_INVALID', async () => {
    const k = kit();
    await signedIn(k, ALICE, BOB, ERIN);
    const bob = k.world.users.byPhone(BOB)!;
    const err = async (key: bigint, params: Record<string, TlValue>) => {
      const e = await k.fail(key, 'messages.exportChatInvite', params);
      return [e.code, e.type];
    };
    // Bob is a plain member of Book Club and Night Owls.
    expect(await err(2n, { peer: bookClubPeer(k) })).toEqual([400, 'CHAT_ADMIN_REQUIRED']);
    expect(await err(2n, { peer: owlsPeer(k) })).toEqual([400, 'CHAT_ADMIN_REQUIRED']);
    expect(
      await err(2n, { peer: { _: 'inputPeerUser', user_id: BigInt(bob.id), access_hash: bob.accessHash } }),
    ).toEqual([400, 'PEER_ID_INVALID']);
    expect(await err(2n, { peer: { _: 'inputPeerEmpty' } })).toEqual([400, 'PEER_ID_INVALID']);
    expect(await err(2n, { peer: { _: 'inputPeerChat', chat_id: 42n } })).toEqual([400, 'PEER_ID_INVALID']);
    // Erin is in neither.
    expect(await err(3n, { peer: bookClubPeer(k) })).toEqual([400, 'PEER_ID_INVALID']);
    expect(await err(3n, { peer: owlsPeer(k) })).toEqual([400, 'CHANNEL_PRIVATE']);
    expect(await err(1n, { peer: { _: 'inputPeerChannel', channel_id: BigInt(owlsId(k)), access_hash: 5n } })).toEqual([
      400,
      'CHANNEL_INVALID',
    ]);
    expect(await err(1n, { peer: owlsPeer(k), expire_date: k.clock.now })).toEqual([400, 'EXPIRE_DATE_INVALID']);
    expect(await err(1n, { peer: owlsPeer(k), expire_date: k.clock.now - 60 })).toEqual([400, 'EXPIRE_DATE_INVALID']);
    expect(await err(1n, { peer: owlsPeer(k), usage_limit: 0 })).toEqual([400, 'USAGE_LIMIT_INVALID']);
    expect(await err(1n, { peer: owlsPeer(k), usage_limit: 100_000 })).toEqual([400, 'USAGE_LIMIT_INVALID']);
    expect(
      ((await k.call(1n, 'messages.exportChatInvite', { peer: owlsPeer(k), usage_limit: 99_999 })) as TlObject)
        .usage_limit,
    ).toBe(99_999);
  });
});

describe('exported_invite of chatFull / channelFull', () => {
  it("is the viewer's own permanent link for admins (made on first read), absent for plain members", async () => {
    const k = kit();
    await signedIn(k, ALICE, BOB, CAROL);
    const aliceFull = (await k.call(1n, 'messages.getFullChat', { chat_id: BigInt(bookClubId(k)) })) as TlObject;
    expect((aliceFull.full_chat as TlObject).exported_invite).toMatchObject({
      _: 'chatInviteExported',
      permanent: true,
      link: `https://t.me/+${BOOK_CLUB_INVITE_HASH}`,
    });
    const bobFull = (await k.call(2n, 'messages.getFullChat', { chat_id: BigInt(bookClubId(k)) })) as TlObject;
    expect((bobFull.full_chat as TlObject).exported_invite).toBeUndefined();
    const owls = (await k.call(1n, 'channels.getFullChannel', { channel: inputChannel(k, owlsId(k)) })) as TlObject;
    expect(hashOf((owls.full_chat as TlObject).exported_invite)).toBe(NIGHT_OWLS_INVITE_HASH);
    expectEncodesAsResult('channels.getFullChannel', owls);
    const carolOwls = (await k.call(3n, 'channels.getFullChannel', {
      channel: inputChannel(k, owlsId(k)),
    })) as TlObject;
    expect((carolOwls.full_chat as TlObject).exported_invite).toBeUndefined();

    // Bob is an admin of @tgcall_demo and has no link there yet: his first read makes one, later reads show the same.
    const demo = k.world.channels.byUsername('tgcall_demo')!.id;
    const first = ((await k.call(2n, 'channels.getFullChannel', { channel: inputChannel(k, demo) })) as TlObject)
      .full_chat as TlObject;
    const again = ((await k.call(2n, 'channels.getFullChannel', { channel: inputChannel(k, demo) })) as TlObject)
      .full_chat as TlObject;
    expect(first.exported_invite).toMatchObject({ permanent: true, admin_id: BigInt(uid(k, BOB)) });
    expect(again.exported_invite).toEqual(first.exported_invite);
    const carolDemo = ((await k.call(3n, 'channels.getFullChannel', { channel: inputChannel(k, demo) })) as TlObject)
      .full_chat as TlObject;
    expect(carolDemo.exported_invite).toBeUndefined();
  });
});

describe('messages.checkChatInvite', () => {
  it('shows the chat to outsiders (chatInvite), chatInviteAlready to members; INVITE_HASH_EMPTY / INVITE_HASH_INVALID', async () => {
    const k = kit();
    await signedIn(k, ALICE, ERIN);
    const owls = (await k.call(2n, 'messages.checkChatInvite', { hash: NIGHT_OWLS_INVITE_HASH })) as TlObject;
    expectEncodesAsResult('messages.checkChatInvite', owls);
    expect(owls).toMatchObject({
      _: 'chatInvite',
      channel: true,
      megagroup: true,
      title: NIGHT_OWLS_TITLE,
      about: 'Late-night voice chats. Join by invite link.',
      photo: { _: 'photoEmpty', id: 0n },
      participants_count: 3,
    });
    expect([owls.broadcast, owls.public, owls.request_needed]).toEqual([undefined, undefined, undefined]);
    expect((owls.participants as TlObject[]).map((u) => u.first_name)).toEqual(['Alice', 'Bob', 'Carol']);

    const club = (await k.call(2n, 'messages.checkChatInvite', { hash: BOOK_CLUB_INVITE_HASH })) as TlObject;
    expectEncodesAsResult('messages.checkChatInvite', club);
    expect(club).toMatchObject({ _: 'chatInvite', title: 'Book Club', participants_count: 4 });
    expect([club.channel, club.megagroup, club.about]).toEqual([undefined, undefined, undefined]);

    // A link of the public broadcast channel says so.
    const news = k.world.channels.byUsername('tgcall_news')!.id;
    const newsLink = (await k.call(1n, 'messages.exportChatInvite', { peer: channelPeer(k, news) })) as TlObject;
    const newsInvite = (await k.call(2n, 'messages.checkChatInvite', { hash: hashOf(newsLink) })) as TlObject;
    expect(newsInvite).toMatchObject({ _: 'chatInviteAlready' }); // Erin is subscribed already
    // Someone in no chat at all (made directly, without the sign-up onboarding).
    k.world.users.create({ phone: '9996637777', firstName: 'Olga', now: k.clock.now });
    await k.signIn(3n, '9996637777');
    const fromOutside = (await k.call(3n, 'messages.checkChatInvite', { hash: hashOf(newsLink) })) as TlObject;
    expect(fromOutside).toMatchObject({
      _: 'chatInvite',
      channel: true,
      broadcast: true,
      public: true,
      title: 'tgcall news',
    });
    expect(fromOutside.participants).toBeUndefined();

    const already = (await k.call(1n, 'messages.checkChatInvite', { hash: NIGHT_OWLS_INVITE_HASH })) as TlObject;
    expectEncodesAsResult('messages.checkChatInvite', already);
    expect(already._).toBe('chatInviteAlready');
    expect(already.chat).toMatchObject({
      _: 'channel',
      id: BigInt(owlsId(k)),
      megagroup: true,
      title: NIGHT_OWLS_TITLE,
      creator: true,
    });

    for (const [hash, type] of [
      ['', 'INVITE_HASH_EMPTY'],
      ['noSuchInvite', 'INVITE_HASH_INVALID'],
    ] as const) {
      const e = await k.fail(2n, 'messages.checkChatInvite', { hash });
      expect([e.code, e.type]).toEqual([400, type]);
    }
  });
});

describe('messages.importChatInvite', () => {
  it('adds the caller to a basic group: messageActionChatJoinedByLink, updates to the members, usage + 1, the chat in their dialogs', async () => {
    const k = kit();
    await signedIn(k, ALICE, BOB, ERIN);
    k.pushed.length = 0;
    const r = await k.call(3n, 'messages.importChatInvite', { hash: BOOK_CLUB_INVITE_HASH });
    expectEncodesAsResult('messages.importChatInvite', r);
    expect(names(r)).toEqual(['updateNewMessage', 'updateChatParticipants']);
    const message = updatesOf(r)[0].message as TlObject;
    expect(message).toMatchObject({
      _: 'messageService',
      out: true,
      from_id: { _: 'peerUser', user_id: BigInt(uid(k, ERIN)) },
      peer_id: { _: 'peerChat', chat_id: BigInt(bookClubId(k)) },
      action: { _: 'messageActionChatJoinedByLink', inviter_id: BigInt(uid(k, ALICE)) },
    });
    expect(((r as TlObject).chats as TlObject[]).map((c) => [c._, c.title, c.left])).toEqual([
      ['chat', 'Book Club', undefined],
    ]);

    // Alice and Bob hear about it on their keys.
    for (const key of [1n, 2n]) {
      const got = k.pushed.filter((p) => p.authKeyId === key).flatMap((p) => p.updates.updates as TlObject[]);
      expect(got.map((u) => u._)).toEqual(['updateNewMessage', 'updateChatParticipants']);
      expect((got[0].message as TlObject).action).toEqual({
        _: 'messageActionChatJoinedByLink',
        inviter_id: BigInt(uid(k, ALICE)),
      });
      const participants = (got[1].participants as TlObject).participants as TlObject[];
      expect(participants.at(-1)).toMatchObject({
        _: 'chatParticipant',
        user_id: BigInt(uid(k, ERIN)),
        inviter_id: BigInt(uid(k, ALICE)),
      });
    }
    for (const p of k.pushed) expectEncodes(p.updates);

    const dialogs = (await k.call(3n, 'messages.getDialogs', dialogsArgs)) as TlObject;
    expect((dialogs.dialogs as TlObject[]).map((d) => d.peer)).toContainEqual({
      _: 'peerChat',
      chat_id: BigInt(bookClubId(k)),
    });
    const full = (await k.call(3n, 'messages.getFullChat', { chat_id: BigInt(bookClubId(k)) })) as TlObject;
    expect(
      (((full.full_chat as TlObject).participants as TlObject).participants as TlObject[]).map((p) => p.user_id),
    ).toContain(BigInt(uid(k, ERIN)));
    const aliceFull = (await k.call(1n, 'messages.getFullChat', { chat_id: BigInt(bookClubId(k)) })) as TlObject;
    expect(((aliceFull.full_chat as TlObject).exported_invite as TlObject).usage).toBe(1);

    // Now a member: the link shows the chat as joined, and a second import is refused.
    expect(((await k.call(3n, 'messages.checkChatInvite', { hash: BOOK_CLUB_INVITE_HASH })) as TlObject)._).toBe(
      'chatInviteAlready',
    );
    const again = await k.fail(3n, 'messages.importChatInvite', { hash: BOOK_CLUB_INVITE_HASH });
    expect([again.code, again.type]).toEqual([400, 'USER_ALREADY_PARTICIPANT']);
    expect((await k.fail(2n, 'messages.importChatInvite', { hash: BOOK_CLUB_INVITE_HASH })).type).toBe(
      'USER_ALREADY_PARTICIPANT',
    );
  });

  it('adds the caller to a supergroup: updateChannel and the service message, pushed to the members', async () => {
    const k = kit();
    await signedIn(k, ALICE, BOB, DAVE);
    k.pushed.length = 0;
    const r = await k.call(3n, 'messages.importChatInvite', { hash: NIGHT_OWLS_INVITE_HASH });
    expectEncodesAsResult('messages.importChatInvite', r);
    expect(names(r)).toEqual(['updateChannel', 'updateNewChannelMessage']);
    expect((updatesOf(r)[1].message as TlObject).action).toEqual({
      _: 'messageActionChatJoinedByLink',
      inviter_id: BigInt(uid(k, ALICE)),
    });
    expect(((r as TlObject).chats as TlObject[])[0]).toMatchObject({
      _: 'channel',
      id: BigInt(owlsId(k)),
      left: undefined,
      participants_count: 4,
    });
    const bobGot = k.pushed.filter((p) => p.authKeyId === 2n).flatMap((p) => p.updates.updates as TlObject[]);
    expect(bobGot.map((u) => u._)).toEqual(['updateNewChannelMessage']);
    expect((bobGot[0].message as TlObject).from_id).toEqual({ _: 'peerUser', user_id: BigInt(uid(k, DAVE)) });
    expect(k.world.channels.member(owlsId(k), uid(k, DAVE))).toMatchObject({
      role: 'member',
      inviterId: uid(k, ALICE),
    });
    expect(k.world.chatInvites.get(NIGHT_OWLS_INVITE_HASH)!.usage).toBe(1);
    const dialogs = (await k.call(3n, 'messages.getDialogs', dialogsArgs)) as TlObject;
    expect((dialogs.dialogs as TlObject[]).map((d) => d.peer)).toContainEqual({
      _: 'peerChannel',
      channel_id: BigInt(owlsId(k)),
    });
    const history = (await k.call(3n, 'messages.getHistory', {
      peer: owlsPeer(k),
      offset_id: 0,
      offset_date: 0,
      add_offset: 0,
      limit: 5,
      max_id: 0,
      min_id: 0,
      hash: 0n,
    })) as TlObject;
    expect(((history.messages as TlObject[])[0].action as TlObject)._).toBe('messageActionChatJoinedByLink');
  });

  it('INVITE_HASH_EXPIRED for revoked, expired and used-up links (check and import alike); INVITE_HASH_EMPTY / INVALID', async () => {
    const k = kit();
    await signedIn(k, ALICE, ERIN, FRANK);
    const expired = async (key: bigint, hash: string) => {
      for (const method of ['messages.checkChatInvite', 'messages.importChatInvite']) {
        const e = await k.fail(key, method, { hash });
        expect([method, e.code, e.type]).toEqual([method, 400, 'INVITE_HASH_EXPIRED']);
      }
    };
    // Used up: one use allowed.
    const once = hashOf(await k.call(1n, 'messages.exportChatInvite', { peer: owlsPeer(k), usage_limit: 1 }));
    await k.call(2n, 'messages.importChatInvite', { hash: once });
    await expired(3n, once);
    // Expired: valid for an hour.
    const hour = hashOf(
      await k.call(1n, 'messages.exportChatInvite', { peer: owlsPeer(k), expire_date: k.clock.now + 3600 }),
    );
    expect(((await k.call(3n, 'messages.checkChatInvite', { hash: hour })) as TlObject)._).toBe('chatInvite');
    k.clock.now += 3600;
    await expired(3n, hour);
    // Revoked: the old permanent link after legacy_revoke_permanent.
    await k.call(1n, 'messages.exportChatInvite', { legacy_revoke_permanent: true, peer: owlsPeer(k) });
    await expired(3n, NIGHT_OWLS_INVITE_HASH);
    expect(k.world.channels.member(owlsId(k), uid(k, FRANK))).toBeUndefined();
    for (const [hash, type] of [
      ['', 'INVITE_HASH_EMPTY'],
      ['  ', 'INVITE_HASH_EMPTY'],
      ['AAAAAAAAAAAAAAAAAAAAAA', 'INVITE_HASH_INVALID'],
    ] as const) {
      expect((await k.fail(3n, 'messages.importChatInvite', { hash })).type).toBe(type);
    }
  });

  it('request_needed: INVITE_REQUEST_SENT, no join; the admins get updatePendingJoinRequests and see the request', async () => {
    const k = kit();
    await signedIn(k, ALICE, BOB, ERIN);
    const link = (await k.call(1n, 'messages.exportChatInvite', {
      peer: owlsPeer(k),
      request_needed: true,
    })) as TlObject;
    const check = (await k.call(3n, 'messages.checkChatInvite', { hash: hashOf(link) })) as TlObject;
    expect(check).toMatchObject({ _: 'chatInvite', request_needed: true });
    k.pushed.length = 0;
    const e = await k.fail(3n, 'messages.importChatInvite', { hash: hashOf(link) });
    expect([e.code, e.type]).toEqual([400, 'INVITE_REQUEST_SENT']);
    expect(k.world.channels.member(owlsId(k), uid(k, ERIN))).toBeUndefined();
    expect(k.world.chatInvites.get(hashOf(link))!.usage).toBe(0);
    // Alice (the creator) hears of it; Bob, a plain member, does not.
    expect(k.pushed.map((p) => [p.authKeyId, (p.updates.updates as TlObject[]).map((u) => u._)])).toEqual([
      [1n, ['updatePendingJoinRequests']],
    ]);
    const update = (k.pushed[0].updates.updates as TlObject[])[0];
    expect(update).toEqual({
      _: 'updatePendingJoinRequests',
      peer: { _: 'peerChannel', channel_id: BigInt(owlsId(k)) },
      requests_pending: 1,
      recent_requesters: [BigInt(uid(k, ERIN))],
    });
    expectEncodes(k.pushed[0].updates);
    const full = (await k.call(1n, 'channels.getFullChannel', { channel: inputChannel(k, owlsId(k)) })) as TlObject;
    expect(full.full_chat).toMatchObject({ requests_pending: 1, recent_requesters: [BigInt(uid(k, ERIN))] });
    expect((full.users as TlObject[]).map((u) => u.first_name)).toEqual(['Erin']);
    expectEncodesAsResult('channels.getFullChannel', full);
    // Asking again renews the one request.
    expect((await k.fail(3n, 'messages.importChatInvite', { hash: hashOf(link) })).type).toBe('INVITE_REQUEST_SENT');
    expect(k.world.chatInvites.requests({ type: 'channel', id: owlsId(k) })).toHaveLength(1);
    // A basic group link with request_needed works the same way.
    const club = (await k.call(1n, 'messages.exportChatInvite', {
      peer: bookClubPeer(k),
      request_needed: true,
    })) as TlObject;
    expect((await k.fail(3n, 'messages.importChatInvite', { hash: hashOf(club) })).type).toBe('INVITE_REQUEST_SENT');
    const clubFull = (await k.call(1n, 'messages.getFullChat', { chat_id: BigInt(bookClubId(k)) })) as TlObject;
    expect(clubFull.full_chat).toMatchObject({ requests_pending: 1, recent_requesters: [BigInt(uid(k, ERIN))] });
    expect(
      ((await k.call(2n, 'messages.getFullChat', { chat_id: BigInt(bookClubId(k)) })) as TlObject).full_chat,
    ).not.toHaveProperty('requests_pending', 1);
  });

  it('USERS_TOO_MUCH when a basic group already has 200 members', async () => {
    const k = kit();
    await signedIn(k, ERIN);
    const club = bookClubId(k);
    k.world.transaction(() => {
      for (let i = k.world.chats.members(club).length; i < 200; i++) {
        const u = k.world.users.create({ phone: `filler-${i}`, firstName: 'Filler', now: k.clock.now });
        k.world.chats.addMember(club, u.id, uid(k, ALICE), k.clock.now);
      }
    });
    const e = await k.fail(1n, 'messages.importChatInvite', { hash: BOOK_CLUB_INVITE_HASH });
    expect([e.code, e.type]).toEqual([400, 'USERS_TOO_MUCH']);
  });
});

describe('the seeded invite links', () => {
  it('Book Club and Night Owls have fixed permanent links of Alice; Night Owls is private, with Alice, Bob and Carol only', () => {
    const k = kit();
    const alice = uid(k, ALICE);
    expect(k.world.chatInvites.get(BOOK_CLUB_INVITE_HASH)).toMatchObject({
      peer: { type: 'chat' },
      adminId: alice,
      permanent: true,
      revoked: false,
      usage: 0,
    });
    expect(k.world.chatInvites.get(NIGHT_OWLS_INVITE_HASH)).toMatchObject({
      peer: { type: 'channel' },
      adminId: alice,
      permanent: true,
      revoked: false,
      usage: 0,
    });
    const owls = k.world.channels.get(owlsId(k))!;
    expect([owls.title, owls.megagroup, owls.username]).toEqual([NIGHT_OWLS_TITLE, true, null]);
    expect(k.world.channels.members(owls.id).map((m) => [k.world.users.get(m.userId)!.firstName, m.role])).toEqual([
      ['Alice', 'creator'],
      ['Bob', 'member'],
      ['Carol', 'member'],
    ]);
  });
});

describe('from an invite link into the group call', () => {
  let ck: CallsKit | undefined;
  afterEach(async () => {
    await ck?.close();
    ck = undefined;
  });

  it("Dave opens Night Owls' link, joins the group, finds its seeded call in channelFull.call and joins the call", async () => {
    ck = await makeCallsKit();
    const k = ck;
    expect(seedDemoCalls(k.part.calls)).toBe(true);
    const owls = owlsId(k);
    const seeded = k.part.calls.store.liveOf({ type: 'channel', id: owls })!;
    expect([seeded.title, seeded.scheduleDate]).toEqual([NIGHT_OWLS_CALL_TITLE, null]);
    await k.signInSeeded(1); // Bob, key 2n
    await k.signInSeeded(3); // Dave, key 4n
    const inputCall = { _: 'inputGroupCall', id: BigInt(seeded.id), access_hash: seeded.accessHash };
    const joinCall = () =>
      k.call(4n, 'phone.joinGroupCall', {
        call: inputCall,
        join_as: { _: 'inputPeerSelf' },
        params: dataJson(joinJson(4242)),
      });

    // Outside the private group Dave can neither see it nor join its call.
    expect((await k.fail(4n, 'channels.getFullChannel', { channel: inputChannel(k, owls) })).type).toBe(
      'CHANNEL_PRIVATE',
    );
    expect(
      (
        await k.fail(4n, 'phone.joinGroupCall', {
          call: inputCall,
          join_as: { _: 'inputPeerSelf' },
          params: dataJson(joinJson(4242)),
        })
      ).type,
    ).toBe('GROUPCALL_FORBIDDEN');

    const preview = (await k.call(4n, 'messages.checkChatInvite', { hash: NIGHT_OWLS_INVITE_HASH })) as TlObject;
    expect(preview).toMatchObject({ _: 'chatInvite', title: NIGHT_OWLS_TITLE, megagroup: true });
    const joined = await k.call(4n, 'messages.importChatInvite', { hash: NIGHT_OWLS_INVITE_HASH });
    const chat = ((joined as TlObject).chats as TlObject[])[0];
    expect(chat).toMatchObject({ _: 'channel', id: BigInt(owls), call_active: true });
    expect(k.updatesPushedTo(2n).map((u) => u._)).toContain('updateNewChannelMessage');

    const full = (await k.call(4n, 'channels.getFullChannel', { channel: inputChannel(k, owls) })) as TlObject;
    expect((full.full_chat as TlObject).call).toEqual(inputCall);
    expect((full.full_chat as TlObject).exported_invite).toBeUndefined();
    const r = await joinCall();
    expectEncodesAsResult('phone.joinGroupCall', r);
    expect(updatesOf(r).map((u) => u._)).toEqual(
      expect.arrayContaining(['updateGroupCallParticipants', 'updateGroupCallConnection']),
    );
    expect(k.part.calls.store.participants(seeded.id).map((p) => p.userId)).toEqual([uid(k, DAVE)]);
  });
});
