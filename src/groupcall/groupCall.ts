// GroupCall: one person's membership in one Telegram group call, as a state machine with typed events
// (idle → joining → connected ⇄ reconnecting → left | ended | failed). It asks TelegramApi (phone.*), drives one
// CallTransport per join attempt, keeps the participants (ParticipantsStore) and the speaking state (SpeakingDetector).
// Its parts: ScreenShareSession (the own screen), LocalCamera (the own camera), VideoReceiving (remote videos and their
// constraints), ParticipantsLoader (participant pages) and SourceActivity (who keeps an m-line); this file composes them
// and keeps the connection lifecycle (join, retries, rejoins, transport) and the m-line budget.

import type { ConnectionState, TelegramApi } from '../telegram/api';
import { RpcError } from '../telegram/rpcError';
import { realTimers, type Timers } from '../telegram/timers';
import type {
  GroupCall as TelegramGroupCall,
  InputGroupCall,
  MethodParams,
  TypeInputPeer,
  TypeUpdate,
  UpdateGroupCallParticipants,
} from '../telegram/tl/api.generated';
import type { CameraSource } from './camera';
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
import { senderIdealHeight, type VideoQuality } from './receiverVideoConstraints';
import { videoReceivePlan, type RemoteVideo } from './remoteVideo';
import { browserMicrophone, microphoneError, type MicrophoneSource } from './microphone';
import { MediaWatchdog, type MediaWatchdogFigures } from './mediaWatchdog';
import { NamedTimers } from './namedTimers';
import {
  DEFAULT_MLINE_BUDGET,
  maxRemoteMlines,
  pickWithinBudget,
  type BudgetCandidate,
  type MlineBudget,
} from './mlineBudget';
import { ownParticipantAction } from './ownParticipantRules';
import type { ScreenSource } from './screen';
import { LocalCamera, VIDEO_TOO_MUCH } from './localCamera';
import { VideoReceiving, type DeclaredVideo } from './videoReceiving';
import { SourceActivity } from './sourceActivity';
import { ScreenShareSession, SSRC_DUPLICATE } from './screenShareSession';
import { ParticipantsLoader } from './participantsLoader';
import { ParticipantsStore, type ParticipantsDelta } from './participantsStore';
import { audioElementOutput, type RemoteAudioOutput, type RemoteAudioTrack } from './remoteAudioOutput';
import { createPeerConnectionTransport } from './peerConnectionTransport';
import { cappedBackoffRejoinPolicy, type RejoinPolicy, type RejoinReason } from './rejoinPolicy';
import { isStreamTransport, parseGroupCallTransport, type GroupCallTransport, type RemoteSourceInput } from './sdp';
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
  /** Where setCameraEnabled(true) gets its track; default getUserMedia (browserCamera). */
  camera?: CameraSource;
  /**
   * A camera turned on before joining (the preview's track): sent from the first phone.joinGroupCall on
   * (`video_stopped: false`), as if setCameraEnabled(true) had been called; the call owns it from then on.
   */
  initialCamera?: MediaStreamTrack;
  /** Where startScreenSharing() gets the screen; default getDisplayMedia (browserScreen). */
  screen?: ScreenSource;
  /**
   * Send the camera as three simulcast layers, 180 / 360 / 720 (see CallTransportOptions.simulcast and README "Video").
   * Default true, as Telegram's own clients send a camera; false: one layer.
   */
  simulcast?: boolean;
  /**
   * Remote m-lines live at once per kind (mlineBudget.ts), recycled least-recently-active first. Default 16 audio + 16
   * video; null: one m-line per speaker and video present, however many (the behaviour before the budget; benches).
   */
  mlineBudget?: MlineBudget | null;
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
  /**
   * The inbound-bytes watchdog on the call's connection (mediaWatchdog.ts): a path that goes silent while "connected"
   * means a rejoin within ~1.5 s instead of ICE's 5 s. Figures to tune it, or false for ICE states alone. Default on.
   */
  mediaWatchdog?: Partial<MediaWatchdogFigures> | false;
  /** phone.checkGroupCall period while media is (re)connecting (default 4 s, as Telegram Desktop; never while connected). */
  checkIntervalMs?: number;
  /** How long a participants-version gap may wait for the missing update before a reload (default 3 s). */
  participantsGapWaitMs?: number;
  /** ReceiverVideoConstraints re-send period (default 5 s, as tgcalls). */
  videoConstraintsIntervalMs?: number;
  /** Audio level sampling period (default 200 ms). */
  levelsIntervalMs?: number;
  speaking?: SpeakingOptions;
  /** Participants per phone.getGroupParticipants page (default 50, as Telegram Desktop). */
  participantsPageSize?: number;
  /** Where remote audio plays; default one <audio> element per participant where the DOM has Audio, else none. */
  audioOutput?: RemoteAudioOutput | null;
  onListenerError?: (error: unknown) => void;
}

/** checkGroupCall answers with this when the server no longer has the join at all. */
const JOIN_MISSING = 'GROUPCALL_JOIN_MISSING';
/** A lower height the server asks for (SenderVideoConstraints) applies after this long, a higher one at once (tgcalls). */
const SENDER_DOWNGRADE_DELAY_MS = 2_000;

/** Timers of one run (cleared when a join is abandoned) and of the whole call. */
type RunTimer = 'check' | 'levels' | 'connect' | 'disconnect' | 'constraints' | 'senderConstraints';
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
  /** Watches the call's connection while it is up (null before the first one, or when turned off). */
  private watchdog: MediaWatchdog | null = null;
  private unwatchUpdates: Unsubscribe | null = null;
  private unwatchConnection: Unsubscribe | null = null;
  private apiWasDown = false;
  /** Bumped whenever the running join (or connection) is abandoned: async work of an older run stops at its next step. */
  private run = 0;
  private ownSource: number | null = null;
  private readonly usedSources = new Set<number>();
  /** Remote SSRCs (signed) given to the current transport. */
  private declaredSources = new Set<number>();
  private rejoinAttempt = 0;
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
  /** The height the camera's layers are limited to on the current connection (SenderVideoConstraints); null: none. */
  private layerLimit: number | null = null;
  /** peerId → local playback volume (1..20000), set by setLocalVolume; overrides the participant's volume. */
  private readonly localVolumes = new Map<string, number>();
  /** When each remote source was last active: who keeps an m-line when the budget is full. */
  private readonly activity: SourceActivity;
  private readonly budget: MlineBudget | null;

  constructor(private readonly options: GroupCallOptions) {
    this.api = options.api;
    const timers = options.timers ?? realTimers;
    this.runTimers = new NamedTimers(timers);
    this.callTimers = new NamedTimers(timers);
    this.connectionUpdate = new ConnectionUpdateWaiter(timers, options.connectionUpdateTimeoutMs ?? 10_000);
    this.screenConnection = new ConnectionUpdateWaiter(timers, options.connectionUpdateTimeoutMs ?? 10_000);
    this.now = options.now ?? Date.now;
    this.createTransport = options.createTransport ?? createPeerConnectionTransport;
    this.rejoinPolicy = options.rejoinPolicy ?? cappedBackoffRejoinPolicy({ firstDelayMs: 0 });
    this.joinAs = options.joinAs ?? { _: 'inputPeerSelf' };
    this.activity = new SourceActivity(this.now);
    this.detector = new SpeakingDetector(options.speaking ?? DEFAULT_SPEAKING_OPTIONS);
    this.events = new TypedEmitter(
      options.onListenerError ?? ((error) => console.error('GroupCall listener failed', error)),
    );
    const joinMuted =
      options.info?.join_muted === true &&
      options.info.can_change_join_muted !== true &&
      options.inviteHash === undefined;
    this.mute = { muted: options.muted === true || joinMuted, canSelfUnmute: true, handRaised: false };
    this.callInfo = options.info ?? null;
    this.budget = options.mlineBudget === undefined ? DEFAULT_MLINE_BUDGET : options.mlineBudget;
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
      readyTransport: () => (this.transportReady ? this.transport : null),
      joined: () => this.ownSource !== null,
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
      run: () => this.run,
      changed: (delta) => this.afterParticipants(delta),
      gap: () => this.startGapTimer(),
    });
    this.receiving = new VideoReceiving(() => this.transport, this.events);
    this.screen = new ScreenShareSession({
      api: this.api,
      call: options.call,
      joinAs: this.joinAs,
      events: this.events,
      createTransport: this.createTransport,
      screen: options.screen,
      maxSsrcAttempts: options.maxSsrcAttempts ?? 5,
      connection: this.screenConnection,
      isOver: () => TERMINAL_STATES.has(this.current),
      handleUpdate: (update) => this.handleUpdate(update),
      reloadCallInfo: () => this.reloadCallInfo(),
      checkSourcesSoon: () => this.scheduleCheck(this.run, 0),
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
    return this.ownSource;
  }

  /** Every SSRC this client sent in a join of this call. */
  get sources(): ReadonlySet<number> {
    return this.usedSources;
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
    return this.transport?.remoteTracks() ?? new Map<number, MediaStreamTrack>();
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
    return this.transport !== null && this.transportReady && this.transport.canSendVideo;
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
    if (this.ownSource === null) return;
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
    const run = this.run;
    this.api
      .call('phone.getGroupCall', { call: this.options.call, limit: 1 })
      .then((result) => {
        if (TERMINAL_STATES.has(this.current) || result.call._ !== 'groupCall') return;
        this.callInfo = result.call;
        this.events.emit(GroupCallEvent.CallUpdated, result.call);
      })
      .catch((error: unknown) => {
        if (run === this.run)
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
    if (this.ownSource === null) throw CallError.notConnected('startScreenSharing');
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
    this.syncRemoteSources(); // a staged video beyond the budget takes an m-line
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
      if (run === this.run && this.transport?.state !== 'connected')
        this.scheduleRejoin('connect-timeout', CallError.connectionTimeout('ICE/DTLS'));
    });
    this.scheduleCheck(run, this.options.checkIntervalMs ?? 4_000);
    this.scheduleLevels(run);
    this.scheduleConstraints(run);
    this.reloadParticipants();
    this.syncRemoteSources();
    if (this.transport?.state === 'connected') this.onTransportState(run, 'connected');
  }

  private async joinWithFreshSsrc(run: number): Promise<void> {
    const track = this.track;
    if (track === null) throw CallError.microphoneUnavailable();
    const attempts = Math.max(1, this.options.maxSsrcAttempts ?? 5);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const transport = this.createTransport({
        track,
        videoTrack: this.camera.sendTrack,
        simulcast: this.options.simulcast !== false,
        ...(this.budget === null ? {} : { maxRemoteMlines: maxRemoteMlines(this.budget) }),
      });
      this.attachTransport(run, transport);
      const payload = await transport.start();
      if (run !== this.run) throw CallError.cancelled();
      this.usedSources.add(payload.ssrc);
      const connection = this.connectionUpdate.expect();
      const videoOn = this.camera.track !== null;
      let result;
      try {
        result = await this.api.call('phone.joinGroupCall', {
          call: this.options.call,
          join_as: this.joinAs,
          params: { _: 'dataJSON', data: JSON.stringify(payload) },
          ...(this.mute.muted ? { muted: true } : {}),
          ...(this.options.inviteHash !== undefined ? { invite_hash: this.options.inviteHash } : {}),
          video_stopped: !videoOn,
        });
      } catch (error) {
        this.connectionUpdate.cancel();
        const rpc = RpcError.from(error);
        if (run !== this.run) throw CallError.cancelled();
        if (rpc.type === SSRC_DUPLICATE) continue; // the next attempt makes a new connection: a fresh SSRC
        if (rpc.type === VIDEO_TOO_MUCH && videoOn) {
          // The call is full of cameras: join without one (a new connection without video) and say why it went off.
          this.camera.release();
          this.events.emit(GroupCallEvent.Error, CallError.requestFailed('phone.joinGroupCall', rpc));
          this.reloadCallInfo();
          continue;
        }
        throw CallError.joinRefused(rpc);
      }
      if (run !== this.run) throw CallError.cancelled();
      this.ownSource = payload.ssrc;
      this.camera.serverVideoOn = videoOn;
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
      await this.camera.afterTransportReady(transport);
      return;
    }
    throw CallError.ssrcRetriesExhausted(attempts);
  }

  private attachTransport(run: number, transport: CallTransport): void {
    this.closeTransport();
    this.transport = transport;
    this.receiving.resetConnection();
    this.layerLimit = null;
    const unwatchState = transport.onStateChange((state) => this.onTransportState(run, state));
    // The data channel opens after DTLS: what this client wants goes out at once (tgcalls does the same).
    const unwatchChannel = transport.onDataChannelOpen(() => {
      if (run === this.run) this.receiving.sendConstraints(true);
    });
    const unwatchMessages = transport.onDataMessage((text) => {
      if (run === this.run) this.onServerMessage(transport, text);
    });
    this.unwatchTransport = () => {
      unwatchState();
      unwatchChannel();
      unwatchMessages();
    };
  }

  /**
   * The server's colibri messages. SenderVideoConstraints {idealHeight}: the largest height anyone watches of this
   * client's camera; simulcast layers above it stop (a lower height after 2 s, in case it rises again at once; a higher
   * one at once, as tgcalls does). Other classes are not used.
   */
  private onServerMessage(transport: CallTransport, text: string): void {
    const ideal = senderIdealHeight(text);
    if (ideal === null) return;
    const apply = () => {
      if (this.transport !== transport) return;
      this.layerLimit = ideal;
      transport
        .limitVideoLayers(ideal)
        .catch((error: unknown) =>
          this.events.emit(GroupCallEvent.Error, CallError.mediaFailed('setParameters', error)),
        );
    };
    this.runTimers.clear('senderConstraints');
    if (this.layerLimit === null || ideal >= this.layerLimit) apply();
    else this.runTimers.set('senderConstraints', SENDER_DOWNGRADE_DELAY_MS, apply);
  }

  /** ReceiverVideoConstraints every 5 s while joined (tgcalls), so that a server that lost one soon has it again. */
  private scheduleConstraints(run: number): void {
    this.runTimers.set('constraints', this.options.videoConstraintsIntervalMs ?? 5_000, () => {
      if (run !== this.run) return;
      this.receiving.sendConstraints(true);
      this.scheduleConstraints(run);
    });
  }

  private onTransportState(run: number, state: TransportState): void {
    if (run !== this.run || !this.transportReady) return;
    if (state === 'connected') {
      this.runTimers.clear('connect');
      this.runTimers.clear('disconnect');
      this.runTimers.clear('check');
      this.rejoinAttempt = 0;
      this.watchMedia(run);
      if (this.current === 'joining' || this.current === 'reconnecting') this.setState('connected');
      this.joined?.resolve();
    } else if (state === 'failed') {
      this.scheduleRejoin('ice-failed', CallError.mediaFailed('ICE/DTLS failed'));
    } else if (state === 'disconnected') {
      // ICE may come back by itself within seconds; Chromium takes ~30 s to call a dead path "failed".
      this.runTimers.setIfIdle('disconnect', this.options.disconnectedGraceMs ?? 5_000, () => {
        if (run === this.run && this.transport?.state === 'disconnected')
          this.scheduleRejoin('ice-failed', CallError.mediaFailed('ICE disconnected'));
      });
      // Reconnecting media: ask again whether the server still has our source.
      this.runTimers.setIfIdle('check', 0, () => void this.checkSource(run));
    }
  }

  // ---- staying joined --------------------------------------------------------------------------------------------

  /** Starts the media watchdog on this run's connection (once per run; a transport that cannot count bytes: none). */
  private watchMedia(run: number): void {
    const transport = this.transport;
    const figures = this.options.mediaWatchdog;
    if (figures === false || transport === null || transport.inboundBytes === undefined) return;
    if (this.watchdog?.active === true) return;
    this.watchdog?.stop();
    this.watchdog = new MediaWatchdog({
      ...figures,
      timers: this.options.timers ?? realTimers,
      now: this.now,
      readInbound: () => transport.inboundBytes?.() ?? Promise.resolve(null),
      // ReceiverVideoConstraints again: harmless to the server, and its SCTP acknowledgement is the answer.
      probe: () => run === this.run && this.receiving.sendConstraints(true),
      onSilent: (silentMs) => {
        if (run === this.run && this.transport === transport)
          this.scheduleRejoin('media-silent', CallError.mediaFailed(`nothing received for ${silentMs} ms`));
      },
    });
    this.watchdog.start();
  }

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

  /**
   * phone.checkGroupCall after `delayMs`, then every interval while the media connection is not up: a server that forgot
   * our source means a rejoin. Telegram Desktop polls only while its connection is (re)connecting; once media flows, a
   * removal shows up as our own participant leaving (ownParticipantRules), and polling every 4 s for the whole call
   * would only add load (and FLOOD_WAITs on a big call).
   */
  private scheduleCheck(run: number, delayMs: number): void {
    this.runTimers.set('check', delayMs, () => void this.checkSource(run));
  }

  private async checkSource(run: number, force = false): Promise<void> {
    const source = this.ownSource;
    if (run !== this.run || source === null) return;
    // Asked while a media connection, the call's or the screen's, is not up (Telegram Desktop checks both instances).
    const screenShare = this.screen.current;
    const screenUp = screenShare === null || screenShare.transport.state === 'connected';
    if (!force && this.transport?.state === 'connected' && screenUp) return;
    try {
      // The screen share's source too (Telegram Desktop checks both): a missing one means rejoining the presentation only.
      const share = this.screen.current;
      const screenSource = share?.source ?? null;
      const known = await this.api.call('phone.checkGroupCall', {
        call: this.options.call,
        sources: screenSource === null ? [source] : [source, screenSource],
      });
      if (run !== this.run) return;
      if (!known.some((s) => (s | 0) === source)) {
        this.scheduleRejoin('source-missing', CallError.mediaFailed(`the server no longer has source ${source}`));
        return;
      }
      if (
        share !== null &&
        screenSource !== null &&
        this.screen.current === share &&
        share.source === screenSource &&
        !known.some((s) => (s | 0) === screenSource)
      ) {
        void this.screen.rejoin(
          share,
          CallError.mediaFailed(`the server no longer has the screen's source ${screenSource}`),
        );
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
      const sampledAt = this.now();
      const stamp = this.activity.stamp();
      for (const change of this.detector.update(all, sampledAt)) {
        this.events.emit(GroupCallEvent.SpeakingChanged, {
          ...this.whoHas(change.key),
          speaking: change.speaking,
          level: change.level,
        });
      }
      // Heard speaking on its m-line (not an m-line it just gave up: Chromium lists a source for ~10 s after its last packet).
      for (const ssrc of levels.inbound.keys()) {
        if (this.declaredSources.has(ssrc) && this.detector.isSpeaking(ssrc)) this.activity.heard(ssrc, stamp);
      }
      this.loader.resolveUnknown([...levels.inbound.keys()], this.ownSource);
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
    // Once, even with media up: while our signalling was away the server may have dropped us without telling.
    const run = this.run;
    this.runTimers.set('check', 0, () => void this.checkSource(run, true));
  }

  private handleUpdate(update: TypeUpdate): void {
    if (TERMINAL_STATES.has(this.current)) return;
    switch (update._) {
      case 'updateGroupCallConnection':
        // Screen sharing has its own connection and its own wait; nobody waiting: the copy of one already used.
        if (update.presentation === true) this.screenConnection.offer(update.params.data);
        else this.connectionUpdate.offer(update.params.data); // nobody waiting: the copy of one already used (result + stream)
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
    for (const p of delta.removed) {
      const change = p.source === 0 ? undefined : this.detector.remove(p.source);
      if (change !== undefined)
        this.events.emit(GroupCallEvent.SpeakingChanged, {
          peerId: p.peerId,
          ssrc: p.source,
          isSelf: p.isSelf,
          speaking: false,
          level: 0,
        });
    }
    for (const p of delta.changed) if (!this.isOwn(p)) this.activity.note(p);
    this.syncRemoteSources();
    this.updateAudioOutput(); // volumes may have changed
    this.events.emit(GroupCallEvent.ParticipantsChanged, { changed: delta.changed, removed: delta.removed });
  }

  private onOwnParticipant(p: CallParticipant, left: boolean): void {
    const action = ownParticipantAction(p, left, {
      source: this.ownSource,
      usedSources: this.usedSources,
      connected: this.current === 'connected',
      mute: this.mute,
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

  /**
   * Gives the transport the remote sources the participants list says should be there (all but our own), within the
   * m-line budget: per kind, the most recently active ones (the staged video always), so that a new speaker or a new
   * camera takes the m-line of the one quiet longest instead of adding one.
   */
  private syncRemoteSources(): void {
    const transport = this.transport;
    if (transport === null || !this.transportReady) return;
    // Only people who can be heard are candidates: the server forwards unmuted speakers only (as Telegram does), so a
    // muted listener would cost renegotiation time and SDP size for nothing — a 10 000-person call has ~10 000 of them. A
    // source already declared stays a candidate while its participant is present (idle: the first to give its m-line
    // up), so muting and unmuting does not renegotiate each time.
    const inputs = new Map<number, RemoteSourceInput>();
    const candidates: BudgetCandidate[] = [];
    const present = new Set<number>();
    const videos = new Map<number, DeclaredVideo>();
    const lastActive = (ssrc: number) => this.activity.lastActive(ssrc);
    // Declared but not in the browser yet (its renegotiation is queued or running): not taken back before it is.
    const applied = transport.remoteTracks();
    const held = (ssrc: number) => this.declaredSources.has(ssrc) && !applied.has(ssrc);
    for (const p of this.store.all()) {
      if (this.isOwn(p)) continue;
      if (p.source !== 0) present.add(p.source);
      if (p.source !== 0 && (!p.muted || this.declaredSources.has(p.source))) {
        inputs.set(p.source, { ssrc: p.source });
        candidates.push({
          ssrc: p.source,
          kind: 'audio',
          lastActive: lastActive(p.source),
          idle: p.muted,
          held: held(p.source),
        });
      }
      // A camera gets an m-line while the participant has `video` (Telegram drops it when the camera is stopped), a
      // shared screen while it has `presentation` (and its sound, when it has one, an audio m-line).
      for (const [kind, video] of [
        ['camera', p.raw.video],
        ['screen', p.raw.presentation],
      ] as const) {
        const plan =
          video === undefined
            ? null
            : videoReceivePlan(video, `${streamIdOf(p.peerId)}${kind === 'screen' ? '-screen' : ''}`);
        if (plan === null || inputs.has(plan.ssrc)) continue;
        present.add(plan.ssrc);
        // A video is as recent as its camera or its person's voice: the speaker's tile is received first.
        const active = Math.max(lastActive(plan.ssrc), p.source === 0 ? 0 : lastActive(p.source));
        const pinned = plan.endpoint === this.receiving.stageEndpoint;
        inputs.set(plan.ssrc, plan.source);
        candidates.push({ ssrc: plan.ssrc, kind: 'video', lastActive: active, pinned, held: held(plan.ssrc) });
        videos.set(plan.ssrc, { peerId: p.peerId, kind, plan });
        const audio = video?.audio_source;
        if (kind === 'screen' && audio !== undefined && audio !== 0 && !inputs.has(audio)) {
          present.add(audio);
          inputs.set(audio, { ssrc: audio });
          candidates.push({ ssrc: audio, kind: 'audio', lastActive: active, pinned, held: held(audio) });
        }
      }
    }
    this.activity.keepOnly(present);
    const chosen =
      this.budget === null ? new Set(inputs.keys()) : pickWithinBudget(candidates, this.declaredSources, this.budget);
    const wanted = new Map([...inputs].filter(([ssrc]) => chosen.has(ssrc)));
    for (const ssrc of [...videos.keys()]) if (!chosen.has(ssrc)) videos.delete(ssrc);
    const add = [...wanted.values()].filter((s) => !this.declaredSources.has(s.ssrc));
    const remove = [...this.declaredSources].filter((s) => !wanted.has(s));
    this.receiving.declared = videos;
    if (add.length === 0 && remove.length === 0) {
      this.receiving.update();
      return;
    }
    this.declaredSources = new Set(wanted.keys());
    const run = this.run;
    transport.updateRemoteSources({ add, remove }).then(
      () => {
        if (run !== this.run) return;
        this.updateAudioOutput();
        this.receiving.update();
      },
      (error: unknown) => {
        if (run !== this.run) return;
        // What the transport really has (a refused round is not committed). Chromium may refuse every later description
        // too (a session error such as "Failed to set up audio demuxing" sticks): the connection could never take a new
        // source again while it stays "connected", so a new one is made (rejoin), as after any other media failure.
        this.declaredSources = new Set(transport.remoteTracks().keys());
        this.receiving.update();
        this.scheduleRejoin('renegotiation-refused', CallError.mediaFailed('renegotiation', error));
      },
    );
  }

  /** Plays every remote source the transport has a track for, at its participant's volume. */
  private updateAudioOutput(): void {
    if (this.audioOutput === null) return;
    const playing = new Map<number, RemoteAudioTrack>();
    for (const [ssrc, track] of this.transport?.remoteTracks() ?? []) {
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
    const source = this.ownSource;
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
    this.abandonRun();
    this.callTimers.clearAll();
    this.closeTransport();
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

  /** Ends the current run: its pending steps see a newer run number and stop. Returns the new run number. */
  private abandonRun(): number {
    this.run += 1;
    this.connectionUpdate.cancel();
    this.runTimers.clearAll();
    this.watchdog?.stop();
    this.transportReady = false;
    this.declaredSources = new Set();
    this.receiving.declared = new Map();
    this.loader.resetUnknown();
    return this.run;
  }

  private closeTransport(): void {
    this.watchdog?.stop();
    this.watchdog = null;
    this.unwatchTransport?.();
    this.unwatchTransport = null;
    this.transport?.close();
    this.transport = null;
    this.audioOutput?.update(new Map());
    this.receiving.update();
  }
}

/** An msid stream id for a participant (msid ids are RFC 4566 tokens: no ':'), shared by their audio and video. */
function streamIdOf(peerId: string): string {
  return `tg-${peerId.replace(/[^A-Za-z0-9-]/g, '-')}`;
}
