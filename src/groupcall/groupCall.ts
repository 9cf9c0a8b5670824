// GroupCall: one person's membership in one Telegram group call, as a state machine with typed events
// (idle → joining → connected ⇄ reconnecting → left | ended | failed) — the room: the public API, the state, the
// participants (ParticipantsStore), the mute state, speaking (SpeakingDetector) and the events. Its parts: CallEngine (the
// connection lifecycle: joins, SSRC retries, rejoins, the transport and what runs while it is up), RemoteSourceSync (which
// remote sources the connection declares, within the m-line budget), ScreenShareSession (the own screen), LocalCamera (the
// own camera), VideoReceiving (remote videos and their constraints), ParticipantsLoader (participant pages) and
// SourceActivity (who keeps an m-line); this file composes them.

import type { ConnectionState, TelegramApi } from '../telegram/api';
import { realTimers } from '../telegram/timers';
import type {
  GroupCall as TelegramGroupCall,
  MethodParams,
  TypeInputPeer,
  TypeUpdate,
  UpdateGroupCallParticipants,
} from '../telegram/tl/api.generated';
import { CallEngine } from './callEngine';
import { CallError } from './callError';
import type { CallParticipant } from './callParticipant';
import type { AudioLevels } from './callTransport';
import { ConnectionUpdateWaiter } from './connectionUpdateWaiter';
import { deferred, type Deferred } from './deferred';
import {
  GroupCallEvent,
  TERMINAL_STATES,
  type GroupCallEvents,
  type GroupCallState,
  type MuteState,
} from './groupCallEvents';
import type { VideoQuality } from './receiverVideoConstraints';
import type { RemoteVideo } from './remoteVideo';
import { browserMicrophone, microphoneError } from './microphone';
import { NamedTimers } from './namedTimers';
import { DEFAULT_MLINE_BUDGET } from './mlineBudget';
import { ownParticipantAction } from './ownParticipantRules';
import { LocalCamera } from './localCamera';
import { VideoReceiving } from './videoReceiving';
import { SourceActivity } from './sourceActivity';
import { RemoteSourceSync } from './remoteSourceSync';
import { ScreenShareSession } from './screenShareSession';
import { ParticipantsLoader } from './participantsLoader';
import { ParticipantsStore, type ParticipantsDelta } from './participantsStore';
import { audioElementOutput, type RemoteAudioOutput, type RemoteAudioTrack } from './remoteAudioOutput';
import { createPeerConnectionTransport } from './peerConnectionTransport';
import { DEFAULT_SPEAKING_OPTIONS } from './speakingDetector';
import { CallSpeaking } from './callSpeaking';
import { TypedEmitter, type Unsubscribe } from './typedEmitter';
import type { GroupCallOptions } from './groupCallOptions';

export type { GroupCallOptions } from './groupCallOptions';

export class GroupCall {
  private readonly events: TypedEmitter<GroupCallEvents>;
  private readonly api: TelegramApi;
  private readonly now: () => number;
  private readonly joinAs: TypeInputPeer;
  private readonly store = new ParticipantsStore();
  /** Who is speaking: the detector fed with each level sample, SpeakingChanged. */
  private readonly speaking: CallSpeaking;
  private readonly callTimers: NamedTimers<'gap'>;
  private readonly audioOutput: RemoteAudioOutput | null;
  /** The connection lifecycle: joins, SSRC retries, rejoins, the transport and what runs while it is up. */
  private readonly engine: CallEngine;

  private current: GroupCallState = 'idle';
  private joined: Deferred<void> | null = null;
  private track: MediaStreamTrack | null = null;
  private unwatchUpdates: Unsubscribe | null = null;
  private unwatchConnection: Unsubscribe | null = null;
  private apiWasDown = false;
  /** Reads the participants' pages, the call's size, and who unknown SSRCs are. */
  private readonly loader: ParticipantsLoader;
  private mute: MuteState;
  private callInfo: TelegramGroupCall | null;
  /** The own camera: its track (it outlives rejoins, as the microphone does), pause, and what the server was told. */
  private readonly camera: LocalCamera;
  /** The remote videos: declared on the connection, shown to the UI, asked for (ReceiverVideoConstraints). */
  private readonly receiving: VideoReceiving;
  /** The own screen share: its capture and its own connection (phone.joinGroupCallPresentation). */
  private readonly screen: ScreenShareSession;
  private readonly screenConnection: ConnectionUpdateWaiter;
  /** peerId → local playback volume (1..20000), set by setLocalVolume; overrides the participant's volume. */
  private readonly localVolumes = new Map<string, number>();
  /** When each remote source was last active: who keeps an m-line when the budget is full. */
  private readonly activity: SourceActivity;
  /** Which remote sources the current connection declares, within the m-line budget. */
  private readonly remoteSources: RemoteSourceSync;

  constructor(private readonly options: GroupCallOptions) {
    this.api = options.api;
    const timers = options.timers ?? realTimers;
    this.callTimers = new NamedTimers(timers);
    this.screenConnection = new ConnectionUpdateWaiter(timers, options.connectionUpdateTimeoutMs ?? 10_000);
    this.now = options.now ?? Date.now;
    const createTransport = options.createTransport ?? createPeerConnectionTransport;
    this.joinAs = options.joinAs ?? { _: 'inputPeerSelf' };
    this.activity = new SourceActivity(this.now);
    this.events = new TypedEmitter(
      options.onListenerError ?? ((error) => console.error('GroupCall listener failed', error)),
    );
    this.speaking = new CallSpeaking(
      {
        events: this.events,
        store: this.store,
        ownSource: () => this.engine.source,
        muted: () => this.mute.muted,
        isOwn: (p) => this.isOwn(p),
      },
      options.speaking ?? DEFAULT_SPEAKING_OPTIONS,
    );
    const joinMuted =
      options.info?.join_muted === true &&
      options.info.can_change_join_muted !== true &&
      options.inviteHash === undefined;
    this.mute = { muted: options.muted === true || joinMuted, canSelfUnmute: true, handRaised: false };
    this.callInfo = options.info ?? null;
    const budget = options.mlineBudget === undefined ? DEFAULT_MLINE_BUDGET : options.mlineBudget;
    this.audioOutput =
      options.audioOutput !== undefined
        ? options.audioOutput
        : typeof Audio === 'function'
          ? audioElementOutput()
          : null;
    this.camera = new LocalCamera({
      events: this.events,
      camera: options.camera,
      isOver: () => TERMINAL_STATES.has(this.current),
      readyTransport: () => this.engine.readyTransport,
      joined: () => this.engine.source !== null,
      edit: (flags) =>
        this.request('phone.editGroupCallParticipant', { call: options.call, participant: this.joinAs, ...flags }),
      reloadCallInfo: () => this.reloadCallInfo(),
    });
    this.loader = new ParticipantsLoader({
      api: this.api,
      call: options.call,
      store: this.store,
      events: this.events,
      get pageSize() {
        return options.participantsPageSize ?? 50;
      },
      isOver: () => TERMINAL_STATES.has(this.current),
      run: () => this.engine.currentRun,
      changed: (delta) => this.afterParticipants(delta),
      gap: () => this.startGapTimer(),
    });
    this.receiving = new VideoReceiving(() => this.engine.currentTransport, this.events);
    this.remoteSources = new RemoteSourceSync({
      store: this.store,
      activity: this.activity,
      receiving: this.receiving,
      budget,
      readyTransport: () => this.engine.readyTransport,
      run: () => this.engine.currentRun,
      isOwn: (p) => this.isOwn(p),
      updateAudioOutput: () => this.updateAudioOutput(),
      renegotiationRefused: (cause) => this.engine.scheduleRejoin('renegotiation-refused', cause),
    });
    this.screen = new ScreenShareSession({
      api: this.api,
      call: options.call,
      joinAs: this.joinAs,
      events: this.events,
      createTransport,
      screen: options.screen,
      maxSsrcAttempts: options.maxSsrcAttempts ?? 5,
      connection: this.screenConnection,
      isOver: () => TERMINAL_STATES.has(this.current),
      handleUpdate: (update) => this.handleUpdate(update),
      reloadCallInfo: () => this.reloadCallInfo(),
      checkSourcesSoon: () => this.engine.checkSoon(),
    });
    this.engine = new CallEngine(options, {
      joinAs: this.joinAs,
      createTransport,
      now: this.now,
      budget,
      camera: this.camera,
      receiving: this.receiving,
      screen: this.screen,
      microphone: () => this.track,
      muted: () => this.mute.muted,
      isOver: () => TERMINAL_STATES.has(this.current),
      handleUpdate: (update) => this.handleUpdate(update),
      reloadCallInfo: () => this.reloadCallInfo(),
      error: (error) => this.events.emit(GroupCallEvent.Error, error),
      fail: (error) => this.fail(error),
      transportApplied: () => {
        this.reloadParticipants();
        this.remoteSources.sync();
      },
      connected: () => {
        if (this.current === 'joining' || this.current === 'reconnecting') this.setState('connected');
        this.joined?.resolve();
      },
      reconnecting: () => {
        if (this.current === 'connected') this.setState('reconnecting');
      },
      runAbandoned: () => {
        this.remoteSources.reset();
        this.loader.resetUnknown();
      },
      transportClosed: () => {
        this.audioOutput?.update(new Map());
        this.receiving.update();
      },
      levels: (levels) => this.onLevels(levels),
    });
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
    return this.engine.source;
  }

  /** Every SSRC this client sent in a join of this call. */
  get sources(): ReadonlySet<number> {
    return this.engine.sources;
  }

  get participants(): CallParticipant[] {
    return this.store.all();
  }

  /** The call's size as the server counts it (may exceed the participants loaded so far), or null before the first page. */
  get participantsCount(): number | null {
    return this.loader.total;
  }

  /** More people than those loaded: the panel asks for them with loadMoreParticipants() as it is scrolled. */
  get hasMoreParticipants(): boolean {
    return this.loader.hasMore;
  }

  /**
   * The next page of participants (phone.getGroupParticipants from next_offset), merged in; ParticipantsChanged follows.
   * One at a time; nothing when the list is complete. Telegram Desktop loads a big call's list this way, as it is
   * scrolled, instead of reading every page at join (which on a big call invites FLOOD_WAIT).
   */
  loadMoreParticipants(): Promise<void> {
    return this.loader.loadMore();
  }

  /** The call as Telegram last described it (options.info, then updateGroupCall), if known. */
  get info(): TelegramGroupCall | null {
    return this.callInfo;
  }

  /** Tracks of remote participants by SSRC (signed). The engine plays them itself unless audioOutput is null. */
  remoteTracks(): Map<number, MediaStreamTrack> {
    return this.engine.currentTransport?.remoteTracks() ?? new Map<number, MediaStreamTrack>();
  }

  /** The own camera track while the camera is on (for the mirrored self-view). */
  get localVideo(): MediaStreamTrack | null {
    return this.camera.track;
  }

  get localVideoPaused(): boolean {
    return this.camera.paused;
  }

  /** Whether the current connection can send video (the server's answer took the video m-line). */
  get canSendVideo(): boolean {
    const transport = this.engine.readyTransport;
    return transport !== null && transport.canSendVideo;
  }

  /** The own shared screen's video track while sharing (its connection may still be setting up). */
  get localScreen(): MediaStreamTrack | null {
    return this.screen.track;
  }

  /** Remote participants' videos that have a track, in participant order. Also sent as RemoteVideosChanged. */
  get remoteVideos(): RemoteVideo[] {
    return this.receiving.videos;
  }

  isSpeaking(ssrc: number): boolean {
    return this.speaking.isSpeaking(ssrc | 0);
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
    const camera = this.options.initialCamera;
    if (camera !== undefined && camera.readyState !== 'ended' && this.camera.track === null) this.camera.adopt(camera);
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
    if (this.engine.source === null) return;
    try {
      await this.request('phone.editGroupCallParticipant', {
        call: this.options.call,
        participant: this.joinAs,
        muted,
      });
    } catch (error) {
      if (this.mute.muted === muted && !TERMINAL_STATES.has(this.current)) this.applyLocalMute(before);
      throw error;
    }
  }

  /**
   * Turns the camera on (opens it, sends it, `video_stopped: false`) or off (stops it, `video_stopped: true`). Before
   * the server took the join, the join itself carries the choice. Rejects with CallError 'camera-denied' /
   * 'camera-unavailable' / 'video-unavailable', or 'request-failed' (then the camera is off again).
   */
  async setCameraEnabled(on: boolean): Promise<void> {
    this.requireActive('setCameraEnabled');
    await this.camera.setEnabled(on);
  }

  /** Whether the own screen share is paused (presentation_paused; others see it as paused). */
  get localScreenPaused(): boolean {
    return this.screen.paused;
  }

  /**
   * As Telegram's apps do on GROUPCALL_VIDEO_TOO_MUCH: the call object is fetched again (phone.getGroupCall), so that
   * unmuted_video_count / can_start_video say why, even if an update about them was missed.
   */
  private reloadCallInfo(): void {
    const run = this.engine.currentRun;
    this.api
      .call('phone.getGroupCall', { call: this.options.call, limit: 1 })
      .then((result) => {
        if (TERMINAL_STATES.has(this.current) || result.call._ !== 'groupCall') return;
        this.callInfo = result.call;
        this.events.emit(GroupCallEvent.CallUpdated, result.call);
      })
      .catch((error: unknown) => {
        if (run === this.engine.currentRun)
          this.events.emit(GroupCallEvent.Error, CallError.requestFailed('phone.getGroupCall', error));
      });
  }

  /** Pauses the camera (no frames, `video_paused`) without turning it off; others see it as paused. */
  async setVideoPaused(paused: boolean): Promise<void> {
    this.requireActive('setVideoPaused');
    await this.camera.setPaused(paused);
  }

  /**
   * Shares a screen: captures it (getDisplayMedia), opens a second connection and joins it with
   * phone.joinGroupCallPresentation (fresh SSRCs on GROUPCALL_SSRC_DUPLICATE_MUCH), then sends it. The capture's own
   * "Stop sharing" (its track ending) stops it. Rejects with 'screen-denied' / 'screen-unavailable', 'not-connected',
   * 'ssrc-retries-exhausted', 'request-failed' or 'transport-invalid' (then nothing is left running).
   */
  async startScreenSharing(): Promise<void> {
    this.requireActive('startScreenSharing');
    if (this.engine.source === null) throw CallError.notConnected('startScreenSharing');
    await this.screen.start();
  }

  /**
   * Pauses the own screen share (no frames, `presentation_paused`) without ending it; others see it as paused. The
   * capture keeps running, so resuming needs no new pick of what to share.
   */
  async setScreenPaused(paused: boolean): Promise<void> {
    this.requireActive('setScreenPaused');
    await this.screen.setPaused(paused);
  }

  /** Stops sharing: the capture and its connection end at once, then the server hears it (leaveGroupCallPresentation). */
  async stopScreenSharing(): Promise<void> {
    await this.screen.stop();
  }

  /**
   * Puts one remote video on the stage (its `endpoint`, from RemoteVideo) or none: the server is asked for it at full
   * height (720) and the others at medium (360, or 180 past four videos), with Telegram's ReceiverVideoConstraints.
   */
  setStageVideo(endpoint: string | null): void {
    if (!this.receiving.setStage(endpoint)) return;
    this.remoteSources.sync(); // a staged video beyond the budget takes an m-line
    this.receiving.sendConstraints(false);
  }

  /**
   * Asks for one remote video at the quality its tile is shown at (thumbnail 180, medium 360, full 720), or (null) back
   * to the default rule (the staged one full, the others medium while four or fewer, else thumbnails).
   */
  setVideoQuality(endpoint: string, quality: VideoQuality | null): void {
    this.receiving.setQuality(endpoint, quality);
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
    const transport = this.engine.currentTransport;
    if (transport !== null) await transport.replaceTrack(track);
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
    if (this.engine.source === null) throw CallError.notConnected('raiseHand');
    const before = this.mute.handRaised;
    this.setMute({ ...this.mute, handRaised: raised });
    try {
      await this.request('phone.editGroupCallParticipant', {
        call: this.options.call,
        participant: this.joinAs,
        raise_hand: raised,
      });
    } catch (error) {
      if (this.mute.handRaised === raised) this.setMute({ ...this.mute, handRaised: before });
      throw error;
    }
  }

  /** Leaves the call: the media stops at once, then the server is told (phone.leaveGroupCall) so others see it. */
  async leave(): Promise<void> {
    if (TERMINAL_STATES.has(this.current)) return;
    const source = this.engine.source;
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
    await this.engine.connect();
  }

  /** A sample of the audio levels (CallEngine, every 200 ms): speaking changes, activity heard, unknown SSRCs looked up. */
  private onLevels(levels: AudioLevels): void {
    const sampledAt = this.now();
    const stamp = this.activity.stamp();
    this.speaking.update(levels, sampledAt);
    // Heard speaking on its m-line (not an m-line it just gave up: Chromium lists a source for ~10 s after its last packet).
    for (const ssrc of levels.inbound.keys()) {
      if (this.remoteSources.declares(ssrc) && this.speaking.isSpeaking(ssrc)) this.activity.heard(ssrc, stamp);
    }
    this.loader.resolveUnknown([...levels.inbound.keys()], this.engine.source);
  }

  // ---- updates ---------------------------------------------------------------------------------------------------

  /** Participant updates are not in getDifference: after Telegram's connection was down, reload and re-check at once. */
  private onApiConnection(state: ConnectionState): void {
    if (state !== 'ready') {
      this.apiWasDown = true;
      return;
    }
    if (!this.apiWasDown || this.engine.readyTransport === null) return;
    this.apiWasDown = false;
    this.reloadParticipants();
    // Once, even with media up: while our signalling was away the server may have dropped us without telling.
    this.engine.checkSoon(true);
  }

  private handleUpdate(update: TypeUpdate): void {
    if (TERMINAL_STATES.has(this.current)) return;
    switch (update._) {
      case 'updateGroupCallConnection':
        // Screen sharing has its own connection and its own wait; nobody waiting: the copy of one already used.
        if (update.presentation === true) this.screenConnection.offer(update.params.data);
        else this.engine.offerConnection(update.params.data); // nobody waiting: the copy of one already used (result + stream)
        return;
      case 'updateGroupCallParticipants':
        if (update.call._ === 'inputGroupCall' && update.call.id === this.options.call.id)
          this.onParticipantsUpdate(update);
        return;
      case 'updateGroupCall':
        if (update.call.id !== this.options.call.id) return;
        if (update.call._ === 'groupCallDiscarded') {
          this.finish('ended', CallError.callEnded());
          return;
        }
        this.callInfo = update.call;
        this.loader.total = update.call.participants_count;
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
    this.loader.reload();
  }

  private afterParticipants(delta: ParticipantsDelta): void {
    if (delta.changed.length === 0 && delta.removed.length === 0) return;
    for (const p of [...delta.changed, ...delta.removed]) {
      if (p.isSelf) this.onOwnParticipant(p, delta.removed.includes(p));
      if (TERMINAL_STATES.has(this.current)) return;
    }
    this.speaking.removed(delta.removed);
    for (const p of delta.changed) if (!this.isOwn(p)) this.activity.note(p);
    this.remoteSources.sync();
    this.updateAudioOutput(); // volumes may have changed
    this.events.emit(GroupCallEvent.ParticipantsChanged, { changed: delta.changed, removed: delta.removed });
  }

  private onOwnParticipant(p: CallParticipant, left: boolean): void {
    const action = ownParticipantAction(p, left, {
      source: this.engine.source,
      usedSources: this.engine.sources,
      connected: this.current === 'connected',
      mute: this.mute,
    });
    switch (action.kind) {
      case 'rejoin':
        this.engine.scheduleRejoin('removed', CallError.mediaFailed('the server removed this participant'));
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
    return p.isSelf || (p.source !== 0 && this.engine.sources.has(p.source));
  }

  /** Plays every remote source the transport has a track for, at its participant's volume. */
  private updateAudioOutput(): void {
    if (this.audioOutput === null) return;
    const playing = new Map<number, RemoteAudioTrack>();
    for (const [ssrc, track] of this.engine.currentTransport?.remoteTracks() ?? []) {
      if (track.kind !== 'audio') continue;
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
    if (this.current !== 'connected' && this.current !== 'reconnecting' && this.current !== 'joining')
      throw CallError.notConnected(action);
  }

  private async request<
    M extends
      | 'phone.editGroupCallParticipant'
      | 'phone.leaveGroupCall'
      | 'phone.discardGroupCall'
      | 'phone.leaveGroupCallPresentation',
  >(method: M, params: MethodParams<M>): Promise<void> {
    try {
      await this.api.call(method, params);
    } catch (error) {
      throw CallError.requestFailed(method, error);
    }
  }

  /** Gives up. If the server took a join, it is told (as on leave), so that nobody sees a silent participant stay. */
  private fail(error: CallError): void {
    const source = this.engine.source;
    this.finish('failed', error);
    if (source === null) return;
    this.request('phone.leaveGroupCall', { call: this.options.call, source }).catch((leaveError: unknown) => {
      this.events.emit(
        GroupCallEvent.Error,
        leaveError instanceof CallError ? leaveError : CallError.requestFailed('phone.leaveGroupCall', leaveError),
      );
    });
  }

  /** Into a terminal state: stop everything, release the microphone, settle join(). */
  private finish(state: 'left' | 'ended' | 'failed', error?: CallError): void {
    if (TERMINAL_STATES.has(this.current)) return;
    this.callTimers.clearAll();
    this.engine.stop();
    this.audioOutput?.close();
    this.track?.stop();
    this.camera.stop();
    this.screen.release(); // the server ends the share with the participant
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
    this.events.emit(
      GroupCallEvent.StateChanged,
      error === undefined ? { state, previous } : { state, previous, error },
    );
  }
}
