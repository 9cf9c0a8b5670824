// GroupCall: one person's membership in one Telegram group call, as a state machine with typed events
// (idle → joining → connected ⇄ reconnecting → left | ended | failed). It asks TelegramApi (phone.*), drives one
// CallTransport per join attempt, keeps the participants (ParticipantsStore) and the speaking state (SpeakingDetector).

import type { ConnectionState, TelegramApi } from '../telegram/api';
import { RpcError } from '../telegram/rpcError';
import { realTimers, type Timers } from '../telegram/timers';
import type { GroupCall as TelegramGroupCall, InputGroupCall, MethodParams, TypeInputPeer, TypeUpdate, UpdateGroupCallParticipants } from '../telegram/tl/api.generated';
import { CallError } from './callError';
import type { CallParticipant } from './callParticipant';
import type { CallTransport, CallTransportFactory, TransportState } from './callTransport';
import { ConnectionUpdateWaiter } from './connectionUpdateWaiter';
import { deferred, type Deferred } from './deferred';
import {
  GroupCallEvent,
  TERMINAL_STATES,
  type GroupCallEvents,
  type GroupCallState,
  type MuteState,
} from './groupCallEvents';
import { loadAllParticipants } from './loadAllParticipants';
import { browserMicrophone, microphoneError, type MicrophoneSource } from './microphone';
import { NamedTimers } from './namedTimers';
import { ownParticipantAction } from './ownParticipantRules';
import { ParticipantsStore, type ParticipantsDelta } from './participantsStore';
import { audioElementOutput, type RemoteAudioOutput, type RemoteAudioTrack } from './remoteAudioOutput';
import { createPeerConnectionTransport } from './peerConnectionTransport';
import { cappedBackoffRejoinPolicy, type RejoinPolicy, type RejoinReason } from './rejoinPolicy';
import { isStreamTransport, parseGroupCallTransport, type GroupCallTransport } from './sdp';
import { DEFAULT_SPEAKING_OPTIONS, SpeakingDetector, type SpeakingOptions } from './speakingDetector';
import { TypedEmitter, type Unsubscribe } from './typedEmitter';
import { updatesOfResult } from './updatesOfResult';

export interface GroupCallOptions {
  api: TelegramApi;
  call: InputGroupCall;
  /** Whom to join as (phone.getGroupCallJoinAs); default the own user. */
  joinAs?: TypeInputPeer;
  /** The hash of an invite link (…?videochat=<hash>): a speaker link lets a muted call's listener speak. */
  inviteHash?: string;
  /** Join with the microphone muted. */
  muted?: boolean;
  /**
   * The call as last seen (phone.getGroupCall, updateGroupCall). With join_muted and no right to change it (not an admin),
   * the join starts muted, so that no sound leaves before the server's own-participant update says so.
   */
  info?: TelegramGroupCall;
  microphone?: MicrophoneSource;
  createTransport?: CallTransportFactory;
  timers?: Timers;
  /** Milliseconds, for speaking hold times; `Date.now` unless a test gives a fake clock. */
  now?: () => number;
  rejoinPolicy?: RejoinPolicy;
  /** Join attempts with a fresh SSRC on GROUPCALL_SSRC_DUPLICATE_MUCH (default 5). */
  maxSsrcAttempts?: number;
  /** How long to wait for updateGroupCallConnection after phone.joinGroupCall (default 10 s). */
  connectionUpdateTimeoutMs?: number;
  /** How long ICE + DTLS may take after the transport was applied before a rejoin (default 15 s). */
  connectTimeoutMs?: number;
  /** How long ICE may stay "disconnected" before a rejoin (default 5 s). */
  disconnectedGraceMs?: number;
  /** phone.checkGroupCall period (default 4 s, as Telegram Desktop). */
  checkIntervalMs?: number;
  /** How long a participants-version gap may wait for the missing update before a reload (default 3 s). */
  participantsGapWaitMs?: number;
  /** Audio level sampling period (default 200 ms). */
  levelsIntervalMs?: number;
  speaking?: SpeakingOptions;
  participantsPageSize?: number;
  maxParticipantPages?: number;
  /** Where remote audio plays; default one <audio> element per participant where the DOM has Audio, else none. */
  audioOutput?: RemoteAudioOutput | null;
  onListenerError?: (error: unknown) => void;
}

const SSRC_DUPLICATE = 'GROUPCALL_SSRC_DUPLICATE_MUCH';
/** checkGroupCall answers with this when the server no longer has the join at all. */
const JOIN_MISSING = 'GROUPCALL_JOIN_MISSING';
/** Unknown inbound SSRCs asked about per connection, at most (each is one phone.getGroupParticipants). */
const MAX_UNKNOWN_LOOKUPS = 256;

/** Timers of one run (cleared when a join is abandoned) and of the whole call. */
type RunTimer = 'check' | 'levels' | 'connect' | 'disconnect';
type CallTimer = 'rejoin' | 'gap';

export class GroupCall {
  private readonly events: TypedEmitter<GroupCallEvents>;
  private readonly api: TelegramApi;
  private readonly now: () => number;
  private readonly createTransport: CallTransportFactory;
  private readonly rejoinPolicy: RejoinPolicy;
  private readonly joinAs: TypeInputPeer;
  private readonly store = new ParticipantsStore();
  private readonly detector: SpeakingDetector<number>;
  private readonly runTimers: NamedTimers<RunTimer>;
  private readonly callTimers: NamedTimers<CallTimer>;
  private readonly connectionUpdate: ConnectionUpdateWaiter;
  private readonly audioOutput: RemoteAudioOutput | null;

  private current: GroupCallState = 'idle';
  private joined: Deferred<void> | null = null;
  private track: MediaStreamTrack | null = null;
  private transport: CallTransport | null = null;
  /** The current transport has the server's transport applied: remote sources may be given to it. */
  private transportReady = false;
  private unwatchTransport: Unsubscribe | null = null;
  private unwatchUpdates: Unsubscribe | null = null;
  private unwatchConnection: Unsubscribe | null = null;
  private apiWasDown = false;
  /** Bumped whenever the running join (or connection) is abandoned: async work of an older run stops at its next step. */
  private run = 0;
  private ownSource: number | null = null;
  private readonly usedSources = new Set<number>();
  /** Remote SSRCs (signed) given to the current transport. */
  private declaredSources = new Set<number>();
  private readonly askedUnknown = new Set<number>();
  private rejoinAttempt = 0;
  private loadingParticipants = false;
  private mute: MuteState;
  private callInfo: TelegramGroupCall | null;
  /** peerId → local playback volume (1..20000), set by setLocalVolume; overrides the participant's volume. */
  private readonly localVolumes = new Map<string, number>();

  constructor(private readonly options: GroupCallOptions) {
    this.api = options.api;
    const timers = options.timers ?? realTimers;
    this.runTimers = new NamedTimers(timers);
    this.callTimers = new NamedTimers(timers);
    this.connectionUpdate = new ConnectionUpdateWaiter(timers, options.connectionUpdateTimeoutMs ?? 10_000);
    this.now = options.now ?? Date.now;
    this.createTransport = options.createTransport ?? createPeerConnectionTransport;
    this.rejoinPolicy = options.rejoinPolicy ?? cappedBackoffRejoinPolicy();
    this.joinAs = options.joinAs ?? { _: 'inputPeerSelf' };
    this.detector = new SpeakingDetector(options.speaking ?? DEFAULT_SPEAKING_OPTIONS);
    this.events = new TypedEmitter(options.onListenerError ?? ((error) => console.error('GroupCall listener failed', error)));
    const joinMuted = options.info?.join_muted === true && options.info.can_change_join_muted !== true && options.inviteHash === undefined;
    this.mute = { muted: options.muted === true || joinMuted, canSelfUnmute: true, handRaised: false };
    this.callInfo = options.info ?? null;
    this.audioOutput = options.audioOutput !== undefined ? options.audioOutput : typeof Audio === 'function' ? audioElementOutput() : null;
  }

  // ---- what the app sees ----------------------------------------------------------------------------------------

  get state(): GroupCallState {
    return this.current;
  }

  get muteState(): MuteState {
    return { ...this.mute };
  }

  /** The own audio SSRC of the current join (signed), once joined. */
  get source(): number | null {
    return this.ownSource;
  }

  /** Every SSRC this client sent in a join of this call. */
  get sources(): ReadonlySet<number> {
    return this.usedSources;
  }

  get participants(): CallParticipant[] {
    return this.store.all();
  }

  /** The call as Telegram last described it (options.info, then updateGroupCall), if known. */
  get info(): TelegramGroupCall | null {
    return this.callInfo;
  }

  /** Tracks of remote participants by SSRC (signed). The engine plays them itself unless audioOutput is null. */
  remoteTracks(): Map<number, MediaStreamTrack> {
    return this.transport?.remoteTracks() ?? new Map();
  }

  isSpeaking(ssrc: number): boolean {
    return this.detector.isSpeaking(ssrc | 0);
  }

  on<K extends GroupCallEvent>(event: K, listener: (payload: GroupCallEvents[K]) => void): Unsubscribe {
    return this.events.on(event, listener);
  }

  /**
   * Opens the microphone and joins. Resolves once media is connected; rejects with a CallError if the call fails (or is
   * left) first. Retries on its own meanwhile (fresh SSRCs, rejoins by the policy). Calling it again returns the same promise.
   */
  join(): Promise<void> {
    if (this.joined !== null) return this.joined.promise;
    const joined = deferred<void>();
    this.joined = joined;
    this.unwatchUpdates = this.api.updates.subscribe((event) => this.handleUpdate(event.update));
    this.unwatchConnection = this.api.connection.subscribe((state) => this.onApiConnection(state));
    this.setState('joining');
    void this.openMicrophoneAndConnect();
    return joined.promise;
  }

  /** This client's playback volume for one participant (1..20000, 10000 = 100 %; above 100 % plays at 100 %). */
  setLocalVolume(peerId: string, volume: number): void {
    if (!Number.isFinite(volume) || volume < 0) throw new RangeError(`setLocalVolume: ${volume} is not a volume`);
    this.localVolumes.set(peerId, volume);
    this.updateAudioOutput();
  }

  /** Mutes or unmutes the microphone and tells the call. Unmuting while an admin keeps one muted is refused. */
  async setMuted(muted: boolean): Promise<void> {
    this.requireActive('setMuted');
    if (!muted && !this.mute.canSelfUnmute) throw CallError.cannotUnmute();
    const before = this.mute.muted;
    this.applyLocalMute(muted);
    // Before the server took a join, the join itself carries the choice (phone.joinGroupCall.muted).
    if (this.ownSource === null) return;
    try {
      await this.request('phone.editGroupCallParticipant', { call: this.options.call, participant: this.joinAs, muted });
    } catch (error) {
      if (this.mute.muted === muted && !TERMINAL_STATES.has(this.current)) this.applyLocalMute(before);
      throw error;
    }
  }

  /**
   * Sends another microphone track (a device picked, a device unplugged, a microphone allowed after joining as a
   * listener) on the same connection: RTCRtpSender.replaceTrack, never a rejoin. The old track is stopped; the new one
   * keeps the mute state. Later rejoins send the new track.
   */
  async replaceMicrophone(track: MediaStreamTrack): Promise<void> {
    this.requireActive('replaceMicrophone');
    const before = this.track;
    track.enabled = !this.mute.muted;
    this.track = track;
    if (this.transport !== null) await this.transport.replaceTrack(track);
    if (before !== null && before !== track) before.stop();
  }

  /** Plays the others through this output device (setSinkId; '' = default). Rejects where the browser cannot. */
  async setSpeaker(deviceId: string): Promise<void> {
    if (this.audioOutput === null) throw new DOMException('No audio output to route', 'NotSupportedError');
    await this.audioOutput.setSinkId(deviceId);
  }

  /** Raises (or lowers) the hand: the way to ask to speak when muted by an admin. */
  async raiseHand(raised = true): Promise<void> {
    this.requireActive('raiseHand');
    if (this.ownSource === null) throw CallError.notConnected('raiseHand');
    const before = this.mute.handRaised;
    this.setMute({ ...this.mute, handRaised: raised });
    try {
      await this.request('phone.editGroupCallParticipant', { call: this.options.call, participant: this.joinAs, raise_hand: raised });
    } catch (error) {
      if (this.mute.handRaised === raised) this.setMute({ ...this.mute, handRaised: before });
      throw error;
    }
  }

  /** Leaves the call: the media stops at once, then the server is told (phone.leaveGroupCall) so others see it. */
  async leave(): Promise<void> {
    if (TERMINAL_STATES.has(this.current)) return;
    const source = this.ownSource;
    this.finish('left');
    if (source !== null) await this.request('phone.leaveGroupCall', { call: this.options.call, source });
  }

  /** Ends the call for everyone (admins): phone.discardGroupCall, then this client is done too. */
  async end(): Promise<void> {
    if (TERMINAL_STATES.has(this.current)) return;
    await this.request('phone.discardGroupCall', { call: this.options.call });
    this.finish('ended', CallError.callEnded());
  }

  // ---- joining ---------------------------------------------------------------------------------------------------

  private async openMicrophoneAndConnect(): Promise<void> {
    let track: MediaStreamTrack;
    try {
      track = await (this.options.microphone ?? browserMicrophone())();
    } catch (error) {
      this.fail(microphoneError(error));
      return;
    }
    if (TERMINAL_STATES.has(this.current)) {
      track.stop();
      return;
    }
    track.enabled = !this.mute.muted;
    this.track = track;
    await this.connect();
  }

  /** One join: fresh transport(s) until the server takes an SSRC, its transport applied, media then connecting. */
  private async connect(): Promise<void> {
    const run = this.abandonRun();
    try {
      await this.joinWithFreshSsrc(run);
    } catch (error) {
      if (run !== this.run) return;
      const callError = error instanceof CallError ? error : CallError.mediaFailed('join', error);
      if (callError.retryable) this.scheduleRejoin('join-failed', callError);
      else this.fail(callError);
      return;
    }
    if (run !== this.run) return;
    this.runTimers.set('connect', this.options.connectTimeoutMs ?? 15_000, () => {
      if (run === this.run && this.transport?.state !== 'connected') this.scheduleRejoin('connect-timeout', CallError.connectionTimeout('ICE/DTLS'));
    });
    this.scheduleCheck(run, this.options.checkIntervalMs ?? 4_000);
    this.scheduleLevels(run);
    this.reloadParticipants();
    this.syncRemoteSources();
    if (this.transport?.state === 'connected') this.onTransportState(run, 'connected');
  }

  private async joinWithFreshSsrc(run: number): Promise<void> {
    const track = this.track;
    if (track === null) throw CallError.microphoneUnavailable();
    const attempts = Math.max(1, this.options.maxSsrcAttempts ?? 5);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const transport = this.createTransport({ track });
      this.attachTransport(run, transport);
      const payload = await transport.start();
      if (run !== this.run) throw CallError.cancelled();
      this.usedSources.add(payload.ssrc);
      const connection = this.connectionUpdate.expect();
      let result;
      try {
        result = await this.api.call('phone.joinGroupCall', {
          call: this.options.call,
          join_as: this.joinAs,
          params: { _: 'dataJSON', data: JSON.stringify(payload) },
          ...(this.mute.muted ? { muted: true } : {}),
          ...(this.options.inviteHash !== undefined ? { invite_hash: this.options.inviteHash } : {}),
          video_stopped: true,
        });
      } catch (error) {
        this.connectionUpdate.cancel();
        const rpc = RpcError.from(error);
        if (run !== this.run) throw CallError.cancelled();
        if (rpc.type === SSRC_DUPLICATE) continue; // the next attempt makes a new connection: a fresh SSRC
        throw CallError.joinRefused(rpc);
      }
      if (run !== this.run) throw CallError.cancelled();
      this.ownSource = payload.ssrc;
      // The result's updates also reach the update stream; whichever brings updateGroupCallConnection first is used.
      for (const update of updatesOfResult(result)) this.handleUpdate(update);
      const data = await connection;
      if (run !== this.run) throw CallError.cancelled();
      let parsed: GroupCallTransport;
      try {
        parsed = parseGroupCallTransport(data);
      } catch (error) {
        throw CallError.transportInvalid(error);
      }
      if (isStreamTransport(parsed)) throw CallError.streamUnsupported();
      try {
        await transport.applyServerTransport(parsed);
      } catch (error) {
        throw CallError.transportInvalid(error);
      }
      if (run !== this.run) throw CallError.cancelled();
      this.transportReady = true;
      return;
    }
    throw CallError.ssrcRetriesExhausted(attempts);
  }

  private attachTransport(run: number, transport: CallTransport): void {
    this.closeTransport();
    this.transport = transport;
    this.unwatchTransport = transport.onStateChange((state) => this.onTransportState(run, state));
  }

  private onTransportState(run: number, state: TransportState): void {
    if (run !== this.run || !this.transportReady) return;
    if (state === 'connected') {
      this.runTimers.clear('connect');
      this.runTimers.clear('disconnect');
      this.rejoinAttempt = 0;
      if (this.current === 'joining' || this.current === 'reconnecting') this.setState('connected');
      this.joined?.resolve();
    } else if (state === 'failed') {
      this.scheduleRejoin('ice-failed', CallError.mediaFailed('ICE/DTLS failed'));
    } else if (state === 'disconnected') {
      // ICE may come back by itself within seconds; Chromium takes ~30 s to call a dead path "failed".
      this.runTimers.setIfIdle('disconnect', this.options.disconnectedGraceMs ?? 5_000, () => {
        if (run === this.run && this.transport?.state === 'disconnected') this.scheduleRejoin('ice-failed', CallError.mediaFailed('ICE disconnected'));
      });
    }
  }

  // ---- staying joined --------------------------------------------------------------------------------------------

  private scheduleRejoin(reason: RejoinReason, cause: CallError): void {
    if (TERMINAL_STATES.has(this.current) || this.callTimers.has('rejoin')) return;
    this.abandonRun();
    this.closeTransport();
    const delay = this.rejoinPolicy.nextRejoinDelayMs({ attempt: this.rejoinAttempt, reason });
    if (delay === null) {
      this.fail(CallError.rejoinExhausted(this.rejoinAttempt, cause));
      return;
    }
    this.events.emit(GroupCallEvent.Error, cause);
    this.rejoinAttempt += 1;
    if (this.current === 'connected') this.setState('reconnecting');
    this.callTimers.set('rejoin', delay, () => {
      if (!TERMINAL_STATES.has(this.current)) void this.connect();
    });
  }

  /** phone.checkGroupCall after `delayMs`, then every interval: a server that forgot our source means a rejoin. */
  private scheduleCheck(run: number, delayMs: number): void {
    this.runTimers.set('check', delayMs, () => void this.checkSource(run));
  }

  private async checkSource(run: number): Promise<void> {
    const source = this.ownSource;
    if (run !== this.run || source === null) return;
    try {
      const known = await this.api.call('phone.checkGroupCall', { call: this.options.call, sources: [source] });
      if (run !== this.run) return;
      if (!known.some((s) => (s | 0) === source)) {
        this.scheduleRejoin('source-missing', CallError.mediaFailed(`the server no longer has source ${source}`));
        return;
      }
    } catch (error) {
      if (run !== this.run) return;
      const rpc = RpcError.from(error);
      if (rpc.type === JOIN_MISSING) {
        this.scheduleRejoin('source-missing', CallError.requestFailed('phone.checkGroupCall', rpc));
        return;
      }
      this.events.emit(GroupCallEvent.Error, CallError.requestFailed('phone.checkGroupCall', rpc));
    }
    this.scheduleCheck(run, this.options.checkIntervalMs ?? 4_000);
  }

  private scheduleLevels(run: number): void {
    this.runTimers.set('levels', this.options.levelsIntervalMs ?? 200, () => void this.sampleLevels(run));
  }

  private async sampleLevels(run: number): Promise<void> {
    const transport = this.transport;
    if (run !== this.run || transport === null) return;
    try {
      const levels = await transport.audioLevels();
      if (run !== this.run) return;
      const all = new Map(levels.inbound);
      if (this.ownSource !== null) all.set(this.ownSource, this.mute.muted ? 0 : (levels.local ?? 0));
      for (const change of this.detector.update(all, this.now())) {
        this.events.emit(GroupCallEvent.SpeakingChanged, { ...this.whoHas(change.key), speaking: change.speaking, level: change.level });
      }
      this.resolveUnknownSources([...levels.inbound.keys()]);
    } catch (error) {
      if (run !== this.run) return;
      this.events.emit(GroupCallEvent.Error, CallError.mediaFailed('getStats', error));
    }
    this.scheduleLevels(run);
  }

  private whoHas(ssrc: number): { peerId: string | null; ssrc: number; isSelf: boolean } {
    if (ssrc === this.ownSource) {
      const own = this.store.all().find((p) => this.isOwn(p));
      return { peerId: own?.peerId ?? null, ssrc, isSelf: true };
    }
    return { peerId: this.store.bySource(ssrc)?.peerId ?? null, ssrc, isSelf: false };
  }

  /** An SSRC that arrives while no participant claims it: ask the server who it is (once per SSRC). */
  private resolveUnknownSources(ssrcs: number[]): void {
    const unknown = ssrcs.filter((s) => s !== this.ownSource && this.store.bySource(s) === undefined && !this.askedUnknown.has(s));
    if (unknown.length === 0 || this.askedUnknown.size >= MAX_UNKNOWN_LOOKUPS) return;
    for (const s of unknown) this.askedUnknown.add(s);
    const run = this.run;
    this.api
      .call('phone.getGroupParticipants', { call: this.options.call, ids: [], sources: unknown, offset: '', limit: unknown.length })
      .then((result) => {
        if (run === this.run) this.afterParticipants(this.store.merge(result.participants));
      })
      .catch((error: unknown) => {
        if (run === this.run) this.events.emit(GroupCallEvent.Error, CallError.requestFailed('phone.getGroupParticipants', error));
      });
  }

  // ---- updates ---------------------------------------------------------------------------------------------------

  /** Participant updates are not in getDifference: after Telegram's connection was down, reload and re-check at once. */
  private onApiConnection(state: ConnectionState): void {
    if (state !== 'ready') {
      this.apiWasDown = true;
      return;
    }
    if (!this.apiWasDown || !this.transportReady) return;
    this.apiWasDown = false;
    this.reloadParticipants();
    this.scheduleCheck(this.run, 0);
  }

  private handleUpdate(update: TypeUpdate): void {
    if (TERMINAL_STATES.has(this.current)) return;
    switch (update._) {
      case 'updateGroupCallConnection':
        if (update.presentation === true) return; // screen sharing has its own connection
        this.connectionUpdate.offer(update.params.data); // nobody waiting: the copy of one already used (result + stream)
        return;
      case 'updateGroupCallParticipants':
        if (update.call._ === 'inputGroupCall' && update.call.id === this.options.call.id) this.onParticipantsUpdate(update);
        return;
      case 'updateGroupCall':
        if (update.call.id !== this.options.call.id) return;
        if (update.call._ === 'groupCallDiscarded') {
          this.finish('ended', CallError.callEnded());
          return;
        }
        this.callInfo = update.call;
        this.events.emit(GroupCallEvent.CallUpdated, update.call);
        return;
      default:
        return;
    }
  }

  private onParticipantsUpdate(update: UpdateGroupCallParticipants): void {
    const { status, delta } = this.store.applyUpdate(update.participants, update.version);
    if (status === 'queued' && this.store.version !== null) this.startGapTimer();
    if (!this.store.hasQueued) this.callTimers.clear('gap');
    this.afterParticipants(delta);
  }

  /** A version gap: wait for the missing update a while, then reload the whole list. */
  private startGapTimer(): void {
    this.callTimers.setIfIdle('gap', this.options.participantsGapWaitMs ?? 3_000, () => {
      if (this.store.hasQueued) this.reloadParticipants();
    });
  }

  private reloadParticipants(): void {
    if (this.loadingParticipants) return;
    this.loadingParticipants = true;
    const run = this.run;
    // Bounded, but above the calls the panel must handle (10 000 people and more): 250 pages of 100.
    const paging = { pageSize: this.options.participantsPageSize ?? 100, maxPages: this.options.maxParticipantPages ?? 250 };
    loadAllParticipants(this.api, this.options.call, paging)
      .then(({ list, version }) => {
        if (TERMINAL_STATES.has(this.current)) return;
        this.afterParticipants(this.store.reset(list, version));
        if (this.store.hasQueued) this.startGapTimer();
      })
      .catch((error: unknown) => {
        if (run === this.run) this.events.emit(GroupCallEvent.Error, CallError.requestFailed('phone.getGroupParticipants', error));
      })
      .finally(() => {
        this.loadingParticipants = false;
      });
  }

  private afterParticipants(delta: ParticipantsDelta): void {
    if (delta.changed.length === 0 && delta.removed.length === 0) return;
    for (const p of [...delta.changed, ...delta.removed]) {
      if (p.isSelf) this.onOwnParticipant(p, delta.removed.includes(p));
      if (TERMINAL_STATES.has(this.current)) return;
    }
    for (const p of delta.removed) {
      const change = p.source === 0 ? undefined : this.detector.remove(p.source);
      if (change !== undefined) this.events.emit(GroupCallEvent.SpeakingChanged, { peerId: p.peerId, ssrc: p.source, isSelf: p.isSelf, speaking: false, level: 0 });
    }
    this.syncRemoteSources();
    this.updateAudioOutput(); // volumes may have changed
    this.events.emit(GroupCallEvent.ParticipantsChanged, { changed: delta.changed, removed: delta.removed });
  }

  private onOwnParticipant(p: CallParticipant, left: boolean): void {
    const action = ownParticipantAction(p, left, {
      source: this.ownSource, usedSources: this.usedSources, connected: this.current === 'connected', mute: this.mute,
    });
    switch (action.kind) {
      case 'rejoin':
        this.scheduleRejoin('removed', CallError.mediaFailed('the server removed this participant'));
        return;
      case 'joined-elsewhere':
        this.finish('left', CallError.joinedElsewhere(action.source));
        return;
      case 'mute':
        if (action.forced) this.applyLocalMute(true, action.mute);
        else this.setMute(action.mute);
        return;
      case 'none':
        return;
    }
  }

  private isOwn(p: CallParticipant): boolean {
    return p.isSelf || (p.source !== 0 && this.usedSources.has(p.source));
  }

  /** Gives the transport the remote sources the participants list says should be there (all but our own). */
  private syncRemoteSources(): void {
    const transport = this.transport;
    if (transport === null || !this.transportReady) return;
    // Only people who can be heard get an m-line: the server forwards unmuted speakers only (as Telegram does), so a muted
    // listener would cost renegotiation time and SDP size for nothing — a 10 000-person call has ~10 000 of them. A source
    // already declared stays while its participant is present, so muting and unmuting does not renegotiate each time.
    const wanted = new Set<number>();
    for (const p of this.store.all()) {
      if (p.source === 0 || this.isOwn(p)) continue;
      if (!p.muted || this.declaredSources.has(p.source)) wanted.add(p.source);
    }
    const add = [...wanted].filter((s) => !this.declaredSources.has(s));
    const remove = [...this.declaredSources].filter((s) => !wanted.has(s));
    if (add.length === 0 && remove.length === 0) return;
    this.declaredSources = wanted;
    const run = this.run;
    transport.updateRemoteSources({ add: add.map((ssrc) => ({ ssrc })), remove }).then(
      () => {
        if (run === this.run) this.updateAudioOutput();
      },
      (error: unknown) => {
        if (run !== this.run) return;
        // What the transport really has (a refused round is not committed): the next change re-sends what is missing.
        this.declaredSources = new Set(transport.remoteTracks().keys());
        this.events.emit(GroupCallEvent.Error, CallError.mediaFailed('renegotiation', error));
      },
    );
  }

  /** Plays every remote source the transport has a track for, at its participant's volume. */
  private updateAudioOutput(): void {
    if (this.audioOutput === null) return;
    const playing = new Map<number, RemoteAudioTrack>();
    for (const [ssrc, track] of this.transport?.remoteTracks() ?? []) {
      const p = this.store.bySource(ssrc);
      const volume = (p === undefined ? undefined : this.localVolumes.get(p.peerId)) ?? p?.volume ?? 10_000;
      playing.set(ssrc, { track, volume: volume / 10_000 });
    }
    this.audioOutput.update(playing);
  }

  // ---- state -----------------------------------------------------------------------------------------------------

  private applyLocalMute(muted: boolean, rest?: Omit<MuteState, 'muted'>): void {
    if (this.track !== null) this.track.enabled = !muted;
    this.setMute({ ...this.mute, ...rest, muted });
  }

  private setMute(next: MuteState): void {
    const m = this.mute;
    if (m.muted === next.muted && m.canSelfUnmute === next.canSelfUnmute && m.handRaised === next.handRaised) return;
    this.mute = { ...next };
    this.events.emit(GroupCallEvent.MuteChanged, { ...next });
  }

  private requireActive(action: string): void {
    if (this.current !== 'connected' && this.current !== 'reconnecting' && this.current !== 'joining') throw CallError.notConnected(action);
  }

  private async request<M extends 'phone.editGroupCallParticipant' | 'phone.leaveGroupCall' | 'phone.discardGroupCall'>(
    method: M, params: MethodParams<M>,
  ): Promise<void> {
    try {
      await this.api.call(method, params);
    } catch (error) {
      throw CallError.requestFailed(method, error);
    }
  }

  /** Gives up. If the server took a join, it is told (as on leave), so that nobody sees a silent participant stay. */
  private fail(error: CallError): void {
    const source = this.ownSource;
    this.finish('failed', error);
    if (source === null) return;
    this.request('phone.leaveGroupCall', { call: this.options.call, source }).catch((leaveError: unknown) => {
      this.events.emit(GroupCallEvent.Error, leaveError instanceof CallError ? leaveError : CallError.requestFailed('phone.leaveGroupCall', leaveError));
    });
  }

  /** Into a terminal state: stop everything, release the microphone, settle join(). */
  private finish(state: 'left' | 'ended' | 'failed', error?: CallError): void {
    if (TERMINAL_STATES.has(this.current)) return;
    this.abandonRun();
    this.callTimers.clearAll();
    this.closeTransport();
    this.audioOutput?.close();
    this.track?.stop();
    this.unwatchUpdates?.();
    this.unwatchUpdates = null;
    this.unwatchConnection?.();
    this.unwatchConnection = null;
    this.setState(state, error);
    if (error !== undefined) this.events.emit(GroupCallEvent.Error, error);
    this.joined?.reject(error ?? CallError.cancelled());
  }

  private setState(state: GroupCallState, error?: CallError): void {
    const previous = this.current;
    if (previous === state) return;
    this.current = state;
    this.events.emit(GroupCallEvent.StateChanged, error === undefined ? { state, previous } : { state, previous, error });
  }

  /** Ends the current run: its pending steps see a newer run number and stop. Returns the new run number. */
  private abandonRun(): number {
    this.run += 1;
    this.connectionUpdate.cancel();
    this.runTimers.clearAll();
    this.transportReady = false;
    this.declaredSources = new Set();
    this.askedUnknown.clear();
    return this.run;
  }

  private closeTransport(): void {
    this.unwatchTransport?.();
    this.unwatchTransport = null;
    this.transport?.close();
    this.transport = null;
    this.audioOutput?.update(new Map());
  }
}
