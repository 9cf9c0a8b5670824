// CallEngine: the connection lifecycle of one GroupCall. Each join attempt is a "run": a fresh transport, an offer,
// phone.joinGroupCall (a fresh SSRC on GROUPCALL_SSRC_DUPLICATE_MUCH), the server's transport applied, then media
// connecting. While a run lives, this watches the transport's state (rejoins by the RejoinPolicy), asks
// phone.checkGroupCall while media is (re)connecting, runs the media watchdog, reads the server's data-channel messages,
// re-sends ReceiverVideoConstraints on a timer and samples audio levels. Abandoning a run bumps its number: async steps
// of an older run stop at their next step. GroupCall (the room: state, participants, mute, events) is told through
// CallEngineHost and never reached into.

import type { TelegramApi } from '../telegram/api';
import { RpcError } from '../telegram/rpcError';
import { realTimers } from '../telegram/timers';
import type { TypeInputPeer, TypeUpdate } from '../telegram/tl/api.generated';
import { CallError } from './callError';
import type { AudioLevels, CallTransport, CallTransportFactory, TransportState } from './callTransport';
import { ConnectionUpdateWaiter } from './connectionUpdateWaiter';
import type { GroupCallOptions } from './groupCallOptions';
import { VIDEO_TOO_MUCH } from './localCamera';
import { MediaWatchdog } from './mediaWatchdog';
import { maxRemoteMlines, type MlineBudget } from './mlineBudget';
import { NamedTimers } from './namedTimers';
import { senderIdealHeight } from './receiverVideoConstraints';
import { cappedBackoffRejoinPolicy, type RejoinPolicy, type RejoinReason } from './rejoinPolicy';
import { SSRC_DUPLICATE, type ScreenShare } from './screenShareSession';
import { isStreamTransport, parseGroupCallTransport, type GroupCallTransport } from './sdp';
import type { Unsubscribe } from './typedEmitter';
import { updatesOfResult } from './updatesOfResult';

/** checkGroupCall answers with this when the server no longer has the join at all. */
const JOIN_MISSING = 'GROUPCALL_JOIN_MISSING';
/** A lower height the server asks for (SenderVideoConstraints) applies after this long, a higher one at once (tgcalls). */
const SENDER_DOWNGRADE_DELAY_MS = 2_000;

/** Timers of one run (cleared when a join is abandoned) and of the whole call. */
type RunTimer = 'check' | 'levels' | 'connect' | 'disconnect' | 'constraints' | 'senderConstraints';
type CallTimer = 'rejoin';

/** The figures of the lifecycle, as GroupCallOptions gives them (each with its default there). */
export type CallEngineOptions = Pick<
  GroupCallOptions,
  | 'api'
  | 'call'
  | 'inviteHash'
  | 'simulcast'
  | 'timers'
  | 'rejoinPolicy'
  | 'maxSsrcAttempts'
  | 'connectionUpdateTimeoutMs'
  | 'connectTimeoutMs'
  | 'disconnectedGraceMs'
  | 'mediaWatchdog'
  | 'checkIntervalMs'
  | 'videoConstraintsIntervalMs'
  | 'levelsIntervalMs'
>;

/** The own camera as a join carries it (LocalCamera). */
export interface JoinCamera {
  /** The camera is on: the join says `video_stopped: false`. */
  readonly track: MediaStreamTrack | null;
  /** The track a new connection sends: none while off or paused. */
  readonly sendTrack: MediaStreamTrack | null;
  /** What the server was last told: camera on or off. */
  serverVideoOn: boolean;
  /** Stops the camera (the call is full of cameras: the join goes on without one). */
  release(): void;
  /** The new connection is ready: the camera goes on it, or off with an error if the server took no video. */
  afterTransportReady(transport: CallTransport): Promise<void>;
}

/** What this client asks to receive (VideoReceiving): ReceiverVideoConstraints on the data channel. */
export interface ConstraintsSender {
  /** A new connection: nothing was sent on it yet. */
  resetConnection(): void;
  /** Sends what is wanted if it changed (or always with `force`); true when a message went out. */
  sendConstraints(force: boolean): boolean;
}

/** The own screen share as phone.checkGroupCall sees it (ScreenShareSession). */
export interface CheckedScreenShare {
  readonly current: ScreenShare | null;
  /** Joins the presentation again (its source is missing on the server). */
  rejoin(share: ScreenShare, cause: CallError): Promise<void>;
}

/** What the engine needs from its GroupCall, and what it tells it. */
export interface CallEngineHost {
  readonly joinAs: TypeInputPeer;
  readonly createTransport: CallTransportFactory;
  /** Milliseconds (the media watchdog's clock). */
  readonly now: () => number;
  /** The m-line budget the transport's SDP is sized for; null: unbounded. */
  readonly budget: MlineBudget | null;
  readonly camera: JoinCamera;
  readonly receiving: ConstraintsSender;
  readonly screen: CheckedScreenShare;
  /** The microphone track a new connection sends (null: not opened). */
  microphone(): MediaStreamTrack | null;
  /** The join says `muted`; the own level counts as 0. */
  muted(): boolean;
  /** The call is over (left, ended, failed). */
  isOver(): boolean;
  /** The updates inside a method result, as if from the update stream. */
  handleUpdate(update: TypeUpdate): void;
  /** phone.getGroupCall again after GROUPCALL_VIDEO_TOO_MUCH. */
  reloadCallInfo(): void;
  /** Something went wrong that the call survives (an Error event). */
  error(error: CallError): void;
  /** Gives up: the call fails with this error. */
  fail(error: CallError): void;
  /** The server took the join and its transport is applied: participants may be loaded, remote sources declared. */
  transportApplied(): void;
  /** Media is connected (ICE + DTLS) on the current run. */
  connected(): void;
  /** A rejoin is scheduled (the call was connected: it is reconnecting now). */
  reconnecting(): void;
  /** The current run was abandoned: nothing is declared on a connection any more. */
  runAbandoned(): void;
  /** The transport was closed: its remote tracks are gone. */
  transportClosed(): void;
  /** A sample of the audio levels on the current connection. */
  levels(levels: AudioLevels): void;
}

export class CallEngine {
  private readonly api: TelegramApi;
  private readonly joinAs: TypeInputPeer;
  private readonly createTransport: CallTransportFactory;
  private readonly rejoinPolicy: RejoinPolicy;
  private readonly now: () => number;
  private readonly budget: MlineBudget | null;
  private readonly camera: JoinCamera;
  private readonly receiving: ConstraintsSender;
  private readonly screen: CheckedScreenShare;
  private readonly runTimers: NamedTimers<RunTimer>;
  private readonly callTimers: NamedTimers<CallTimer>;
  private readonly connectionUpdate: ConnectionUpdateWaiter;

  private transport: CallTransport | null = null;
  /** The current transport has the server's transport applied: remote sources may be given to it. */
  private transportReady = false;
  private unwatchTransport: Unsubscribe | null = null;
  /** Watches the call's connection while it is up (null before the first one, or when turned off). */
  private watchdog: MediaWatchdog | null = null;
  /** Bumped whenever the running join (or connection) is abandoned: async work of an older run stops at its next step. */
  private run = 0;
  private ownSource: number | null = null;
  private readonly usedSources = new Set<number>();
  private rejoinAttempt = 0;
  /** The height the camera's layers are limited to on the current connection (SenderVideoConstraints); null: none. */
  private layerLimit: number | null = null;

  constructor(
    private readonly options: CallEngineOptions,
    private readonly host: CallEngineHost,
  ) {
    this.api = options.api;
    this.joinAs = host.joinAs;
    this.createTransport = host.createTransport;
    this.now = host.now;
    this.budget = host.budget;
    this.camera = host.camera;
    this.receiving = host.receiving;
    this.screen = host.screen;
    const timers = options.timers ?? realTimers;
    this.runTimers = new NamedTimers(timers);
    this.callTimers = new NamedTimers(timers);
    this.connectionUpdate = new ConnectionUpdateWaiter(timers, options.connectionUpdateTimeoutMs ?? 10_000);
    this.rejoinPolicy = options.rejoinPolicy ?? cappedBackoffRejoinPolicy({ firstDelayMs: 0 });
  }

  /** The current run's number: async work that started in an older run drops its result. */
  get currentRun(): number {
    return this.run;
  }

  /** The current connection (it may still be setting up), or null. */
  get currentTransport(): CallTransport | null {
    return this.transport;
  }

  /** The current connection once the server's transport is applied to it (remote sources may be given), else null. */
  get readyTransport(): CallTransport | null {
    return this.transportReady ? this.transport : null;
  }

  /** The own audio SSRC of the current join (signed), once the server took one. */
  get source(): number | null {
    return this.ownSource;
  }

  /** Every SSRC this client sent in a join of this call. */
  get sources(): ReadonlySet<number> {
    return this.usedSources;
  }

  /** updateGroupCallConnection's params for the call's own connection (the join attempt waiting takes the first). */
  offerConnection(data: string): void {
    this.connectionUpdate.offer(data);
  }

  /** phone.checkGroupCall at once (`force`: even with media connected). */
  checkSoon(force = false): void {
    const run = this.run;
    this.runTimers.set('check', 0, () => void this.checkSource(run, force));
  }

  /** The call is over: the run is abandoned, no rejoin is pending, the transport is closed. */
  stop(): void {
    this.abandonRun();
    this.callTimers.clearAll();
    this.closeTransport();
  }

  /** One join: fresh transport(s) until the server takes an SSRC, its transport applied, media then connecting. */
  async connect(): Promise<void> {
    const run = this.abandonRun();
    try {
      await this.joinWithFreshSsrc(run);
    } catch (error) {
      if (run !== this.run) return;
      const callError = error instanceof CallError ? error : CallError.mediaFailed('join', error);
      if (callError.retryable) this.scheduleRejoin('join-failed', callError);
      else this.host.fail(callError);
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
    this.host.transportApplied();
    if (this.transport?.state === 'connected') this.onTransportState(run, 'connected');
  }

  private async joinWithFreshSsrc(run: number): Promise<void> {
    const track = this.host.microphone();
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
          ...(this.host.muted() ? { muted: true } : {}),
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
          this.host.error(CallError.requestFailed('phone.joinGroupCall', rpc));
          this.host.reloadCallInfo();
          continue;
        }
        throw CallError.joinRefused(rpc);
      }
      if (run !== this.run) throw CallError.cancelled();
      this.ownSource = payload.ssrc;
      this.camera.serverVideoOn = videoOn;
      // The result's updates also reach the update stream; whichever brings updateGroupCallConnection first is used.
      for (const update of updatesOfResult(result)) this.host.handleUpdate(update);
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
        .catch((error: unknown) => this.host.error(CallError.mediaFailed('setParameters', error)));
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
      this.host.connected();
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

  /** Abandons the run and joins again after the policy's delay, or gives up when it says null; one pending at a time. */
  scheduleRejoin(reason: RejoinReason, cause: CallError): void {
    if (this.host.isOver() || this.callTimers.has('rejoin')) return;
    this.abandonRun();
    this.closeTransport();
    const delay = this.rejoinPolicy.nextRejoinDelayMs({ attempt: this.rejoinAttempt, reason });
    if (delay === null) {
      this.host.fail(CallError.rejoinExhausted(this.rejoinAttempt, cause));
      return;
    }
    this.host.error(cause);
    this.rejoinAttempt += 1;
    this.host.reconnecting();
    this.callTimers.set('rejoin', delay, () => {
      if (!this.host.isOver()) void this.connect();
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
      this.host.error(CallError.requestFailed('phone.checkGroupCall', rpc));
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
      this.host.levels(levels);
    } catch (error) {
      if (run !== this.run) return;
      this.host.error(CallError.mediaFailed('getStats', error));
    }
    this.scheduleLevels(run);
  }

  /** Ends the current run: its pending steps see a newer run number and stop. Returns the new run number. */
  private abandonRun(): number {
    this.run += 1;
    this.connectionUpdate.cancel();
    this.runTimers.clearAll();
    this.watchdog?.stop();
    this.transportReady = false;
    this.host.runAbandoned();
    return this.run;
  }

  private closeTransport(): void {
    this.watchdog?.stop();
    this.watchdog = null;
    this.unwatchTransport?.();
    this.unwatchTransport = null;
    this.transport?.close();
    this.transport = null;
    this.host.transportClosed();
  }
}
