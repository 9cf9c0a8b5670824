// VideoReceiving: the remote videos one GroupCall receives — which video SSRCs its connection declares (set by
// RemoteSourceSync within the m-line budget), the list the UI shows (RemoteVideosChanged), the staged video and the qualities chosen per
// tile, and Telegram's ReceiverVideoConstraints sent over the data channel when what is wanted changes.

import type { CallTransport } from './callTransport';
import { GroupCallEvent, type GroupCallEvents } from './groupCallEvents';
import { receiverVideoConstraints, wantedVideoQualities, type VideoQuality } from './receiverVideoConstraints';
import type { RemoteVideo, VideoReceivePlan, VideoSourceKind } from './remoteVideo';
import type { TypedEmitter } from './typedEmitter';

/** A remote video given to the current connection: whose, which kind, and what its m-line declares. */
export interface DeclaredVideo {
  peerId: string;
  kind: VideoSourceKind;
  plan: VideoReceivePlan;
}

export class VideoReceiving {
  /** Remote video SSRCs (signed) given to the current transport → the participant's receive plan. */
  declared = new Map<number, DeclaredVideo>();
  private list: RemoteVideo[] = [];
  /** The remote video on the stage (pinned): asked for at full height and named in onStageEndpoints. */
  private stage: string | null = null;
  /** Qualities the UI chose per endpoint (the size each tile is shown at); the rest follow wantedVideoQualities. */
  private readonly chosenQualities = new Map<string, VideoQuality>();
  /** The last ReceiverVideoConstraints sent on the current connection (re-sent unchanged only by the 5 s timer). */
  private sentConstraints: string | null = null;

  constructor(
    private readonly transport: () => CallTransport | null,
    private readonly events: TypedEmitter<GroupCallEvents>,
  ) {}

  /** Remote participants' videos that have a track, in participant order. */
  get videos(): RemoteVideo[] {
    return [...this.list];
  }

  get stageEndpoint(): string | null {
    return this.stage;
  }

  /** Puts one video on the stage (or none); false when it already was. */
  setStage(endpoint: string | null): boolean {
    if (this.stage === endpoint) return false;
    this.stage = endpoint;
    return true;
  }

  /** One video's chosen quality (null: back to the rule); what is wanted goes out if it changed. */
  setQuality(endpoint: string, quality: VideoQuality | null): void {
    if ((this.chosenQualities.get(endpoint) ?? null) === quality) return;
    if (quality === null) this.chosenQualities.delete(endpoint);
    else this.chosenQualities.set(endpoint, quality);
    this.sendConstraints(false);
  }

  /** A new connection: nothing was sent on it yet. */
  resetConnection(): void {
    this.sentConstraints = null;
  }

  /**
   * Sends what this client wants to receive, if it changed (or always with `force`); nothing while no channel is open.
   * True when a message went out.
   */
  sendConstraints(force: boolean): boolean {
    const transport = this.transport();
    if (transport === null) return false;
    const endpoints = [...new Set([...this.declared.values()].map((v) => v.plan.endpoint))];
    const stage = this.stage !== null && endpoints.includes(this.stage) ? this.stage : null;
    const message = receiverVideoConstraints(
      wantedVideoQualities(endpoints, stage, this.chosenQualities),
      stage === null ? [] : [stage],
    );
    if (!force && message === this.sentConstraints) return false;
    if (!transport.sendData(message)) return false;
    this.sentConstraints = message;
    return true;
  }

  /** The remote videos that have a track now; RemoteVideosChanged when that list differs from the last one. */
  update(): void {
    const tracks = this.transport()?.remoteTracks() ?? new Map<number, MediaStreamTrack>();
    const next: RemoteVideo[] = [];
    for (const [ssrc, { peerId, kind, plan }] of this.declared) {
      const track = tracks.get(ssrc);
      if (track === undefined || track.kind !== 'video') continue;
      next.push({ peerId, kind, endpoint: plan.endpoint, ssrc, paused: plan.paused, track });
    }
    const before = this.list;
    const same =
      before.length === next.length &&
      before.every((v, i) => {
        const n = next[i];
        return (
          v.peerId === n.peerId &&
          v.kind === n.kind &&
          v.ssrc === n.ssrc &&
          v.paused === n.paused &&
          v.track === n.track
        );
      });
    if (same) return;
    this.list = next;
    this.sendConstraints(false);
    this.events.emit(GroupCallEvent.RemoteVideosChanged, { videos: [...next] });
  }
}
