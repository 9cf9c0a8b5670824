// The deep-link flow over a scripted backend: each dead end is its own phase with its sentence; a call joins with the
// link's invite hash, straight away or after the join-as choice (saved when asked to remember).
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { RpcError } from '../../telegram';
import type { Backend, CallSummary, JoinAsChoices, ResolvedCallLink } from './backend';
import type { JoinRequest } from './callStore';
import { createLinkStore, linkOfRoute } from './linkStore';

const call: CallSummary = { ref: { id: '7', accessHash: '8' }, title: 'Morning chat', participantsCount: 2, scheduleDate: null, subscribed: false, rtmp: false };
const self = { peerId: 'user:1', title: 'Alice Archer', isSelf: true };
const news = { peerId: 'channel:9', title: 'tgcall news', isSelf: false };

function setup(route: string, resolved: ResolvedCallLink | Error, choices: JoinAsChoices = { options: [self], defaultPeerId: null }, inCall: string | null = null) {
  const joins: JoinRequest[] = [];
  const saved: Array<[string, string]> = [];
  const asked: string[] = [];
  const backend: Pick<Backend, 'resolveCallLink' | 'getJoinAs' | 'saveDefaultJoinAs'> = {
    async resolveCallLink(username) {
      asked.push(username);
      if (resolved instanceof Error) throw resolved;
      return resolved;
    },
    getJoinAs: async () => choices,
    async saveDefaultJoinAs(chatKey, peerId) {
      saved.push([chatKey, peerId]);
    },
  };
  const store = createRoot(() => createLinkStore({ backend: () => backend, join: (r) => joins.push(r), currentCallChat: () => inCall }, route));
  return { store, joins, saved, asked };
}

const live: ResolvedCallLink = { kind: 'call', chatKey: 'channel:5', chatTitle: 'tgcall demo', canManageCalls: false, call };

describe('link store', () => {
  it('a malformed route is a page at once, without asking Telegram', async () => {
    const { store, asked } = setup('/join?domain=no!&videochat', live);
    expect(store.state.phase).toMatchObject({ kind: 'invalid', message: expect.stringContaining('username') });
    await store.open();
    expect(asked).toEqual([]);
    expect(linkOfRoute('/join?link=https%3A%2F%2Fexample.com%2Fx%3Fvideochat')).toEqual({ message: expect.stringContaining('t.me') });
  });

  it('an unknown username, a person and a chat with no call each say so', async () => {
    const unknown = setup('/join?domain=nobody_here&videochat', { kind: 'unknown-username' });
    await unknown.store.open();
    expect(unknown.store.state.phase).toMatchObject({ kind: 'unknown-username', message: expect.stringContaining('@nobody_here') });
    const person = setup('/join?domain=bob_baker&videochat', { kind: 'not-a-chat' });
    await person.store.open();
    expect(person.store.state.phase.kind).toBe('not-a-chat');
    const none = setup('/join?domain=tgcall_news&videochat', { kind: 'no-call', chatKey: 'channel:9', chatTitle: 'tgcall news' });
    await none.store.open();
    expect(none.store.state.phase).toMatchObject({ kind: 'no-call', message: expect.stringContaining('tgcall news') });
  });

  it('Telegram unreachable is a failure to retry, not a dead link', async () => {
    const { store } = setup('/join?domain=tgcall_demo&videochat', new RpcError(500, 'INTERNAL'));
    await store.open();
    expect(store.state.phase.kind).toBe('failed');
  });

  it('a scheduled call does not join', async () => {
    const { store, joins } = setup('/join?domain=tgcall_demo&videochat', { ...live, call: { ...call, scheduleDate: 2_000_000_000 } } as ResolvedCallLink);
    await store.open();
    expect(store.state.phase.kind).toBe('scheduled');
    expect(joins).toEqual([]);
  });

  it('joins with the invite hash when the person can only join as themselves', async () => {
    const { store, joins, asked } = setup('/join?link=https%3A%2F%2Ft.me%2FTgcall_Demo%3Fvideochat%3Dabc123', live);
    await store.open();
    expect(asked).toEqual(['tgcall_demo']);
    expect(joins).toEqual([{ chatKey: 'channel:5', ref: call.ref, title: 'Morning chat', canManage: false, inviteHash: 'abc123' }]);
    expect(store.state.phase).toEqual({ kind: 'joined', chatKey: 'channel:5' });
  });

  it('offers the join-as choice (the saved default first), remembers it and joins as the channel', async () => {
    const { store, joins, saved } = setup('/join?domain=tgcall_demo&voicechat', live, { options: [self, news], defaultPeerId: 'channel:9' });
    await store.open();
    expect(store.state.phase).toMatchObject({ kind: 'choose-join-as', selected: 'channel:9', options: [self, news] });
    expect(joins).toEqual([]);
    await store.chooseJoinAs('channel:9', true);
    expect(saved).toEqual([['channel:5', 'channel:9']]);
    expect(joins[0]).toMatchObject({ joinAs: 'channel:9' });
    expect(joins[0]).not.toHaveProperty('inviteHash');
  });

  it('choosing oneself joins without join_as', async () => {
    const { store, joins, saved } = setup('/join?domain=tgcall_demo&videochat', live, { options: [self, news], defaultPeerId: null });
    await store.open();
    await store.chooseJoinAs('user:1', false);
    expect(saved).toEqual([]);
    expect(joins[0]).not.toHaveProperty('joinAs');
  });

  it('a link to the call the person is in shows it; with a hash it joins again with that hash', async () => {
    const plain = setup('/join?domain=tgcall_demo&videochat', live, undefined, 'channel:5');
    await plain.store.open();
    expect(plain.joins).toEqual([]);
    expect(plain.store.state.phase).toEqual({ kind: 'joined', chatKey: 'channel:5' });
    const speaker = setup('/join?domain=tgcall_demo&videochat=s1', live, undefined, 'channel:5');
    await speaker.store.open();
    expect(speaker.joins[0]).toMatchObject({ inviteHash: 's1' });
  });
});
