// Runs in the browser page of groupCall.browser.test.ts (bundled by esbuild): a real GroupCall with real
// PeerConnectionTransports and getUserMedia, whose TelegramApi forwards every call to the Node test (window.tgCall).

import { RpcError } from '../../telegram/rpcError';
import { Emitter } from '../../telegram/subscribable';
import type { TelegramApi, UpdateEvent } from '../../telegram/api';
import type { MethodName, MethodParams, MethodResult, TypeUpdate } from '../../telegram/tl/api.generated';
import { GroupCall } from '../groupCall';
import { GroupCallEvent } from '../groupCallEvents';
import { browserMicrophone } from '../microphone';
import { PeerConnectionTransport } from '../peerConnectionTransport';
import type { InputGroupCall } from '../../telegram/tl/api.generated';

type NodeCall = (method: string, paramsJson: string) => Promise<string>;

export interface PageHarness {
  pushUpdate(json: string): void;
  state(): { state: string; source: number | null; transports: number; remoteSsrcs: number[]; log: string[] };
  /** packetsReceived of the inbound-rtp stats entry for an SSRC on the current connection (0 if none). */
  inboundPackets(ssrc: number): Promise<number>;
  leave(): Promise<void>;
  /** The current connection's audio levels, as the engine samples them. */
  levels(): Promise<{ local: number | null; inbound: [number, number][] }>;
}

function nodeCall(): NodeCall {
  const fn = (window as unknown as { tgCall?: NodeCall }).tgCall;
  if (fn === undefined) throw new Error('window.tgCall is not exposed');
  return fn;
}

/** Creates the GroupCall and starts joining; the test drives it through the returned object. */
export function startPageHarness(
  call: InputGroupCall,
  timing: { checkIntervalMs?: number; disconnectedGraceMs?: number } = {},
): PageHarness {
  const updates = new Emitter<UpdateEvent>();
  const api: TelegramApi = {
    async call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
      const answer = JSON.parse(await nodeCall()(method, JSON.stringify(params))) as {
        result?: MethodResult<M>;
        error?: { code: number; type: string };
      };
      if (answer.error !== undefined) throw new RpcError(answer.error.code, answer.error.type);
      return answer.result;
    },
    updates,
    connection: { state: 'ready', subscribe: () => () => undefined },
  };
  const transports: PeerConnectionTransport[] = [];
  const groupCall = new GroupCall({
    api,
    call,
    microphone: browserMicrophone(),
    createTransport: (options) => {
      const t = new PeerConnectionTransport(options);
      transports.push(t);
      return t;
    },
    levelsIntervalMs: 100,
    ...timing,
    rejoinPolicy: { nextRejoinDelayMs: ({ attempt }) => (attempt < 3 ? 100 : null) },
  });
  const log: string[] = [];
  for (const name of Object.values(GroupCallEvent)) {
    groupCall.on(name, (payload) =>
      log.push(`${name} ${JSON.stringify(payload, (k, v: unknown) => (k === 'raw' || k === 'peer' ? undefined : v))}`),
    );
  }
  groupCall.join().catch((error: unknown) => log.push(`join rejected ${String(error)}`));
  return {
    pushUpdate: (json) => updates.emit({ update: JSON.parse(json) as TypeUpdate, users: [], chats: [] }),
    state: () => ({
      state: groupCall.state,
      source: groupCall.source,
      transports: transports.length,
      remoteSsrcs: [...groupCall.remoteTracks().keys()],
      log,
    }),
    async inboundPackets(ssrc) {
      const t = transports.at(-1);
      if (t === undefined) return 0;
      let packets = 0;
      (await t.peerConnection.getStats()).forEach((s: { type: string; ssrc?: number; packetsReceived?: number }) => {
        if (s.type === 'inbound-rtp' && s.ssrc === ssrc >>> 0) packets = s.packetsReceived ?? 0;
      });
      return packets;
    },
    leave: () => groupCall.leave(),
    async levels() {
      const t = transports.at(-1);
      if (t === undefined) return { local: null, inbound: [] };
      const l = await t.audioLevels();
      return { local: l.local, inbound: [...l.inbound] };
    },
  };
}
