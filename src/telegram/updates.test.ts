import { describe, expect, it } from 'vitest';
import type { MethodParams, MethodResult, TypeMessage, TypeUpdate, TypeUpdates } from './tl/api.generated';
import type { UpdateEvent } from './api';
import { UpdatesManager, type UpdatesCaller } from './updates';
import { FakeClock, flushMicrotasks } from './testing/fakeClock';

type Method = 'updates.getState' | 'updates.getDifference' | 'updates.getChannelDifference' | 'messages.getPeerDialogs';

/** A scripted API: answers queued per method, every call recorded. */
class ScriptedApi implements UpdatesCaller {
  readonly calls: Array<{ method: Method; params: unknown }> = [];
  private readonly answers = new Map<Method, unknown[]>();

  answer<M extends Method>(method: M, ...results: Array<MethodResult<M>>): void {
    this.answers.set(method, [...(this.answers.get(method) ?? []), ...results]);
  }

  async call<M extends Method>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    this.calls.push({ method, params });
    const queue = this.answers.get(method) ?? [];
    if (queue.length === 0) throw new Error(`no scripted answer for ${method}`);
    return queue.shift() as MethodResult<M>;
  }

  count(method: Method): number {
    return this.calls.filter((call) => call.method === method).length;
  }
}

const message = (id: number, peer: 'user' | 'channel' = 'user'): TypeMessage => ({
  _: 'message',
  id,
  peer_id: peer === 'user' ? { _: 'peerUser', user_id: '5' } : { _: 'peerChannel', channel_id: '77' },
  date: 1000 + id,
  message: `m${id}`,
});
const newMessage = (pts: number, id = pts): TypeUpdate => ({
  _: 'updateNewMessage',
  message: message(id),
  pts,
  pts_count: 1,
});
const channelMessage = (pts: number): TypeUpdate => ({
  _: 'updateNewChannelMessage',
  message: message(pts, 'channel'),
  pts,
  pts_count: 1,
});
const wrap = (
  updates: TypeUpdate[],
  seq = 0,
  chats: Extract<TypeUpdates, { _: 'updates' }>['chats'] = [],
): TypeUpdates => ({
  _: 'updates',
  updates,
  users: [],
  chats,
  date: 2000,
  seq,
});
const state = (pts: number, seq = 1) => ({
  _: 'updates.state' as const,
  pts,
  qts: 0,
  date: 1500,
  seq,
  unread_count: 0,
});

function started(pts = 9, seq = 1) {
  const api = new ScriptedApi();
  const clock = new FakeClock();
  const manager = new UpdatesManager(api, { timers: clock, gapWaitMs: 500, maxDifferenceRounds: 5 });
  manager.startFrom({ pts, qts: 0, date: 1500, seq });
  const events: UpdateEvent[] = [];
  manager.events.subscribe((event) => events.push(event));
  const ids = () =>
    events.map((event) => {
      const u = event.update as { message?: { id: number }; _: string };
      return u.message ? u.message.id : u._;
    });
  return { api, clock, manager, events, ids };
}

describe('UpdatesManager: common pts', () => {
  it('starts from updates.getState', async () => {
    const api = new ScriptedApi();
    api.answer('updates.getState', state(42, 7));
    const manager = new UpdatesManager(api, { timers: new FakeClock() });
    await manager.start();
    await manager.start();
    expect(manager.currentState).toEqual({ pts: 42, qts: 0, date: 1500, seq: 7 });
    expect(api.count('updates.getState')).toBe(1);
  });

  it('applies updates in order and drops duplicates', async () => {
    const { manager, ids } = started(9);
    await manager.process(wrap([newMessage(10), newMessage(11)]));
    await manager.process(wrap([newMessage(11)]));
    expect(ids()).toEqual([10, 11]);
    expect(manager.currentState?.pts).toBe(11);
  });

  it('holds an early update until the missing one arrives, then applies both in order', async () => {
    const { manager, ids, clock, api } = started(9);
    await manager.process(wrap([newMessage(11)]));
    expect(ids()).toEqual([]);
    await clock.advance(300);
    await manager.process(wrap([newMessage(10)]));
    expect(ids()).toEqual([10, 11]);
    await clock.advance(1000);
    expect(api.count('updates.getDifference')).toBe(0);
  });

  it('fills a real gap with getDifference after the wait, following slices', async () => {
    const { manager, ids, clock, api } = started(9);
    api.answer(
      'updates.getDifference',
      {
        _: 'updates.differenceSlice',
        new_messages: [message(10)],
        new_encrypted_messages: [],
        other_updates: [],
        chats: [],
        users: [],
        intermediate_state: state(10, 1),
      },
      {
        _: 'updates.difference',
        new_messages: [message(11)],
        new_encrypted_messages: [],
        other_updates: [{ _: 'updateUserTyping', user_id: '5', action: { _: 'sendMessageTypingAction' } }],
        chats: [],
        users: [],
        state: state(12, 2),
      },
    );
    await manager.process(wrap([newMessage(12)]));
    await clock.advance(499);
    expect(api.count('updates.getDifference')).toBe(0);
    await clock.advance(1);
    await flushMicrotasks();
    expect(api.calls.filter((c) => c.method === 'updates.getDifference').map((c) => c.params)).toEqual([
      { pts: 9, qts: 0, date: 1500 },
      { pts: 10, qts: 0, date: 1500 },
    ]);
    expect(ids()).toEqual([10, 11, 'updateUserTyping']);
    expect(manager.currentState).toMatchObject({ pts: 12, seq: 2 });
    // The buffered pts=12 update was covered by the difference and is not replayed.
    await manager.process(wrap([newMessage(12)]));
    expect(ids()).toEqual([10, 11, 'updateUserTyping']);
  });

  it('updatesTooLong and recover() ask for the difference at once', async () => {
    const { manager, api } = started(9);
    api.answer(
      'updates.getDifference',
      { _: 'updates.differenceEmpty', date: 3000, seq: 1 },
      { _: 'updates.differenceEmpty', date: 3001, seq: 1 },
    );
    await manager.process({ _: 'updatesTooLong' });
    await manager.recover();
    expect(api.count('updates.getDifference')).toBe(2);
    expect(manager.currentState?.date).toBe(3001);
  });

  it('stops following slices after maxDifferenceRounds', async () => {
    const { manager, api } = started(9);
    for (let i = 0; i < 10; i++) {
      api.answer('updates.getDifference', {
        _: 'updates.differenceSlice',
        new_messages: [],
        new_encrypted_messages: [],
        other_updates: [],
        chats: [],
        users: [],
        intermediate_state: state(10 + i),
      });
    }
    await manager.recover();
    expect(api.count('updates.getDifference')).toBe(5);
  });

  it('reset() forgets the state until the next start', async () => {
    const { manager, api } = started(9);
    await manager.reset();
    expect(manager.started).toBe(false);
    api.answer('updates.getState', state(50));
    await manager.start();
    expect(manager.currentState?.pts).toBe(50);
  });

  it('a failed getDifference leaves the manager usable', async () => {
    const { manager, ids } = started(9);
    await expect(manager.recover()).rejects.toThrow('no scripted answer');
    await manager.process(wrap([newMessage(10)]));
    expect(ids()).toEqual([10]);
  });
});

describe('UpdatesManager: the seven constructors', () => {
  it('normalises short forms into updateNewMessage and moves pts for sent messages', async () => {
    const { manager, events, ids } = started(9);
    manager.setSelfId('1');
    await manager.process({
      _: 'updateShortMessage',
      out: true,
      id: 10,
      user_id: '5',
      message: 'hi',
      pts: 10,
      pts_count: 1,
      date: 1,
    });
    await manager.process({
      _: 'updateShortChatMessage',
      id: 11,
      from_id: '6',
      chat_id: '8',
      message: 'yo',
      pts: 11,
      pts_count: 1,
      date: 2,
    });
    await manager.process({ _: 'updateShortSentMessage', out: true, id: 12, pts: 12, pts_count: 1, date: 3 });
    await manager.process({
      _: 'updateShort',
      update: { _: 'updateUserStatus', user_id: '5', status: { _: 'userStatusRecently' } },
      date: 4,
    });
    await manager.process({
      _: 'updatesCombined',
      updates: [newMessage(13)],
      users: [],
      chats: [],
      date: 5,
      seq_start: 2,
      seq: 3,
    });
    expect(ids()).toEqual([10, 11, 'updateUserStatus', 13]);
    expect(events[0].update).toMatchObject({
      _: 'updateNewMessage',
      pts: 10,
      message: {
        _: 'message',
        out: true,
        from_id: { user_id: '1' },
        peer_id: { _: 'peerUser', user_id: '5' },
        message: 'hi',
      },
    });
    expect(events[1].update).toMatchObject({
      message: { from_id: { user_id: '6' }, peer_id: { _: 'peerChat', chat_id: '8' } },
    });
    expect(manager.currentState).toMatchObject({ pts: 13, seq: 3 });
  });

  it('orders by seq: a later Updates waits for the earlier one, an old seq is ignored', async () => {
    const { manager, events } = started(9, 1);
    const typing = () => events.map((event) => (event.update as { user_id?: string }).user_id);
    await manager.process(wrap([{ _: 'updateUserTyping', user_id: 'b', action: { _: 'sendMessageTypingAction' } }], 3));
    expect(typing()).toEqual([]);
    await manager.process(wrap([{ _: 'updateUserTyping', user_id: 'a', action: { _: 'sendMessageTypingAction' } }], 2));
    await manager.process(
      wrap([{ _: 'updateUserTyping', user_id: 'old', action: { _: 'sendMessageTypingAction' } }], 2),
    );
    expect(typing()).toEqual(['a', 'b']);
    expect(manager.currentState?.seq).toBe(3);
  });
});

describe('UpdatesManager: channels', () => {
  const channelChat = {
    _: 'channel' as const,
    id: '77',
    access_hash: '999',
    title: 'c',
    photo: { _: 'chatPhotoEmpty' as const },
    date: 1,
  };

  it('tracks pts per channel and fills a channel gap with getChannelDifference', async () => {
    const { manager, ids, clock, api } = started(9);
    await manager.process(wrap([channelMessage(100)], 0, [channelChat]));
    await manager.process(wrap([channelMessage(101)]));
    await manager.process(wrap([channelMessage(101)]));
    expect(ids()).toEqual([100, 101]);
    api.answer('updates.getChannelDifference', {
      _: 'updates.channelDifference',
      final: true,
      pts: 104,
      new_messages: [message(102, 'channel'), message(103, 'channel')],
      other_updates: [],
      chats: [],
      users: [],
    });
    await manager.process(wrap([channelMessage(104)]));
    await clock.advance(500);
    await flushMicrotasks();
    expect(api.calls.at(-1)).toEqual({
      method: 'updates.getChannelDifference',
      params: {
        channel: { _: 'inputChannel', channel_id: '77', access_hash: '999' },
        filter: { _: 'channelMessagesFilterEmpty' },
        pts: 101,
        limit: 100,
      },
    });
    expect(ids()).toEqual([100, 101, 102, 103]);
    expect(manager.channelState('77')).toBe(104);
    expect(manager.currentState?.pts).toBe(9);
  });

  const emptyChannelDifference = (pts: number) => ({ _: 'updates.channelDifferenceEmpty' as const, final: true, pts });

  it('orders a channel from the pts the app learnt (dialog / channelFull), not from the first update that arrives', async () => {
    const { manager, ids, clock, api } = started(9);
    await manager.knowChannel({ id: '77', accessHash: '999', pts: 99 });
    // 101 is not 99 + 1: a gap, filled from 99, where the first-update rule would have started at 101 and lost 100.
    api.answer('updates.getChannelDifference', {
      _: 'updates.channelDifference',
      final: true,
      pts: 101,
      new_messages: [message(100, 'channel'), message(101, 'channel')],
      other_updates: [],
      chats: [],
      users: [],
    });
    await manager.process(wrap([channelMessage(101)]));
    await clock.advance(500);
    await flushMicrotasks();
    expect((api.calls.at(-1)?.params as { pts: number }).pts).toBe(99);
    expect(ids()).toEqual([100, 101]);
    expect(manager.channelState('77')).toBe(101);
  });

  it('a recovery fetches the common difference and then each watched channel, the most recent eight', async () => {
    const { manager, api } = started(9);
    for (let i = 1; i <= 9; i++) await manager.watchChannel({ id: String(i), accessHash: `h${i}`, pts: 10 * i });
    expect(manager.watchedChannels).toEqual(['2', '3', '4', '5', '6', '7', '8', '9']);
    api.answer('updates.getDifference', { _: 'updates.differenceEmpty', date: 1600, seq: 1 });
    for (let i = 2; i <= 9; i++) api.answer('updates.getChannelDifference', emptyChannelDifference(10 * i + 1));
    await manager.recover();
    expect(api.calls.map((call) => call.method)).toEqual([
      'updates.getDifference',
      ...Array.from({ length: 8 }, () => 'updates.getChannelDifference'),
    ]);
    expect(
      api.calls
        .slice(1)
        .map((call) => (call.params as { channel: { channel_id: string }; pts: number }).channel.channel_id),
    ).toEqual(['2', '3', '4', '5', '6', '7', '8', '9']);
    expect(manager.channelState('9')).toBe(91);
  });

  it('a watched channel whose dialog pts is ahead of ours fetches what we missed', async () => {
    const { manager, api } = started(9);
    await manager.watchChannel({ id: '77', accessHash: '999', pts: 100 });
    api.answer('updates.getChannelDifference', emptyChannelDifference(105));
    await manager.watchChannel({ id: '77', accessHash: '999', pts: 105 });
    expect(api.calls.map((call) => [call.method, (call.params as { pts: number }).pts])).toEqual([
      ['updates.getChannelDifference', 100],
    ]);
    expect(manager.channelState('77')).toBe(105);
  });

  it('updateChannelTooLong for a channel never seen asks its dialog for the pts, then the channel difference', async () => {
    const { manager, ids, api } = started(9);
    api.answer('messages.getPeerDialogs', {
      _: 'messages.peerDialogs',
      dialogs: [
        {
          _: 'dialog',
          peer: { _: 'peerChannel', channel_id: '77' },
          top_message: 50,
          read_inbox_max_id: 0,
          read_outbox_max_id: 0,
          unread_count: 0,
          unread_mentions_count: 0,
          unread_reactions_count: 0,
          notify_settings: { _: 'peerNotifySettings' },
          pts: 120,
        },
      ],
      messages: [],
      chats: [],
      users: [],
      state: state(9),
    });
    api.answer('updates.getChannelDifference', {
      _: 'updates.channelDifference',
      final: true,
      pts: 121,
      new_messages: [message(121, 'channel')],
      other_updates: [],
      chats: [],
      users: [],
    });
    await manager.process(wrap([{ _: 'updateChannelTooLong', channel_id: '77' }], 0, [channelChat]));
    expect(api.calls.map((call) => call.method)).toEqual(['messages.getPeerDialogs', 'updates.getChannelDifference']);
    expect((api.calls[1].params as { pts: number }).pts).toBe(120);
    expect(ids()).toEqual(['updateChannelTooLong', 121]);
    expect(manager.channelState('77')).toBe(121);
  });
});
