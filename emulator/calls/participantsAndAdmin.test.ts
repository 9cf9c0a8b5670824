// The methods around a running call: participants (paging, by source, checkGroupCall, leave), muting and volume (self,
// admin for everyone, non-admin for oneself only), hands, title, scheduled start and "notify me", invites, RTMP, discard.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TlObject, TlValue } from '../api/types';
import {
  dataJson,
  mediaKeyOf,
  expectEncodes,
  expectEncodesAsResult,
  joinJson,
  makeCallsKit,
  type CallsKit,
  updatesOf,
} from './callsTestKit';

let k: CallsKit;
beforeEach(async () => {
  k = await makeCallsKit();
  for (let i = 0; i < 5; i++) await k.signInSeeded(i); // Alice 1n (owner), Bob 2n (admin), Carol 3n, Dave 4n, Erin 5n
});
afterEach(async () => {
  await k.close();
});

const demo = () => k.world.channels.byUsername('tgcall_demo')!;
const demoPeer = () => k.demoPeer();
const person = (index: number) => k.seededUser(index);
const userPeer = (index: number): TlObject => ({
  _: 'inputPeerUser',
  user_id: BigInt(person(index).id),
  access_hash: person(index).accessHash,
});
const inputUser = (index: number): TlObject => ({
  _: 'inputUser',
  user_id: BigInt(person(index).id),
  access_hash: person(index).accessHash,
});
const find = (r: TlValue, name: string): TlObject => {
  const u = updatesOf(r).find((x) => x._ === name);
  if (!u)
    throw new Error(
      `no ${name} in ${updatesOf(r)
        .map((x) => x._)
        .join(', ')}`,
    );
  return u;
};
const participantIn = (r: TlValue): TlObject => (find(r, 'updateGroupCallParticipants').participants as TlObject[])[0];

async function startCall(): Promise<TlObject> {
  const r = await k.call(1n, 'phone.createGroupCall', { peer: demoPeer(), random_id: 1, title: 'Morning' });
  const gc = find(r, 'updateGroupCall').call as TlObject;
  return { _: 'inputGroupCall', id: gc.id!, access_hash: gc.access_hash! };
}
const join = (key: bigint, call: TlObject, ssrc: number) =>
  k.call(key, 'phone.joinGroupCall', { call, join_as: { _: 'inputPeerSelf' }, params: dataJson(joinJson(ssrc)) });

describe('participants', () => {
  it('pages with next_offset, resolves sources and ids, and checkGroupCall returns the caller’s sources still present', async () => {
    const call = await startCall();
    await join(2n, call, 11);
    await join(3n, call, 12);
    await join(4n, call, 13);
    const p1 = (await k.call(1n, 'phone.getGroupParticipants', {
      call,
      ids: [],
      sources: [],
      offset: '',
      limit: 2,
    })) as TlObject;
    expectEncodesAsResult('phone.getGroupParticipants', p1);
    expect(p1.count).toBe(3);
    expect(p1.version).toBe(4);
    expect((p1.participants as TlObject[]).map((p) => p.source)).toEqual([11, 12]);
    expect(p1.next_offset).not.toBe('');
    expect((p1.users as TlObject[]).map((u) => u.id)).toEqual([BigInt(person(1).id), BigInt(person(2).id)]);
    const p2 = (await k.call(1n, 'phone.getGroupParticipants', {
      call,
      ids: [],
      sources: [],
      offset: p1.next_offset!,
      limit: 2,
    })) as TlObject;
    expect((p2.participants as TlObject[]).map((p) => p.source)).toEqual([13]);
    expect(p2.next_offset).toBe('');
    const bySource = (await k.call(1n, 'phone.getGroupParticipants', {
      call,
      ids: [userPeer(1)],
      sources: [13, 999],
      offset: '',
      limit: 1,
    })) as TlObject;
    expect((bySource.participants as TlObject[]).map((p) => p.source).sort()).toEqual([11, 13]);

    const checked = await k.call(3n, 'phone.checkGroupCall', { call, sources: [12, 11, 5] });
    expectEncodesAsResult('phone.checkGroupCall', checked);
    expect(checked).toEqual([12]);
    expect((await k.fail(5n, 'phone.checkGroupCall', { call, sources: [1] })).type).toBe('GROUPCALL_JOIN_MISSING');
  });

  it('the chat’s members outside the call hear when it stops or starts being empty (call_not_empty on the chat)', async () => {
    const call = await startCall();
    k.pushed.length = 0;
    await join(2n, call, 81);
    const erinSaw = k.updatesPushedTo(5n).find((u) => u._ === 'updateGroupCall');
    expect(erinSaw!.call).toMatchObject({ participants_count: 1 });
    expect(k.pushed.find((p) => p.authKeyId === 5n)!.updates.chats).toMatchObject([
      { call_active: true, call_not_empty: true },
    ]);
    k.pushed.length = 0;
    await join(3n, call, 82); // not the first: members outside the call hear nothing
    expect(k.updatesPushedTo(5n)).toEqual([]);
    await k.call(3n, 'phone.leaveGroupCall', { call, source: 82 });
    await k.call(2n, 'phone.leaveGroupCall', { call, source: 81 });
    const last = k.pushed.filter((p) => p.authKeyId === 5n);
    expect(last).toHaveLength(1);
    expect((last[0].updates.chats as TlObject[])[0].call_not_empty).toBeUndefined();
    expect((last[0].updates.chats as TlObject[])[0].call_active).toBe(true);
  });

  it('leaveGroupCall: the others get `left` (versioned), the count drops, checkGroupCall no longer has the source; a stale source changes nothing', async () => {
    const call = await startCall();
    await join(2n, call, 21);
    await join(3n, call, 22);
    k.pushed.length = 0;
    const r = await k.call(3n, 'phone.leaveGroupCall', { call, source: 22 });
    expectEncodesAsResult('phone.leaveGroupCall', r);
    expect(participantIn(r)).toMatchObject({ left: true, versioned: true, source: 22 });
    const bobSaw = k.updatesPushedTo(2n);
    expect(bobSaw.find((u) => u._ === 'updateGroupCallParticipants')).toMatchObject({ version: 4 });
    expect(bobSaw.find((u) => u._ === 'updateGroupCall')!.call).toMatchObject({ participants_count: 1 });
    for (const p of k.pushed) expectEncodes(p.updates);
    expect((await k.fail(3n, 'phone.checkGroupCall', { call, sources: [22] })).type).toBe('GROUPCALL_JOIN_MISSING');
    expect(k.media.sources(mediaKeyOf(call))).toEqual([21]);
    const stale = await k.call(2n, 'phone.leaveGroupCall', { call, source: 999 });
    expect(updatesOf(stale)).toEqual([]);
    expect(await k.call(2n, 'phone.checkGroupCall', { call, sources: [21] })).toEqual([21]);
  });
});

describe('phone.editGroupCallParticipant', () => {
  it('self mute and unmute, hands, and the admin’s mute / “allow to speak” / volume for everyone', async () => {
    const call = await startCall();
    await join(2n, call, 31);
    await join(3n, call, 32);
    const muted = await k.call(3n, 'phone.editGroupCallParticipant', {
      call,
      participant: { _: 'inputPeerSelf' },
      muted: true,
    });
    expectEncodesAsResult('phone.editGroupCallParticipant', muted);
    expect(participantIn(muted)).toMatchObject({ muted: true, can_self_unmute: true, versioned: true, self: true });
    expect(find(muted, 'updateGroupCallParticipants').version).toBe(4);
    expect(k.media.stats()[mediaKeyOf(call)]['32'].muted).toBe(true);
    const hand = await k.call(3n, 'phone.editGroupCallParticipant', {
      call,
      participant: userPeer(2),
      raise_hand: true,
    });
    expect(typeof participantIn(hand).raise_hand_rating).toBe('bigint');

    // Bob (admin) mutes Carol for everyone: she may not unmute herself; her hand stays until he lowers it.
    k.pushed.length = 0;
    const byAdmin = await k.call(2n, 'phone.editGroupCallParticipant', { call, participant: userPeer(2), muted: true });
    expect(participantIn(byAdmin)).toMatchObject({ muted: true });
    expect(participantIn(byAdmin).can_self_unmute).toBeUndefined();
    const carolSaw = k.updatesPushedTo(3n).find((u) => u._ === 'updateGroupCallParticipants')!;
    expect((carolSaw.participants as TlObject[])[0]).toMatchObject({ self: true, muted: true });
    expect(
      (await k.fail(3n, 'phone.editGroupCallParticipant', { call, participant: { _: 'inputPeerSelf' }, muted: false }))
        .type,
    ).toBe('CHAT_ADMIN_REQUIRED');
    const allowed = await k.call(2n, 'phone.editGroupCallParticipant', {
      call,
      participant: userPeer(2),
      muted: false,
    });
    expect(participantIn(allowed)).toMatchObject({ muted: true, can_self_unmute: true });
    // "Allow to speak" lowers the raised hand, as Telegram does.
    expect(participantIn(allowed).raise_hand_rating).toBeUndefined();
    const unmuted = await k.call(3n, 'phone.editGroupCallParticipant', {
      call,
      participant: { _: 'inputPeerSelf' },
      muted: false,
    });
    expect(participantIn(unmuted).muted).toBeUndefined();
    expect(k.media.stats()[mediaKeyOf(call)]['32'].muted).toBe(false);

    const loud = await k.call(2n, 'phone.editGroupCallParticipant', { call, participant: userPeer(2), volume: 15000 });
    expect(participantIn(loud)).toMatchObject({ volume: 15000, volume_by_admin: true });
    const lowered = await k.call(2n, 'phone.editGroupCallParticipant', {
      call,
      participant: userPeer(2),
      raise_hand: false,
    });
    expect(participantIn(lowered).raise_hand_rating).toBeUndefined();
    expect(
      (await k.fail(2n, 'phone.editGroupCallParticipant', { call, participant: userPeer(2), volume: 0 })).type,
    ).toBe('USER_VOLUME_INVALID');
    expect(
      (await k.fail(2n, 'phone.editGroupCallParticipant', { call, participant: userPeer(2), volume: 20001 })).type,
    ).toBe('USER_VOLUME_INVALID');
    expect(
      (await k.fail(2n, 'phone.editGroupCallParticipant', { call, participant: userPeer(2), raise_hand: true })).type,
    ).toBe('RAISE_HAND_FORBIDDEN');
    expect(
      (await k.fail(4n, 'phone.editGroupCallParticipant', { call, participant: { _: 'inputPeerSelf' }, muted: true }))
        .type,
    ).toBe('GROUPCALL_JOIN_MISSING');
    expect(
      (await k.fail(2n, 'phone.editGroupCallParticipant', { call, participant: userPeer(3), muted: true })).type,
    ).toBe('USER_NOT_PARTICIPANT');
  });

  it('a non-admin muting or turning down someone changes only their own view (muted_by_you), with no version step', async () => {
    const call = await startCall();
    await join(2n, call, 41);
    await join(3n, call, 42);
    await join(4n, call, 43);
    k.pushed.length = 0;
    const r = await k.call(4n, 'phone.editGroupCallParticipant', {
      call,
      participant: userPeer(2),
      muted: true,
      volume: 5000,
    });
    expect(find(r, 'updateGroupCallParticipants').version).toBe(4);
    expect(participantIn(r)).toMatchObject({ muted_by_you: true, volume: 5000, source: 42 });
    expect(participantIn(r).muted).toBeUndefined();
    expect(k.pushed.filter((p) => p.authKeyId !== 4n)).toEqual([]);
    const daveView = (await k.call(4n, 'phone.getGroupParticipants', {
      call,
      ids: [userPeer(2)],
      sources: [],
      offset: '',
      limit: 1,
    })) as TlObject;
    expect((daveView.participants as TlObject[])[0]).toMatchObject({ muted_by_you: true, volume: 5000 });
    const bobView = (await k.call(2n, 'phone.getGroupParticipants', {
      call,
      ids: [userPeer(2)],
      sources: [],
      offset: '',
      limit: 1,
    })) as TlObject;
    expect((bobView.participants as TlObject[])[0].muted_by_you).toBeUndefined();
    expect(k.media.stats()[mediaKeyOf(call)]['42'].muted).toBe(false);
  });
});

describe('admin settings, scheduled calls, invites, RTMP, discard', () => {
  it('editGroupCallTitle reaches every member; non-admins get CHAT_ADMIN_REQUIRED', async () => {
    const call = await startCall();
    k.pushed.length = 0;
    const r = await k.call(2n, 'phone.editGroupCallTitle', { call, title: 'Evening' });
    expectEncodesAsResult('phone.editGroupCallTitle', r);
    expect(find(r, 'updateGroupCall').call).toMatchObject({ title: 'Evening' });
    expect(k.updatesPushedTo(5n).find((u) => u._ === 'updateGroupCall')!.call).toMatchObject({ title: 'Evening' });
    expect((await k.fail(3n, 'phone.editGroupCallTitle', { call, title: 'x' })).type).toBe('CHAT_ADMIN_REQUIRED');
    expect((await k.fail(3n, 'phone.toggleGroupCallSettings', { call, join_muted: true })).type).toBe(
      'CHAT_ADMIN_REQUIRED',
    );
  });

  it('"only admins can speak" (join_muted on) mutes the members already in the call; off again lets them unmute', async () => {
    const call = await startCall();
    await join(2n, call, 71);
    await join(3n, call, 72);
    const on = await k.call(1n, 'phone.toggleGroupCallSettings', { call, join_muted: true });
    const changed = find(on, 'updateGroupCallParticipants').participants as TlObject[];
    expect(changed.map((p) => [p.source, p.muted ?? false, p.can_self_unmute ?? false])).toEqual([[72, true, false]]); // Bob is an admin
    expect(k.media.stats()[mediaKeyOf(call)]['72'].muted).toBe(true);
    const off = await k.call(1n, 'phone.toggleGroupCallSettings', { call, join_muted: false });
    expect((find(off, 'updateGroupCallParticipants').participants as TlObject[])[0]).toMatchObject({
      source: 72,
      muted: true,
      can_self_unmute: true,
    });
    expect(find(off, 'updateGroupCall').call).not.toHaveProperty('join_muted', true);
  });

  it('scheduled call: "notify me" per person, start by an admin (service message), then GROUPCALL_ALREADY_STARTED', async () => {
    const r = await k.call(1n, 'phone.createGroupCall', {
      peer: demoPeer(),
      random_id: 2,
      schedule_date: k.clock.now + 7200,
    });
    const gc = find(r, 'updateGroupCall').call as TlObject;
    const call = { _: 'inputGroupCall', id: gc.id!, access_hash: gc.access_hash! };
    const sub = await k.call(3n, 'phone.toggleGroupCallStartSubscription', { call, subscribed: true });
    expectEncodesAsResult('phone.toggleGroupCallStartSubscription', sub);
    expect(find(sub, 'updateGroupCall').call).toMatchObject({ schedule_start_subscribed: true });
    const bobView = (await k.call(2n, 'phone.getGroupCall', { call, limit: 5 })) as TlObject;
    expect((bobView.call as TlObject).schedule_start_subscribed).toBeUndefined();
    expect((await k.fail(3n, 'phone.startScheduledGroupCall', { call })).type).toBe('CHAT_ADMIN_REQUIRED');
    k.clock.now += 60;
    const started = await k.call(2n, 'phone.startScheduledGroupCall', { call });
    expectEncodesAsResult('phone.startScheduledGroupCall', started);
    expect((find(started, 'updateGroupCall').call as TlObject).schedule_date).toBeUndefined();
    expect((find(started, 'updateNewChannelMessage').message as TlObject).action).toMatchObject({
      _: 'messageActionGroupCall',
    });
    const again = await k.fail(2n, 'phone.startScheduledGroupCall', { call });
    expect([again.code, again.type]).toEqual([403, 'GROUPCALL_ALREADY_STARTED']);
    expect((await k.fail(3n, 'phone.toggleGroupCallStartSubscription', { call, subscribed: false })).type).toBe(
      'GROUPCALL_ALREADY_STARTED',
    );
    await join(3n, call, 51);
  });

  it('inviteToGroupCall posts messageActionInviteToGroupCall; USER_ALREADY_INVITED, USER_NOT_PARTICIPANT, GROUPCALL_INVALID, GROUPCALL_FORBIDDEN', async () => {
    const call = await startCall();
    k.pushed.length = 0;
    const r = await k.call(3n, 'phone.inviteToGroupCall', { call, users: [inputUser(3), inputUser(4)] });
    expectEncodesAsResult('phone.inviteToGroupCall', r);
    const action = (find(r, 'updateNewChannelMessage').message as TlObject).action as TlObject;
    expect(action).toMatchObject({
      _: 'messageActionInviteToGroupCall',
      users: [BigInt(person(3).id), BigInt(person(4).id)],
    });
    expect(k.updatesPushedTo(4n).find((u) => u._ === 'updateNewChannelMessage')).toBeDefined();
    for (const p of k.pushed) expectEncodes(p.updates);
    expect((await k.fail(3n, 'phone.inviteToGroupCall', { call, users: [inputUser(3)] })).type).toBe(
      'USER_ALREADY_INVITED',
    );
    // Someone outside the Book Club cannot be invited to its call, nor invite to it.
    const book = await k.call(1n, 'phone.createGroupCall', {
      peer: { _: 'inputPeerChat', chat_id: BigInt(k.world.chats.ofUser(person(0).id)[0]) },
      random_id: 3,
    });
    const bc = find(book, 'updateGroupCall').call as TlObject;
    const bookCall = { _: 'inputGroupCall', id: bc.id!, access_hash: bc.access_hash! };
    const e = await k.fail(1n, 'phone.inviteToGroupCall', { call: bookCall, users: [inputUser(4)] });
    expect([e.code, e.type]).toEqual([403, 'USER_NOT_PARTICIPANT']);
    expect(
      (await k.fail(3n, 'phone.inviteToGroupCall', { call: { ...call, access_hash: 5n }, users: [inputUser(5)] })).type,
    ).toBe('GROUPCALL_INVALID');
    await k.call(1n, 'phone.discardGroupCall', { call });
    const ended = await k.fail(3n, 'phone.inviteToGroupCall', { call, users: [inputUser(5)] });
    expect([ended.code, ended.type]).toEqual([403, 'GROUPCALL_FORBIDDEN']);
  });

  it('getGroupCallStreamRtmpUrl: the owner only; revoke gives a new key', async () => {
    const a = (await k.call(1n, 'phone.getGroupCallStreamRtmpUrl', { peer: demoPeer(), revoke: false })) as TlObject;
    expectEncodesAsResult('phone.getGroupCallStreamRtmpUrl', a);
    expect(a.url).toMatch(/^rtmp:\/\/127\.0\.0\.1/);
    expect(
      ((await k.call(1n, 'phone.getGroupCallStreamRtmpUrl', { peer: demoPeer(), revoke: false })) as TlObject).key,
    ).toBe(a.key);
    expect(
      ((await k.call(1n, 'phone.getGroupCallStreamRtmpUrl', { peer: demoPeer(), revoke: true })) as TlObject).key,
    ).not.toBe(a.key);
    expect((await k.fail(2n, 'phone.getGroupCallStreamRtmpUrl', { peer: demoPeer(), revoke: false })).type).toBe(
      'CHAT_ADMIN_REQUIRED',
    );
  });

  it('discardGroupCall: groupCallDiscarded to every member and participant, the duration in the service message, media closed', async () => {
    const call = await startCall();
    await join(3n, call, 61);
    expect(
      k.world.chats &&
        (await k.call(5n, 'channels.getChannels', {
          id: [{ _: 'inputChannel', channel_id: BigInt(demo().id), access_hash: demo().accessHash }],
        })),
    ).toMatchObject({
      chats: [{ call_active: true, call_not_empty: true }],
    });
    expect((await k.fail(3n, 'phone.discardGroupCall', { call })).type).toBe('CHAT_ADMIN_REQUIRED');
    k.clock.now += 95;
    k.pushed.length = 0;
    const r = await k.call(2n, 'phone.discardGroupCall', { call });
    expectEncodesAsResult('phone.discardGroupCall', r);
    expect(find(r, 'updateGroupCall').call).toMatchObject({ _: 'groupCallDiscarded', duration: 95 });
    expect((find(r, 'updateNewChannelMessage').message as TlObject).action).toMatchObject({
      _: 'messageActionGroupCall',
      duration: 95,
    });
    for (const key of [1n, 3n, 4n, 5n])
      expect(k.updatesPushedTo(key).find((u) => u._ === 'updateGroupCall')!.call).toMatchObject({
        _: 'groupCallDiscarded',
      });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(k.media.sources(mediaKeyOf(call))).toEqual([]);
    expect((await k.fail(2n, 'phone.discardGroupCall', { call })).type).toBe('GROUPCALL_ALREADY_DISCARDED');
    const got = (await k.call(3n, 'phone.getGroupCall', { call, limit: 10 })) as TlObject;
    expect(got.call).toMatchObject({ _: 'groupCallDiscarded', duration: 95 });
    const full = (await k.call(3n, 'channels.getFullChannel', {
      channel: { _: 'inputChannel', channel_id: BigInt(demo().id), access_hash: demo().accessHash },
    })) as TlObject;
    expect((full.full_chat as TlObject).call).toBeUndefined();
    // The discard is in each member's log: a client that was offline learns of it from getDifference.
    const diff = (await k.call(5n, 'updates.getDifference', { pts: 1, date: 0, qts: 0 })) as TlObject;
    expect(
      ((diff.other_updates as TlObject[]) ?? []).some(
        (u) => u._ === 'updateGroupCall' && (u.call as TlObject)._ === 'groupCallDiscarded',
      ),
    ).toBe(true);
  });
});
