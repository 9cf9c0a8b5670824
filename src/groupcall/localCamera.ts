// LocalCamera: the own camera of one GroupCall — the track being sent (it outlives rejoins, as the microphone does), its
// pause, and what the server was told (video_stopped / video_paused). CallEngine owns the connection; this owns the camera.

import type { MethodParams } from '../telegram/tl/api.generated';
import { browserCamera, cameraError, type CameraSource } from './camera';
import { CallError } from './callError';
import type { CallTransport } from './callTransport';
import { GroupCallEvent, type GroupCallEvents } from './groupCallEvents';
import type { TypedEmitter } from './typedEmitter';

/** The call has its limit of people sending video (groupCall.unmuted_video_limit). */
export const VIDEO_TOO_MUCH = 'GROUPCALL_VIDEO_TOO_MUCH';

/** phone.editGroupCallParticipant's own flags (the call and the participant are the host's). */
export type OwnParticipantEdit = Omit<MethodParams<'phone.editGroupCallParticipant'>, 'call' | 'participant'>;

/** What the camera needs from its GroupCall. */
export interface LocalCameraHost {
  readonly events: TypedEmitter<GroupCallEvents>;
  readonly camera: CameraSource | undefined;
  /** The call is over (left, ended, failed). */
  isOver(): boolean;
  /** The current connection once the server's transport is applied to it, else null. */
  readyTransport(): CallTransport | null;
  /** Whether the server took a join (the own SSRC is known). */
  joined(): boolean;
  /** phone.editGroupCallParticipant for the own participant; rejects with a CallError. */
  edit(flags: OwnParticipantEdit): Promise<void>;
  /** phone.getGroupCall again after GROUPCALL_VIDEO_TOO_MUCH. */
  reloadCallInfo(): void;
}

export class LocalCamera {
  /** The camera track being sent; null while the camera is off. */
  private current: MediaStreamTrack | null = null;
  private isPaused = false;
  /** What the server was last told (phone.joinGroupCall.video_stopped / editGroupCallParticipant): camera on or off. */
  serverVideoOn = false;

  constructor(private readonly host: LocalCameraHost) {}

  get track(): MediaStreamTrack | null {
    return this.current;
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** The track a new connection sends: none while off or paused. */
  get sendTrack(): MediaStreamTrack | null {
    return this.isPaused ? null : this.current;
  }

  /** Turns the camera on or off (see GroupCall.setCameraEnabled). */
  async setEnabled(on: boolean): Promise<void> {
    const host = this.host;
    if (on === (this.current !== null)) return;
    if (!on) {
      this.release();
      await this.tellState();
      return;
    }
    let track: MediaStreamTrack;
    try {
      track = await (host.camera ?? browserCamera())();
    } catch (error) {
      throw cameraError(error);
    }
    if (host.isOver() || this.current !== null) {
      track.stop();
      if (host.isOver()) throw CallError.cancelled();
      return;
    }
    const transport = host.readyTransport();
    if (transport !== null) {
      try {
        await transport.setVideoTrack(track);
      } catch (error) {
        track.stop();
        throw error instanceof CallError ? error : CallError.mediaFailed('replaceTrack', error);
      }
    }
    this.adopt(track);
    try {
      await this.tellState();
    } catch (error) {
      if (this.current === track) this.release();
      if (error instanceof CallError && error.rpcType === VIDEO_TOO_MUCH) host.reloadCallInfo();
      throw error;
    }
  }

  /** Pauses or resumes the camera (see GroupCall.setVideoPaused). */
  async setPaused(paused: boolean): Promise<void> {
    const track = this.current;
    if (track === null || this.isPaused === paused) return;
    this.isPaused = paused;
    await this.host.readyTransport()?.setVideoTrack(paused ? null : track);
    this.emit();
    if (!this.host.joined()) return;
    await this.host.edit({ video_paused: paused });
  }

  /** The camera track becomes the call's: sent, shown, and turned off when the browser ends it (unplugged, revoked). */
  adopt(track: MediaStreamTrack): void {
    this.current = track;
    this.isPaused = false;
    track.addEventListener('ended', () => {
      if (this.current !== track) return;
      this.release();
      this.tellState().catch((error: unknown) =>
        this.host.events.emit(
          GroupCallEvent.Error,
          error instanceof CallError ? error : CallError.mediaFailed('camera', error),
        ),
      );
    });
    this.emit();
  }

  /** The camera as it is now on the new connection: sent if the server took video, else turned off with an error. */
  async afterTransportReady(transport: CallTransport): Promise<void> {
    const track = this.current;
    if (track !== null && !transport.canSendVideo) {
      this.release();
      this.host.events.emit(
        GroupCallEvent.Error,
        CallError.videoUnavailable('the server took no video from this connection'),
      );
    } else if (track !== null) {
      await transport.setVideoTrack(this.isPaused ? null : track);
    }
    // The camera may have been switched while the join was on its way.
    if (this.serverVideoOn !== (this.current !== null)) {
      this.tellState().catch((error: unknown) =>
        this.host.events.emit(
          GroupCallEvent.Error,
          error instanceof CallError ? error : CallError.mediaFailed('camera', error),
        ),
      );
    }
  }

  /** Stops the camera and takes it off the connection (locally; tellState tells the call). */
  release(): void {
    const track = this.current;
    if (track === null) return;
    this.current = null;
    this.isPaused = false;
    track.stop();
    this.host
      .readyTransport()
      ?.setVideoTrack(null)
      .catch((error: unknown) =>
        this.host.events.emit(GroupCallEvent.Error, CallError.mediaFailed('replaceTrack', error)),
      );
    this.emit();
  }

  /** The call is over: the camera stops (the server ends the participant's video with it). */
  stop(): void {
    if (this.current === null) return;
    this.current.stop();
    this.current = null;
    this.emit();
  }

  /** phone.editGroupCallParticipant {video_stopped} when the server's view differs from the camera's state. */
  private async tellState(): Promise<void> {
    const on = this.current !== null;
    if (!this.host.joined() || this.serverVideoOn === on) return;
    await this.host.edit({ video_stopped: !on });
    this.serverVideoOn = on;
  }

  private emit(): void {
    this.host.events.emit(GroupCallEvent.LocalVideoChanged, { track: this.current, paused: this.isPaused });
  }
}
