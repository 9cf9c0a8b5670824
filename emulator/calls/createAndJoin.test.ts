// phone.createGroupCall and phone.joinGroupCall over the seeded world and a real werift SFU: result shapes (encoded as
// layer 158), updates reaching the other members' keys, versions, and every error of their method pages.
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
});
afterEach(async () => {
  await k.close();
});

const demoChannel = () => k.world.channels.byUsername('tgcall_demo')!;
const demoPeer = () => k.demoPeer();
const newsPeer = (): TlObject => {
  const c = k.world.channels.byUsername('tgcall_news')!;
  return { _: 'inputPeerChannel', channel_id: BigInt(c.id), access_hash: c.accessHash };
};
const bookClubPeer = (): TlObject => ({
  _: 'inputPeerChat',
  chat_id: BigInt(k.world.chats.ofUser(k.world.users.byPhone('9996610001')!.id)[0]),
});
const userPeer = (index: number): TlObject => {
  const u = k.world.users.byPhone(`99966100${String(index + 1).padStart(2, '0')}`)!;
  return { _: 'inputPeerUser', user_id: BigInt(u.id), access_hash: u.accessHash };
};
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

async function createDemoCall(key = 1n, randomId = 1): Promise<TlObject> {
  const r = await k.call(key, 'phone.createGroupCall', { peer: demoPeer(), random_id: randomId, title: 'Standup' });
  const gc = find(r, 'updateGroupCall').call as TlObject;
  return { _: 'inputGroupCall', id: gc.id!, access_hash: gc.access_hash! };
}

const join = (key: bigint, call: TlObject, ssrc: number | undefined, extra: Record<string, TlValue> = {}) =>
  k.call(key, 'phone.joinGroupCall', {
    call,
    join_as: { _: 'inputPeerSelf' },
    params: dataJson(joinJson(ssrc)),
    ...extra,
  });

describe('phone.createGroupCall', () => {
  it('starts a call: updateGroupCall and the service message for the caller, pushed to the other members; chatFull.call and the flags', async () => {
    await k.signInSeeded(0);
    await k.signInSeeded(1);
    const r = await k.call(1n, 'phone.createGroupCall', { peer: demoPeer(), random_id: 7, title: 'Standup' });
    expectEncodesAsResult('phone.createGroupCall', r);
    const gc = find(r, 'updateGroupCall');
    expect(gc.chat_id).toBe(BigInt(demoChannel().id));
    expect(gc.call).toMatchObject({
      _: 'groupCall',
      title: 'Standup',
      participants_count: 0,
      version: 1,
      can_change_join_muted: true,
      unmuted_video_limit: 30,
    });
    const message = find(r, 'updateNewChannelMessage').message as TlObject;
    expect(message.action).toMatchObject({
      _: 'messageActionGroupCall',
      call: { _: 'inputGroupCall', id: (gc.call as TlObject).id },
    });
    expect((message.action as TlObject).duration).toBeUndefined();

    const bobSaw = k.updatesPushedTo(2n);
    expect(bobSaw.map((u) => u._)).toEqual(expect.arrayContaining(['updateGroupCall', 'updateNewChannelMessage']));
    // Bob is an admin of the demo group too; a plain member is not offered the join_muted switch.
    expect((bobSaw.find((u) => u._ === 'updateGroupCall')!.call as TlObject).can_change_join_muted).toBe(true);
    for (const p of k.pushed) expectEncodes(p.updates);

    const again = await k.call(1n, 'phone.createGroupCall', { peer: demoPeer(), random_id: 7, title: 'Standup' });
    expect((find(again, 'updateGroupCall').call as TlObject).id).toBe((gc.call as TlObject).id);
    expect(updatesOf(again).some((u) => u._ === 'updateNewChannelMessage')).toBe(false);

    const input = { _: 'inputChannel', channel_id: BigInt(demoChannel().id), access_hash: demoChannel().accessHash };
    const full = (await k.call(2n, 'channels.getFullChannel', { channel: input })) as TlObject;
    expectEncodesAsResult('channels.getFullChannel', full);
    expect((full.full_chat as TlObject).call).toMatchObject({ _: 'inputGroupCall', id: (gc.call as TlObject).id });
    expect((full.chats as TlObject[])[0]).toMatchObject({ call_active: true });
    expect((full.chats as TlObject[])[0].call_not_empty).toBeUndefined();
  });

  it('schedules a call in a basic group: messageActionGroupCallScheduled in every member box, schedule_date on the call', async () => {
    await k.signInSeeded(0);
    await k.signInSeeded(3);
    const at = k.clock.now + 3600;
    const r = await k.call(1n, 'phone.createGroupCall', { peer: bookClubPeer(), random_id: 1, schedule_date: at });
    expectEncodesAsResult('phone.createGroupCall', r);
    expect(find(r, 'updateGroupCall').call).toMatchObject({ _: 'groupCall', schedule_date: at });
    expect((find(r, 'updateNewMessage').message as TlObject).action).toMatchObject({
      _: 'messageActionGroupCallScheduled',
      schedule_date: at,
    });
    const dave = k.updatesPushedTo(4n);
    expect(dave.find((u) => u._ === 'updateNewMessage')).toBeDefined();
    expect(dave.find((u) => u._ === 'updateGroupCall')).toBeDefined();
    const chatId = bookClubPeer().chat_id as bigint;
    const full = (await k.call(4n, 'messages.getFullChat', { chat_id: chatId })) as TlObject;
    expectEncodesAsResult('messages.getFullChat', full);
    expect((full.full_chat as TlObject).call).toBeDefined();
    expect((full.chats as TlObject[])[0]).toMatchObject({ _: 'chat', call_active: true });
  });

  it('answers every error of its page where Telegram does', async () => {
    await k.signInSeeded(0);
    await k.signInSeeded(1);
    await k.signInSeeded(2);
    await k.signInSeeded(4);
    const err = async (key: bigint, params: Record<string, TlValue>) =>
      (await k.fail(key, 'phone.createGroupCall', { random_id: 99, ...params })).type;
    expect(await err(3n, { peer: demoPeer() })).toBe('CHAT_ADMIN_REQUIRED'); // Carol: a plain member
    expect(await err(2n, { peer: demoPeer(), rtmp_stream: true })).toBe('CHAT_ADMIN_REQUIRED'); // Bob: admin, not the owner
    expect(await err(1n, { peer: demoPeer(), schedule_date: k.clock.now - 1 })).toBe('SCHEDULE_DATE_INVALID');
    expect(await err(1n, { peer: demoPeer(), schedule_date: k.clock.now + 8 * 86400 })).toBe('SCHEDULE_DATE_INVALID');
    expect(await err(1n, { peer: userPeer(1) })).toBe('PEER_ID_INVALID');
    expect(await err(1n, { peer: { _: 'inputPeerChat', chat_id: 999n } })).toBe('PEER_ID_INVALID');
    expect(await err(5n, { peer: bookClubPeer() })).toBe('PEER_ID_INVALID'); // Erin is not in the Book Club
    const created = (await k.call(1n, 'channels.createChannel', {
      megagroup: true,
      title: 'Private',
      about: '',
    })) as TlObject;
    const priv = (created.chats as TlObject[])[0];
    expect(
      await err(3n, { peer: { _: 'inputPeerChannel', channel_id: priv.id!, access_hash: priv.access_hash! } }),
    ).toBe('CHANNEL_PRIVATE');

    const call = await createDemoCall(1n, 5);
    expect(await err(2n, { peer: demoPeer(), random_id: 6 })).toBe('CREATE_CALL_FAILED'); // one call per chat
    await k.call(1n, 'phone.discardGroupCall', { call });
    expect(await err(1n, { peer: demoPeer(), random_id: 5 })).toBe('GROUPCALL_ALREADY_DISCARDED');
    // The owner may open an RTMP stream in a chat without a call.
    const rtmp = await k.call(1n, 'phone.createGroupCall', { peer: newsPeer(), random_id: 1, rtmp_stream: true });
    expect(find(rtmp, 'updateGroupCall').call).toMatchObject({ rtmp_stream: true });
  });
});

describe('phone.joinGroupCall', () => {
  it('joins: own participant (self, just_joined, versioned) and the SFU transport; the others get the participant; versions step', async () => {
    await k.signInSeeded(0);
    await k.signInSeeded(1);
    await k.signInSeeded(2);
    const call = await createDemoCall();
    const r = await join(2n, call, -1294836121);
    expectEncodesAsResult('phone.joinGroupCall', r);
    const parts = find(r, 'updateGroupCallParticipants');
    expect(parts.version).toBe(2);
    const bob = k.world.users.byPhone('9996610002')!.id;
    expect((parts.participants as TlObject[])[0]).toMatchObject({
      _: 'groupCallParticipant',
      self: true,
      just_joined: true,
      versioned: true,
      can_self_unmute: true,
      source: -1294836121,
      peer: { _: 'peerUser', user_id: BigInt(bob) },
    });
    const transport = JSON.parse((find(r, 'updateGroupCallConnection').params as TlObject).data as string) as {
      transport: { candidates: { ip: string; port: string }[]; fingerprints: { setup: string }[] };
      audio: unknown;
    };
    expect(transport.transport.candidates.length).toBeGreaterThan(0);
    expect(transport.transport.candidates.every((c) => c.ip === '127.0.0.1' && typeof c.port === 'string')).toBe(true);
    expect(transport.transport.fingerprints[0].setup).toBe('passive');
    expect(k.media.sources(mediaKeyOf(call))).toEqual([-1294836121]);

    k.pushed.length = 0;
    const carol = await join(3n, call, 4242);
    expect(find(carol, 'updateGroupCallParticipants').version).toBe(3);
    const bobSaw = k.updatesPushedTo(2n).find((u) => u._ === 'updateGroupCallParticipants')!;
    expect(bobSaw.version).toBe(3);
    expect((bobSaw.participants as TlObject[])[0]).toMatchObject({ source: 4242, just_joined: true, versioned: true });
    expect((bobSaw.participants as TlObject[])[0].self).toBeUndefined();
    expect(k.updatesPushedTo(2n).find((u) => u._ === 'updateGroupCall')!.call).toMatchObject({ participants_count: 2 });
    expect(k.updatesPushedTo(2n).some((u) => u._ === 'updateGroupCallConnection')).toBe(false);
    for (const p of k.pushed) expectEncodes(p.updates);

    // A rejoin with a new source replaces Bob's record: still two people, his new source, the next version.
    const again = await join(2n, call, 777);
    expect(find(again, 'updateGroupCallParticipants').version).toBe(4);
    const got = (await k.call(1n, 'phone.getGroupCall', { call, limit: 10 })) as TlObject;
    expectEncodesAsResult('phone.getGroupCall', got);
    expect((got.call as TlObject).participants_count).toBe(2);
    expect((got.participants as TlObject[]).map((p) => p.source).sort()).toEqual([4242, 777].sort());
    expect(k.media.sources(mediaKeyOf(call)).sort()).toEqual([4242, 777].sort());
  });

  it('answers DATA_JSON_INVALID, GROUPCALL_SSRC_DUPLICATE_MUCH, GROUPCALL_INVALID, GROUPCALL_FORBIDDEN and JOIN_AS_PEER_INVALID where Telegram does', async () => {
    await k.signInSeeded(0);
    await k.signInSeeded(1);
    await k.signInSeeded(2);
    await k.signInSeeded(4);
    const call = await createDemoCall();
    const fail = async (key: bigint, params: Record<string, TlValue>) =>
      (
        await k.fail(key, 'phone.joinGroupCall', {
          call,
          join_as: { _: 'inputPeerSelf' },
          params: dataJson(joinJson(55)),
          ...params,
        })
      ).type;
    expect(await fail(2n, { params: dataJson('{not json') })).toBe('DATA_JSON_INVALID');
    expect(await fail(2n, { params: dataJson(joinJson(55, { ufrag: undefined })) })).toBe('DATA_JSON_INVALID');
    expect(await fail(2n, { params: dataJson(joinJson(55, { pwd: undefined })) })).toBe('DATA_JSON_INVALID');
    expect(await fail(2n, { params: dataJson(joinJson(55, { fingerprints: [] })) })).toBe('DATA_JSON_INVALID');
    expect(
      await fail(2n, {
        params: dataJson(joinJson(55, { fingerprints: [{ hash: 'sha-256', setup: 'active', fingerprint: 'AB:CD' }] })),
      }),
    ).toBe('DATA_JSON_INVALID');
    expect(await fail(2n, { params: dataJson(joinJson(undefined)) })).toBe('GROUPCALL_SSRC_DUPLICATE_MUCH');
    await join(2n, call, 55);
    expect(await fail(3n, {})).toBe('GROUPCALL_SSRC_DUPLICATE_MUCH'); // Carol with Bob's source
    expect(await fail(3n, { call: { ...call, access_hash: (call.access_hash as bigint) + 1n } })).toBe(
      'GROUPCALL_INVALID',
    );
    expect(await fail(3n, { call: { _: 'inputGroupCall', id: 123n, access_hash: 1n } })).toBe('GROUPCALL_INVALID');
    expect(await fail(3n, { join_as: userPeer(1), params: dataJson(joinJson(56)) })).toBe('JOIN_AS_PEER_INVALID'); // Carol as Bob
    expect(await fail(3n, { join_as: newsPeer(), params: dataJson(joinJson(56)) })).toBe('JOIN_AS_PEER_INVALID'); // not her channel
    expect(
      await fail(3n, {
        join_as: { _: 'inputPeerChannel', channel_id: 1n, access_hash: 1n },
        params: dataJson(joinJson(56)),
      }),
    ).toBe('JOIN_AS_PEER_INVALID');

    // A private group's call is closed to outsiders; a scheduled call cannot be joined before it starts.
    const book = await k.call(1n, 'phone.createGroupCall', {
      peer: bookClubPeer(),
      random_id: 3,
      schedule_date: k.clock.now + 600,
    });
    const bookCall = find(book, 'updateGroupCall').call as TlObject;
    const bookInput = { _: 'inputGroupCall', id: bookCall.id!, access_hash: bookCall.access_hash! };
    const e1 = await k.fail(5n, 'phone.joinGroupCall', {
      call: bookInput,
      join_as: { _: 'inputPeerSelf' },
      params: dataJson(joinJson(57)),
    });
    expect([e1.code, e1.type]).toEqual([403, 'GROUPCALL_FORBIDDEN']);
    const e2 = await k.fail(2n, 'phone.joinGroupCall', {
      call: bookInput,
      join_as: { _: 'inputPeerSelf' },
      params: dataJson(joinJson(57)),
    });
    expect([e2.code, e2.type]).toEqual([403, 'GROUPCALL_FORBIDDEN']);

    await k.call(1n, 'phone.discardGroupCall', { call });
    const e3 = await k.fail(3n, 'phone.joinGroupCall', {
      call,
      join_as: { _: 'inputPeerSelf' },
      params: dataJson(joinJson(58)),
    });
    expect([e3.code, e3.type]).toEqual([403, 'GROUPCALL_FORBIDDEN']);
  });

  it('a join overtaken while the SFU sets it up: by the same person’s newer join (GROUPCALL_JOIN_MISSING), by the call ending (GROUPCALL_FORBIDDEN)', async () => {
    await k.signInSeeded(0);
    await k.signInSeeded(1);
    const call = await createDemoCall();
    const [older, newer] = await Promise.allSettled([join(2n, call, 501), join(2n, call, 502)]);
    expect(older).toMatchObject({ status: 'rejected', reason: { type: 'GROUPCALL_JOIN_MISSING' } });
    expect(newer.status).toBe('fulfilled');
    expect(await k.call(2n, 'phone.checkGroupCall', { call, sources: [501, 502] })).toEqual([502]);
    const pending = join(1n, call, 503);
    await k.call(1n, 'phone.discardGroupCall', { call });
    await expect(pending).rejects.toMatchObject({ code: 403, type: 'GROUPCALL_FORBIDDEN' });
  });

  it('joins as an owned channel; such a participant cannot invite (INVITE_FORBIDDEN_WITH_JOINAS)', async () => {
    await k.signInSeeded(0);
    const call = await createDemoCall();
    const r = await k.call(1n, 'phone.joinGroupCall', { call, join_as: newsPeer(), params: dataJson(joinJson(91)) });
    expect((find(r, 'updateGroupCallParticipants').participants as TlObject[])[0].peer).toMatchObject({
      _: 'peerChannel',
    });
    // Switching back to herself takes the channel out in the same version step.
    const back = await k.call(1n, 'phone.joinGroupCall', {
      call,
      join_as: { _: 'inputPeerSelf' },
      params: dataJson(joinJson(92)),
    });
    const step = find(back, 'updateGroupCallParticipants');
    expect((step.participants as TlObject[]).map((p) => [(p.peer as TlObject)._, p.left ?? false, p.source])).toEqual([
      ['peerChannel', true, 91],
      ['peerUser', false, 92],
    ]);
    expect(step.version).toBe(3);
    expect(k.media.sources(mediaKeyOf(call))).toEqual([92]);
    await k.call(1n, 'phone.joinGroupCall', { call, join_as: newsPeer(), params: dataJson(joinJson(93)) });
    const joinAs = (await k.call(1n, 'phone.getGroupCallJoinAs', { peer: demoPeer() })) as TlObject;
    expectEncodesAsResult('phone.getGroupCallJoinAs', joinAs);
    // Herself and the channels she owns: @tgcall_demo, @tgcall_news and the private supergroup Night Owls.
    expect((joinAs.peers as TlObject[]).map((p) => p._)).toEqual([
      'peerUser',
      'peerChannel',
      'peerChannel',
      'peerChannel',
    ]);
    expect(await k.call(1n, 'phone.saveDefaultGroupCallJoinAs', { peer: demoPeer(), join_as: newsPeer() })).toBe(true);
    expect(
      (await k.fail(1n, 'phone.saveDefaultGroupCallJoinAs', { peer: demoPeer(), join_as: userPeer(1) })).type,
    ).toBe('JOIN_AS_PEER_INVALID');
    const bob = k.world.users.byPhone('9996610002')!;
    const e = await k.fail(1n, 'phone.inviteToGroupCall', {
      call,
      users: [{ _: 'inputUser', user_id: BigInt(bob.id), access_hash: bob.accessHash }],
    });
    expect(e.type).toBe('INVITE_FORBIDDEN_WITH_JOINAS');
  });

  it('join_muted: members join muted without the right to unmute, unless they bring the speaker link', async () => {
    await k.signInSeeded(0);
    await k.signInSeeded(3);
    await k.signInSeeded(4);
    await k.signInSeeded(2);
    const call = await createDemoCall();
    const set = await k.call(1n, 'phone.toggleGroupCallSettings', { call, join_muted: true });
    expectEncodesAsResult('phone.toggleGroupCallSettings', set);
    expect(find(set, 'updateGroupCall').call).toMatchObject({ join_muted: true });
    const dave = await join(4n, call, 401);
    expect((find(dave, 'updateGroupCallParticipants').participants as TlObject[])[0]).toMatchObject({ muted: true });
    expect((find(dave, 'updateGroupCallParticipants').participants as TlObject[])[0].can_self_unmute).toBeUndefined();
    const daveInput = userPeer(3);
    expect(
      (await k.fail(4n, 'phone.editGroupCallParticipant', { call, participant: daveInput, muted: false })).type,
    ).toBe('CHAT_ADMIN_REQUIRED');

    expect((await k.fail(3n, 'phone.exportGroupCallInvite', { call, can_self_unmute: true })).type).toBe(
      'CHAT_ADMIN_REQUIRED',
    );
    const listener = (await k.call(3n, 'phone.exportGroupCallInvite', { call })) as TlObject;
    const speaker = (await k.call(1n, 'phone.exportGroupCallInvite', { call, can_self_unmute: true })) as TlObject;
    expectEncodesAsResult('phone.exportGroupCallInvite', speaker);
    expect(listener.link).toMatch(/^https:\/\/t\.me\/tgcall_demo\?videochat=[\w-]+$/);
    expect(speaker.link).not.toBe(listener.link);
    const hash = (speaker.link as string).split('videochat=')[1];
    const erin = await join(5n, call, 402, { invite_hash: hash });
    expect((find(erin, 'updateGroupCallParticipants').participants as TlObject[])[0]).toMatchObject({
      can_self_unmute: true,
    });
    // A listener-link hash gives nothing more.
    const carol = await join(3n, call, 403, { invite_hash: (listener.link as string).split('videochat=')[1] });
    expect((find(carol, 'updateGroupCallParticipants').participants as TlObject[])[0].can_self_unmute).toBeUndefined();
    // Resetting the hashes makes the old speaker link worthless.
    await k.call(1n, 'phone.toggleGroupCallSettings', { call, reset_invite_hash: true });
    const newSpeaker = (await k.call(1n, 'phone.exportGroupCallInvite', { call, can_self_unmute: true })) as TlObject;
    expect(newSpeaker.link).not.toBe(speaker.link);
    expect((await k.fail(1n, 'phone.toggleGroupCallSettings', { call, join_muted: true })).type).toBe(
      'GROUPCALL_NOT_MODIFIED',
    );
  });
});
