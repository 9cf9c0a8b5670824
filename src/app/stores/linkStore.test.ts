// The deep-link flow over a scripted backend: each dead end is its own phase with its sentence; a call joins with the
// link's invite hash, straight away or after the join-as choice (saved when asked to remember).
import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { RpcError } from '../../telegram';
import type {
  Backend,
  CallSummary,
  ChatInviteJoin,
  ChatInvitePreview,
  JoinAsChoices,
  ResolvedCallLink,
} from './backend';
import type { JoinRequest } from './callStore';
import { createLinkStore, linkOfRoute } from './linkStore';

const call: CallSummary = {
  ref: { id: '7', accessHash: '8' },
  title: 'Morning chat',
  participantsCount: 2,
  scheduleDate: null,
  subscribed: false,
  rtmp: false,
};
const self = { peerId: 'user:1', title: 'Alice Archer', isSelf: true, kind: 'self' as const };
const news = { peerId: 'channel:9', title: 'tgcall news', isSelf: false, kind: 'channel' as const };

interface InviteScript {
  preview: ChatInvitePreview | Error;
  join?: ChatInviteJoin | Error;
}

function setup(
  route: string,
  resolved: ResolvedCallLink | Error,
  choices: JoinAsChoices = { options: [self], defaultPeerId: null },
  inCall: string | null = null,
  invite: InviteScript = { preview: { kind: 'invalid' } },
) {
  const joins: JoinRequest[] = [];
  const saved: Array<[string, string]> = [];
  const asked: string[] = [];
  const backend: Pick<
    Backend,
    'resolveCallLink' | 'resolveChatCall' | 'checkChatInvite' | 'importChatInvite' | 'getJoinAs' | 'saveDefaultJoinAs'
  > = {
    async resolveCallLink(username) {
      asked.push(username);
      if (resolved instanceof Error) throw resolved;
      return resolved;
    },
    async resolveChatCall(chatKey) {
      asked.push(`chat ${chatKey}`);
      if (resolved instanceof Error) throw resolved;
      if (resolved.kind === 'unknown-username' || resolved.kind === 'not-a-chat') throw new Error('not a chat call');
      return resolved;
    },
    async checkChatInvite(hash) {
      asked.push(`check ${hash}`);
      if (invite.preview instanceof Error) throw invite.preview;
      return invite.preview;
    },
    async importChatInvite(hash) {
      asked.push(`import ${hash}`);
      if (invite.join === undefined) throw new Error('not scripted');
      if (invite.join instanceof Error) throw invite.join;
      return invite.join;
    },
    getJoinAs: async () => choices,
    async saveDefaultJoinAs(chatKey, peerId) {
      saved.push([chatKey, peerId]);
    },
  };
  const store = createRoot(() =>
    createLinkStore({ backend: () => backend, join: (r) => joins.push(r), currentCallChat: () => inCall }, route),
  );
  return { store, joins, saved, asked };
}

const live: ResolvedCallLink = {
  kind: 'call',
  chatKey: 'channel:5',
  chatTitle: 'tgcall demo',
  canManageCalls: false,
  call,
};

describe('link store', () => {
  it('a malformed route is a page at once, without asking Telegram', async () => {
    const { store, asked } = setup('/join?domain=no!&videochat', live);
    expect(store.state.phase).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('username') as unknown,
    });
    await store.open();
    expect(asked).toEqual([]);
    expect(linkOfRoute('/join?link=https%3A%2F%2Fexample.com%2Fx%3Fvideochat')).toEqual({
      message: expect.stringContaining('t.me') as unknown,
    });
  });

  it('an unknown username, a person and a chat with no call each say so', async () => {
    const unknown = setup('/join?domain=nobody_here&videochat', { kind: 'unknown-username' });
    await unknown.store.open();
    expect(unknown.store.state.phase).toMatchObject({
      kind: 'unknown-username',
      message: expect.stringContaining('@nobody_here') as unknown,
    });
    const person = setup('/join?domain=bob_baker&videochat', { kind: 'not-a-chat' });
    await person.store.open();
    expect(person.store.state.phase.kind).toBe('not-a-chat');
    const none = setup('/join?domain=tgcall_news&videochat', {
      kind: 'no-call',
      chatKey: 'channel:9',
      chatTitle: 'tgcall news',
    });
    await none.store.open();
    expect(none.store.state.phase).toMatchObject({
      kind: 'no-call',
      message: expect.stringContaining('tgcall news') as unknown,
    });
  });

  it('Telegram unreachable is a failure to retry, not a dead link', async () => {
    const { store } = setup('/join?domain=tgcall_demo&videochat', new RpcError(500, 'INTERNAL'));
    await store.open();
    expect(store.state.phase.kind).toBe('failed');
  });

  it('a scheduled call does not join', async () => {
    const { store, joins } = setup('/join?domain=tgcall_demo&videochat', {
      ...live,
      call: { ...call, scheduleDate: 2_000_000_000 },
    });
    await store.open();
    expect(store.state.phase.kind).toBe('scheduled');
    expect(joins).toEqual([]);
  });

  it('asks first, then joins with the invite hash when the person can only join as themselves', async () => {
    const { store, joins, asked } = setup('/join?link=https%3A%2F%2Ft.me%2FTgcall_Demo%3Fvideochat%3Dabc123', live);
    await store.open();
    expect(asked).toEqual(['tgcall_demo']);
    expect(store.state.phase).toEqual({
      kind: 'confirm-join',
      chatKey: 'channel:5',
      chatTitle: 'tgcall demo',
      callTitle: 'Morning chat',
      participantsCount: 2,
    });
    expect(joins).toEqual([]);
    store.confirmJoin();
    expect(joins).toEqual([
      { chatKey: 'channel:5', ref: call.ref, title: 'Morning chat', canManage: false, inviteHash: 'abc123' },
    ]);
    expect(store.state.phase).toEqual({ kind: 'joined', chatKey: 'channel:5' });
  });

  it('offers the join-as choice (the saved default first), remembers it and joins as the channel', async () => {
    const { store, joins, saved } = setup('/join?domain=tgcall_demo&voicechat', live, {
      options: [self, news],
      defaultPeerId: 'channel:9',
    });
    await store.open();
    expect(store.state.phase).toMatchObject({ kind: 'choose-join-as', selected: 'channel:9', options: [self, news] });
    expect(joins).toEqual([]);
    await store.chooseJoinAs('channel:9', true);
    expect(saved).toEqual([['channel:5', 'channel:9']]);
    expect(joins[0]).toMatchObject({ joinAs: 'channel:9' });
    expect(joins[0]).not.toHaveProperty('inviteHash');
  });

  it('choosing oneself joins without join_as', async () => {
    const { store, joins, saved } = setup('/join?domain=tgcall_demo&videochat', live, {
      options: [self, news],
      defaultPeerId: null,
    });
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
    speaker.store.confirmJoin();
    expect(speaker.joins[0]).toMatchObject({ inviteHash: 's1' });
  });

  describe('chat invite links (a private chat shares its own invite link for its call)', () => {
    const nightOwls: ChatInvitePreview = {
      kind: 'invite',
      title: 'Night Owls',
      about: '',
      broadcast: false,
      participantsCount: 3,
      requestNeeded: false,
    };
    const owlsCall: ResolvedCallLink = {
      kind: 'call',
      chatKey: 'channel:77',
      chatTitle: 'Night Owls',
      canManageCalls: false,
      call,
    };

    it('asks before joining the chat, then joins it and its call, with no call invite hash', async () => {
      const { store, joins, asked } = setup(
        '/join?link=https%3A%2F%2Ft.me%2F%2BnightOwls26',
        owlsCall,
        undefined,
        null,
        {
          preview: nightOwls,
          join: { kind: 'joined', chatKey: 'channel:77', chatTitle: 'Night Owls' },
        },
      );
      await store.open();
      expect(store.state.phase).toEqual({ kind: 'confirm-invite', invite: nightOwls });
      expect(asked).toEqual(['check nightOwls26']);
      expect(joins).toEqual([]);
      await store.acceptInvite();
      expect(asked).toEqual(['check nightOwls26', 'import nightOwls26', 'chat channel:77']);
      expect(joins).toEqual([{ chatKey: 'channel:77', ref: call.ref, title: 'Morning chat', canManage: false }]);
      expect(store.state.phase).toEqual({ kind: 'joined', chatKey: 'channel:77' });
    });

    it('a member is asked about the call only (not about the group)', async () => {
      const { store, joins, asked } = setup('/join?invite=nightOwls26', owlsCall, undefined, null, {
        preview: { kind: 'member', chatKey: 'channel:77', chatTitle: 'Night Owls' },
      });
      await store.open();
      expect(asked).toEqual(['check nightOwls26', 'chat channel:77']);
      expect(store.state.phase.kind).toBe('confirm-join');
      store.confirmJoin();
      expect(joins).toHaveLength(1);
    });

    it('unknown and expired links, and a joined chat with no call, each say so', async () => {
      const unknown = setup('/join?invite=nope', owlsCall, undefined, null, { preview: { kind: 'invalid' } });
      await unknown.store.open();
      expect(unknown.store.state.phase).toMatchObject({
        kind: 'dead-invite',
        message: expect.stringContaining('does not lead anywhere') as unknown,
      });
      const expired = setup('/join?invite=old', owlsCall, undefined, null, {
        preview: nightOwls,
        join: { kind: 'expired' },
      });
      await expired.store.open();
      await expired.store.acceptInvite();
      expect(expired.store.state.phase).toMatchObject({
        kind: 'dead-invite',
        message: expect.stringContaining('expired') as unknown,
      });
      const quiet = setup(
        '/join?invite=quiet',
        { kind: 'no-call', chatKey: 'channel:77', chatTitle: 'Night Owls' },
        undefined,
        null,
        {
          preview: nightOwls,
          join: { kind: 'joined', chatKey: 'channel:77', chatTitle: 'Night Owls' },
        },
      );
      await quiet.store.open();
      await quiet.store.acceptInvite();
      expect(quiet.store.state.phase).toMatchObject({
        kind: 'no-call',
        chatKey: 'channel:77',
        message: expect.stringContaining('Night Owls') as unknown,
      });
      expect(quiet.joins).toEqual([]);
    });

    it('an invite that needs approval sends the request and stops there', async () => {
      const { store, joins } = setup('/join?invite=ask', owlsCall, undefined, null, {
        preview: { ...nightOwls, requestNeeded: true },
        join: { kind: 'request-sent' },
      });
      await store.open();
      await store.acceptInvite();
      expect(store.state.phase).toMatchObject({
        kind: 'request-sent',
        message: expect.stringContaining('admin of the group') as unknown,
      });
      expect(joins).toEqual([]);
    });

    it('a full group is a failure with its sentence, to try again', async () => {
      const { store } = setup('/join?invite=full', owlsCall, undefined, null, {
        preview: nightOwls,
        join: new RpcError(400, 'USERS_TOO_MUCH'),
      });
      await store.open();
      await store.acceptInvite();
      expect(store.state.phase).toMatchObject({ kind: 'failed', message: expect.stringContaining('full') as unknown });
      expect(store.state.busy).toBe(false);
    });
  });
});
