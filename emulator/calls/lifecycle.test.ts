// A call over time: a participant whose media failed (cut) is removed after the grace period; a restart keeps calls
// and drops participants (their media is gone, their clients rejoin); the demo calls and their simulated speakers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TlObject } from '../api/types';
import { Sfu, type OpusClip } from '../sfu/index';
import { DEMO_CALL_TITLE, BOOK_CLUB_CALL_TITLE, NIGHT_OWLS_CALL_TITLE } from './seedCalls';
import { dataJson, mediaKeyOf, joinJson, makeCallsKit, type CallsKit, updatesOf } from './callsTestKit';
import { until } from '../../scripts/until';

const SHORT = { timeoutMs: 3_000, everyMs: 10 };

const kits: CallsKit[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const k of kits.splice(0)) await k.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function kit(opts: Parameters<typeof makeCallsKit>[0] = {}): Promise<CallsKit> {
  const k = await makeCallsKit(opts);
  kits.push(k);
  return k;
}

async function startCall(k: CallsKit): Promise<TlObject> {
  const r = await k.call(1n, 'phone.createGroupCall', { peer: k.demoPeer(), random_id: 1 });
  const gc = updatesOf(r).find((u) => u._ === 'updateGroupCall')!.call as TlObject;
  return { _: 'inputGroupCall', id: gc.id!, access_hash: gc.access_hash! };
}
const join = (k: CallsKit, key: bigint, call: TlObject, ssrc: number) =>
  k.call(key, 'phone.joinGroupCall', { call, join_as: { _: 'inputPeerSelf' }, params: dataJson(joinJson(ssrc)) });

describe('media failure', () => {
  it('a cut participant is removed after the grace period: the others get `left`, checkGroupCall says rejoin', async () => {
    const k = await kit({ failedGraceMs: 150 });
    await k.signInSeeded(0);
    await k.signInSeeded(1);
    await k.signInSeeded(2);
    const call = await startCall(k);
    await join(k, 2n, call, 71);
    await join(k, 3n, call, 72);
    k.pushed.length = 0;
    const carol = k.world.users.byPhone('9996610003')!.id;
    k.media.cutEndpoint(mediaKeyOf(call), `user:${carol}`);
    await new Promise((r) => setTimeout(r, 60));
    expect(k.part.calls.store.count(Number(call.id))).toBe(2); // still within the grace period
    await until('one participant left in the call', () => k.part.calls.store.count(Number(call.id)) === 1, SHORT);
    const left = k.updatesPushedTo(2n).find((u) => u._ === 'updateGroupCallParticipants')!;
    expect((left.participants as TlObject[])[0]).toMatchObject({ left: true, source: 72, versioned: true });
    expect(k.updatesPushedTo(3n).find((u) => u._ === 'updateGroupCallParticipants')).toBeDefined();
    expect((await k.fail(3n, 'phone.checkGroupCall', { call, sources: [72] })).type).toBe('GROUPCALL_JOIN_MISSING');
    await join(k, 3n, call, 73);
    expect(await k.call(3n, 'phone.checkGroupCall', { call, sources: [73] })).toEqual([73]);
  });

  it('a participant that rejoins within the grace period keeps its place', async () => {
    const k = await kit({ failedGraceMs: 200 });
    await k.signInSeeded(0);
    await k.signInSeeded(2);
    const call = await startCall(k);
    await join(k, 3n, call, 81);
    const carol = k.world.users.byPhone('9996610003')!.id;
    k.media.cutEndpoint(mediaKeyOf(call), `user:${carol}`);
    await join(k, 3n, call, 82);
    await new Promise((r) => setTimeout(r, 350));
    expect(await k.call(3n, 'phone.checkGroupCall', { call, sources: [81, 82] })).toEqual([82]);
  });
});

describe('fake listeners (the 10 000-person panel)', () => {
  it('adds 10 000 participants without media; pages of 500 walk them all once, with distinct sources', async () => {
    const k = await kit();
    await k.signInSeeded(0);
    const call = await startCall(k);
    await join(k, 1n, call, 5);
    const started = performance.now();
    expect(k.part.calls.addFakeParticipants(k.clock.now, k.part.calls.store.get(Number(call.id))!, 10_000)).toBe(
      10_000,
    );
    console.info(`10 000 fake participants added in ${(performance.now() - started).toFixed(0)} ms`);
    // Alice, in the call, hears of them in batches, one version step each.
    const batches = k.updatesPushedTo(1n).filter((u) => u._ === 'updateGroupCallParticipants');
    expect(batches.reduce((n, u) => n + (u.participants as TlObject[]).length, 0)).toBe(10_000);
    expect(batches.map((u) => u.version)).toEqual(batches.map((_, i) => 3 + i));
    const seen = new Set<number>();
    let offset = '';
    for (let page = 0; page < 30; page++) {
      const r = (await k.call(1n, 'phone.getGroupParticipants', {
        call,
        ids: [],
        sources: [],
        offset,
        limit: 500,
      })) as TlObject;
      expect(r.count).toBe(10_001);
      for (const p of r.participants as TlObject[]) seen.add(p.source as number);
      offset = r.next_offset as string;
      if (offset === '') break;
    }
    expect(seen.size).toBe(10_001);
  });
});

describe('restart', () => {
  it('keeps the call, its title and settings; participants are out and rejoin', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgcall-calls-'));
    dirs.push(dataDir);
    const first = await makeCallsKit({ dataDir });
    await first.signInSeeded(0);
    await first.signInSeeded(1);
    const call = await startCall(first);
    await first.call(1n, 'phone.editGroupCallTitle', { call, title: 'Before restart' });
    await first.call(1n, 'phone.toggleGroupCallSettings', { call, join_muted: true });
    await join(first, 2n, call, 91);
    const versionBefore = first.part.calls.store.get(Number(call.id))!.version;
    await first.close();

    const k = await kit({ dataDir });
    const got = (await k.call(2n, 'phone.getGroupCall', { call, limit: 10 })) as TlObject;
    expect(got.call).toMatchObject({
      _: 'groupCall',
      title: 'Before restart',
      join_muted: true,
      participants_count: 0,
    });
    expect((got.call as TlObject).version).toBe(versionBefore + 1);
    expect(got.participants).toEqual([]);
    expect((await k.fail(2n, 'phone.checkGroupCall', { call, sources: [91] })).type).toBe('GROUPCALL_JOIN_MISSING');
    const again = await join(k, 2n, call, 91);
    expect(updatesOf(again).some((u) => u._ === 'updateGroupCallConnection')).toBe(true);
    expect(await k.call(2n, 'phone.checkGroupCall', { call, sources: [91] })).toEqual([91]);
  });
});

describe('the demo calls', () => {
  it('seeds "Morning chat" with Bob and Carol talking, a Book Club call tomorrow and an empty call in Night Owls; once per data dir', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgcall-calls-'));
    dirs.push(dataDir);
    const sfu = new Sfu();
    const clipsPlayed: OpusClip[] = [];
    const addSpeaker = sfu.addSimulatedSpeaker.bind(sfu);
    sfu.addSimulatedSpeaker = (key, ssrc, clip, options) => {
      clipsPlayed.push(clip);
      return addSpeaker(key, ssrc, clip, options);
    };
    const first = await makeCallsKit({ dataDir, demo: true, media: sfu });
    const calls = first.part.calls;
    const live = calls.store.live();
    expect(live.map((c) => c.title).sort()).toEqual(
      [BOOK_CLUB_CALL_TITLE, DEMO_CALL_TITLE, NIGHT_OWLS_CALL_TITLE].sort(),
    );
    const owls = live.find((c) => c.title === NIGHT_OWLS_CALL_TITLE)!;
    expect([owls.chat.type, owls.scheduleDate, calls.store.count(owls.id)]).toEqual(['channel', null, 0]);
    // The demo call stays the first live channel call (the e2e chat-list test takes the first one).
    expect(live.find((c) => c.chat.type === 'channel' && c.scheduleDate === null)!.title).toBe(DEMO_CALL_TITLE);
    const demo = live.find((c) => c.title === DEMO_CALL_TITLE)!;
    const book = live.find((c) => c.title === BOOK_CLUB_CALL_TITLE)!;
    expect(book.scheduleDate).toBe(first.clock.now + 24 * 3600);
    expect(book.chat.type).toBe('chat');
    const speakers = calls.store.participants(demo.id);
    expect(speakers.map((p) => [p.kind, first.world.users.get(p.userId)!.firstName])).toEqual([
      ['simulated', 'Bob'],
      ['simulated', 'Carol'],
    ]);
    await until(
      'packets from both simulated speakers',
      () => Object.values(first.media.stats()[String(demo.id)] ?? {}).filter((s) => s.received > 0).length === 2,
      SHORT,
    );
    expect(new Set(clipsPlayed).size).toBe(2); // each speaker plays its own clip: A and B answer each other

    // Someone who signs in and joins hears them: the SFU forwards both speakers to the new endpoint.
    await first.signInSeeded(0);
    const r = await join(first, 1n, { _: 'inputGroupCall', id: BigInt(demo.id), access_hash: demo.accessHash }, 1234);
    expect(updatesOf(r).some((u) => u._ === 'updateGroupCallConnection')).toBe(true);
    const list = (await first.call(1n, 'phone.getGroupParticipants', {
      call: { _: 'inputGroupCall', id: BigInt(demo.id), access_hash: demo.accessHash },
      ids: [],
      sources: [],
      offset: '',
      limit: 10,
    })) as TlObject;
    expect(list.count).toBe(3);
    await first.close();
    await sfu.close();

    const k = await kit({ dataDir, demo: true });
    expect(k.part.calls.store.live()).toHaveLength(3);
    expect(k.part.calls.store.participants(demo.id).map((p) => p.kind)).toEqual(['simulated', 'simulated']);
  });
});
