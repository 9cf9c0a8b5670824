// RemoteSourceSync on its own, over a fake transport and a real ParticipantsStore: what one sync gives the transport,
// that a sync with nothing new sends nothing, and that the answer of a renegotiation from an older run changes nothing.

import { describe, expect, it } from 'vitest';
import { flushMicrotasks } from '../telegram/testing/fakeClock';
import type { CallError } from './callError';
import type { CallParticipant } from './callParticipant';
import type { GroupCallEvents } from './groupCallEvents';
import { ParticipantsStore } from './participantsStore';
import { RemoteSourceSync } from './remoteSourceSync';
import { SourceActivity } from './sourceActivity';
import { participant } from './testing/callFixtures';
import { FakeTransport } from './testing/fakeTransport';
import { TypedEmitter } from './typedEmitter';
import { VideoReceiving } from './videoReceiving';

function syncHarness(options: { ready?: boolean } = {}) {
  const store = new ParticipantsStore();
  const transport = new FakeTransport(1, true);
  const errors: GroupCallEvents['error'][] = [];
  const refused: CallError[] = [];
  const events = new TypedEmitter<GroupCallEvents>((error) => {
    throw error;
  });
  events.on('error', (error) => errors.push(error));
  const state = { ready: options.ready ?? true, run: 1, played: 0 };
  const sync = new RemoteSourceSync({
    store,
    activity: new SourceActivity(() => 0),
    receiving: new VideoReceiving(() => transport, events),
    budget: null,
    readyTransport: () => (state.ready ? transport : null),
    run: () => state.run,
    isOwn: (p: CallParticipant) => p.isSelf,
    updateAudioOutput: () => (state.played += 1),
    renegotiationRefused: (cause) => refused.push(cause),
  });
  return { store, transport, errors, refused, state, sync };
}

describe('RemoteSourceSync', () => {
  it('declares the others’ unmuted sources, never its own; a sync with nothing new sends no batch', async () => {
    const h = syncHarness();
    h.store.reset(
      [participant('1', 10, { self: true }), participant('2', 20), participant('3', 30, { muted: true })],
      1,
    );
    h.sync.sync();
    await flushMicrotasks();
    expect(h.transport.batches).toEqual([{ add: [{ ssrc: 20 }], remove: [] }]);
    expect(h.sync.declares(20)).toBe(true);
    expect(h.sync.declares(10)).toBe(false);
    expect(h.sync.declares(30)).toBe(false);
    expect(h.state.played).toBe(1);
    h.sync.sync();
    await flushMicrotasks();
    expect(h.transport.batches).toHaveLength(1);
  });

  it('declares nothing before the transport is ready; reset forgets what was declared', async () => {
    const h = syncHarness({ ready: false });
    h.store.reset([participant('2', 20)], 1);
    h.sync.sync();
    await flushMicrotasks();
    expect(h.transport.batches).toEqual([]);
    h.state.ready = true;
    h.sync.sync();
    await flushMicrotasks();
    expect(h.sync.declares(20)).toBe(true);
    h.sync.reset(); // a new run: the next connection has nothing yet, so the source is added again
    h.sync.sync();
    await flushMicrotasks();
    expect(h.transport.batches.map((b) => b.add)).toEqual([[{ ssrc: 20 }], [{ ssrc: 20 }]]);
  });

  it('a renegotiation that comes back in a later run changes nothing: no playback, no rejoin even when refused', async () => {
    const h = syncHarness();
    h.store.reset([participant('2', 20)], 1);
    h.transport.failNextBatch = true;
    h.sync.sync();
    h.state.run = 2; // the run ends before the browser answers
    await flushMicrotasks();
    expect(h.transport.batches).toHaveLength(1);
    expect(h.refused).toEqual([]);
    expect(h.state.played).toBe(0);
    expect(h.sync.declares(20)).toBe(true); // not reset to what the (refused) transport has: that run's state is gone

    h.state.run = 3;
    h.transport.failNextBatch = true;
    h.store.reset([participant('2', 20), participant('3', 30)], 2);
    h.sync.sync(); // the same run answers: the refusal asks for a new connection; declared is what the transport has
    await flushMicrotasks();
    expect(h.refused.map((e) => e.reason)).toEqual(['media-failed']);
    expect(h.errors).toEqual([]);
    expect(h.sync.declares(30)).toBe(false);
  });
});
