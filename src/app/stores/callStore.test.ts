// The call store over a real GroupCall (scripted TelegramApi, fake transport and clock from src/groupcall/testing):
// what the call screen reads — status, people with names, speaking, own mute, raised hand, ended by someone else.
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { CALL, participant, participantsUpdate } from '../../groupcall/testing/callFixtures';
import { groupCallHarness, rpcError, type Harness } from '../../groupcall/testing/groupCallHarness';
import { createFakeBackend } from '../testing/fakeBackend';
import type { Backend } from './backend';
import { createCallStore, peopleSentence } from './callStore';
import type { SessionStore } from './sessionStore';

const REF = { id: CALL.id, accessHash: CALL.access_hash };

function storeOver(h: Harness, names: Record<string, string> = {}) {
  const backend: Backend = {
    ...createFakeBackend(),
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
