// A participant's video (Telegram's groupCallParticipantVideo) as the engine receives it: the SSRC the browser's m-line
// declares, its RTX partner, and the per-participant track the UI shows. Pure; VideoReceiving keeps the live list.

import type { GroupCallParticipantVideo } from '../telegram/tl/api.generated';
import { toSignedSsrc, type RemoteSourceInput, type SsrcGroup } from './sdp';

/** 'camera' is `groupCallParticipant.video`, 'screen' is `.presentation`. */
export type VideoSourceKind = 'camera' | 'screen';

/** One remote video the UI can show. */
export interface RemoteVideo {
  /** The participant's peer id ("user:42"). */
  readonly peerId: string;
  readonly kind: VideoSourceKind;
  /** The endpoint Telegram names the video by (ReceiverVideoConstraints use it). */
  readonly endpoint: string;
  /** The primary video SSRC (signed), the one inbound-rtp reports. */
  readonly ssrc: number;
  /** The sender paused it (`paused` flag): the last frame stays, no new ones come. */
  readonly paused: boolean;
  readonly track: MediaStreamTrack;
}

/** The receive plan of one participant video: what its m-line declares. */
export interface VideoReceivePlan {
  readonly endpoint: string;
  readonly paused: boolean;
  /** Primary SSRC, signed. */
  readonly ssrc: number;
  readonly source: RemoteSourceInput;
}

/**
 * Which SSRCs to declare for a participant's video. A browser's one-layer video is one FID group [video, rtx]; a
 * native client's simulcast is SIM [p1, p2, p3] + FID [pi, ri] per layer. The server forwards one layer under the
 * first SIM SSRC (as Jitsi-style SFUs do; unverified for Telegram's own), so the m-line declares the primary SSRC and its
 * FID pair only: a receiving m-line with several layers would make Chromium expect them all. null when the groups name
 * no usable SSRC.
 */
export function videoReceivePlan(video: GroupCallParticipantVideo, streamId: string): VideoReceivePlan | null {
  const groups: SsrcGroup[] = video.source_groups.map((g) => ({
    semantics: g.semantics,
    sources: g.sources.map((s) => toSignedSsrc(s)),
  }));
  const sim = groups.find((g) => g.semantics === 'SIM' && g.sources.length > 0);
  const primary =
    sim?.sources[0] ??
    groups.find((g) => g.semantics === 'FID' && g.sources.length === 2)?.sources[0] ??
    groups[0]?.sources[0];
  if (primary === undefined || primary === 0) return null;
  const fid = groups.find((g) => g.semantics === 'FID' && g.sources.length === 2 && g.sources[0] === primary);
  return {
    endpoint: video.endpoint,
    paused: video.paused === true,
    ssrc: primary,
    source: { ssrc: primary, kind: 'video', ssrcGroups: fid === undefined ? [] : [fid], streamId },
  };
}
