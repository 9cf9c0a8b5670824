// The bench page's script (bundled by Vite into one IIFE, see bench/support/pageBundle.ts). It runs in Chromium and
// exposes `window.bench`: the real TelegramClient (MTProto over WebSocket to the local server) + the real GroupCall
// engine, a bare baseline (offer → Node's Sfu.join over a loopback HTTP side channel → the same sdp functions), and a
// first-packet watcher. Every time is wall-clock milliseconds with sub-ms precision (performance.timeOrigin +
// performance.now()), so that it can be compared with the SFU's Date.now() in Node on the same machine.

import { GroupCall, GroupCallEvent, PeerConnectionTransport, browserMicrophone } from '../../src/groupcall';
import {
  answerFromTransport,
  joinPayloadFromOffer,
  serverOfferFromTransport,
  withSourceChanges,
  type RtcGroupCallTransport,
} from '../../src/groupcall/sdp';
import {
  MemoryStorage,
  createTelegramClient,
  sendCode,
  signIn,
  type TelegramApi,
  type TelegramClient,
} from '../../src/telegram';
import type { InputGroupCall, MethodName, MethodParams, MethodResult } from '../../src/telegram/tl/api.generated';
import { videoBenchPage } from './video';

/** Opus packet duration of the simulated speakers (the SFU paces them at wall-clock speed). */
const PACKET_MS = 20;

const now = (): number => performance.timeOrigin + performance.now();

export interface Mark {
  name: string;
  start: number;
  end: number;
}

/** A renegotiation as Chromium did it: setRemoteDescription → createAnswer → setLocalDescription (or one answer applied). */
export interface Negotiation {
  kind: 'answer' | 'offer';
  mlines: number;
  srdStart: number;
  srdEnd: number;
  /** setLocalDescription's end (server offers only). */
  end: number;
}

export interface FirstPacket {
  ssrc: number;
  /** When a poll of the receiver's getStats first showed packetsReceived > 0. */
  seenAt: number;
  /** inbound-rtp lastPacketReceivedTimestamp at that poll (Chromium's own receive time, on the same wall clock). */
  lastPacketReceivedTimestamp: number | null;
  /** packetsReceived at that poll. */
  packets: number;
  /**
   * The first packet's arrival, estimated: Chromium caches a getStats report for ~50 ms, so the first poll that shows
   * the SSRC usually shows 2–3 packets already; the first one arrived PACKET_MS per extra packet before the last
   * one's own receive time (lastPacketReceivedTimestamp, same wall clock as now()). The poll time when that is missing.
   */
  receivedAt: number;
  /** When the receiver first existed with this SSRC in the remote description (polling started; after setRemoteDescription). */
  watchedFrom: number;
  polls: number;
}

export interface JoinResult {
  requestedAt: number;
  marks: Mark[];
  negotiations: Negotiation[];
  connectedAt: number | null;
  iceConnectedAt: number | null;
  first: FirstPacket | null;
  error: string | null;
}

class Timeline {
  readonly marks: Mark[] = [];
  refused: { error: string; before: string; refused: string } | undefined;
  readonly negotiations: Negotiation[] = [];
  connectedAt: number | null = null;
  iceConnectedAt: number | null = null;
  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const start = now();
    try {
      return await work();
    } finally {
      this.marks.push({ name, start, end: now() });
    }
  }
  point(name: string): void {
    const t = now();
    this.marks.push({ name, start: t, end: t });
  }
}

function mlineCount(sdp: string | undefined): number {
  return (sdp ?? '').split('\n').filter((l) => l.startsWith('m=')).length;
}

/** An RTCPeerConnection whose description steps are timed into `timeline` (the engine sees a normal one). */
function timedPeerConnection(timeline: Timeline): RTCPeerConnection {
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  const createOffer = pc.createOffer.bind(pc);
  const createAnswer = pc.createAnswer.bind(pc);
  const setLocal = pc.setLocalDescription.bind(pc);
  const setRemote = pc.setRemoteDescription.bind(pc);
  let pendingOffer: Negotiation | null = null;
  const patched = pc as unknown as Record<string, unknown>;
  patched.createOffer = () => timeline.time('createOffer', () => createOffer());
  patched.createAnswer = () => timeline.time('createAnswer', () => createAnswer());
  patched.setLocalDescription = async (d?: RTCLocalSessionDescriptionInit) => {
    await timeline.time(d?.type === 'offer' ? 'setLocalDescription(offer)' : 'setLocalDescription(answer)', () =>
      setLocal(d),
    );
    if (d?.type !== 'offer' && pendingOffer !== null) {
      pendingOffer.end = now();
      timeline.negotiations.push(pendingOffer);
      pendingOffer = null;
    }
  };
  patched.setRemoteDescription = async (d: RTCSessionDescriptionInit) => {
    const srdStart = now();
    const before = pc.remoteDescription?.sdp ?? '';
    try {
      await setRemote(d);
    } catch (error) {
      // The first refusal: what the browser had and what it refused, per mid (for the bench's diagnosis).
      timeline.refused ??= { error: String(error), before: ssrcsByMid(before), refused: ssrcsByMid(d.sdp ?? '') };
      throw error;
    }
    const srdEnd = now();
    timeline.marks.push({ name: `setRemoteDescription(${d.type})`, start: srdStart, end: srdEnd });
    const n: Negotiation = {
      kind: d.type === 'offer' ? 'offer' : 'answer',
      mlines: mlineCount(d.sdp),
      srdStart,
      srdEnd,
      end: srdEnd,
    };
    if (n.kind === 'offer') pendingOffer = n;
    else timeline.negotiations.push(n);
  };
  pc.addEventListener('connectionstatechange', () => {
    if (pc.connectionState === 'connected' && timeline.connectedAt === null) timeline.connectedAt = now();
  });
  pc.addEventListener('iceconnectionstatechange', () => {
    if (
      (pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed') &&
      timeline.iceConnectedAt === null
    )
      timeline.iceConnectedAt = now();
  });
  return pc;
}

/** "mid:direction:ssrc…" of every m-line, for diagnosis. */
function ssrcsByMid(sdp: string): string {
  return sdp
    .split(/\r?\nm=/)
    .slice(1)
    .map((section) => {
      const mid = /\r?\na=mid:(\S+)/.exec(section)?.[1] ?? '?';
      const direction = /\r?\na=(sendonly|recvonly|sendrecv|inactive)/.exec(section)?.[1] ?? '-';
      const ssrcs = [...new Set([...section.matchAll(/\r?\na=ssrc:(\d+) /g)].map((m) => m[1]))];
      return `${mid}:${section.slice(0, 5)}:${direction}:${ssrcs.join(',')}`;
    })
    .join(' ');
}

/** mid → unsigned SSRC of the remote description's m-lines that declare one. */
function remoteSsrcsByMid(sdp: string): Map<string, number> {
  const byMid = new Map<string, number>();
  for (const section of sdp.split(/\r?\nm=/).slice(1)) {
    const mid = /\r?\na=mid:(\S+)/.exec(section)?.[1];
    const ssrc = /\r?\na=ssrc:(\d+) /.exec(section)?.[1];
    if (mid !== undefined && ssrc !== undefined && !/\r?\na=inactive/.test(section)) byMid.set(mid, Number(ssrc));
  }
  return byMid;
}

/**
 * Watches remote SSRCs for their first inbound packet: every `intervalMs` it polls `receiver.getStats()` only for
 * receivers whose SSRC (from the remote description) has no packet yet, so the cost does not grow with the sources
 * already heard. Polling of an SSRC starts when its m-line is in the remote description (no packet can be counted before).
 */
class FirstPacketWatcher {
  readonly seen = new Map<number, FirstPacket>();
  private readonly watchedFrom = new Map<number, number>();
  private readonly polls = new Map<number, number>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private cachedSdp = '';
  private cachedMap = new Map<string, number>();

  constructor(
    private readonly pc: () => RTCPeerConnection | null,
    private readonly intervalMs: number,
  ) {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.intervalMs);
  }

  private async tick(): Promise<void> {
    try {
      const pc = this.pc();
      const sdp = pc?.remoteDescription?.sdp;
      if (pc !== null && sdp !== undefined && pc.signalingState !== 'closed') {
        if (sdp !== this.cachedSdp) {
          this.cachedSdp = sdp;
          this.cachedMap = remoteSsrcsByMid(sdp);
        }
        const pending: [number, RTCRtpReceiver][] = [];
        for (const t of pc.getTransceivers()) {
          const ssrc = t.mid === null ? undefined : this.cachedMap.get(t.mid);
          if (ssrc === undefined || this.seen.has(ssrc)) continue;
          if (!this.watchedFrom.has(ssrc)) this.watchedFrom.set(ssrc, now());
          pending.push([ssrc, t.receiver]);
        }
        await Promise.all(
          pending.map(async ([ssrc, receiver]) => {
            const report = await receiver.getStats();
            const at = now();
            this.polls.set(ssrc, (this.polls.get(ssrc) ?? 0) + 1);
            report.forEach(
              (s: { type: string; ssrc?: number; packetsReceived?: number; lastPacketReceivedTimestamp?: number }) => {
                if (
                  s.type !== 'inbound-rtp' ||
                  s.ssrc !== ssrc ||
                  (s.packetsReceived ?? 0) === 0 ||
                  this.seen.has(ssrc)
                )
                  return;
                const packets = s.packetsReceived ?? 0;
                const lprt = s.lastPacketReceivedTimestamp ?? null;
                this.seen.set(ssrc, {
                  ssrc,
                  seenAt: at,
                  lastPacketReceivedTimestamp: lprt,
                  packets,
                  receivedAt: lprt !== null && lprt <= at + 1 ? lprt - (packets - 1) * PACKET_MS : at,
                  watchedFrom: this.watchedFrom.get(ssrc) ?? at,
                  polls: this.polls.get(ssrc) ?? 0,
                });
              },
            );
          }),
        );
      }
    } catch {
      // a closed connection mid-poll: nothing to record
    }
    this.schedule();
  }
}

/** The TelegramApi the engine gets: the real client, with each method's round trip timed. */
function timedApi(client: TelegramClient, timeline: Timeline): TelegramApi {
  return {
    call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
      // A participants page (a load or a reload) and a lookup of unknown sources are told apart in the diagnosis.
      const lookup =
        method === 'phone.getGroupParticipants' &&
        (params as MethodParams<'phone.getGroupParticipants'>).sources.length > 0;
      return timeline.time(lookup ? `${method}(sources)` : method, () => client.call(method, params));
    },
    updates: client.updates,
    connection: client.connection,
  };
}

let client: TelegramClient | null = null;
let current: {
  call: GroupCall;
  pc: RTCPeerConnection | null;
  watcher: FirstPacketWatcher;
  timeline: Timeline;
  /** Unsigned video SSRC → when the engine first listed it in RemoteVideosChanged (the tile the UI would show). */
  tiles: Map<number, number>;
  /** The engine's Error events (a refused renegotiation, …): when first, the text, how many in a row. */
  errors: { at: number; text: string; count: number }[];
  /** Times the call went "reconnecting" (the soak counts false alarms). */
  reconnects: number;
} | null = null;
let baseline: { pc: RTCPeerConnection; track: MediaStreamTrack; watcher: FirstPacketWatcher; endpoint: string } | null =
  null;
/** unsigned SSRC → when an updateGroupCallParticipants naming it (not left) first arrived. */
const participantUpdateAt = new Map<number, number>();

function requireClient(): TelegramClient {
  if (client === null) throw new Error('signIn first');
  return client;
}

async function waitFirst(watcher: FirstPacketWatcher, ssrcs: number[], timeoutMs: number): Promise<FirstPacket | null> {
  const deadline = now() + timeoutMs;
  while (now() < deadline) {
    const hits = ssrcs.map((s) => watcher.seen.get(s >>> 0)).filter((x): x is FirstPacket => x !== undefined);
    if (hits.length > 0) return hits.sort((a, b) => a.seenAt - b.seenAt)[0];
    await new Promise((r) => setTimeout(r, 2));
  }
  return null;
}

const bench = {
  /** Connects (handshake) and signs in with the test DC rule (code = digit × 5). Returns ms for each step. */
  async signIn(wsUrl: string, phone: string, code: string): Promise<{ firstCallMs: number; signInMs: number }> {
    const c = createTelegramClient({
      endpoint: { kind: 'local', url: wsUrl },
      apiId: 1,
      apiHash: 'bench',
      storage: new MemoryStorage(),
    });
    client = c;
    c.updates.subscribe(({ update }) => {
      if (update._ !== 'updateGroupCallParticipants') return;
      const at = now();
      for (const p of update.participants)
        if (p.left !== true && !participantUpdateAt.has(p.source >>> 0)) participantUpdateAt.set(p.source >>> 0, at);
    });
    const t0 = now();
    const sent = await sendCode(c, { phone, apiId: 1, apiHash: 'bench' });
    const t1 = now();
    if (sent.kind === 'codeSent') {
      const result = await signIn(c, { phone, phoneCodeHash: sent.phoneCodeHash, code });
      if (result.kind !== 'signedIn') throw new Error(`sign-in: ${result.kind}`);
    }
    return { firstCallMs: t1 - t0, signInMs: now() - t1 };
  },

  /** Fresh clients (new auth key each): connect + handshake + the first help.getConfig, ms each. */
  async handshakes(wsUrl: string, count: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const c = createTelegramClient({
        endpoint: { kind: 'local', url: wsUrl },
        apiId: 1,
        apiHash: 'bench',
        storage: new MemoryStorage(),
      });
      const t = now();
      try {
        await c.call('help.getConfig', {});
        out.push(now() - t);
      } finally {
        c.close();
      }
    }
    return out;
  },

  /** help.getConfig round trips over the signed-in client: ms each. */
  async rpcRoundTrips(count: number): Promise<number[]> {
    const c = requireClient();
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const t = now();
      await c.call('help.getConfig', {});
      out.push(now() - t);
    }
    return out;
  },

  /**
   * tgcall: a new GroupCall joins; resolves at the first inbound packet from any of `watch` (or after timeoutMs).
   * `unbounded`: the engine without its m-line budget (one m-line per speaker and video present, as before the budget).
   */
  async tgcallJoin(call: InputGroupCall, watch: number[], timeoutMs: number, unbounded = false): Promise<JoinResult> {
    const c = requireClient();
    const timeline = new Timeline();
    const slot: { pc: RTCPeerConnection | null } = { pc: null };
    const mic = browserMicrophone();
    const requestedAt = now();
    const groupCall = new GroupCall({
      api: timedApi(c, timeline),
      call,
      ...(unbounded ? { mlineBudget: null } : {}),
      microphone: () => timeline.time('getUserMedia', mic),
      createTransport: (options) =>
        new PeerConnectionTransport({
          ...options,
          createPeerConnection: () => (slot.pc = timedPeerConnection(timeline)),
        }),
    });
    const watcher = new FirstPacketWatcher(() => slot.pc, 5);
    const tiles = new Map<number, number>();
    current = {
      call: groupCall,
      get pc() {
        return slot.pc;
      },
      watcher,
      timeline,
      tiles,
      errors: [],
      reconnects: 0,
    };
    const mine = current;
    groupCall.on(GroupCallEvent.RemoteVideosChanged, ({ videos }) => {
      const at = now();
      for (const v of videos) if (!tiles.has(v.ssrc >>> 0)) tiles.set(v.ssrc >>> 0, at);
    });
    groupCall.on(GroupCallEvent.Error, (e) => {
      const cause = e.cause instanceof Error ? ` (${e.cause.name}: ${e.cause.message})` : '';
      const text = `${String(e)}${cause}`;
      // The same error again (a renegotiation refused at every change) is counted, not repeated.
      const last = mine?.errors.at(-1);
      if (last?.text === text) last.count += 1;
      else mine?.errors.push({ at: now(), text, count: 1 });
    });
    let error: string | null = null;
    groupCall.on(GroupCallEvent.StateChanged, ({ state }) => {
      timeline.point(`state:${state}`);
      if (state === 'reconnecting') mine.reconnects += 1;
    });
    groupCall.join().catch((e: unknown) => (error = String(e)));
    const first = await waitFirst(watcher, watch, timeoutMs);
    return {
      requestedAt,
      marks: timeline.marks,
      negotiations: timeline.negotiations,
      connectedAt: timeline.connectedAt,
      iceConnectedAt: timeline.iceConnectedAt,
      first,
      error,
    };
  },

  /**
   * The watcher's first packet of one SSRC, or null: what the speakers bench polls every 10 ms while it waits (the whole
   * status, hundreds of entries serialised through the driver at that pace, loaded the page and the server it measures).
   */
  tgcallSeen(ssrc: number): FirstPacket | null {
    return current?.watcher.seen.get(ssrc >>> 0) ?? null;
  },

  /** When the engine first listed video `ssrc` (RemoteVideosChanged), or null. */
  tgcallTile(ssrc: number): number | null {
    return current?.tiles.get(ssrc >>> 0) ?? null;
  },

  /** The current GroupCall's state, remote SSRCs and what the watcher saw (for the speakers bench). */
  tgcallStatus(): {
    state: string;
    remote: number;
    seen: FirstPacket[];
    negotiations: Negotiation[];
    updates: [number, number][];
    /** Unsigned SSRCs the engine has a live m-line for now. */
    live: number[];
    tiles: [number, number][];
    reconnects: number;
    /** The engine's errors so far (text ×times in a row). */
    errors: string[];
  } {
    if (current === null)
      return {
        state: 'none',
        remote: 0,
        seen: [],
        negotiations: [],
        updates: [],
        live: [],
        tiles: [],
        reconnects: 0,
        errors: [],
      };
    return {
      reconnects: current.reconnects,
      errors: current.errors.map((e) => `${e.text} ×${e.count}`),
      state: current.call.state,
      remote: current.call.remoteTracks().size,
      live: [...current.call.remoteTracks().keys()].map((s) => s >>> 0),
      tiles: [...current.tiles],
      seen: [...current.watcher.seen.values()],
      negotiations: current.timeline.negotiations,
      updates: [...participantUpdateAt],
    };
  },

  /**
   * Why a source is not heard (for a bench that timed out): the engine's state and errors, whether the remote
   * description declares the SSRC (its mid, direction), what getStats counts for it, and the last renegotiations.
   */
  async tgcallDiagnose(ssrc: number): Promise<string> {
    const c = current;
    if (c === null) return 'no call';
    const pc = c.pc;
    const lines = [
      `state ${c.call.state}, errors: ${c.errors.length === 0 ? 'none' : c.errors.map((e) => `${e.at.toFixed(0)} ${e.text} ×${e.count}`).join(' | ')}`,
      `live m-line for it: ${[...c.call.remoteTracks().keys()].some((s) => s >>> 0 === ssrc >>> 0)}`,
    ];
    if (pc === null) return lines.join('\n');
    const remote = pc.remoteDescription?.sdp ?? '';
    const mid = [...remoteSsrcsByMid(remote)].find(([, s]) => s === ssrc >>> 0)?.[0];
    const transceiver = mid === undefined ? undefined : pc.getTransceivers().find((t) => t.mid === mid);
    lines.push(
      `signaling ${pc.signalingState}, connection ${pc.connectionState}, m-lines ${mlineCount(remote)}; remote description: ` +
        (mid === undefined
          ? 'no active m-line with this SSRC'
          : `mid ${mid}, direction ${transceiver?.currentDirection ?? 'no transceiver'}`),
    );
    const report = await pc.getStats();
    let inbound = 'no inbound-rtp for it';
    let inboundCount = 0;
    let transportBytes = 0;
    report.forEach((s: { type: string; ssrc?: number; packetsReceived?: number; bytesReceived?: number }) => {
      if (s.type === 'inbound-rtp') inboundCount++;
      if (s.type === 'inbound-rtp' && s.ssrc === ssrc >>> 0) inbound = `inbound-rtp packets ${s.packetsReceived ?? 0}`;
      if (s.type === 'transport') transportBytes += s.bytesReceived ?? 0;
    });
    lines.push(`${inbound}; ${inboundCount} inbound-rtp in all; transport bytes received ${transportBytes}`);
    const negotiations = c.timeline.negotiations.slice(-3);
    lines.push(
      `renegotiations ${c.timeline.negotiations.length}; last: ` +
        negotiations
          .map((n) => `${n.kind} ${n.mlines} m-lines SRD ${n.srdStart.toFixed(0)}→${n.end.toFixed(0)}`)
          .join(', '),
      `participants known ${c.call.participants.length}; API calls: ` +
        [...new Set(c.timeline.marks.map((m) => m.name).filter((n) => n.startsWith('phone.')))]
          .map((n) => `${n} ×${c.timeline.marks.filter((m) => m.name === n).length}`)
          .join(', ') +
        `; states: ${c.timeline.marks
          .filter((m) => m.name.startsWith('state:') || m.name === 'phone.getGroupParticipants')
          .map((m) => `${m.name}@${m.start.toFixed(0)}`)
          .slice(-8)
          .join(' ')}`,
      c.timeline.refused === undefined
        ? 'no description refused'
        : `first refused description: ${c.timeline.refused.error}\n  had:     ${c.timeline.refused.before}\n  refused: ${c.timeline.refused.refused}`,
      `watcher saw it: ${c.watcher.seen.has(ssrc >>> 0)}; update for it at ${participantUpdateAt.get(ssrc >>> 0)?.toFixed(0) ?? 'never'}; now ${now().toFixed(0)}`,
    );
    return lines.join('\n');
  },

  /** Polls (5 ms) until the current call's inbound video `ssrc` has decoded a frame: when, or null at the deadline. */
  async tgcallAwaitFrame(ssrc: number, timeoutMs: number): Promise<number | null> {
    const deadline = now() + timeoutMs;
    while (now() < deadline) {
      const pc = current?.pc;
      if (pc === null || pc === undefined) return null;
      let decoded = 0;
      (await pc.getStats()).forEach((s: { type: string; kind?: string; ssrc?: number; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video' && s.ssrc === ssrc >>> 0) decoded = s.framesDecoded ?? 0;
      });
      if (decoded > 0) return now();
      await new Promise((r) => setTimeout(r, 5));
    }
    return null;
  },

  async tgcallLeave(): Promise<void> {
    const c = current;
    current = null;
    if (c === null) return;
    c.watcher.stop();
    await c.call.leave();
  },

  /**
   * The bare baseline: getUserMedia, the same transceiver and offer as PeerConnectionTransport, the join JSON POSTed to
   * Node (which calls Sfu.join and answers with the transport JSON + the speakers' SSRCs), the same sdp functions for
   * the answer and the server offer with the speakers' m-lines, then the first inbound packet.
   */
  async baselineJoin(sideUrl: string, timeoutMs: number): Promise<JoinResult> {
    const timeline = new Timeline();
    const requestedAt = now();
    let error: string | null = null;
    let first: FirstPacket | null = null;
    try {
      const stream = await timeline.time('getUserMedia', () => navigator.mediaDevices.getUserMedia({ audio: true }));
      const track = stream.getAudioTracks()[0];
      const pc = timedPeerConnection(timeline);
      const watcher = new FirstPacketWatcher(() => pc, 5);
      pc.addTransceiver(track, { direction: 'sendonly' });
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const payload = joinPayloadFromOffer(offer.sdp ?? '');
      const answer = await timeline.time('sideChannel.join', async () => {
        const response = await fetch(`${sideUrl}/join`, { method: 'POST', body: JSON.stringify(payload) });
        return (await response.json()) as { transport: RtcGroupCallTransport; speakers: number[]; endpoint: string };
      });
      baseline = { pc, track, watcher, endpoint: answer.endpoint };
      const sessionId = String(Math.floor(Math.random() * 2 ** 31) + 1);
      const first1 = answerFromTransport(offer.sdp ?? '', answer.transport, { sessionId, sessionVersion: 1 });
      await pc.setRemoteDescription({ type: 'answer', sdp: first1.sdp });
      const table = withSourceChanges(first1.table, { add: answer.speakers.map((s) => ({ ssrc: s >>> 0 })) });
      await pc.setRemoteDescription({
        type: 'offer',
        sdp: serverOfferFromTransport(answer.transport, table, { sessionId, sessionVersion: 2 }),
      });
      await pc.setLocalDescription(await pc.createAnswer());
      first = await waitFirst(watcher, answer.speakers, timeoutMs);
    } catch (e) {
      error = String(e);
    }
    return {
      requestedAt,
      marks: timeline.marks,
      negotiations: timeline.negotiations,
      connectedAt: timeline.connectedAt,
      iceConnectedAt: timeline.iceConnectedAt,
      first,
      error,
    };
  },

  async baselineLeave(sideUrl: string): Promise<void> {
    const b = baseline;
    baseline = null;
    if (b === null) return;
    b.watcher.stop();
    b.pc.close();
    b.track.stop();
    await fetch(`${sideUrl}/leave`, { method: 'POST', body: JSON.stringify({ endpoint: b.endpoint }) });
  },

  ...videoBenchPage(requireClient),

  /** Closes the client (end of run). */
  close(): void {
    client?.close();
    client = null;
  },
};

export type BenchPage = typeof bench;
(window as unknown as { bench: BenchPage }).bench = bench;
