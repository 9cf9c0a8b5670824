// updates.getState / getDifference / getChannelDifference: a client that missed updates catches up from the log.
import { describe, expect, it } from 'vitest';
import { makeKit, type Kit } from './apiTestKit';
import type { TlObject } from './types';

const ALICE = '9996610001';
const BOB = '9996610002';

function peerOf(k: Kit, phone: string): TlObject {
  const u = k.world.users.byPhone(phone)!;
  return { _: 'inputPeerUser', user_id: BigInt(u.id), access_hash: u.accessHash };
}

async function state(k: Kit, key: bigint): Promise<TlObject> {
  return (await k.call(key, 'updates.getState')) as TlObject;
}

describe('updates.getDifference', () => {
  it('is empty at the current state, then returns exactly the missed messages and updates', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    await k.signIn(2n, BOB);
    const s0 = await state(k, 2n);
    const empty = (await k.call(2n, 'updates.getDifference', { pts: s0.pts!, date: s0.date!, qts: 0 })) as TlObject;
    expect(empty._).toBe('updates.differenceEmpty');

    k.clock.now += 5;
    await k.call(1n, 'messages.sendMessage', { peer: peerOf(k, BOB), message: 'one', random_id: 1n });
    await k.call(1n, 'messages.sendMessage', { peer: peerOf(k, BOB), message: 'two', random_id: 2n });
    const bob = k.world.users.byPhone(BOB)!;
    await k.call(1n, 'messages.createChat', {
      users: [{ _: 'inputUser', user_id: BigInt(bob.id), access_hash: bob.accessHash }],
      title: 'Later',
    });

    const d = (await k.call(2n, 'updates.getDifference', { pts: s0.pts!, date: s0.date!, qts: 0 })) as TlObject;
    expect(d._).toBe('updates.difference');
    const msgs = d.new_messages as TlObject[];
    expect(msgs.map((m) => m.message ?? (m.action as TlObject)._)).toEqual(['one', 'two', 'messageActionChatCreate']);
    expect(msgs.every((m) => m.out === undefined)).toBe(true); // Bob's own copies: incoming
    expect((d.other_updates as TlObject[]).map((u) => u._)).toEqual(['updateChatParticipants']);
    expect((d.users as TlObject[]).some((u) => u.first_name === 'Alice')).toBe(true);
    expect((d.chats as TlObject[]).map((c) => c.title)).toEqual(['Later']);
    const st = d.state as TlObject;
    expect(st.pts).toBe((s0.pts as number) + 3);
    expect(st.pts).toBe((await state(k, 2n)).pts);

    // From the new state nothing is left: the pts-less update shared the pts of its service message.
    k.clock.now += 1;
    const again = (await k.call(2n, 'updates.getDifference', { pts: st.pts!, date: k.clock.now, qts: 0 })) as TlObject;
    expect(again._).toBe('updates.differenceEmpty');
  });

  it('answers differenceSlice past 100 updates and differenceTooLong past the total limit', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    await k.signIn(2n, BOB);
    const s0 = await state(k, 2n);
    for (let i = 0; i < 120; i++)
      await k.call(1n, 'messages.sendMessage', { peer: peerOf(k, BOB), message: `m${i}`, random_id: BigInt(i + 1) });
    const d = (await k.call(2n, 'updates.getDifference', { pts: s0.pts!, date: s0.date!, qts: 0 })) as TlObject;
    expect(d._).toBe('updates.differenceSlice');
    expect((d.new_messages as TlObject[]).length).toBe(100);
    const mid = d.intermediate_state as TlObject;
    expect(mid.pts).toBe((s0.pts as number) + 100);
    const rest = (await k.call(2n, 'updates.getDifference', { pts: mid.pts!, date: mid.date!, qts: 0 })) as TlObject;
    expect(rest._).toBe('updates.difference');
    expect((rest.new_messages as TlObject[]).map((m) => m.message)).toEqual(
      Array.from({ length: 20 }, (_, i) => `m${100 + i}`),
    );
    const tooLong = (await k.call(2n, 'updates.getDifference', {
      pts: s0.pts!,
      pts_total_limit: 50,
      date: s0.date!,
      qts: 0,
    })) as TlObject;
    expect(tooLong).toEqual({ _: 'updates.differenceTooLong', pts: (s0.pts as number) + 120 });
  });
});

describe('updates.getChannelDifference', () => {
  it('returns channel messages after a channel pts', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    const demo = k.world.channels.byUsername('tgcall_demo')!;
    const input = { _: 'inputChannel', channel_id: BigInt(demo.id), access_hash: demo.accessHash };
    const pts0 = demo.pts;
    await k.call(1n, 'messages.sendMessage', {
      peer: { _: 'inputPeerChannel', channel_id: BigInt(demo.id), access_hash: demo.accessHash },
      message: 'channel hello',
      random_id: 5n,
    });
    const d = (await k.call(1n, 'updates.getChannelDifference', {
      channel: input,
      filter: { _: 'channelMessagesFilterEmpty' },
      pts: pts0,
      limit: 100,
    })) as TlObject;
    expect(d._).toBe('updates.channelDifference');
    expect(d.final).toBe(true);
    expect(d.pts).toBe(pts0 + 1);
    expect((d.new_messages as TlObject[]).map((m) => m.message)).toEqual(['channel hello']);
    const e = (await k.call(1n, 'updates.getChannelDifference', {
      channel: input,
      filter: { _: 'channelMessagesFilterEmpty' },
      pts: pts0 + 1,
      limit: 100,
    })) as TlObject;
    expect(e).toEqual({ _: 'updates.channelDifferenceEmpty', final: true, pts: pts0 + 1 });
  });
});

describe('update log bound', () => {
  it('keeps only the last UPDATE_LOG_RETAIN_PTS pts per user and answers differenceTooLong beyond', async () => {
    const { UPDATE_LOG_RETAIN_PTS } = await import('../world/updateLog');
    const k = makeKit();
    await k.signIn(1n, ALICE);
    await k.signIn(2n, BOB);
    const s0 = await state(k, 2n);
    const bob = k.world.users.byPhone(BOB)!.id;
    for (let i = 0; i < UPDATE_LOG_RETAIN_PTS + 50; i++) {
      await k.call(1n, 'messages.sendMessage', { peer: peerOf(k, BOB), message: `x${i}`, random_id: BigInt(i + 1) });
    }
    const rows = (
      k.world.db.prepare('SELECT COUNT(*) AS n FROM update_log WHERE user_id = ?').get(bob) as { n: number }
    ).n;
    expect(rows).toBeLessThanOrEqual(UPDATE_LOG_RETAIN_PTS);
    const d = (await k.call(2n, 'updates.getDifference', { pts: s0.pts!, date: s0.date!, qts: 0 })) as TlObject;
    expect(d._).toBe('updates.differenceTooLong');
    const now = (await state(k, 2n)).pts as number;
    const recent = (await k.call(2n, 'updates.getDifference', { pts: now - 10, date: 0, qts: 0 })) as TlObject;
    expect((recent.new_messages as TlObject[]).length).toBe(10);
  });
});

describe('channels in the difference', () => {
  it('names channels with newer messages by updateChannelTooLong, so the client fetches their difference', async () => {
    const k = makeKit();
    await k.signIn(1n, ALICE);
    await k.signIn(2n, BOB);
    const s0 = await state(k, 2n);
    k.clock.now += 3;
    const demo = k.world.channels.byUsername('tgcall_demo')!;
    await k.call(1n, 'messages.sendMessage', {
      peer: { _: 'inputPeerChannel', channel_id: BigInt(demo.id), access_hash: demo.accessHash },
      message: 'while Bob was away',
      random_id: 9n,
    });
    const d = (await k.call(2n, 'updates.getDifference', { pts: s0.pts!, date: s0.date!, qts: 0 })) as TlObject;
    expect(d._).toBe('updates.difference');
    expect(d.other_updates).toEqual([{ _: 'updateChannelTooLong', channel_id: BigInt(demo.id), pts: demo.pts + 1 }]);
    expect((d.chats as TlObject[]).map((c) => c.username)).toEqual(['tgcall_demo']);
    const st = d.state as TlObject;
    k.clock.now += 1;
    expect(((await k.call(2n, 'updates.getDifference', { pts: st.pts!, date: st.date!, qts: 0 })) as TlObject)._).toBe(
      'updates.differenceEmpty',
    );
  });
});

describe('messages.getPeerDialogs', () => {
  it("answers a channel's dialog with its pts, as a client reads it before getChannelDifference", async () => {
    const k = makeKit();
    await k.signIn(1n, '9996610001');
    const resolved = (await k.call(1n, 'contacts.resolveUsername', { username: 'tgcall_demo' })) as TlObject;
    const channel = (resolved.chats as TlObject[])[0];
    const peer = {
      _: 'inputPeerChannel',
      channel_id: channel.id as bigint,
      access_hash: channel.access_hash as bigint,
    };
    const dialogs = (await k.call(1n, 'messages.getPeerDialogs', {
      peers: [{ _: 'inputDialogPeer', peer }],
    })) as TlObject;
    expect(dialogs._).toBe('messages.peerDialogs');
    const [dialog] = dialogs.dialogs as TlObject[];
    expect(dialog.peer).toEqual({ _: 'peerChannel', channel_id: channel.id });
    expect(dialog.pts).toBe(k.world.channels.get(Number(channel.id))!.pts);
    expect((dialogs.state as TlObject)._).toBe('updates.state');
    expect(
      (await k.fail(1n, 'messages.getPeerDialogs', { peers: [{ _: 'inputDialogPeerFolder', folder_id: 1 }] })).type,
    ).toBe('PEER_ID_INVALID');
  });
});
