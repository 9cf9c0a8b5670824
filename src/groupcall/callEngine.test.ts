// CallEngine on its own, over a scripted TelegramApi, fake transports, a fake clock and a recording host: what it tells
// its room and in which order (a join, a rejoin, giving up), that an abandoned run's answers go nowhere, the level
// sampling, and what of the server's data-channel messages outlives a run.

import { describe, expect, it } from 'vitest';
import { FakeClock, flushMicrotasks } from '../telegram/testing/fakeClock';
import type { MethodResult } from '../telegram/tl/api.generated';
import { CallEngine, type CallEngineHost, type CallEngineOptions, type JoinCamera } from './callEngine';
import type { AudioLevels } from './callTransport';
import { cappedBackoffRejoinPolicy } from './rejoinPolicy';
import { CALL, connectionUpdate, updatesOf } from './testing/callFixtures';
import { fakeTrack, FakeTransports } from './testing/fakeTransport';
import { ScriptedApi } from './testing/scriptedApi';

interface EngineHarness {
  engine: CallEngine;
  api: ScriptedApi;
  clock: FakeClock;
  transports: FakeTransports;
  /** What the engine told its host, in order: the notification's name (errors and failures with their reason). */
  log: string[];
  /** Every sample given to host.levels. */
  levels: AudioLevels[];
  /** What the host answers to muted() and isOver(). */
  state: { muted: boolean; over: boolean };
  settle(): Promise<void>;
}

function engineHarness(options: Partial<CallEngineOptions> & { ssrcs?: number[] } = {}): EngineHarness {
  const api = new ScriptedApi();
  const clock = new FakeClock();
  const transports = new FakeTransports(options.ssrcs ?? []);
  const log: string[] = [];
  const levels: AudioLevels[] = [];
  const state = { muted: false, over: false };
  api.on('phone.joinGroupCall', () => updatesOf(connectionUpdate()));
  api.on('phone.checkGroupCall', (params) => params.sources);
  const microphone = fakeTrack() as unknown as MediaStreamTrack;
  const camera: JoinCamera = {
    track: null,
    sendTrack: null,
    serverVideoOn: false,
    release: () => log.push('camera.release'),
    afterTransportReady: async () => {},
  };
  // The room's side, reduced to a record of what it is told (fail() stops the engine, as GroupCall.finish does).
  const host: CallEngineHost = {
    joinAs: { _: 'inputPeerSelf' },
    createTransport: transports.factory,
    now: () => clock.now,
    budget: null,
    camera,
    receiving: { resetConnection: () => {}, sendConstraints: () => false },
    screen: { current: null, rejoin: async () => {} },
    microphone: () => microphone,
    muted: () => state.muted,
    isOver: () => state.over,
    handleUpdate: (update) => {
      if (update._ === 'updateGroupCallConnection') engine.offerConnection(update.params.data);
    },
    reloadCallInfo: () => log.push('reloadCallInfo'),
    error: (error) => log.push(`error:${error.reason}`),
    fail: (error) => {
      log.push(`fail:${error.reason}`);
      state.over = true;
      engine.stop();
    },
    transportApplied: () => log.push('transportApplied'),
    connected: () => log.push('connected'),
    reconnecting: () => log.push('reconnecting'),
    runAbandoned: () => log.push('runAbandoned'),
    transportClosed: () => log.push('transportClosed'),
    levels: (sample) => levels.push(sample),
  };
  const { ssrcs: _ssrcs, ...engineOptions } = options;
  const engine: CallEngine = new CallEngine(
    {
      api,
      call: CALL,
      timers: clock,
      rejoinPolicy: cappedBackoffRejoinPolicy({ initialMs: 500, maxMs: 4000, maxAttempts: 4 }),
      ...engineOptions,
    },
    host,
  );
  return { engine, api, clock, transports, log, levels, state, settle: () => flushMicrotasks(200) };
}

const sender = (idealHeight: number) =>
  JSON.stringify({ colibriClass: 'SenderVideoConstraints', videoConstraints: { idealHeight } });

describe('CallEngine', () => {
  it('a join: the run is new, the transport applied, then connected; the join carries the host’s mute choice', async () => {
    const h = engineHarness({ ssrcs: [11] });
    h.state.muted = true;
    await h.engine.connect();
    await h.settle();
    // attachTransport closes the (absent) previous transport first: the host's remote tracks are emptied each join.
    expect(h.log).toEqual(['runAbandoned', 'transportClosed', 'transportApplied', 'connected']);
    const [join] = h.api.callsOf('phone.joinGroupCall');
    expect(join.muted).toBe(true);
    expect(join.video_stopped).toBe(true);
    expect(h.engine.source).toBe(11);
    expect([...h.engine.sources]).toEqual([11]);
    expect(h.engine.readyTransport).toBe(h.transports.last);
  });

  it('a failed connection: the run is abandoned and closed before the host hears the error, then it rejoins', async () => {
    const h = engineHarness({ ssrcs: [21, 22] });
    await h.engine.connect();
    await h.settle();
    h.log.length = 0;
    const first = h.transports.last;
    first.setState('failed');
    expect(h.log).toEqual(['runAbandoned', 'transportClosed', 'error:media-failed', 'reconnecting']);
    expect(first.closed).toBe(true);
    expect(h.engine.readyTransport).toBeNull();
    await h.clock.advance(499);
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(1);
    await h.clock.advance(1);
    await h.settle();
    expect(h.log.slice(4)).toEqual(['runAbandoned', 'transportClosed', 'transportApplied', 'connected']);
    expect(h.engine.source).toBe(22);
    expect([...h.engine.sources]).toEqual([21, 22]);
  });

  it('when the policy gives up, the host is told to fail (rejoin-exhausted), never that it reconnects', async () => {
    const h = engineHarness({ rejoinPolicy: { nextRejoinDelayMs: () => null } });
    await h.engine.connect();
    await h.settle();
    h.log.length = 0;
    h.transports.last.setState('failed');
    expect(h.log).toEqual([
      'runAbandoned',
      'transportClosed',
      'fail:rejoin-exhausted',
      'runAbandoned',
      'transportClosed',
    ]);
    await h.clock.advance(60_000);
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(1);
  });

  it('stopped while phone.joinGroupCall is on its way: the answer is dropped — no source, nothing applied, no error', async () => {
    const h = engineHarness({ ssrcs: [31] });
    let answer: (result: MethodResult<'phone.joinGroupCall'>) => void = () => {};
    h.api.on('phone.joinGroupCall', () => new Promise((resolve) => (answer = resolve)));
    const connecting = h.engine.connect();
    await h.settle();
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(1);
    h.state.over = true;
    h.engine.stop();
    answer(updatesOf(connectionUpdate()));
    await connecting;
    await h.clock.advance(30_000);
    expect(h.engine.source).toBeNull();
    expect(h.transports.last.applied).toHaveLength(0);
    expect(h.transports.last.closed).toBe(true);
    expect(h.log.filter((entry) => !['runAbandoned', 'transportClosed'].includes(entry))).toEqual([]);
  });

  it('samples levels every levelsIntervalMs for the host; a getStats failure is an error and sampling goes on', async () => {
    const h = engineHarness({ levelsIntervalMs: 200 });
    await h.engine.connect();
    await h.settle();
    const t = h.transports.last;
    t.levels = { local: 0.5, inbound: new Map([[7, 0.25]]) };
    await h.clock.advance(200);
    expect(h.levels).toHaveLength(1);
    expect(h.levels[0].local).toBe(0.5);
    expect([...h.levels[0].inbound]).toEqual([[7, 0.25]]);
    const read = t.audioLevels.bind(t);
    t.audioLevels = () => Promise.reject(new Error('stats gone'));
    await h.clock.advance(200);
    expect(h.levels).toHaveLength(1);
    expect(h.log.at(-1)).toBe('error:media-failed');
    t.audioLevels = read;
    await h.clock.advance(400);
    expect(h.levels).toHaveLength(3);
    h.engine.stop();
    await h.clock.advance(2_000);
    expect(h.levels).toHaveLength(3);
  });

  it('a lower SenderVideoConstraints pending when the run ends never reaches the next connection, which starts unlimited', async () => {
    const h = engineHarness();
    await h.engine.connect();
    await h.settle();
    const first = h.transports.last;
    first.receiveData(sender(720));
    first.receiveData(sender(180)); // applies after 2 s
    first.setState('failed');
    await h.clock.advance(500);
    await h.settle();
    const second = h.transports.last;
    expect(second).not.toBe(first);
    await h.clock.advance(3_000);
    expect(first.layerLimits).toEqual([720]);
    expect(second.layerLimits).toEqual([]);
    first.receiveData(sender(180)); // the old connection's channel is no longer heard
    second.receiveData(sender(360)); // no limit on this connection yet: a first height applies at once
    expect(first.layerLimits).toEqual([720]);
    expect(second.layerLimits).toEqual([360]);
  });

  it('checkSoon asks phone.checkGroupCall of a connected call only when forced, once', async () => {
    const h = engineHarness({ ssrcs: [41] });
    await h.engine.connect();
    await h.settle();
    h.engine.checkSoon();
    await h.clock.advance(10_000);
    expect(h.api.callsOf('phone.checkGroupCall')).toHaveLength(0);
    h.engine.checkSoon(true);
    await h.clock.advance(10_000);
    expect(h.api.callsOf('phone.checkGroupCall')).toEqual([{ call: CALL, sources: [41] }]);
    expect(h.log.at(-1)).toBe('connected');
  });
});
