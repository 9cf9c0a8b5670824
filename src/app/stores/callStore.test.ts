// The call store over a real GroupCall (scripted TelegramApi, fake transport and clock from src/groupcall/testing):
// what the call screen reads — status, people with names, speaking, own mute, raised hand, ended by someone else.
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { CALL, participant, participantsUpdate } from '../../groupcall/testing/callFixtures';
import { groupCallHarness, rpcError, type Harness } from '../../groupcall/testing/groupCallHarness';
import { createFakeBackend } from '../testing/fakeBackend';
import type { Backend } from './backend';
import { createCallStore, peopleSentence, type CallDevices } from './callStore';
import type { SessionStore } from './sessionStore';

const REF = { id: CALL.id, accessHash: CALL.access_hash };

function storeOver(h: Harness, names: Record<string, string> = {}, serverClockAheadMs = 0) {
  const backend: Backend = {
    ...createFakeBackend({ serverClockAheadMs }),
    openGroupCall: async () => h.call,
    peerNames: async (ids) => new Map(ids.flatMap((id) => (names[id] ? [[id, names[id]] as [string, string]] : []))),
  };
  const session = {
    backend: () => backend,
    state: { user: { id: '1', firstName: 'Frank', lastName: 'Fischer', phone: '9996610006' } },
  } as unknown as Pick<SessionStore, 'backend' | 'state'>;
  return createRoot(() => createCallStore(session));
}

describe('peopleSentence', () => {
  it('names one or two people, counts more', () => {
    expect(peopleSentence([], 'joined')).toBe('');
    expect(peopleSentence(['Bob Baker'], 'joined')).toBe('Bob Baker joined.');
    expect(peopleSentence(['Bob Baker', 'Carol Chen'], 'left')).toBe('Bob Baker and Carol Chen left.');
    expect(peopleSentence(['A', 'B', 'C'], 'joined')).toBe('3 people joined.');
  });
});

describe('call store', () => {
  it('joins, lists people by name (own row first), follows speaking and muting', async () => {
    const h = groupCallHarness({ ssrcs: [50], speaking: { threshold: 0.1, holdMs: 600 } });
    h.serverParticipants.push(participant('2', 222), participant('1', 50, { self: true }));
    const store = storeOver(h, { 'user:2': 'Grace Gupta', 'user:1': 'Frank Fischer' });
    const joining = store.join({ chatKey: 'chat:5', ref: REF, title: 'Standup', canManage: true });
    expect(store.state.status).toBe('joining');
    await h.settle();
    await joining;
    await h.settle();
    expect(store.state.status).toBe('connected');
    expect(store.state.people.map((p) => [p.name, p.isSelf])).toEqual([
      ['Frank Fischer', true],
      ['Grace Gupta', false],
    ]);

    h.transports.last.levels.inbound.set(222, 0.5);
    await h.clock.advance(200);
    expect(store.state.people.find((p) => p.peerId === 'user:2')?.speaking).toBe(true);

    // Grace mutes: her packets stop, so her row stops "speaking" with the mute, not with a level that never comes.
    h.api.push(participantsUpdate(2, participant('2', 222, { muted: true, can_self_unmute: true, versioned: true })));
    await h.settle();
    expect(store.state.people.find((p) => p.peerId === 'user:2')).toMatchObject({ muted: true, speaking: false });

    await store.setMuted(true);
    expect(store.state.muted).toBe(true);
    expect(store.state.people[0]).toMatchObject({ isSelf: true, muted: true });
  });

  it('an admin mute means raise hand; a refused raise shows its sentence and the call goes on', async () => {
    const h = groupCallHarness({ ssrcs: [50] });
    const store = storeOver(h);
    await store.join({ chatKey: 'chat:5', ref: REF, title: '', canManage: false });
    await h.settle();
    h.api.push(participantsUpdate(2, participant('1', 50, { self: true, muted: true, versioned: true })));
    await h.settle();
    expect(store.state).toMatchObject({ muted: true, canSelfUnmute: false });
    h.api.on('phone.editGroupCallParticipant', () => {
      throw rpcError('RAISE_HAND_FORBIDDEN');
    });
    await store.raiseHand(true);
    expect(store.state.actionError).toBe('Telegram could not do that. Please try again.');
    expect(store.state.handRaised).toBe(false);
    expect(store.state.status).toBe('connected');
  });

  it('someone else ending the call shows it ended; leaving returns to no call', async () => {
    const h = groupCallHarness({ ssrcs: [50] });
    const store = storeOver(h);
    await store.join({ chatKey: 'chat:5', ref: REF, title: 'Standup', canManage: false });
    await h.settle();
    h.api.push({
      _: 'updateGroupCall',
      chat_id: '5',
      call: { _: 'groupCallDiscarded', id: CALL.id, access_hash: CALL.access_hash, duration: 60 },
    });
    expect(store.state).toMatchObject({ status: 'ended', endedByOther: true, chatKey: 'chat:5' });
    store.dismiss();
    expect(store.state).toMatchObject({ status: 'idle', chatKey: null });
  });

  it('keeps the own row while rejoining after the server dropped the join', async () => {
    const h = groupCallHarness({ ssrcs: [41, 42] });
    const store = storeOver(h);
    await store.join({ chatKey: 'chat:5', ref: REF, title: '', canManage: false });
    await h.settle();
    h.api.push(participantsUpdate(2, participant('1', 41, { self: true, versioned: true })));
    await h.settle();
    expect(store.state.people.map((p) => p.isSelf)).toEqual([true]);
    h.api.push(participantsUpdate(3, participant('1', 41, { self: true, versioned: true, left: true })));
    expect(store.state.status).toBe('reconnecting');
    expect(store.state.people.map((p) => p.isSelf)).toEqual([true]);
  });

  it("orders by recent activity on the server's clock, not the device's (here 10 minutes fast)", async () => {
    const h = groupCallHarness({ ssrcs: [50] });
    const serverNow = Math.floor((Date.now() - 600_000) / 1000);
    // Grace joined first and spoke 10 s ago (server time); Henry joined later and has not spoken.
    h.serverParticipants.push(
      participant('2', 222, { date: serverNow - 120, active_date: serverNow - 10 }),
      participant('3', 333, { date: serverNow - 60 }),
    );
    const store = storeOver(h, {}, -600_000);
    await store.join({ chatKey: 'chat:5', ref: REF, title: '', canManage: false });
    await h.settle();
    // By the device clock Grace's activity is 610 s old (past the 300 s window) and Henry, the later joiner, would lead.
    expect(store.state.people.filter((p) => !p.isSelf).map((p) => p.peerId)).toEqual(['user:2', 'user:3']);
  });

  it('a second call starts with no one from the first', async () => {
    const first = groupCallHarness({ ssrcs: [50] });
    first.serverParticipants.push(participant('2', 222));
    const store = storeOver(first);
    await store.join({ chatKey: 'chat:5', ref: REF, title: '', canManage: false });
    await first.settle();
    expect(store.state.people.map((p) => p.peerId)).toContain('user:2');
    await store.leave();
    expect(store.state.people).toEqual([]);
  });

  it('a refused join lands in the state with its sentence', async () => {
    const h = groupCallHarness({ ssrcs: [50] });
    h.api.on('phone.joinGroupCall', () => {
      throw rpcError('GROUPCALL_FORBIDDEN', 403);
    });
    const store = storeOver(h);
    await store.join({ chatKey: 'chat:5', ref: REF, title: 'Standup', canManage: false });
    await h.settle();
    expect(store.state).toMatchObject({
      status: 'failed',
      error: 'This call has already ended.',
      errorReason: 'join-refused',
    });
  });

  it('a leave while the engine is still loading drops that engine: it never joins', async () => {
    const h = groupCallHarness({ ssrcs: [50] });
    let arrive: () => void = () => undefined;
    const backend: Backend = {
      ...createFakeBackend(),
      openGroupCall: () => new Promise((resolve) => (arrive = () => resolve(h.call))),
    };
    const session = {
      backend: () => backend,
      state: { user: { id: '1', firstName: 'Frank', lastName: 'Fischer', phone: '9996610006' } },
    } as unknown as Pick<SessionStore, 'backend' | 'state'>;
    const store = createRoot(() => createCallStore(session));
    const joining = store.join({ chatKey: 'chat:5', ref: REF, title: 'Standup', canManage: false });
    expect(store.state.status).toBe('joining');
    await store.leave();
    arrive();
    await joining;
    await h.settle();
    expect(store.state.status).toBe('idle');
    expect(h.api.recorded.map((r) => r.method)).not.toContain('phone.joinGroupCall');
  });
});

/** A microphone track the test can end, as an unplugged device or a revoked permission ends it. */
class FakeMicTrack extends EventTarget {
  readonly kind = 'audio';
  enabled = true;
  readyState: 'live' | 'ended' = 'live';
  constructor(readonly label: string) {
    super();
  }
  stop(): void {
    this.readyState = 'ended';
  }
  /** What the browser does when the device goes away: the track ends and says so. */
  end(): void {
    this.readyState = 'ended';
    this.dispatchEvent(new Event('ended'));
  }
}

describe('call store: the microphone stops mid-call', () => {
  it('unplugged: the default microphone on the same connection; permission taken back: muted, still in, another offered', async () => {
    // The engine opens its microphone the way the store tells it (OpenCallOptions.microphone), as the app's backend does.
    let storeMicrophone: (() => Promise<MediaStreamTrack>) | undefined;
    const h = groupCallHarness({
      ssrcs: [50],
      microphone: () => storeMicrophone?.() ?? Promise.reject(new Error('no microphone given')),
    });
    h.serverParticipants.push(participant('1', 50, { self: true }));
    const opened: FakeMicTrack[] = [];
    let refuse: DOMException | null = null;
    const told: (string | null)[] = [];
    const devices: CallDevices = {
      async openMicrophone() {
        if (refuse !== null) throw refuse;
        const track = new FakeMicTrack(`mic ${opened.length + 1}`);
        opened.push(track);
        return track as unknown as MediaStreamTrack;
      },
      onDeviceLost: () => () => undefined,
      tell: (notice) => void told.push(notice),
      choose: () => undefined,
      state: { chosen: { microphone: '', speaker: '', camera: '' } } as CallDevices['state'],
    };
    const backend: Backend = {
      ...createFakeBackend(),
      openGroupCall: (_ref, options) => {
        storeMicrophone = options.microphone;
        return Promise.resolve(h.call);
      },
      peerNames: async () => new Map(),
    };
    const session = {
      backend: () => backend,
      state: { user: { id: '1', firstName: 'Frank', lastName: 'Fischer', phone: '9996610006' } },
    } as unknown as Pick<SessionStore, 'backend' | 'state'>;
    const store = createRoot(() => createCallStore(session, devices));
    await store.join({ chatKey: 'chat:5', ref: REF, title: '', canManage: false });
    await h.settle();
    await store.setMuted(false);
    expect(store.state).toMatchObject({ status: 'connected', muted: false, micProblem: null });
    expect(opened).toHaveLength(1);

    // Unplugged: the default microphone is opened and sent on the same connection.
    opened[0].end();
    await h.settle();
    expect(opened).toHaveLength(2);
    expect(h.transports.last.replacedTracks).toEqual([opened[1]]);
    expect(store.state.micProblem).toMatch(/stopped .*now using the default microphone/);
    expect(store.state).toMatchObject({ status: 'connected', muted: false });

    // The permission is taken back: no microphone can be opened. Muted, still in the call, told what to do.
    refuse = new DOMException('Permission denied', 'NotAllowedError');
    opened[1].end();
    await h.settle();
    expect(store.state.micProblem).toMatch(/no longer allows the microphone, so you are muted \(still in the call\)/);
    expect(store.state).toMatchObject({ status: 'connected', muted: true });
    expect(h.api.callsOf('phone.editGroupCallParticipant').at(-1)).toMatchObject({ muted: true });
    expect(told.at(-1)).toBe(store.state.micProblem);

    // Allowed again, another microphone chosen: live on the same connection, the problem gone.
    refuse = null;
    await store.chooseMicrophone('other');
    await h.settle();
    expect(h.transports.last.replacedTracks.at(-1)).toBe(opened[2]);
    expect(store.state.micProblem).toBeNull();
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(1);
    expect(h.transports.created).toHaveLength(1);
  });
});
