// ScreenShareSession: the own screen share of one GroupCall — the capture (getDisplayMedia), its second connection
// joined with phone.joinGroupCallPresentation (fresh SSRCs on GROUPCALL_SSRC_DUPLICATE_MUCH), its pause, and its
// rejoins when that connection fails or the server forgets its source. GroupCall owns the call; this owns the screen.

import type { TelegramApi } from '../telegram/api';
import { RpcError } from '../telegram/rpcError';
import type { InputGroupCall, MethodParams, TypeInputPeer, TypeUpdate } from '../telegram/tl/api.generated';
import { CallError } from './callError';
import type { CallTransport, CallTransportFactory } from './callTransport';
import type { ConnectionUpdateWaiter } from './connectionUpdateWaiter';
import { GroupCallEvent, type GroupCallEvents } from './groupCallEvents';
import { VIDEO_TOO_MUCH } from './localCamera';
import { browserScreen, screenError, type CapturedScreen, type ScreenSource } from './screen';
import { isStreamTransport, parseGroupCallTransport } from './sdp';
import type { TypedEmitter, Unsubscribe } from './typedEmitter';
import { updatesOfResult } from './updatesOfResult';

/** Telegram's answer when the SSRC is taken: a new connection (a fresh SSRC) is tried. */
export const SSRC_DUPLICATE = 'GROUPCALL_SSRC_DUPLICATE_MUCH';
/** Presentation rejoins in a row (without the screen connection coming up) before sharing stops. */
const MAX_PRESENTATION_REJOINS = 3;

/** The own screen share: the capture, its connection (replaced on an SSRC retry), the screen's SSRC once the server took it. */
export interface ScreenShare {
  readonly captured: CapturedScreen;
  transport: CallTransport;
  source: number | null;
  /** Presentation rejoins since it was last connected; one at a time. */
  rejoins: number;
  rejoining: boolean;
  /** presentation_paused: the capture's track is disabled (it survives presentation rejoins; the others show "paused"). */
  paused: boolean;
  unwatch?: Unsubscribe;
}

/** What the screen share needs from its GroupCall. */
export interface ScreenShareHost {
  readonly api: TelegramApi;
  readonly call: InputGroupCall;
  readonly joinAs: TypeInputPeer;
  readonly events: TypedEmitter<GroupCallEvents>;
  readonly createTransport: CallTransportFactory;
  readonly screen: ScreenSource | undefined;
  readonly maxSsrcAttempts: number;
  /** Where the presentation's updateGroupCallConnection arrives (GroupCall offers it from the update stream). */
  readonly connection: ConnectionUpdateWaiter;
  /** The call is over (left, ended, failed). */
  isOver(): boolean;
  /** The updates inside a method result, as if from the update stream. */
  handleUpdate(update: TypeUpdate): void;
  /** phone.getGroupCall again after GROUPCALL_VIDEO_TOO_MUCH. */
  reloadCallInfo(): void;
  /** phone.checkGroupCall at once (the screen's connection went down without failing). */
  checkSourcesSoon(): void;
}

export class ScreenShareSession {
  private share: ScreenShare | null = null;

  constructor(private readonly host: ScreenShareHost) {}

  /** The share in progress (its connection may still be setting up), or null. */
  get current(): ScreenShare | null {
    return this.share;
  }

  /** The own shared screen's video track while sharing. */
  get track(): MediaStreamTrack | null {
    return this.share?.captured.video ?? null;
  }

  get paused(): boolean {
    return this.share?.paused === true;
  }

  /** Captures a screen and joins the presentation (see GroupCall.startScreenSharing). */
  async start(): Promise<void> {
    const host = this.host;
    if (this.share !== null) return;
    let captured: CapturedScreen;
    try {
      captured = await (host.screen ?? browserScreen())();
    } catch (error) {
      throw screenError(error);
    }
    if (host.isOver() || this.share !== null) {
      captured.video.stop();
      captured.audio?.stop();
      throw CallError.cancelled();
    }
    const share: ScreenShare = {
      captured,
      transport: host.createTransport({ track: captured.audio, videoTrack: captured.video, dataChannel: false }),
      source: null,
      rejoins: 0,
      rejoining: false,
      paused: false,
    };
    this.share = share;
    captured.video.addEventListener('ended', () => {
      if (this.share !== share) return;
      this.stop().catch((error: unknown) =>
        host.events.emit(
          GroupCallEvent.Error,
          error instanceof CallError ? error : CallError.mediaFailed('screen', error),
        ),
      );
    });
    host.events.emit(GroupCallEvent.ScreenSharingChanged, { track: captured.video, paused: false });
    try {
      await this.join(share);
    } catch (error) {
      if (this.share === share) this.release();
      throw error;
    }
  }

  /** Pauses or resumes the share (see GroupCall.setScreenPaused). */
  async setPaused(paused: boolean): Promise<void> {
    const host = this.host;
    const share = this.share;
    if (share === null || share.paused === paused) return;
    share.paused = paused;
    share.captured.video.enabled = !paused;
    host.events.emit(GroupCallEvent.ScreenSharingChanged, { track: share.captured.video, paused });
    if (share.source === null) return;
    try {
      await this.request('phone.editGroupCallParticipant', {
        call: host.call,
        participant: host.joinAs,
        presentation_paused: paused,
      });
    } catch (error) {
      if (this.share === share && share.paused === paused) {
        share.paused = !paused;
        share.captured.video.enabled = paused;
        host.events.emit(GroupCallEvent.ScreenSharingChanged, { track: share.captured.video, paused: !paused });
      }
      throw error;
    }
  }

  /** Stops sharing: the capture and its connection end at once, then the server hears it (leaveGroupCallPresentation). */
  async stop(): Promise<void> {
    const share = this.share;
    if (share === null) return;
    this.release();
    if (share.source !== null && !this.host.isOver()) {
      await this.request('phone.leaveGroupCallPresentation', { call: this.host.call });
    }
  }

  /** One presentation join: fresh connections until the server takes an SSRC, then its transport applied. */
  private async join(share: ScreenShare): Promise<void> {
    const host = this.host;
    const attempts = Math.max(1, host.maxSsrcAttempts);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        share.transport.close();
        share.transport = host.createTransport({
          track: share.captured.audio,
          videoTrack: share.captured.video,
          dataChannel: false,
        });
      }
      const payload = await share.transport.start();
      if (this.share !== share) throw CallError.cancelled();
      const connection = host.connection.expect();
      let result;
      try {
        result = await host.api.call('phone.joinGroupCallPresentation', {
          call: host.call,
          params: { _: 'dataJSON', data: JSON.stringify(payload) },
        });
      } catch (error) {
        host.connection.cancel();
        if (this.share !== share) throw CallError.cancelled();
        if (RpcError.from(error).type === SSRC_DUPLICATE) continue;
        if (RpcError.from(error).type === VIDEO_TOO_MUCH) host.reloadCallInfo();
        throw CallError.requestFailed('phone.joinGroupCallPresentation', error);
      }
      share.source = payload.ssrc;
      for (const update of updatesOfResult(result)) host.handleUpdate(update);
      const data = await connection;
      if (this.share !== share) throw CallError.cancelled();
      try {
        const parsed = parseGroupCallTransport(data);
        if (isStreamTransport(parsed)) throw new Error('a stream transport for a screen share');
        await share.transport.applyServerTransport(parsed);
      } catch (error) {
        throw CallError.transportInvalid(error);
      }
      if (!share.transport.canSendVideo)
        throw CallError.videoUnavailable('the server took no video from the screen connection');
      // ICE/DTLS of the screen's own connection: failed ⇒ rejoin the presentation (not the call); connected ⇒ healthy again.
      const transport = share.transport;
      share.unwatch = transport.onStateChange((state) => {
        if (this.share !== share || share.transport !== transport) return;
        if (state === 'connected') share.rejoins = 0;
        else if (state === 'failed') void this.rejoin(share, CallError.mediaFailed('the screen connection failed'));
        // Down without having failed: ask the server whether it still has the screen's source, as for the call's own.
        else if (state === 'disconnected') host.checkSourcesSoon();
      });
      return;
    }
    throw CallError.ssrcRetriesExhausted(attempts);
  }

  /**
   * The screen's connection failed or the server forgot it: a new presentation join on a new connection (fresh SSRCs),
   * as Telegram Desktop rejoins the presentation alone. At most MAX_PRESENTATION_REJOINS in a row; then sharing stops.
   */
  async rejoin(share: ScreenShare, cause: CallError): Promise<void> {
    const host = this.host;
    if (this.share !== share || share.rejoining) return;
    host.events.emit(GroupCallEvent.Error, cause);
    if (share.rejoins >= MAX_PRESENTATION_REJOINS) {
      await this.stop().catch((error: unknown) =>
        host.events.emit(
          GroupCallEvent.Error,
          error instanceof CallError ? error : CallError.mediaFailed('screen', error),
        ),
      );
      return;
    }
    share.rejoins += 1;
    share.rejoining = true;
    share.unwatch?.();
    share.transport.close();
    share.transport = host.createTransport({
      track: share.captured.audio,
      videoTrack: share.captured.video,
      dataChannel: false,
    });
    share.source = null;
    try {
      await this.join(share);
    } catch (error) {
      if (this.share === share) {
        this.release();
        host.events.emit(
          GroupCallEvent.Error,
          error instanceof CallError ? error : CallError.mediaFailed('screen', error),
        );
      }
    } finally {
      share.rejoining = false;
    }
  }

  /** Ends the own screen share locally: capture stopped, connection closed, ScreenSharingChanged. */
  release(): void {
    const share = this.share;
    if (share === null) return;
    this.share = null;
    this.host.connection.cancel();
    share.unwatch?.();
    share.transport.close();
    share.captured.video.stop();
    share.captured.audio?.stop();
    this.host.events.emit(GroupCallEvent.ScreenSharingChanged, { track: null, paused: false });
  }

  private async request<M extends 'phone.editGroupCallParticipant' | 'phone.leaveGroupCallPresentation'>(
    method: M,
    params: MethodParams<M>,
  ): Promise<void> {
    try {
      await this.host.api.call(method, params);
    } catch (error) {
      throw CallError.requestFailed(method, error);
    }
  }
}
