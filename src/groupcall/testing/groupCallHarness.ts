// Wires a GroupCall to a ScriptedApi, FakeTransports, a fake microphone and a FakeClock, with the usual server answers
// (join → connection update in the result; one page of participants; checkGroupCall that knows every source).

import { RpcError } from '../../telegram/rpcError';
import { FakeClock, flushMicrotasks } from '../../telegram/testing/fakeClock';
import type { GroupCallParticipant } from '../../telegram/tl/api.generated';
import { GroupCall, type GroupCallOptions } from '../groupCall';
import { GroupCallEvent, type GroupCallEvents } from '../groupCallEvents';
import { cappedBackoffRejoinPolicy } from '../rejoinPolicy';
import { CALL, connectionUpdate, updatesOf } from './callFixtures';
import { fakeTrack, FakeTransports, type FakeTrack } from './fakeTransport';
import { ScriptedApi } from './scriptedApi';

export interface Harness {
  api: ScriptedApi;
  clock: FakeClock;
  transports: FakeTransports;
  track: FakeTrack;
  call: GroupCall;
  /** Every event, in order, as [name, payload]. */
  events: { [K in keyof GroupCallEvents]: [K, GroupCallEvents[K]] }[keyof GroupCallEvents][];
  /** Participants the server lists (phone.getGroupParticipants without sources), one page. */
  serverParticipants: GroupCallParticipant[];
  serverVersion: { value: number };
  /** Sources phone.checkGroupCall says it knows; null = all that were joined. */
  knownSources: { value: number[] | null };
  settle(): Promise<void>;
  statesSeen(): string[];
}

export function groupCallHarness(
  overrides: Partial<GroupCallOptions> & { ssrcs?: number[]; autoConnect?: boolean } = {},
): Harness {
  const api = new ScriptedApi();
  const clock = new FakeClock();
  const transports = new FakeTransports(overrides.ssrcs ?? [], overrides.autoConnect ?? true);
  const track = fakeTrack();
  const serverParticipants: GroupCallParticipant[] = [];
  const serverVersion = { value: 1 };
  const knownSources: { value: number[] | null } = { value: null };
  const joined: number[] = [];
  api.on('phone.joinGroupCall', (params) => {
    joined.push((JSON.parse(params.params._ === 'dataJSON' ? params.params.data : '{}') as { ssrc: number }).ssrc);
    return updatesOf(connectionUpdate());
  });
  api.on('phone.getGroupParticipants', (params) => ({
    _: 'phone.groupParticipants' as const,
    count: serverParticipants.length,
    participants:
      params.sources.length > 0
        ? serverParticipants.filter((p) => params.sources.includes(p.source))
        : [...serverParticipants],
    next_offset: '',
    chats: [],
    users: [],
    version: serverVersion.value,
  }));
  api.on('phone.checkGroupCall', (params) => params.sources.filter((s) => (knownSources.value ?? joined).includes(s)));
  api.on('phone.editGroupCallParticipant', () => updatesOf());
  api.on('phone.leaveGroupCall', () => updatesOf());
  api.on('phone.discardGroupCall', () => updatesOf());
  const { ssrcs: _ssrcs, autoConnect: _auto, ...options } = overrides;
  const call = new GroupCall({
    api,
    call: CALL,
    microphone: async () => track as unknown as MediaStreamTrack,
    createTransport: transports.factory,
    timers: clock,
    now: () => clock.now,
    rejoinPolicy: cappedBackoffRejoinPolicy({ initialMs: 500, maxMs: 4000, maxAttempts: 4 }),
    onListenerError: (error) => {
      throw error;
    },
    ...options,
  });
  const events: Harness['events'] = [];
  for (const name of Object.values(GroupCallEvent)) {
    call.on(name, (payload) => events.push([name, payload] as Harness['events'][number]));
  }
  return {
    api,
    clock,
    transports,
    track,
    call,
    events,
    serverParticipants,
    serverVersion,
    knownSources,
    settle: () => flushMicrotasks(200),
    statesSeen: () => events.flatMap(([name, payload]) => (name === 'stateChanged' ? [payload.state] : [])),
  };
}

export function rpcError(type: string, code = 400): RpcError {
  return new RpcError(code, type);
}
