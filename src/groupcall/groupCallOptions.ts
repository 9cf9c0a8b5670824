// GroupCallOptions: what a GroupCall is made with — the call and whom to join as, the media sources, the transport
// factory, and the figures of the connection lifecycle (timeouts, retries, watchdog, periods), each with its default.

import type { TelegramApi } from '../telegram/api';
import type { Timers } from '../telegram/timers';
import type { GroupCall as TelegramGroupCall, InputGroupCall, TypeInputPeer } from '../telegram/tl/api.generated';
import type { CameraSource } from './camera';
import type { CallTransportFactory } from './callTransport';
import type { MediaWatchdogFigures } from './mediaWatchdog';
import type { MicrophoneSource } from './microphone';
import type { MlineBudget } from './mlineBudget';
import type { RejoinPolicy } from './rejoinPolicy';
import type { RemoteAudioOutput } from './remoteAudioOutput';
import type { ScreenSource } from './screen';
import type { SpeakingOptions } from './speakingDetector';

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
