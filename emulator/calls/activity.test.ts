// Activity: when the SFU hears a participant start speaking, its active_date becomes the server's now and everyone in
// the call gets updateGroupCallParticipants with it (not versioned: the version stays), at most once per participant
// every ACTIVITY_UPDATE_INTERVAL_S; a muted participant's audio never counts. End to end with the SFU's simulated
// speakers (real Opus packets with the audio-level extension), and with the SFU's events driven by the test where the
// timing must be exact.
import { afterEach, describe, expect, it } from 'vitest';
import type { TlObject } from '../api/types';
import { Sfu, type SourceActiveListener } from '../sfu/index';
import type { CallMedia } from './callMedia';
import { ACTIVITY_UPDATE_INTERVAL_S } from './groupCalls';
import { dataJson, expectEncodes, joinJson, makeCallsKit, mediaKeyOf, type CallsKit, updatesOf } from './callsTestKit';

let k: CallsKit | undefined;
let ownSfu: Sfu | undefined;
afterEach(async () => {
  await k?.close();
  await ownSfu?.close();
  k = undefined;
  ownSfu = undefined;
});

/** A real SFU whose source-activity events the test can also raise itself, at the instant it chooses. */
function sfuWithActivityHook(): { media: CallMedia; speak: (callKey: string, ssrc: number) => void } {
  const sfu = new Sfu();
  ownSfu = sfu;
  const listeners: SourceActiveListener[] = [];
  const media: CallMedia = {
    join: sfu.join.bind(sfu),
    leave: sfu.leave.bind(sfu),
    closeCall: sfu.closeCall.bind(sfu),
    setMuted: sfu.setMuted.bind(sfu),
    cameraStateChanged: sfu.cameraStateChanged.bind(sfu),
    addSimulatedSpeaker: sfu.addSimulatedSpeaker.bind(sfu),
    addSimulatedCamera: sfu.addSimulatedCamera.bind(sfu),
    cutEndpoint: sfu.cutEndpoint.bind(sfu),
    endpointState: sfu.endpointState.bind(sfu),
    sources: sfu.sources.bind(sfu),
    stats: sfu.stats.bind(sfu),
    onEndpointState: sfu.onEndpointState.bind(sfu),
    onSourceActive: (listener) => {
      listeners.push(listener);
      const off = sfu.onSourceActive(listener);
      return () => {
        listeners.splice(listeners.indexOf(listener), 1);
        off();
      };
    },
    close: sfu.close.bind(sfu),
  };
  return { media, speak: (callKey, ssrc) => listeners.forEach((l) => l(callKey, ssrc, 'speaking')) };
}

const kit = (): CallsKit => {
  if (!k) throw new Error('no kit');
  return k;
};
const demoPeer = () => kit().demoPeer();
const person = (index: number) => kit().seededUser(index);

async function startCall(): Promise<TlObject> {
  const r = await kit().call(1n, 'phone.createGroupCall', { peer: demoPeer(), random_id: 1, title: 'Morning' });
  const gc = updatesOf(r).find((u) => u._ === 'updateGroupCall')!.call as TlObject;
  return { _: 'inputGroupCall', id: gc.id!, access_hash: gc.access_hash! };
}
const join = (key: bigint, call: TlObject, ssrc: number, muted = false) =>
  kit().call(key, 'phone.joinGroupCall', {
    call,
    join_as: { _: 'inputPeerSelf' },
    muted,
    params: dataJson(joinJson(ssrc)),
  });

/** The participants updates pushed to `key` since `from` (an index into k.pushed), with their version. */
function activityPushedTo(key: bigint, userId: number, from = 0): { participant: TlObject; version: number }[] {
  return kit()
    .pushed.slice(from)
    .filter((p) => p.authKeyId === key)
    .flatMap((p) => p.updates.updates as TlObject[])
    .filter((u) => u._ === 'updateGroupCallParticipants')
    .flatMap((u) =>
      (u.participants as TlObject[])
        .filter((p) => (p.peer as TlObject).user_id === BigInt(userId))
        .map((participant) => ({ participant, version: u.version as number })),
    );
}

const callVersion = (call: TlObject): number => kit().part.calls.store.get(Number(call.id))!.version;

/** Waits (bounded) until `done` holds, checking every 50 ms. */
async function until(done: () => boolean, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms && !done(); waited += 50) await new Promise((r) => setTimeout(r, 50));
  return done();
}

describe('activity updates (active_date)', () => {
  it('a participant who starts speaking gets active_date = now, pushed to everyone in the call at the same version', async () => {
    const hook = sfuWithActivityHook();
    k = await makeCallsKit({ media: hook.media });
    for (let i = 0; i < 3; i++) await kit().signInSeeded(i); // Alice 1n, Bob 2n, Carol 3n
    const call = await startCall();
    await join(1n, call, 101);
    await join(2n, call, 102);
    await join(3n, call, 103);
    const version = callVersion(call);
    const joinedAt = kit().clock.now;
    kit().clock.now += 42;
    const mark = kit().pushed.length;

    hook.speak(mediaKeyOf(call), 103); // Carol starts speaking

    const carol = person(2).id;
    for (const key of [1n, 2n, 3n]) {
      const got = activityPushedTo(key, carol, mark);
      expect(got, `key ${key}`).toHaveLength(1);
      expect(got[0].participant.active_date).toBe(joinedAt + 42);
      expect(got[0].participant.versioned).toBeUndefined();
      expect(got[0].participant.muted).toBeUndefined();
      expect(got[0].version).toBe(version);
    }
    expectEncodes(kit().pushed[mark].updates);
    expect(callVersion(call)).toBe(version);
    // The list a client (re)loads says the same.
    const list = (await kit().call(1n, 'phone.getGroupParticipants', {
      call,
      ids: [],
      sources: [103],
      offset: '',
      limit: 10,
    })) as TlObject;
    expect((list.participants as TlObject[])[0].active_date).toBe(joinedAt + 42);
    // Someone who does not speak stays as they were.
    expect(activityPushedTo(1n, person(1).id, mark)).toEqual([]);
  });

  it('at most one update per participant every few seconds; each participant has its own limit', async () => {
    const hook = sfuWithActivityHook();
    k = await makeCallsKit({ media: hook.media });
    for (let i = 0; i < 3; i++) await kit().signInSeeded(i);
    const call = await startCall();
    await join(1n, call, 101);
    await join(2n, call, 102);
    await join(3n, call, 103);
    const start = kit().clock.now;
    const mark = kit().pushed.length;
    const carol = person(2).id;
    const bob = person(1).id;
    const carolDates = () => activityPushedTo(1n, carol, mark).map((u) => u.participant.active_date);

    hook.speak(mediaKeyOf(call), 103);
    kit().clock.now += 1;
    hook.speak(mediaKeyOf(call), 103); // a pause and on again: too soon
    hook.speak(mediaKeyOf(call), 102); // Bob: his own limit
    kit().clock.now = start + ACTIVITY_UPDATE_INTERVAL_S - 1;
    hook.speak(mediaKeyOf(call), 103); // still too soon
    expect(carolDates()).toEqual([start]);
    expect(activityPushedTo(1n, bob, mark).map((u) => u.participant.active_date)).toEqual([start + 1]);
    expect(kit().part.calls.store.bySource(Number(call.id), 103)!.activeDate).toBe(start);

    kit().clock.now = start + ACTIVITY_UPDATE_INTERVAL_S;
    hook.speak(mediaKeyOf(call), 103);
    expect(carolDates()).toEqual([start, start + ACTIVITY_UPDATE_INTERVAL_S]);
  });

  it('a muted participant’s audio does not count; unmuted, it does', async () => {
    const hook = sfuWithActivityHook();
    k = await makeCallsKit({ media: hook.media });
    for (let i = 0; i < 3; i++) await kit().signInSeeded(i);
    const call = await startCall();
    await join(1n, call, 101);
    await join(3n, call, 103, true); // Carol joins muted
    const mark = kit().pushed.length;
    const carol = person(2).id;

    hook.speak(mediaKeyOf(call), 103);
    expect(activityPushedTo(1n, carol, mark)).toEqual([]);
    expect(kit().part.calls.store.bySource(Number(call.id), 103)!.activeDate).toBeNull();

    await kit().call(3n, 'phone.editGroupCallParticipant', { call, participant: { _: 'inputPeerSelf' }, muted: false });
    kit().clock.now += 3;
    hook.speak(mediaKeyOf(call), 103);
    const dates = activityPushedTo(1n, carol, mark).map((u) => u.participant.active_date);
    expect(dates.filter((d) => d !== undefined)).toEqual([kit().clock.now]); // (the unmute's own update has none)
  });

  it('end to end through the SFU: a simulated speaker’s speech is announced; one muted before its first packet is not', async () => {
    k = await makeCallsKit();
    for (let i = 0; i < 2; i++) await kit().signInSeeded(i);
    const call = await startCall();
    await join(1n, call, 101);
    await join(2n, call, 102);
    const calls = kit().part.calls;
    const row = calls.store.get(Number(call.id))!;
    const mark = kit().pushed.length;
    kit().clock.now += 10;
    // Three speakers; the demo clips are taken in turn (A, B, A), and clip A speaks within its first second.
    const [muted, , speaker] = [2, 3, 4].map((i) => {
      const id = kit().world.users.create({
        phone: `999661990${i}`,
        firstName: 'Speaker',
        lastName: String(i),
        now: 1,
      }).id;
      return calls.addSimulatedSpeakers(kit().clock.now, row, [id])[0];
    });
    // Muted by an admin in the same turn, before the SFU plays its first packet.
    calls.changeParticipants(kit().clock.now, row, [{ peer: muted.peer, change: { muted: true } }]);

    const heard = await until(
      () => activityPushedTo(2n, speaker.userId, mark).some((u) => u.participant.active_date !== undefined),
      3_000,
    );
    expect(heard).toBe(true);
    const got = activityPushedTo(2n, speaker.userId, mark).filter((u) => u.participant.active_date !== undefined);
    expect(got[0].participant.active_date).toBe(kit().clock.now);
    expect(activityPushedTo(1n, speaker.userId, mark).some((u) => u.participant.active_date === kit().clock.now)).toBe(
      true,
    );
    // The muted one's clip spoke just as long, and nothing was announced for it.
    expect(kit().media.stats()[mediaKeyOf(call)][String(muted.source)].droppedMuted).toBeGreaterThan(0);
    expect(activityPushedTo(2n, muted.userId, mark).some((u) => u.participant.active_date !== undefined)).toBe(false);
    expect(calls.store.participant(row.id, muted.peer)!.activeDate).toBeNull();
  });
});
