// GroupCall over a scripted TelegramApi, fake transports and a fake clock: joining, SSRC retries, join errors, staying
// joined (checkGroupCall, ICE failure, backoff), participants (paging, versions), speaking, mute, leave, end.

import { describe, expect, it } from 'vitest';
import { CallError } from './callError';
import type { GroupCallEvents } from './groupCallEvents';
import {
  CALL,
  connectionUpdate,
  participant,
  participantsUpdate,
  SERVER_TRANSPORT,
  updatesOf,
} from './testing/callFixtures';
import { fakeTrack } from './testing/fakeTransport';
import { groupCallHarness, rpcError } from './testing/groupCallHarness';

const SELF = '1';

async function joined(h: ReturnType<typeof groupCallHarness>): Promise<void> {
  const done = h.call.join();
  await h.settle();
  await done;
}

function errorsOf(h: ReturnType<typeof groupCallHarness>): CallError[] {
  return h.events.flatMap(([name, payload]) => (name === 'error' ? [payload] : []));
}

describe('GroupCall: joining', () => {
  it('joins: offer → phone.joinGroupCall → updateGroupCallConnection applied once → connected; remote sources but not its own', async () => {
    const h = groupCallHarness({ ssrcs: [0xdeadbeef] });
    h.serverParticipants.push(
      participant(SELF, 0xdeadbeef | 0, { self: true }),
      participant('2', 222),
      participant('3', 333),
    );
    // The stream also brings the result's updateGroupCallConnection (the client feeds method results into it).
    h.api.on('phone.joinGroupCall', () => {
      queueMicrotask(() => h.api.push(connectionUpdate()));
      return updatesOf(connectionUpdate());
    });
    await joined(h);
    expect(h.call.state).toBe('connected');
    expect(h.statesSeen()).toEqual(['joining', 'connected']);
    const [join] = h.api.callsOf('phone.joinGroupCall');
    expect(join.call).toEqual(CALL);
    expect(join.join_as).toEqual({ _: 'inputPeerSelf' });
    expect(join.video_stopped).toBe(true);
    expect(join.muted).toBeUndefined();
    expect(join.params._).toBe('dataJSON');
    expect(JSON.parse(join.params._ === 'dataJSON' ? join.params.data : '')).toMatchObject({
      ssrc: 0xdeadbeef | 0,
      ufrag: expect.any(String) as unknown,
    });
    expect(h.transports.created).toHaveLength(1);
    expect(h.transports.last.applied).toEqual([SERVER_TRANSPORT]); // exactly once, though it came twice
    await h.settle();
    expect([...h.transports.last.sources].sort()).toEqual([222, 333]);
    expect(h.call.source).toBe(0xdeadbeef | 0);
    expect(h.call.participants.map((p) => p.peerId).sort()).toEqual(['user:1', 'user:2', 'user:3']);
    expect(h.track.enabled).toBe(true);
  });

  it('takes the connection update from the update stream when the result does not carry it', async () => {
    const h = groupCallHarness();
    h.api.on('phone.joinGroupCall', () => {
      h.clock.setTimeout(() => h.api.push(connectionUpdate()), 300);
      return updatesOf();
    });
    const done = h.call.join();
    await h.settle();
    expect(h.call.state).toBe('joining');
    await h.clock.advance(300);
    await h.settle();
    await done;
    expect(h.transports.last.applied).toHaveLength(1);
  });

  it('passes muted, invite_hash and join_as, and starts with the track disabled when muted', async () => {
    const joinAs = { _: 'inputPeerChannel' as const, channel_id: '55', access_hash: '66' };
    const h = groupCallHarness({ muted: true, inviteHash: 'abc', joinAs });
    await joined(h);
    const [join] = h.api.callsOf('phone.joinGroupCall');
    expect(join).toMatchObject({ muted: true, invite_hash: 'abc', join_as: joinAs });
    expect(h.track.enabled).toBe(false);
    expect(h.call.muteState.muted).toBe(true);
  });

  it('retries GROUPCALL_SSRC_DUPLICATE_MUCH with a new connection (fresh SSRC) and joins on attempt 4', async () => {
    const h = groupCallHarness({ ssrcs: [11, 12, 13, 14] });
    h.api.on('phone.joinGroupCall', (_params, index) => {
      if (index < 3) throw rpcError('GROUPCALL_SSRC_DUPLICATE_MUCH');
      return updatesOf(connectionUpdate());
    });
    await joined(h);
    expect(h.call.state).toBe('connected');
    const ssrcs = h.api
      .callsOf('phone.joinGroupCall')
      .map((p) => (JSON.parse(p.params._ === 'dataJSON' ? p.params.data : '') as { ssrc: number }).ssrc);
    expect(ssrcs).toEqual([11, 12, 13, 14]);
    expect(h.transports.created.map((t) => t.closed)).toEqual([true, true, true, false]);
    expect(h.call.source).toBe(14);
    expect([...h.call.sources]).toEqual([11, 12, 13, 14]);
  });

  it('gives up after 5 duplicate-SSRC refusals: ssrcRetriesExhausted, failed, microphone released', async () => {
    const h = groupCallHarness();
    h.api.on('phone.joinGroupCall', () => {
      throw rpcError('GROUPCALL_SSRC_DUPLICATE_MUCH');
    });
    const done = h.call.join();
    await h.settle();
    await expect(done).rejects.toMatchObject({
      reason: 'ssrc-retries-exhausted',
      rpcType: 'GROUPCALL_SSRC_DUPLICATE_MUCH',
    });
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(5);
    expect(h.call.state).toBe('failed');
    expect(h.track.stopped).toBe(true);
    expect(h.transports.created.every((t) => t.closed)).toBe(true);
  });

  it.each(['DATA_JSON_INVALID', 'GROUPCALL_FORBIDDEN', 'GROUPCALL_INVALID', 'JOIN_AS_PEER_INVALID'])(
    'fails on %s with the type kept, no retry',
    async (type) => {
      const h = groupCallHarness();
      h.api.on('phone.joinGroupCall', () => {
        throw rpcError(type, type === 'GROUPCALL_FORBIDDEN' ? 403 : 400);
      });
      const done = h.call.join();
      await h.settle();
      const error = await done.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CallError);
      expect(error).toMatchObject({ reason: 'join-refused', rpcType: type, retryable: false });
      expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(1);
      expect(h.call.state).toBe('failed');
      const last = h.events.filter(([n]) => n === 'stateChanged').at(-1)?.[1] as GroupCallEvents['stateChanged'];
      expect(last.error?.rpcType).toBe(type);
      expect(h.track.stopped).toBe(true);
      expect(h.api.subscribers).toBe(0);
    },
  );

  it('reports a denied microphone as microphoneDenied and never asks the server', async () => {
    const h = groupCallHarness({ microphone: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) });
    const done = h.call.join();
    await h.settle();
    await expect(done).rejects.toMatchObject({ reason: 'microphone-denied' });
    expect(h.api.recorded).toHaveLength(0);
    expect(h.call.state).toBe('failed');
  });

  it('reports a missing microphone as microphoneUnavailable', async () => {
    const h = groupCallHarness({ microphone: () => Promise.reject(new DOMException('none', 'NotFoundError')) });
    const done = h.call.join();
    await h.settle();
    await expect(done).rejects.toMatchObject({ reason: 'microphone-unavailable' });
  });

  it('times out waiting for updateGroupCallConnection, rejoins by the policy, then gives up', async () => {
    const h = groupCallHarness({
      connectionUpdateTimeoutMs: 5000,
      rejoinPolicy: { nextRejoinDelayMs: ({ attempt }) => (attempt < 1 ? 1000 : null) },
    });
    h.api.on('phone.joinGroupCall', () => updatesOf());
    const done = h.call.join();
    const outcome = done.then(
      () => null,
      (e: unknown) => e,
    );
    await h.settle();
    await h.clock.advance(5000);
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(1);
    await h.clock.advance(1000);
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(2);
    await h.clock.advance(5000);
    const error = (await outcome) as CallError;
    expect(error.reason).toBe('rejoin-exhausted');
    expect((error.cause as CallError).reason).toBe('connection-timeout');
    expect(h.call.state).toBe('failed');
  });

  it('refuses a livestream transport ({"stream": true}) with streamUnsupported', async () => {
    const h = groupCallHarness();
    h.api.on('phone.joinGroupCall', () =>
      updatesOf({ _: 'updateGroupCallConnection', params: { _: 'dataJSON', data: '{"stream":true}' } }),
    );
    const done = h.call.join();
    await h.settle();
    await expect(done).rejects.toMatchObject({ reason: 'stream-unsupported' });
    // The server had taken the join: it is told that we are gone.
    expect(h.api.callsOf('phone.leaveGroupCall')).toEqual([{ call: CALL, source: 1000 }]);
  });

  it('ignores updateGroupCallConnection for a presentation and the connection of another attempt after use', async () => {
    const h = groupCallHarness();
    h.api.on('phone.joinGroupCall', () =>
      updatesOf(
        { _: 'updateGroupCallConnection', presentation: true, params: { _: 'dataJSON', data: '{"stream":true}' } },
        connectionUpdate(),
      ),
    );
    await joined(h);
    h.api.push(connectionUpdate());
    await h.settle();
    expect(h.transports.last.applied).toHaveLength(1);
    expect(h.call.state).toBe('connected');
  });
});

describe('GroupCall: staying joined', () => {
  it('asks phone.checkGroupCall only while media is (re)connecting: never while connected; every 4 s once it drops', async () => {
    const h = groupCallHarness({ ssrcs: [21, 22] });
    await joined(h);
    await h.clock.advance(60_000);
    expect(h.api.callsOf('phone.checkGroupCall')).toEqual([]); // a minute of a working call: no polling at all
    h.transports.last.setState('disconnected');
    await h.settle();
    await h.clock.advance(0);
    expect(h.api.callsOf('phone.checkGroupCall')).toEqual([{ call: CALL, sources: [21] }]);
    h.transports.last.setState('connected'); // ICE came back by itself: polling stops again
    await h.settle();
    await h.clock.advance(20_000);
    expect(h.api.callsOf('phone.checkGroupCall')).toHaveLength(1);
  });

  it('while media is down, a server that lost the source means a rejoin with a new connection', async () => {
    const h = groupCallHarness({ ssrcs: [21, 22], disconnectedGraceMs: 60_000 });
    await joined(h);
    h.transports.last.setState('disconnected');
    await h.settle();
    await h.clock.advance(0);
    await h.clock.advance(4000);
    expect(h.api.callsOf('phone.checkGroupCall').length).toBeGreaterThanOrEqual(2);
    h.knownSources.value = [];
    await h.clock.advance(4000);
    expect(h.call.state).toBe('reconnecting');
    expect(h.transports.created[0].closed).toBe(true);
    h.knownSources.value = null;
    await h.clock.advance(500); // the policy's first delay
    await h.settle();
    expect(h.call.state).toBe('connected');
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(2);
    expect(h.call.source).toBe(22);
  });

  it('rejoins when checkGroupCall answers GROUPCALL_JOIN_MISSING; other check errors are reported, not fatal', async () => {
    const h = groupCallHarness({ disconnectedGraceMs: 60_000 });
    await joined(h);
    h.api.on('phone.checkGroupCall', () => {
      throw rpcError('INTERNAL', 500);
    });
    h.transports.last.setState('disconnected');
    await h.settle();
    await h.clock.advance(0);
    expect(h.call.state).toBe('connected');
    expect(errorsOf(h).at(-1)?.reason).toBe('request-failed');
    h.api.on('phone.checkGroupCall', () => {
      throw rpcError('GROUPCALL_JOIN_MISSING');
    });
    await h.clock.advance(4000);
    expect(h.call.state).toBe('reconnecting');
  });

  it('rejoins after an ICE failure with growing delays, resets them once connected, gives up when the policy says so', async () => {
    const h = groupCallHarness();
    await joined(h);
    h.transports.autoConnect = false;
    h.transports.last.setState('failed');
    expect(h.call.state).toBe('reconnecting');
    expect(h.clock.scheduled()).toContain(500);
    await h.clock.advance(499);
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(1);
    await h.clock.advance(1);
    await h.settle();
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(2);
    h.transports.last.setState('failed'); // fails again before connecting: the next delay doubles
    expect(h.clock.scheduled()).toContain(1000);
    await h.clock.advance(1000);
    await h.settle();
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(3);
    h.transports.last.setState('connected');
    expect(h.call.state).toBe('connected');
    h.transports.last.setState('failed'); // a working connection in between: back to the first delay
    expect(h.clock.scheduled()).toContain(500);
    for (let i = 0; i < 4; i++) {
      await h.clock.advance(4000);
      await h.settle();
      h.transports.last.setState('failed');
    }
    expect(h.call.state).toBe('failed');
    const last = h.events.filter(([n]) => n === 'stateChanged').at(-1)?.[1] as GroupCallEvents['stateChanged'];
    expect(last.error?.reason).toBe('rejoin-exhausted');
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(7);
  });

  it('rejoins when ICE stays disconnected past the grace time, not when it comes back', async () => {
    const h = groupCallHarness({ disconnectedGraceMs: 5000 });
    await joined(h);
    h.transports.last.setState('disconnected');
    await h.clock.advance(4000);
    h.transports.last.setState('connected');
    await h.clock.advance(2000);
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(1);
    h.transports.last.setState('disconnected');
    await h.clock.advance(5000);
    expect(h.call.state).toBe('reconnecting');
    await h.clock.advance(500);
    await h.settle();
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(2);
    expect(h.call.state).toBe('connected');
  });

  it('does not let an echo of an older "muted" undo a local unmute; an admin mute does', async () => {
    const h = groupCallHarness({ ssrcs: [80], muted: true });
    await joined(h);
    await h.call.setMuted(false);
    h.api.push(
      participantsUpdate(2, participant(SELF, 80, { self: true, versioned: true, muted: true, can_self_unmute: true })),
    );
    expect(h.track.enabled).toBe(true);
    h.api.push(participantsUpdate(3, participant(SELF, 80, { self: true, versioned: true, muted: true })));
    expect(h.track.enabled).toBe(false);
    expect(h.call.muteState).toMatchObject({ muted: true, canSelfUnmute: false });
  });

  it('rejoins when ICE does not connect in time', async () => {
    const h = groupCallHarness({ autoConnect: false, connectTimeoutMs: 3000 });
    void h.call.join().catch(() => undefined);
    await h.settle();
    expect(h.call.state).toBe('joining');
    await h.clock.advance(3000);
    await h.clock.advance(500);
    await h.settle();
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(2);
    h.transports.last.setState('connected');
    expect(h.call.state).toBe('connected');
  });

  it('hangs up when its own participant shows up with a source it never used (joined elsewhere)', async () => {
    const h = groupCallHarness({ ssrcs: [31] });
    await joined(h);
    h.api.push(participantsUpdate(2, participant(SELF, 31, { self: true, versioned: true })));
    expect(h.call.state).toBe('connected');
    h.api.push(participantsUpdate(3, participant(SELF, 99999, { self: true, versioned: true })));
    expect(h.call.state).toBe('left');
    const last = h.events.filter(([n]) => n === 'stateChanged').at(-1)?.[1] as GroupCallEvents['stateChanged'];
    expect(last.error?.reason).toBe('joined-elsewhere');
    expect(h.track.stopped).toBe(true);
    expect(h.transports.last.closed).toBe(true);
  });

  it('rejoins when its own participant is reported as left with its current source', async () => {
    const h = groupCallHarness({ ssrcs: [41, 42] });
    await joined(h);
    h.api.push(participantsUpdate(2, participant(SELF, 41, { self: true, versioned: true })));
    h.api.push(participantsUpdate(3, participant(SELF, 41, { self: true, versioned: true, left: true })));
    expect(h.call.state).toBe('reconnecting');
    await h.clock.advance(500);
    await h.settle();
    expect(h.call.source).toBe(42);
    expect(h.call.state).toBe('connected');
  });

  it('ends when updateGroupCall says the call was discarded: devices released, join promise settled', async () => {
    const h = groupCallHarness();
    await joined(h);
    h.api.push({
      _: 'updateGroupCall',
      chat_id: '5',
      call: { _: 'groupCallDiscarded', id: 'other', access_hash: '1', duration: 3 },
    });
    expect(h.call.state).toBe('connected');
    h.api.push({
      _: 'updateGroupCall',
      chat_id: '5',
      call: { _: 'groupCallDiscarded', id: CALL.id, access_hash: CALL.access_hash, duration: 60 },
    });
    expect(h.call.state).toBe('ended');
    const last = h.events.filter(([n]) => n === 'stateChanged').at(-1)?.[1] as GroupCallEvents['stateChanged'];
    expect(last.error?.reason).toBe('call-ended');
    expect(h.track.stopped).toBe(true);
    expect(h.transports.last.closed).toBe(true);
    expect(h.api.subscribers).toBe(0);
    const checksBefore = h.api.callsOf('phone.checkGroupCall').length;
    await h.clock.advance(20_000);
    expect(h.api.callsOf('phone.checkGroupCall')).toHaveLength(checksBefore);
  });

  it('keeps the call info from updateGroupCall', async () => {
    const h = groupCallHarness();
    await joined(h);
    const info = {
      _: 'groupCall' as const,
      id: CALL.id,
      access_hash: CALL.access_hash,
      participants_count: 3,
      unmuted_video_limit: 30,
      version: 4,
      join_muted: true,
      title: 'Book Club',
    };
    h.api.push({ _: 'updateGroupCall', chat_id: '5', call: info });
    expect(h.call.info).toEqual(info);
    expect(h.events.at(-1)).toEqual(['callUpdated', info]);
  });
});

describe('GroupCall: participants', () => {
  it('loads the first page at join and the next ones on demand (next_offset), keeping the version of the first', async () => {
    const h = groupCallHarness({ participantsPageSize: 2 });
    const pages = [
      { participants: [participant('2', 2), participant('3', 3)], next_offset: 'a', version: 10 },
      { participants: [participant('4', 4), participant('5', 5)], next_offset: 'b', version: 10 },
      { participants: [participant('6', 6)], next_offset: '', version: 10 },
    ];
    h.api.on('phone.getGroupParticipants', (params) => {
      const page = pages[['', 'a', 'b'].indexOf(params.offset)];
      return { _: 'phone.groupParticipants' as const, count: 5, chats: [], users: [], ...page };
    });
    await joined(h);
    await h.settle();
    expect(h.api.callsOf('phone.getGroupParticipants').map((p) => [p.offset, p.limit])).toEqual([['', 2]]);
    expect(h.call.participants).toHaveLength(2);
    expect(h.call.hasMoreParticipants).toBe(true);
    expect(h.call.participantsCount).toBe(5); // the server's count, beyond the page
    // Asked twice at once (the panel scrolls fast): one request.
    await Promise.all([h.call.loadMoreParticipants(), h.call.loadMoreParticipants()]);
    await h.call.loadMoreParticipants();
    await h.call.loadMoreParticipants(); // the list is complete: nothing more is asked
    expect(h.api.callsOf('phone.getGroupParticipants').map((p) => [p.offset, p.limit])).toEqual([
      ['', 2],
      ['a', 2],
      ['b', 2],
    ]);
    expect(h.call.participants).toHaveLength(5);
    expect(h.call.hasMoreParticipants).toBe(false);
    expect([...h.transports.last.sources].sort()).toEqual([2, 3, 4, 5, 6]);
    expect(h.events.filter(([name]) => name === 'participantsChanged').length).toBeGreaterThanOrEqual(3);
  });

  it('pages of 50 by default, as Telegram Desktop reads them', async () => {
    const h = groupCallHarness();
    await joined(h);
    await h.settle();
    expect(h.api.callsOf('phone.getGroupParticipants').map((p) => p.limit)).toEqual([50]);
  });

  it('applies versioned updates in order, drops duplicates and stale ones, fills a gap from a later update', async () => {
    const h = groupCallHarness();
    h.serverVersion.value = 10;
    h.serverParticipants.push(participant('2', 2));
    await joined(h);
    await h.settle();
    h.api.push(participantsUpdate(11, participant('3', 3, { versioned: true })));
    h.api.push(participantsUpdate(11, participant('3', 3, { versioned: true, left: true }))); // a duplicate version: dropped
    h.api.push(participantsUpdate(9, participant('2', 2, { versioned: true, left: true }))); // stale: dropped
    expect(h.call.participants.map((p) => p.peerId).sort()).toEqual(['user:2', 'user:3']);
    h.api.push(participantsUpdate(13, participant('5', 5, { versioned: true }))); // needs 12
    expect(h.call.participants).toHaveLength(2);
    h.api.push(participantsUpdate(12, participant('3', 3, { versioned: true, left: true })));
    expect(h.call.participants.map((p) => p.peerId).sort()).toEqual(['user:2', 'user:5']);
    await h.settle();
    expect([...h.transports.last.sources].sort()).toEqual([2, 5]);
    // The gap was filled in time: no reload.
    await h.clock.advance(3000);
    expect(h.api.callsOf('phone.getGroupParticipants')).toHaveLength(1);
  });

  it('reloads the list when a gap is not filled within 3 s', async () => {
    const h = groupCallHarness();
    h.serverVersion.value = 10;
    await joined(h);
    await h.settle();
    h.api.push(participantsUpdate(12, participant('4', 4, { versioned: true }))); // 11 never comes
    await h.clock.advance(2999);
    expect(h.api.callsOf('phone.getGroupParticipants')).toHaveLength(1);
    h.serverVersion.value = 12;
    h.serverParticipants.push(participant('3', 3), participant('4', 4));
    await h.clock.advance(1);
    await h.settle();
    expect(h.api.callsOf('phone.getGroupParticipants')).toHaveLength(2);
    expect(h.call.participants.map((p) => p.peerId).sort()).toEqual(['user:3', 'user:4']);
    expect([...h.transports.last.sources].sort()).toEqual([3, 4]);
  });

  it('queues updates that arrive before the first load and applies those after its version', async () => {
    const h = groupCallHarness();
    h.serverVersion.value = 5;
    h.serverParticipants.push(participant('2', 2));
    h.api.on('phone.joinGroupCall', () =>
      updatesOf(
        connectionUpdate(),
        participantsUpdate(5, participant('2', 2, { versioned: true })), // already in the list: dropped
        participantsUpdate(6, participant('3', 3, { versioned: true })),
      ),
    );
    await joined(h);
    await h.settle();
    expect(h.call.participants.map((p) => p.peerId).sort()).toEqual(['user:2', 'user:3']);
  });

  it('removes the remote source of a participant who left and emits participantsChanged', async () => {
    const h = groupCallHarness();
    h.serverParticipants.push(participant('2', 2), participant('3', -3));
    await joined(h);
    await h.settle();
    expect([...h.transports.last.sources].sort()).toEqual([-3, 2]);
    h.api.push(participantsUpdate(2, participant('3', -3, { versioned: true, left: true })));
    await h.settle();
    expect([...h.transports.last.sources]).toEqual([2]);
    const change = h.events
      .filter(([n]) => n === 'participantsChanged')
      .at(-1)?.[1] as GroupCallEvents['participantsChanged'];
    expect(change.removed.map((p) => p.peerId)).toEqual(['user:3']);
  });

  it('declares only sources that can be heard: muted listeners get no m-line until they unmute, and keep it when they mute again', async () => {
    const h = groupCallHarness();
    h.serverParticipants.push(
      participant('2', 2),
      participant('3', 3, { muted: true }),
      participant('4', 4, { muted: true }),
    );
    await joined(h);
    await h.settle();
    expect([...h.transports.last.sources]).toEqual([2]);
    expect(h.call.participants.map((p) => p.peerId).sort()).toEqual(['user:2', 'user:3', 'user:4']);
    h.api.push(participantsUpdate(2, participant('3', 3, { versioned: true })));
    await h.settle();
    expect([...h.transports.last.sources].sort()).toEqual([2, 3]);
    const batches = h.transports.last.batches.length;
    h.api.push(participantsUpdate(3, participant('3', 3, { versioned: true, muted: true })));
    await h.settle();
    expect([...h.transports.last.sources].sort()).toEqual([2, 3]);
    expect(h.transports.last.batches).toHaveLength(batches); // muting again renegotiates nothing
    h.api.push(participantsUpdate(4, participant('3', 3, { versioned: true, muted: true, left: true })));
    await h.settle();
    expect([...h.transports.last.sources]).toEqual([2]);
  });

  it('asks phone.getGroupParticipants {sources} about an inbound SSRC nobody claims, then adds it', async () => {
    const h = groupCallHarness();
    await joined(h);
    await h.settle();
    h.serverParticipants.push(participant('9', 999));
    h.transports.last.levels.inbound.set(999, 0);
    await h.clock.advance(200);
    await h.settle();
    const lookups = h.api.callsOf('phone.getGroupParticipants').filter((p) => p.sources.length > 0);
    expect(lookups).toEqual([{ call: CALL, ids: [], sources: [999], offset: '', limit: 1 }]);
    expect(h.call.participants.map((p) => p.peerId)).toContain('user:9');
    expect(h.transports.last.sources.has(999)).toBe(true);
    await h.clock.advance(1000); // asked once only
    expect(h.api.callsOf('phone.getGroupParticipants').filter((p) => p.sources.length > 0)).toHaveLength(1);
  });
});

describe('GroupCall: speaking, mute, hand, leave, end', () => {
  it('reports speaking with a hold time: no flicker on short pauses', async () => {
    const h = groupCallHarness({ ssrcs: [50], speaking: { threshold: 0.1, holdMs: 600 } });
    h.serverParticipants.push(participant('2', 222));
    await joined(h);
    await h.settle();
    const speaking = () => h.events.flatMap(([n, p]) => (n === 'speakingChanged' ? [p] : []));
    const levels = h.transports.last.levels;
    levels.inbound.set(222, 0.5);
    await h.clock.advance(200);
    expect(speaking()).toMatchObject([{ peerId: 'user:2', ssrc: 222, speaking: true, isSelf: false }]);
    levels.inbound.set(222, 0.01);
    await h.clock.advance(400); // quiet for 400 ms < 600 ms
    levels.inbound.set(222, 0.4);
    await h.clock.advance(200);
    levels.inbound.set(222, 0);
    await h.clock.advance(400);
    expect(speaking()).toHaveLength(1);
    await h.clock.advance(400);
    expect(speaking()).toMatchObject([{ speaking: true }, { peerId: 'user:2', speaking: false }]);
    levels.local = 0.3; // own microphone
    await h.clock.advance(200);
    expect(speaking().at(-1)).toMatchObject({ ssrc: 50, isSelf: true, speaking: true });
    expect(h.call.isSpeaking(50)).toBe(true);
  });

  it('mutes and unmutes: track.enabled and phone.editGroupCallParticipant {participant: self, muted}', async () => {
    const h = groupCallHarness();
    await joined(h);
    await h.call.setMuted(true);
    expect(h.track.enabled).toBe(false);
    await h.call.setMuted(false);
    expect(h.track.enabled).toBe(true);
    expect(h.api.callsOf('phone.editGroupCallParticipant')).toEqual([
      { call: CALL, participant: { _: 'inputPeerSelf' }, muted: true },
      { call: CALL, participant: { _: 'inputPeerSelf' }, muted: false },
    ]);
    const mutes = h.events.flatMap(([n, p]) => (n === 'muteChanged' ? [p.muted] : []));
    expect(mutes).toEqual([true, false]);
  });

  it('replaces the microphone on the same connection (no rejoin): the new track keeps the mute, the old one stops', async () => {
    const h = groupCallHarness();
    await joined(h);
    await h.call.setMuted(true);
    const transportsBefore = h.transports.created.length;
    const next = fakeTrack();
    await h.call.replaceMicrophone(next as unknown as MediaStreamTrack);
    expect(h.transports.last.replacedTracks).toEqual([next]);
    expect(next.enabled).toBe(false);
    expect(h.track.stopped).toBe(true);
    expect(h.transports.created.length).toBe(transportsBefore);
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(1);
    await h.call.setMuted(false);
    expect(next.enabled).toBe(true);
  });

  it('muted by an admin (can_self_unmute false): the track goes off, unmuting is refused, raising the hand works', async () => {
    const h = groupCallHarness({ ssrcs: [60] });
    await joined(h);
    h.api.push(
      participantsUpdate(
        2,
        participant(SELF, 60, { self: true, versioned: true, muted: true, can_self_unmute: false }),
      ),
    );
    expect(h.track.enabled).toBe(false);
    expect(h.call.muteState).toEqual({ muted: true, canSelfUnmute: false, handRaised: false });
    await expect(h.call.setMuted(false)).rejects.toMatchObject({ reason: 'cannot-unmute' });
    expect(h.track.enabled).toBe(false);
    await h.call.raiseHand();
    expect(h.api.callsOf('phone.editGroupCallParticipant').at(-1)).toEqual({
      call: CALL,
      participant: { _: 'inputPeerSelf' },
      raise_hand: true,
    });
    expect(h.call.muteState.handRaised).toBe(true);
    // The admin lets us speak: can_self_unmute comes back, we stay muted until we unmute.
    h.api.push(
      participantsUpdate(3, participant(SELF, 60, { self: true, versioned: true, muted: true, can_self_unmute: true })),
    );
    expect(h.call.muteState).toEqual({ muted: true, canSelfUnmute: true, handRaised: false });
    await h.call.setMuted(false);
    expect(h.track.enabled).toBe(true);
  });

  it('turns a failed request into a CallError with the type', async () => {
    const h = groupCallHarness();
    await joined(h);
    h.api.on('phone.editGroupCallParticipant', () => {
      throw rpcError('GROUPCALL_FORBIDDEN', 403);
    });
    await expect(h.call.raiseHand()).rejects.toMatchObject({
      reason: 'request-failed',
      rpcType: 'GROUPCALL_FORBIDDEN',
    });
  });

  it('leaves: phone.leaveGroupCall {call, source}, state left, devices released, nothing runs after', async () => {
    const h = groupCallHarness({ ssrcs: [70] });
    await joined(h);
    await h.call.leave();
    expect(h.api.callsOf('phone.leaveGroupCall')).toEqual([{ call: CALL, source: 70 }]);
    expect(h.call.state).toBe('left');
    expect(h.track.stopped).toBe(true);
    expect(h.transports.last.closed).toBe(true);
    const count = h.api.recorded.length;
    await h.clock.advance(30_000);
    expect(h.api.recorded).toHaveLength(count);
    await expect(h.call.setMuted(true)).rejects.toMatchObject({ reason: 'not-connected' });
  });

  it('leaving while joining cancels the join', async () => {
    const h = groupCallHarness({ autoConnect: false });
    const done = h.call.join();
    await h.settle();
    await h.call.leave();
    await expect(done).rejects.toMatchObject({ reason: 'cancelled' });
    expect(h.call.state).toBe('left');
  });

  it('ends the call for everyone: phone.discardGroupCall, state ended', async () => {
    const h = groupCallHarness();
    await joined(h);
    await h.call.end();
    expect(h.api.callsOf('phone.discardGroupCall')).toEqual([{ call: CALL }]);
    expect(h.call.state).toBe('ended');
    expect(h.track.stopped).toBe(true);
  });

  it('keeps the call when discardGroupCall is refused (not an admin)', async () => {
    const h = groupCallHarness();
    await joined(h);
    h.api.on('phone.discardGroupCall', () => {
      throw rpcError('GROUPCALL_ADMIN_REQUIRED', 403);
    });
    await expect(h.call.end()).rejects.toMatchObject({ reason: 'request-failed', rpcType: 'GROUPCALL_ADMIN_REQUIRED' });
    expect(h.call.state).toBe('connected');
  });
});

describe('GroupCall: the call’s settings and Telegram’s connection', () => {
  const INFO = {
    _: 'groupCall' as const,
    id: CALL.id,
    access_hash: CALL.access_hash,
    participants_count: 3,
    unmuted_video_limit: 30,
    version: 4,
  };

  it('joins muted when the call has join_muted and this client may not change it', async () => {
    const h = groupCallHarness({ info: { ...INFO, join_muted: true } });
    await joined(h);
    expect(h.api.callsOf('phone.joinGroupCall')[0].muted).toBe(true);
    expect(h.track.enabled).toBe(false);
  });

  it('joins unmuted with join_muted when it is an admin (can_change_join_muted)', async () => {
    const h = groupCallHarness({ info: { ...INFO, join_muted: true, can_change_join_muted: true } });
    await joined(h);
    expect(h.api.callsOf('phone.joinGroupCall')[0].muted).toBeUndefined();
    expect(h.track.enabled).toBe(true);
  });

  it('after Telegram’s connection was down, reloads the participants and checks its source at once', async () => {
    const h = groupCallHarness();
    await joined(h);
    await h.settle();
    const loads = h.api.callsOf('phone.getGroupParticipants').length;
    const checks = h.api.callsOf('phone.checkGroupCall').length;
    h.api.setConnection('waiting-to-reconnect');
    h.api.setConnection('connecting');
    h.api.setConnection('ready');
    await h.settle();
    await h.clock.advance(0);
    expect(h.api.callsOf('phone.getGroupParticipants')).toHaveLength(loads + 1);
    expect(h.api.callsOf('phone.checkGroupCall')).toHaveLength(checks + 1);
  });
});

describe('GroupCall: mute edge cases', () => {
  it('undoes a mute change the server refused', async () => {
    const h = groupCallHarness();
    await joined(h);
    h.api.on('phone.editGroupCallParticipant', () => {
      throw rpcError('GROUPCALL_FORBIDDEN', 403);
    });
    await expect(h.call.setMuted(true)).rejects.toMatchObject({ rpcType: 'GROUPCALL_FORBIDDEN' });
    expect(h.track.enabled).toBe(true);
    expect(h.call.muteState.muted).toBe(false);
    await expect(h.call.raiseHand()).rejects.toMatchObject({ rpcType: 'GROUPCALL_FORBIDDEN' });
    expect(h.call.muteState.handRaised).toBe(false);
  });

  it('muting while the join is on its way is local, and the join says muted', async () => {
    const h = groupCallHarness({
      microphone: () =>
        new Promise((resolve) => h.clock.setTimeout(() => resolve(h.track as unknown as MediaStreamTrack), 100)),
    });
    const done = h.call.join();
    await h.settle();
    await h.call.setMuted(true);
    expect(h.api.callsOf('phone.editGroupCallParticipant')).toHaveLength(0);
    await h.clock.advance(100);
    await h.settle();
    await done;
    expect(h.api.callsOf('phone.joinGroupCall')[0].muted).toBe(true);
    expect(h.track.enabled).toBe(false);
    await expect(h.call.raiseHand()).resolves.toBeUndefined();
  });

  it('a connection update of an abandoned attempt does not reach the next one', async () => {
    const h = groupCallHarness({ connectionUpdateTimeoutMs: 5000 });
    let joins = 0;
    h.api.on('phone.joinGroupCall', () => {
      joins += 1;
      return joins === 1 ? updatesOf() : updatesOf(connectionUpdate());
    });
    const done = h.call.join();
    await h.settle();
    await h.clock.advance(5000); // the first attempt times out; a rejoin follows after 500 ms
    await h.clock.advance(500);
    await h.settle();
    await done;
    expect(h.transports.created.map((t) => t.applied.length)).toEqual([0, 1]);
    expect(h.call.state).toBe('connected');
  });
});

describe('GroupCall: remote audio', () => {
  it('a renegotiation the browser refused means a new connection, which declares every source', async () => {
    const h = groupCallHarness();
    await joined(h);
    await h.settle();
    const first = h.transports.last;
    first.failNextBatch = true;
    h.serverParticipants.push(participant('2', 2));
    h.api.push(participantsUpdate(2, participant('2', 2, { versioned: true })));
    await h.settle();
    // Chromium may refuse every description after one refusal: waiting for the next change would leave speaker 2
    // unheard on a connection that stays "connected".
    expect(errorsOf(h).at(-1)).toMatchObject({ reason: 'media-failed' });
    expect(first.closed).toBe(true);
    expect(h.call.state).toBe('reconnecting');
    await h.clock.advance(500); // the policy's first delay
    await h.settle();
    expect(h.call.state).toBe('connected');
    expect(h.transports.created).toHaveLength(2);
    expect([...h.transports.last.sources]).toEqual([2]);
  });

  it('plays each remote source at its participant’s volume, a local volume overriding it; stops all on leave', async () => {
    const played: Map<number, number>[] = [];
    let closed = false;
    const sinks: string[] = [];
    const h = groupCallHarness({
      audioOutput: {
        update: (tracks) => played.push(new Map([...tracks].map(([ssrc, t]) => [ssrc, t.volume]))),
        setSinkId: async (id) => {
          sinks.push(id);
        },
        close: () => {
          closed = true;
        },
      },
    });
    h.serverParticipants.push(participant('2', 2, { volume: 5000 }), participant('3', 3));
    await joined(h);
    await h.settle();
    expect([...(played.at(-1) ?? [])]).toEqual([
      [2, 0.5],
      [3, 1],
    ]);
    h.call.setLocalVolume('user:3', 2500);
    expect(played.at(-1)?.get(3)).toBe(0.25);
    await h.call.setSpeaker('speaker-2');
    expect(sinks).toEqual(['speaker-2']);
    await h.call.leave();
    expect(closed).toBe(true);
  });
});
