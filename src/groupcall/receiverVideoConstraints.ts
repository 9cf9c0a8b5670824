// Telegram's ReceiverVideoConstraints (tgcalls GroupInstanceCustomImpl, a Jitsi colibri message on the call's data
// channel): which remote videos this client wants and at what height. Pure: GroupCall decides what is wanted and when
// to send; this writes the message (and reads the server's SenderVideoConstraints).

import type { ReceiverVideoConstraintsMessage } from '../protocol';

/** tgcalls' three heights: thumbnail 180, medium 360, full 720. */
export type VideoQuality = 'thumbnail' | 'medium' | 'full';

export const VIDEO_QUALITY_HEIGHT: Readonly<Record<VideoQuality, number>> = { thumbnail: 180, medium: 360, full: 720 };

/** tdesktop asks for medium quality while at most this many videos are shown (kFullAsMediumsCount), else thumbnails. */
export const MEDIUM_QUALITY_MAX_VIDEOS = 4;

export interface VideoWant {
  endpoint: string;
  quality: VideoQuality;
}

/**
 * `{"colibriClass":"ReceiverVideoConstraints","constraints":{<endpoint>:{"minHeight":h,"maxHeight":h}},
 * "defaultConstraints":{"maxHeight":0},"onStageEndpoints":[…]}`: every endpoint not named gets nothing (maxHeight 0).
 */
export function receiverVideoConstraints(wants: readonly VideoWant[], onStage: readonly string[]): string {
  const constraints: ReceiverVideoConstraintsMessage['constraints'] = {};
  for (const want of wants) {
    const height = VIDEO_QUALITY_HEIGHT[want.quality];
    constraints[want.endpoint] = { minHeight: height, maxHeight: height };
  }
  const message: ReceiverVideoConstraintsMessage = {
    colibriClass: 'ReceiverVideoConstraints',
    constraints,
    defaultConstraints: { maxHeight: 0 },
    onStageEndpoints: onStage.filter((e) => e in constraints),
  };
  return JSON.stringify(message);
}

/**
 * What to ask for: the staged video full, the others medium while few, thumbnails when many (tdesktop's rule); a quality
 * the UI set for an endpoint (the size its tile is shown at) wins over the rule.
 */
export function wantedVideoQualities(
  endpoints: readonly string[],
  stage: string | null,
  chosen: ReadonlyMap<string, VideoQuality> = new Map(),
): VideoWant[] {
  const others: VideoQuality = endpoints.length <= MEDIUM_QUALITY_MAX_VIDEOS ? 'medium' : 'thumbnail';
  return endpoints.map((endpoint) => ({
    endpoint,
    quality: chosen.get(endpoint) ?? (endpoint === stage ? 'full' : others),
  }));
}

/**
 * The server's SenderVideoConstraints (`{"colibriClass":"SenderVideoConstraints","videoConstraints":{"idealHeight":H}}`,
 * tgcalls): the largest height anyone watches of this client's camera, or null for any other message.
 */
export function senderIdealHeight(text: string): number | null {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return null; // not a colibri message
  }
  if (typeof message !== 'object' || message === null) return null;
  const m = message as { colibriClass?: unknown; videoConstraints?: { idealHeight?: unknown } };
  const ideal = m.videoConstraints?.idealHeight;
  if (m.colibriClass !== 'SenderVideoConstraints' || typeof ideal !== 'number' || !Number.isFinite(ideal) || ideal < 0)
    return null;
  return ideal;
}
