// The local server's SFU: one werift ICE-lite peer per participant of a call, audio forwarded to every other participant
// of the same call under the sender's original SSRC (the participant's `source`), only while the sender is unmuted (and,
// optionally, speaking). Simulated speakers loop an Opus clip into a call like a participant. Plain class: the API and
// the tests drive it directly; every timer is cleared on close.

import {
  GenericNack,
  PictureLossIndication,
  RtcpPayloadSpecificFeedback,
  RtcpTransportLayerFeedback,
  type RtpPacket,
  type RtcpSrPacket,
} from 'werift';
import type { JoinPayload, RtcGroupCallTransport, SenderVideoConstraintsMessage } from '../../src/protocol';
import {
  DEFAULT_SPEAKING,
  readAudioLevel,
  audioLevelBytes,
  SpeakingDetector,
  type AudioLevel,
  type SpeakingOptions,
} from './audioLevel';
import { ClipPlayer } from './clipPlayer';
import { SfuError } from './errors';
import { parseJoinPayloadJson, validateJoinPayload } from './joinPayload';
import {
  checkMediaNumbering,
  DEFAULT_MEDIA_NUMBERING,
  videoNumberingOf,
  type MediaNumbering,
  type VideoNumbering,
} from './mediaNumbering';
import type { ForwardedHeader as RtpFields } from './participantPeer';
import { VideoClipPlayer } from './videoClipPlayer';
import { receiverConstraintsOf, wantsVideo, type ReceiverConstraints } from './videoConstraints';
import { KeyframePacer } from './keyframePacer';
import { LayerSwitch, isVp8KeyframeStart, layerForHeight } from './layerSwitch';
import type { Vp8Clip } from './vp8Clip';
import type { OpusClip } from './opusClip';
import {
  ParticipantPeer,
  type EndpointState,
  type ForwardedHeader,
  type SfuPeer,
  type SfuPeerOpener,
} from './participantPeer';
import { PACKET_CACHE_SIZE, PacketCache, rtxOf, type CachedPacket } from './packetCache';

export type { EndpointState } from './participantPeer';

export interface SfuOptions {
  /** The SFU's RTP numbering for every participant (default: Telegram's opus 111, audio-level 1, transport-cc 3). */
  numbering?: MediaNumbering;
  /** Forward a source only while it is speaking (audio-level extension), as well as unmuted. Default false. */
  forwardOnlySpeaking?: boolean;
  /** What counts as speaking, for `onSourceActive(…, 'speaking')` and `forwardOnlySpeaking`. */
  speaking?: Partial<SpeakingOptions>;
  /** A participant not connected (ICE + DTLS) this long after its join is failed. Default 20 s. */
  connectTimeoutMs?: number;
  /** A connected participant that sent no STUN check (browsers send one every ≤ 2.5 s) this long is failed. Default 15 s. */
  livenessTimeoutMs?: number;
  /** Where an exception thrown by a listener goes (listeners must not break forwarding). Default console.error. */
  onListenerError?: (error: unknown) => void;
  /** Opens a participant's connection (default ParticipantPeer.open: werift). Tests give connections of their own. */
  openPeer?: SfuPeerOpener;
}

export interface JoinOptions {
  /** Join muted (nothing forwarded until `setMuted(…, false)`). Default false. */
  muted?: boolean;
  /**
   * The connection has the browser's data channel (a main connection; a screen share's has none). Its
   * ReceiverVideoConstraints decide which videos it gets. Default true.
   */
  dataChannel?: boolean;
}

export interface SimulatedSpeakerOptions {
  /** Default `simulated:<unsigned ssrc>`. */
  endpointId?: string;
  muted?: boolean;
}

/** Why a source became active: its first packet reached the SFU, or it started a stretch of speech. */
export type SourceActiveReason = 'first-packet' | 'speaking';
/** `ssrc` is signed, as `groupCallParticipant.source`. */
export type SourceActiveListener = (callKey: string, ssrc: number, reason: SourceActiveReason) => void;
/** `ssrc` (signed) is the endpoint's source: after a rejoin under the same endpoint id, it tells old from new. */
export type EndpointStateListener = (callKey: string, endpointId: string, state: EndpointState, ssrc: number) => void;

export interface SourceStats {
  endpointId: string;
  kind: 'participant' | 'simulated';
  muted: boolean;
  state: EndpointState;
  /** Packets from this source that reached the SFU (for a simulated speaker: that it played). */
  received: number;
  /** Packets not forwarded because the source was muted / silent (with forwardOnlySpeaking). */
  droppedMuted: number;
  droppedSilent: number;
  /** Packets forwarded, per receiving endpoint id. */
  forwarded: Record<string, number>;
  /** Date.now() of the first packet received / forwarded. */
  firstReceivedAt?: number;
  firstForwardedAt?: number;
  /** The participant's camera, when its join announced one. */
  video?: VideoStats;
  /** What this endpoint asked to receive (ReceiverVideoConstraints): maxHeight per endpoint; absent until it said. */
  receiverConstraints?: { heights: Record<string, number>; defaultHeight: number; onStage: string[] };
}

export interface VideoStats {
  /** Every video SSRC of the join (signed), primary first. */
  ssrcs: number[];
  /** VP8 and RTX packets received (padding-only probes not counted). */
  received: number;
  /** Packets forwarded, per receiving endpoint id. */
  forwarded: Record<string, number>;
  /** PLI / FIR from receivers passed on to this sender (or, asked by the SFU, when a receiver starts wanting it). */
  keyframeRequests: number;
  /** Receivers that started on a recent keyframe sent again instead of a keyframe request (replayKeyframe). */
  keyframeReplays: number;
  /** NACKs from receivers about this video (answered by the SFU from its cache, never passed to the sender). */
  nacks: number;
  /** Packets the SFU sent again for those NACKs (as RTX where the sender announced an RTX SSRC). */
  retransmitted: number;
  /** NACKed packets the cache no longer (or never) held. */
  nackMisses: number;
  /** The last SenderVideoConstraints idealHeight sent to this sender (0: no one watches it); absent until one was sent. */
  senderIdealHeight?: number;
  /** Packets not forwarded to a receiver whose constraints did not ask for this video, per receiving endpoint id. */
  withheld: Record<string, number>;
  /** Simulcast senders: the layer (0 = lowest) each receiver gets now (-1: none yet), and packets received per layer. */
  layers?: Record<string, number>;
  receivedByLayer?: number[];
  firstReceivedAt?: number;
}

/** Per call key, per source (the signed SSRC, as a decimal string). */
export type SfuStats = Record<string, Record<string, SourceStats>>;

interface MemberVideo {
  /** Unsigned SSRCs. */
  readonly ssrcs: ReadonlySet<number>;
  readonly order: readonly number[];
  /** The layers' primary SSRCs (unsigned), lowest first; more than one: simulcast, one layer per receiver. */
  readonly primaries: readonly number[];
  /** Primary SSRC → its RTX SSRC (the FID groups), unsigned. */
  readonly rtx: ReadonlyMap<number, number>;
  /** One-layer senders: the last packets as forwarded to everyone, for NACKs (simulcast: per receiver, see Member.layers). */
  readonly cache: PacketCache;
  retransmitted: number;
  nackMisses: number;
  /** The last idealHeight told to the sender (SenderVideoConstraints). */
  senderIdealHeight?: number;
  readonly receivedByLayer: number[];
  received: number;
  forwarded: Map<string, number>;
  withheld: Map<string, number>;
  keyframeRequests: number;
  /** Times a new receiver was sent a recent keyframe again instead of asking the sender (replayKeyframe). */
  replays: number;
  /** The SFU's keyframe requests to this sender (participants' cameras), spaced as Chromium honours them. */
  keyframes?: KeyframePacer;
  /** Primary SSRC → where and when its last keyframe started, and its newest sequence number (for replayKeyframe). */
  readonly lastKeyframe: Map<number, { sequenceNumber: number; at: number }>;
  readonly newestSequence: Map<number, number>;
  readonly lastPacketAt: Map<number, number>;
  /** Simulcast: the sender's packets per layer as received (one-layer senders: `cache`), for replayKeyframe. */
  layerCaches?: PacketCache[];
  nacks: number;
  firstReceivedAt?: number;
}

interface MemberStats {
  received: number;
  droppedMuted: number;
  droppedSilent: number;
  forwarded: Map<string, number>;
  firstReceivedAt?: number;
  firstForwardedAt?: number;
}

interface Member {
  readonly callKey: string;
  readonly endpointId: string;
  /** Unsigned 32-bit SSRC. */
  readonly ssrc: number;
  readonly kind: 'participant' | 'simulated';
  muted: boolean;
  state: EndpointState;
  /** Replaced by a rejoin under the same endpoint id: its closing is not announced (the endpoint lives on). */
  replaced: boolean;
  /** Participants: set once the join's answer is ready. */
  peer?: SfuPeer;
  player?: ClipPlayer;
  /** A simulated camera (addSimulatedCamera). */
  videoPlayer?: VideoClipPlayer;
  readonly speaking: SpeakingDetector;
  readonly stats: MemberStats;
  /** The participant's camera SSRCs and counters (participants whose join announced video). */
  video?: MemberVideo;
  /** What this endpoint wants to receive; null until its first ReceiverVideoConstraints (then everything goes). */
  constraints: ReceiverConstraints | null;
  /** Per simulcast sender (endpoint id): the layer this endpoint receives, its rewriting, and what was sent (for NACKs). */
  readonly layers: Map<string, LayerSwitch & { askedAt?: number; cache?: PacketCache }>;
  /** Per video sender (endpoint id): the next sequence number of the RTX stream the SFU sends this endpoint. */
  readonly rtxSequence: Map<string, number>;
}

interface Call {
  readonly members: Map<string, Member>;
}

const PACING_MS = 20;
/** The server's bandwidth-probing SSRC announced in `video.server_sources` (nothing is sent from it yet). */
const SERVER_PROBE_SSRC = 0x7e1e_ca11;
const WATCHDOG_MS = 1_000;
/** The height a receiver is taken to want of every video before its first ReceiverVideoConstraints (the middle layer). */
const DEFAULT_WANTED_HEIGHT = 360;
/**
 * A receiver that starts wanting a camera is sent its last keyframe again (and what followed) when that keyframe is at
 * most this old: a few frames after a camera turns on, instead of a keyframe request's round trip.
 */
const REPLAY_MAX_AGE_MS = 1_000;
/** At most this many packets replayed (half the cache: the rest may be overwritten while they are read). */
const REPLAY_MAX_PACKETS = PACKET_CACHE_SIZE / 2;
/** A gap this long between a layer's packets (the camera turned off, or paused) ends what may be replayed. */
const REPLAY_MAX_GAP_MS = 300;

export class Sfu {
  readonly numbering: MediaNumbering;
  readonly videoNumbering: VideoNumbering;
  private readonly calls = new Map<string, Call>();
  private readonly sourceActiveListeners = new Set<SourceActiveListener>();
  private readonly endpointStateListeners = new Set<EndpointStateListener>();
  private readonly speakingOptions: SpeakingOptions;
  private readonly forwardOnlySpeaking: boolean;
  private readonly connectTimeoutMs: number;
  private readonly livenessTimeoutMs: number;
  private readonly onListenerError: (error: unknown) => void;
  private readonly openPeer: SfuPeerOpener;
  private pacer: ReturnType<typeof setInterval> | undefined;
  private watchdog: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  constructor(options: SfuOptions = {}) {
    this.numbering = checkMediaNumbering(options.numbering ?? DEFAULT_MEDIA_NUMBERING);
    this.videoNumbering = videoNumberingOf(this.numbering);
    this.speakingOptions = { ...DEFAULT_SPEAKING, ...options.speaking };
    this.forwardOnlySpeaking = options.forwardOnlySpeaking ?? false;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 20_000;
    this.livenessTimeoutMs = options.livenessTimeoutMs ?? 15_000;
    this.onListenerError = options.onListenerError ?? ((error) => console.error('sfu listener failed:', error));
    this.openPeer = options.openPeer ?? ((...args) => ParticipantPeer.open(...args));
  }

  /**
   * Opens the participant's connection and returns the transport JSON for `updateGroupCallConnection.params`.
   * `payload` is the join JSON: the DataJSON text, or its parsed value; either is validated here. Throws SfuError: 'join-payload-invalid'
   * (→ DATA_JSON_INVALID), 'ssrc-duplicate' (→ GROUPCALL_SSRC_DUPLICATE_MUCH), 'left', 'transport-failed', 'closed'.
   * Joining again with the same endpoint id replaces the endpoint's previous connection.
   */
  async join(
    callKey: string,
    endpointId: string,
    payload: JoinPayload | string,
    options: JoinOptions = {},
  ): Promise<RtcGroupCallTransport> {
    this.assertOpen();
    const join = typeof payload === 'string' ? parseJoinPayloadJson(payload) : validateJoinPayload(payload);
    const call = this.callOf(callKey, true);
    const previous = call.members.get(endpointId);
    for (const ssrc of [join.ssrc, ...(join.video?.ssrcs ?? [])]) {
      const owner = this.memberBySsrc(call, ssrc);
      if (owner && owner !== previous) {
        throw new SfuError(
          'ssrc-duplicate',
          `${callKey}/${endpointId}`,
          `SSRC ${ssrc} is already ${owner.endpointId}'s`,
        );
      }
    }
    if (previous) {
      previous.replaced = true;
      void this.removeMember(call, previous);
    }
    const member = this.newMember(callKey, endpointId, join.ssrc, 'participant', options.muted ?? false);
    if (join.video !== null) {
      const rtx = new Map<number, number>();
      for (const g of join.video.groups)
        if (g.semantics === 'FID' && g.sources.length === 2) rtx.set(g.sources[0] >>> 0, g.sources[1] >>> 0);
      member.video = newMemberVideo(join.video.ssrcs, join.video.primaries, rtx);
    }
    call.members.set(endpointId, member); // reserved now: a concurrent join with the same SSRC is refused

    let opened: Awaited<ReturnType<SfuPeerOpener>>;
    try {
      opened = await this.openPeer(
        join,
        this.numbering,
        {
          onRtp: (packet) => this.receiveRtp(member, packet),
          onSenderReport: (report) => this.receiveSenderReport(member, report),
          onFeedback: (packet) => this.receiveFeedback(member, packet),
          onMessage: (text) => this.receiveMessage(member, text),
          onState: (state) => this.memberStateChanged(member, state),
        },
        { endpoint: endpointId, serverSources: [SERVER_PROBE_SSRC | 0] },
        options.dataChannel ?? true,
      );
    } catch (error) {
      if (this.isCurrent(member)) void this.removeMember(call, member);
      if (call.members.size === 0 && this.calls.get(callKey) === call) this.calls.delete(callKey);
      throw error;
    }
    if (!this.isCurrent(member)) {
      await opened.peer.close();
      throw new SfuError(this.closed ? 'closed' : 'left', `${callKey}/${endpointId}`, 'left before the join completed');
    }
    member.peer = opened.peer;
    this.ensureWatchdog();
    this.updateSenderConstraints(call); // a new receiver wants every video until it says otherwise
    return opened.transport;
  }

  /** Removes an endpoint (participant or simulated speaker) and closes its connection. Unknown ids are ignored. */
  async leave(callKey: string, endpointId: string): Promise<void> {
    const call = this.calls.get(callKey);
    const member = call?.members.get(endpointId);
    if (!call || !member) return;
    await this.removeMember(call, member);
    if (call.members.size === 0 && this.calls.get(callKey) === call) this.calls.delete(callKey);
  }

  /** Ends a call: every endpoint closed, every simulated speaker stopped. */
  async closeCall(callKey: string): Promise<void> {
    const call = this.calls.get(callKey);
    if (!call) return;
    this.calls.delete(callKey);
    await Promise.all([...call.members.values()].map((m) => this.removeMember(call, m)));
    this.stopTimersIfIdle();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.calls.keys()].map((key) => this.closeCall(key)));
    this.stopTimersIfIdle();
    this.sourceActiveListeners.clear();
    this.endpointStateListeners.clear();
  }

  /** Telegram forwards only unmuted speakers: a muted endpoint's packets are counted, not forwarded. */
  setMuted(callKey: string, endpointId: string, muted: boolean): void {
    const member = this.calls.get(callKey)?.members.get(endpointId);
    if (!member) throw new SfuError('unknown-endpoint', `${callKey}/${endpointId}`, 'no such endpoint');
    member.muted = muted;
  }

  /**
   * The participant's camera stopped, paused or started again, as the server's participant state says (`video_stopped`
   * / `video_paused` changed): what the SFU kept of it from before is a picture from before, never replayed to a receiver
   * that starts watching (replayKeyframe); the camera's next keyframe starts what may be replayed. The pause rule (300 ms
   * without packets) cannot see a camera turned off and on again quicker than that. Unknown endpoints are ignored.
   */
  cameraStateChanged(callKey: string, endpointId: string): void {
    this.calls.get(callKey)?.members.get(endpointId)?.video?.lastKeyframe.clear();
  }

  /**
   * Adds a simulated speaker that loops `audio` as RTP under `ssrc` (signed or unsigned), forwarded like a participant.
   * Returns its endpoint id, for `setMuted` and `leave` (which stops it).
   */
  addSimulatedSpeaker(callKey: string, ssrc: number, audio: OpusClip, options: SimulatedSpeakerOptions = {}): string {
    this.assertOpen();
    if (!Number.isInteger(ssrc) || ssrc === 0 || ssrc < -(2 ** 31) || ssrc >= 2 ** 32) {
      throw new SfuError('ssrc-duplicate', 'ssrc', `${ssrc} is not a usable SSRC`);
    }
    if (audio.packets.length === 0) throw new SfuError('audio-invalid', 'audio', 'the clip has no packets');
    const unsigned = ssrc >>> 0;
    const endpointId = options.endpointId ?? `simulated:${unsigned}`;
    const call = this.callOf(callKey, true);
    const owner = this.memberBySsrc(call, unsigned);
    if (owner)
      throw new SfuError(
        'ssrc-duplicate',
        `${callKey}/${endpointId}`,
        `SSRC ${unsigned} is already ${owner.endpointId}'s`,
      );
    if (call.members.has(endpointId))
      throw new SfuError('ssrc-duplicate', `${callKey}/${endpointId}`, 'the endpoint id is taken');
    const member = this.newMember(callKey, endpointId, unsigned, 'simulated', options.muted ?? false);
    member.player = new ClipPlayer(audio, unsigned, this.numbering.opusPayloadType, Date.now());
    member.state = 'connected';
    call.members.set(endpointId, member);
    this.pacer ??= setInterval(() => this.pace(), PACING_MS);
    this.pacer.unref?.();
    return endpointId;
  }

  /**
   * Gives a simulated speaker a camera: `clip` looped as VP8 under `ssrc` (signed or unsigned), forwarded like a
   * participant's camera; a receiver's keyframe request rewinds it to a keyframe. Returns the video source groups to
   * announce (`FID [ssrc, ssrc + 1]`: the RTX SSRC is declared, nothing is retransmitted on it).
   */
  addSimulatedCamera(
    callKey: string,
    endpointId: string,
    ssrc: number,
    clip: Vp8Clip,
  ): { semantics: string; sources: number[] }[] {
    this.assertOpen();
    const member = this.calls.get(callKey)?.members.get(endpointId);
    if (!member || member.kind !== 'simulated')
      throw new SfuError('unknown-endpoint', `${callKey}/${endpointId}`, 'no simulated speaker');
    const video = ssrc >>> 0;
    const rtx = (video + 1) >>> 0;
    const call = this.callOf(callKey, false);
    for (const s of [video, rtx]) {
      const owner = this.memberBySsrc(call, s);
      if (owner)
        throw new SfuError('ssrc-duplicate', `${callKey}/${endpointId}`, `SSRC ${s} is already ${owner.endpointId}'s`);
    }
    member.video = newMemberVideo([video, rtx], [video], new Map([[video, rtx]]));
    member.videoPlayer = new VideoClipPlayer(clip, video, this.videoNumbering.vp8PayloadType, Date.now());
    this.pacer ??= setInterval(() => this.pace(), PACING_MS);
    this.pacer.unref?.();
    return [{ semantics: 'FID', sources: [video | 0, rtx | 0] }];
  }

  /** Subscribes to sources becoming active; returns the unsubscribe function. */
  onSourceActive(listener: SourceActiveListener): () => void {
    this.sourceActiveListeners.add(listener);
    return () => this.sourceActiveListeners.delete(listener);
  }

  /**
   * Subscribes to endpoint state changes of participants after their join resolved: 'connected' (ICE + DTLS up),
   * 'failed' (connection failed, timed out or was cut: drop the participant, the client will rejoin), 'closed' (leave,
   * closeCall, close). A rejoin under the same endpoint id does not announce the old connection's closing.
   * Returns the unsubscribe function.
   */
  onEndpointState(listener: EndpointStateListener): () => void {
    this.endpointStateListeners.add(listener);
    return () => this.endpointStateListeners.delete(listener);
  }

  endpointState(callKey: string, endpointId: string): EndpointState | undefined {
    return this.calls.get(callKey)?.members.get(endpointId)?.state;
  }

  /** Signed SSRCs of the call's endpoints (participants and simulated speakers). */
  sources(callKey: string): number[] {
    return [...(this.calls.get(callKey)?.members.values() ?? [])].map((m) => m.ssrc | 0);
  }

  /** Test hook: what the SFU saw, per call and source. A snapshot. */
  stats(): SfuStats {
    const out: SfuStats = {};
    for (const [key, call] of this.calls) {
      const sources: Record<string, SourceStats> = {};
      for (const m of call.members.values()) {
        sources[String(m.ssrc | 0)] = {
          endpointId: m.endpointId,
          kind: m.kind,
          muted: m.muted,
          state: m.state,
          received: m.stats.received,
          droppedMuted: m.stats.droppedMuted,
          droppedSilent: m.stats.droppedSilent,
          forwarded: Object.fromEntries(m.stats.forwarded),
          ...(m.stats.firstReceivedAt === undefined ? {} : { firstReceivedAt: m.stats.firstReceivedAt }),
          ...(m.stats.firstForwardedAt === undefined ? {} : { firstForwardedAt: m.stats.firstForwardedAt }),
          ...(m.video === undefined ? {} : { video: videoStatsOf(m.video, this.layersOf(call, m)) }),
          ...(m.constraints === null
            ? {}
            : {
                receiverConstraints: {
                  heights: Object.fromEntries(m.constraints.heights),
                  defaultHeight: m.constraints.defaultHeight,
                  onStage: [...m.constraints.onStage],
                },
              }),
        };
      }
      out[key] = sources;
    }
    return out;
  }

  /**
   * Fault hook: simulates ICE loss of a participant. Its path goes silent at once (no STUN answers, nothing received or
   * sent, the UDP socket closed) and the endpoint is reported 'failed' now, as the liveness watchdog would later.
   */
  cutEndpoint(callKey: string, endpointId: string): void {
    const member = this.calls.get(callKey)?.members.get(endpointId);
    if (!member?.peer) throw new SfuError('unknown-endpoint', `${callKey}/${endpointId}`, 'no connected participant');
    member.peer.cut();
    member.peer.fail();
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────────────────────────

  private assertOpen(): void {
    if (this.closed) throw new SfuError('closed', 'sfu', 'the SFU is closed');
  }

  private callOf(callKey: string, create: boolean): Call {
    let call = this.calls.get(callKey);
    if (!call) {
      if (!create) throw new SfuError('unknown-endpoint', callKey, 'no such call');
      call = { members: new Map() };
      this.calls.set(callKey, call);
    }
    return call;
  }

  /** The endpoint that has `ssrc` (unsigned) as its audio source or one of its video SSRCs. */
  private memberBySsrc(call: Call, ssrc: number): Member | undefined {
    for (const m of call.members.values()) if (m.ssrc === ssrc || m.video?.ssrcs.has(ssrc) === true) return m;
    return undefined;
  }

  private newMember(callKey: string, endpointId: string, ssrc: number, kind: Member['kind'], muted: boolean): Member {
    return {
      callKey,
      endpointId,
      ssrc,
      kind,
      muted,
      state: 'connecting',
      replaced: false,
      constraints: null,
      layers: new Map(),
      rtxSequence: new Map(),
      speaking: new SpeakingDetector(this.speakingOptions),
      stats: { received: 0, droppedMuted: 0, droppedSilent: 0, forwarded: new Map() },
    };
  }

  private isCurrent(member: Member): boolean {
    return this.calls.get(member.callKey)?.members.get(member.endpointId) === member;
  }

  private async removeMember(call: Call, member: Member): Promise<void> {
    if (call.members.get(member.endpointId) === member) call.members.delete(member.endpointId);
    member.player = undefined;
    member.videoPlayer = undefined;
    member.video?.keyframes?.close();
    this.updateSenderConstraints(call); // what the one who left watched may now be watched by no one
    if (member.peer)
      await member.peer.close(); // emits 'closed' through memberStateChanged
    else member.state = 'closed'; // pending joins and simulated speakers: nothing was announced
    this.stopTimersIfIdle();
  }

  private memberStateChanged(member: Member, state: EndpointState): void {
    if (!member.peer || member.state === state) return; // nothing is announced before the join completed
    member.state = state;
    if (!member.replaced) this.emitEndpointState(member, state);
  }

  private emitEndpointState(member: Member, state: EndpointState): void {
    for (const listener of this.endpointStateListeners) {
      try {
        listener(member.callKey, member.endpointId, state, member.ssrc | 0);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  private emitSourceActive(member: Member, reason: SourceActiveReason): void {
    for (const listener of this.sourceActiveListeners) {
      try {
        listener(member.callKey, member.ssrc | 0, reason);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  private receiveRtp(member: Member, packet: RtpPacket): void {
    const h = packet.header;
    if (member.video?.ssrcs.has(h.ssrc) === true) {
      this.routeVideo(member, member.video, packet);
      return;
    }
    // Only the source the participant declared, with the SFU's opus, and with audio (not padding-only probes).
    if (h.ssrc !== member.ssrc || h.payloadType !== this.numbering.opusPayloadType || packet.payload.length === 0)
      return;
    let levelBytes: Buffer | undefined;
    for (const e of h.extensions) if (e.id === this.numbering.audioLevelId) levelBytes = e.payload;
    this.route(member, h, readAudioLevel(h.extensions, this.numbering.audioLevelId), levelBytes, packet.payload);
  }

  private receiveSenderReport(member: Member, report: RtcpSrPacket): void {
    const video = member.video?.ssrcs.has(report.ssrc) === true;
    // A simulcast sender's reports describe its layers' own timestamps, not the rewritten stream receivers get.
    if (video && (member.video?.primaries.length ?? 1) > 1) return;
    if (!video && (report.ssrc !== member.ssrc || member.muted)) return;
    if (!this.isCurrent(member)) return;
    const call = this.calls.get(member.callKey);
    if (!call) return;
    for (const receiver of call.members.values()) if (receiver !== member) receiver.peer?.forwardSenderReport(report);
  }

  /**
   * One video packet (VP8, or RTX carrying a retransmission) of `member`'s camera: forwarded to every other connected
   * participant under its own SSRC, sequence and timestamp. Mute is about audio: a muted person's camera still goes out.
   * Padding-only packets (the sender's bandwidth probes) stop here.
   */
  private routeVideo(member: Member, video: MemberVideo, packet: RtpPacket): void {
    const call = this.calls.get(member.callKey);
    if (!call || call.members.get(member.endpointId) !== member) return;
    const h = packet.header;
    const numbers = this.videoNumbering;
    if (
      (h.payloadType !== numbers.vp8PayloadType && h.payloadType !== numbers.rtxPayloadType) ||
      packet.payload.length === 0
    )
      return;
    let orientation: Buffer | undefined;
    for (const e of h.extensions) if (e.id === numbers.videoOrientationId) orientation = e.payload;
    // The sender's own RTX packets (its bandwidth probes: the SFU never passes a NACK on) are not forwarded: the SFU
    // answers NACKs itself with its own RTX sequence numbers, which the sender's would collide with.
    if (h.payloadType !== numbers.vp8PayloadType) return;
    const arrived = Date.now();
    // A pause (the camera off, or paused): what came before it is no start for a new receiver.
    if (arrived - (video.lastPacketAt.get(h.ssrc) ?? arrived) > REPLAY_MAX_GAP_MS) video.lastKeyframe.delete(h.ssrc);
    video.lastPacketAt.set(h.ssrc, arrived);
    if (isVp8KeyframeStart(packet.payload)) {
      video.lastKeyframe.set(h.ssrc, { sequenceNumber: h.sequenceNumber, at: arrived });
      video.keyframes?.keyframeReceived(h.ssrc);
    }
    const newest = video.newestSequence.get(h.ssrc);
    if (newest === undefined || ((h.sequenceNumber - newest) & 0xffff) < 0x8000)
      video.newestSequence.set(h.ssrc, h.sequenceNumber);
    if (video.primaries.length > 1) {
      const layer = video.primaries.indexOf(h.ssrc);
      if (layer >= 0) this.fanOutLayer(member, video, layer, h, orientation, packet.payload);
      return;
    }
    if (h.ssrc === video.primaries[0]) this.fanOutVideo(member, video, h, orientation, packet.payload);
  }

  /**
   * One packet of a simulcast sender's `layer`: each receiver that wants this video gets the layer its constraints ask
   * for (180 → lowest, 360 → middle, 720 → highest; the middle before it said), rewritten into one stream under the first
   * layer's SSRC; a receiver not yet on its layer gets a keyframe of it asked for (at most once a second).
   */
  private fanOutLayer(
    member: Member,
    video: MemberVideo,
    layer: number,
    h: RtpFields,
    orientation: Buffer | undefined,
    payload: Buffer,
  ): void {
    const call = this.calls.get(member.callKey);
    if (!call) return;
    video.received++;
    video.receivedByLayer[layer] = (video.receivedByLayer[layer] ?? 0) + 1;
    video.firstReceivedAt ??= Date.now();
    video.layerCaches ??= video.primaries.map(() => new PacketCache());
    video.layerCaches[layer].put({ header: h, orientation, payload });
    const now = Date.now();
    for (const receiver of call.members.values()) {
      if (receiver === member || !receiver.peer) continue;
      if (!wantsVideo(receiver.constraints, member.endpointId)) {
        video.withheld.set(receiver.endpointId, (video.withheld.get(receiver.endpointId) ?? 0) + 1);
        continue;
      }
      const target = this.targetLayer(receiver, member, video);
      let layers = receiver.layers.get(member.endpointId);
      if (!layers) receiver.layers.set(member.endpointId, (layers = new LayerSwitch()));
      if (layers.current !== target && now - (layers.askedAt ?? 0) > 1000) {
        layers.askedAt = now;
        this.sendPli(member, video.primaries[target]);
      }
      const out = layers.rewrite(layer, target, h.sequenceNumber, h.timestamp, payload);
      if (out === null) continue;
      const header = { ...h, ssrc: video.primaries[0], sequenceNumber: out.sequenceNumber, timestamp: out.timestamp };
      (layers.cache ??= new PacketCache()).put({ header, orientation, payload: out.payload });
      if (!receiver.peer.forwardVideo(header, orientation, out.payload)) continue;
      video.forwarded.set(receiver.endpointId, (video.forwarded.get(receiver.endpointId) ?? 0) + 1);
    }
  }

  private targetLayer(receiver: Member, sender: Member, video: MemberVideo): number {
    const c = receiver.constraints;
    const height = c === null ? 360 : (c.heights.get(sender.endpointId) ?? c.defaultHeight);
    return layerForHeight(height, video.primaries.length);
  }

  /**
   * Asks a participant's camera for a keyframe of one SSRC (a PLI from the SFU), spaced by its KeyframePacer: a request
   * the sender's Chromium would ignore (under 300 ms after the last) is sent when it will act on it instead.
   */
  private sendPli(sender: Member, mediaSsrc: number): void {
    const video = sender.video;
    if (!video) return;
    video.keyframes ??= new KeyframePacer({
      send: (ssrc) => {
        const sent =
          sender.peer?.sendFeedback([
            new RtcpPayloadSpecificFeedback({
              feedback: new PictureLossIndication({ senderSsrc: SERVER_PROBE_SSRC, mediaSsrc: ssrc }),
            }),
          ]) === true;
        if (sent) video.keyframeRequests++;
        return sent;
      },
    });
    video.keyframes.request(mediaSsrc >>> 0);
  }

  /** The layer each receiver gets of a simulcast sender (for stats). */
  private layersOf(call: Call, sender: Member): Record<string, number> | undefined {
    if ((sender.video?.primaries.length ?? 1) < 2) return undefined;
    const out: Record<string, number> = {};
    for (const r of call.members.values()) {
      const l = r.layers.get(sender.endpointId);
      if (l) out[r.endpointId] = l.current;
    }
    return out;
  }

  /** One video packet of `member` (a participant's, or its simulated camera's) to every other connected participant. */
  private fanOutVideo(
    member: Member,
    video: MemberVideo,
    h: RtpFields,
    orientation: Buffer | undefined,
    payload: Buffer,
  ): void {
    const call = this.calls.get(member.callKey);
    if (!call) return;
    video.received++;
    video.firstReceivedAt ??= Date.now();
    video.cache.put({ header: h, orientation, payload });
    for (const receiver of call.members.values()) {
      if (receiver === member || !receiver.peer) continue;
      // Only what the receiver asked for (ReceiverVideoConstraints), as Telegram's servers do.
      if (!wantsVideo(receiver.constraints, member.endpointId)) {
        video.withheld.set(receiver.endpointId, (video.withheld.get(receiver.endpointId) ?? 0) + 1);
        continue;
      }
      if (!receiver.peer.forwardVideo(h, orientation, payload)) continue;
      video.forwarded.set(receiver.endpointId, (video.forwarded.get(receiver.endpointId) ?? 0) + 1);
    }
  }

  /**
   * A receiver's keyframe request (PLI / FIR) about a video SSRC goes to the participant that sends it (a simulated camera
   * rewinds to a keyframe); a NACK is answered by the SFU from what it sent that receiver (answerNack). Transport-cc
   * feedback is about the receiver's own leg and stays here.
   */
  private receiveFeedback(from: Member, packet: RtcpPayloadSpecificFeedback | RtcpTransportLayerFeedback): void {
    const call = this.calls.get(from.callKey);
    if (!call) return;
    let mediaSsrc: number;
    if (packet instanceof RtcpPayloadSpecificFeedback) {
      const feedback = packet.feedback;
      // PLI, or FIR (its entries name the SSRC to refresh); REMB is a bandwidth estimate, not a request.
      if (feedback instanceof PictureLossIndication) mediaSsrc = feedback.mediaSsrc;
      else if ('fir' in feedback && feedback.fir.length > 0) mediaSsrc = feedback.fir[0].ssrc;
      else return;
    } else {
      if (!(packet.feedback instanceof GenericNack)) return;
      mediaSsrc = packet.feedback.mediaSourceSsrc;
    }
    const owner = this.memberBySsrc(call, mediaSsrc >>> 0);
    if (!owner || owner === from || !owner.video?.ssrcs.has(mediaSsrc >>> 0)) return;
    if (packet.feedback instanceof GenericNack) {
      this.answerNack(from, owner, owner.video, packet.feedback);
      return;
    }
    if (owner.video.primaries.length > 1) {
      // Simulcast: a keyframe request is for the layer that receiver gets.
      const layer = from.layers.get(owner.endpointId)?.current ?? -1;
      this.sendPli(owner, owner.video.primaries[Math.max(0, layer)]);
      return;
    }
    if (owner.videoPlayer) {
      owner.videoPlayer.requestKeyframe();
      owner.video.keyframeRequests++;
      return;
    }
    // As the SFU's own PLI, paced: passed on as is it could land in the 300 ms the sender ignores after the last one.
    this.sendPli(owner, mediaSsrc);
  }

  /**
   * Sends a receiver again the packets its NACK lists, from the cache of what it was sent (one-layer senders: the
   * sender's stream as forwarded to all; simulcast: that receiver's rewritten stream), as RTX on the sender's RTX SSRC
   * with the SFU's own RTX sequence numbers (the receiver's m-line declares the FID pair), or, without an RTX SSRC, as
   * the packet itself. Never asks the sender: its leg to the SFU is not the one that lost them.
   */
  private answerNack(receiver: Member, sender: Member, video: MemberVideo, nack: GenericNack): void {
    video.nacks++;
    const simulcast = video.primaries.length > 1;
    const stream = simulcast ? video.primaries[0] : nack.mediaSourceSsrc >>> 0;
    const cache = simulcast ? receiver.layers.get(sender.endpointId)?.cache : video.cache;
    const rtxSsrc = video.rtx.get(stream);
    for (const lost of nack.lost) {
      const cached = cache?.get(lost, stream);
      if (cached === undefined || !receiver.peer) {
        video.nackMisses++;
        continue;
      }
      let header = cached.header;
      let payload = cached.payload;
      if (rtxSsrc !== undefined) {
        const sequenceNumber = receiver.rtxSequence.get(sender.endpointId) ?? Math.floor(Math.random() * 0x8000);
        receiver.rtxSequence.set(sender.endpointId, (sequenceNumber + 1) & 0xffff);
        ({ header, payload } = rtxOf(cached, {
          payloadType: this.videoNumbering.rtxPayloadType,
          ssrc: rtxSsrc,
          sequenceNumber,
        }));
      }
      if (receiver.peer.forwardVideo(header, cached.orientation, payload)) video.retransmitted++;
    }
  }

  /**
   * Tells each participant that sends video the largest height anyone in the call asks of it now (Telegram's
   * SenderVideoConstraints, `idealHeight`; 0 when no one watches it), whenever that changes: a simulcast sender can then
   * stop the layers above it, a one-layer sender its camera's encoding. Receivers that have not said what they want
   * count as wanting the middle layer (what they get). Sent on the sender's data channel; re-tried at the next change
   * while the channel is not open.
   */
  private updateSenderConstraints(call: Call): void {
    for (const sender of call.members.values()) {
      const video = sender.video;
      if (!video || !sender.peer || sender.kind !== 'participant') continue;
      let ideal = 0;
      for (const receiver of call.members.values()) {
        if (receiver === sender || !receiver.peer || receiver.state === 'closed' || receiver.state === 'failed')
          continue;
        const c = receiver.constraints;
        const height = c === null ? DEFAULT_WANTED_HEIGHT : (c.heights.get(sender.endpointId) ?? c.defaultHeight);
        ideal = Math.max(ideal, height);
      }
      if (video.senderIdealHeight === ideal) continue;
      const message: SenderVideoConstraintsMessage = {
        colibriClass: 'SenderVideoConstraints',
        videoConstraints: { idealHeight: ideal },
      };
      if (sender.peer.sendMessage(JSON.stringify(message))) video.senderIdealHeight = ideal;
    }
  }

  /**
   * A data-channel message of `member`. ReceiverVideoConstraints replace what it receives; a video it starts wanting
   * gets a keyframe request to its sender at once, so that the receiver need not wait for its own PLI.
   */
  private receiveMessage(member: Member, text: string): void {
    const constraints = receiverConstraintsOf(text);
    if (constraints === null || !this.isCurrent(member)) return;
    const before = member.constraints;
    member.constraints = constraints;
    const call = this.calls.get(member.callKey);
    if (!call) return;
    // Also when nothing changed: a sender's own message shows its channel is open (a change it missed goes out now).
    this.updateSenderConstraints(call);
    for (const sender of call.members.values()) {
      if (sender === member || !sender.video) continue;
      // A receiver's first message names the videos it has m-lines for now: whatever reached it before could not be
      // decoded (no m-line yet), so each gets a keyframe too, as a video withheld until now does.
      const newlyWanted = before === null || !wantsVideo(before, sender.endpointId);
      if (!newlyWanted || !wantsVideo(constraints, sender.endpointId)) continue;
      // A recent keyframe and what followed it, sent again: the receiver decodes at once, without a keyframe request's
      // round trip to the sender's encoder (and a large new keyframe paced out behind it).
      if (!this.replayKeyframe(member, sender)) this.requestKeyframe(sender);
    }
  }

  /**
   * Sends `receiver` the packets of `sender`'s camera from its last keyframe on, when that keyframe is under
   * REPLAY_MAX_AGE_MS old and every packet since is still cached (simulcast: of the layer nearest the one the receiver
   * gets that has one, through its LayerSwitch). False when there is nothing to replay (then a keyframe is asked for).
   */
  private replayKeyframe(receiver: Member, sender: Member): boolean {
    const video = sender.video;
    if (!video || !receiver.peer || sender.videoPlayer) return false;
    if (video.primaries.length === 1) {
      const packets = this.sinceKeyframe(video, video.primaries[0], video.cache);
      if (packets === null) return false;
      for (const p of packets) receiver.peer.forwardVideo(p.header, p.orientation, p.payload);
      video.replays++;
      return true;
    }
    const target = this.targetLayer(receiver, sender, video);
    const order = video.primaries.map((_, i) => i).sort((a, b) => Math.abs(a - target) - Math.abs(b - target));
    for (const layer of order) {
      const packets = this.sinceKeyframe(video, video.primaries[layer], video.layerCaches?.[layer]);
      if (packets === null) continue;
      let layers = receiver.layers.get(sender.endpointId);
      if (!layers) receiver.layers.set(sender.endpointId, (layers = new LayerSwitch()));
      const [key] = packets;
      const first = layers.rewrite(layer, target, key.header.sequenceNumber, key.header.timestamp, key.payload);
      if (first === null) continue; // not a layer this receiver may switch to now
      for (const [i, p] of packets.entries()) {
        const out =
          i === 0 ? first : layers.rewrite(layer, target, p.header.sequenceNumber, p.header.timestamp, p.payload);
        if (out === null) continue;
        const header = {
          ...p.header,
          ssrc: video.primaries[0],
          sequenceNumber: out.sequenceNumber,
          timestamp: out.timestamp,
        };
        (layers.cache ??= new PacketCache()).put({ header, orientation: p.orientation, payload: out.payload });
        receiver.peer.forwardVideo(header, p.orientation, out.payload);
      }
      video.replays++;
      if (layer !== target) {
        // Started on another layer: its own comes with a keyframe of it.
        layers.askedAt = Date.now();
        this.sendPli(sender, video.primaries[target]);
      }
      return true;
    }
    return false;
  }

  /**
   * `ssrc`'s packets from its last keyframe to the newest, if the keyframe is recent, the stream still runs (its last
   * packet under REPLAY_MAX_GAP_MS ago: a camera turned off, or a layer stopped, shows a picture from before the pause),
   * and all of them are cached.
   */
  private sinceKeyframe(video: MemberVideo, ssrc: number, cache: PacketCache | undefined): CachedPacket[] | null {
    const key = video.lastKeyframe.get(ssrc);
    const newest = video.newestSequence.get(ssrc);
    const now = Date.now();
    if (!cache || !key || newest === undefined || now - key.at > REPLAY_MAX_AGE_MS) return null;
    if (now - (video.lastPacketAt.get(ssrc) ?? 0) > REPLAY_MAX_GAP_MS) return null;
    const count = ((newest - key.sequenceNumber) & 0xffff) + 1;
    if (count > REPLAY_MAX_PACKETS) return null;
    const packets: CachedPacket[] = [];
    for (let i = 0; i < count; i++) {
      const p = cache.get((key.sequenceNumber + i) & 0xffff, ssrc);
      if (p === undefined) return null;
      packets.push(p);
    }
    return packets;
  }

  /** Asks a video sender for a keyframe (a PLI from the SFU, or the simulated camera's rewind). */
  private requestKeyframe(sender: Member): void {
    const video = sender.video;
    const primary = video?.order[0];
    if (!video || primary === undefined) return;
    if (sender.videoPlayer) {
      video.keyframeRequests++;
      sender.videoPlayer.requestKeyframe();
      return;
    }
    for (const ssrc of video.primaries) this.sendPli(sender, ssrc);
  }

  /** One packet of `member`'s source: count it, track speaking, and forward it to every other connected participant. */
  private route(
    member: Member,
    header: ForwardedHeader,
    level: AudioLevel | undefined,
    levelBytes: Buffer | undefined,
    payload: Buffer,
  ): void {
    const call = this.calls.get(member.callKey);
    if (!call || call.members.get(member.endpointId) !== member) return;
    const now = Date.now();
    const stats = member.stats;
    stats.received++;
    if (stats.firstReceivedAt === undefined) {
      stats.firstReceivedAt = now;
      this.emitSourceActive(member, 'first-packet');
    }
    if (member.speaking.update(level, now) && !member.muted) this.emitSourceActive(member, 'speaking');
    if (member.muted) {
      stats.droppedMuted++;
      return;
    }
    if (this.forwardOnlySpeaking && !member.speaking.isSpeaking(now)) {
      stats.droppedSilent++;
      return;
    }
    for (const receiver of call.members.values()) {
      if (receiver === member || !receiver.peer) continue;
      if (!receiver.peer.forward(header, levelBytes ?? (level ? audioLevelBytes(level) : undefined), payload)) continue;
      stats.forwarded.set(receiver.endpointId, (stats.forwarded.get(receiver.endpointId) ?? 0) + 1);
      stats.firstForwardedAt ??= now;
    }
  }

  private pace(): void {
    const now = Date.now();
    for (const call of this.calls.values()) {
      for (const member of call.members.values()) {
        member.player?.release(now, (header, level, payload) =>
          this.route(member, header, level, audioLevelBytes(level), payload),
        );
        const video = member.video;
        if (video)
          member.videoPlayer?.release(now, (header, payload) =>
            this.fanOutVideo(member, video, header, undefined, payload),
          );
      }
    }
  }

  private ensureWatchdog(): void {
    if (this.watchdog) return;
    this.watchdog = setInterval(() => this.watch(), WATCHDOG_MS);
    this.watchdog.unref?.();
  }

  private watch(): void {
    const now = Date.now();
    for (const call of this.calls.values()) {
      for (const member of call.members.values()) {
        const peer = member.peer;
        if (!peer) continue;
        if (peer.state === 'connecting' && now - peer.openedAt > this.connectTimeoutMs) peer.fail();
        else if (peer.state === 'connected' && now - peer.lastStunAt > this.livenessTimeoutMs) peer.fail();
      }
    }
    this.stopTimersIfIdle();
  }

  private stopTimersIfIdle(): void {
    let participants = 0;
    let speakers = 0;
    for (const call of this.calls.values()) {
      for (const m of call.members.values()) {
        if (m.player || m.videoPlayer) speakers++;
        else if (m.kind === 'participant' && m.state !== 'failed' && m.state !== 'closed') participants++;
      }
    }
    if (speakers === 0 && this.pacer) {
      clearInterval(this.pacer);
      this.pacer = undefined;
    }
    if (participants === 0 && this.watchdog) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
    }
  }
}

function videoStatsOf(v: MemberVideo, layers: Record<string, number> | undefined): VideoStats {
  return {
    ...(layers === undefined ? {} : { layers, receivedByLayer: [...v.receivedByLayer] }),
    ssrcs: v.order.map((s) => s | 0),
    received: v.received,
    forwarded: Object.fromEntries(v.forwarded),
    withheld: Object.fromEntries(v.withheld),
    keyframeRequests: v.keyframeRequests,
    keyframeReplays: v.replays,
    nacks: v.nacks,
    retransmitted: v.retransmitted,
    nackMisses: v.nackMisses,
    ...(v.senderIdealHeight === undefined ? {} : { senderIdealHeight: v.senderIdealHeight }),
    ...(v.firstReceivedAt === undefined ? {} : { firstReceivedAt: v.firstReceivedAt }),
  };
}

function newMemberVideo(
  ssrcs: readonly number[],
  primaries: readonly number[],
  rtx: ReadonlyMap<number, number>,
): MemberVideo {
  return {
    ssrcs: new Set(ssrcs),
    order: ssrcs,
    primaries,
    rtx,
    cache: new PacketCache(),
    receivedByLayer: primaries.map(() => 0),
    received: 0,
    forwarded: new Map(),
    withheld: new Map(),
    keyframeRequests: 0,
    replays: 0,
    lastKeyframe: new Map(),
    newestSequence: new Map(),
    lastPacketAt: new Map(),
    nacks: 0,
    retransmitted: 0,
    nackMisses: 0,
  };
}
