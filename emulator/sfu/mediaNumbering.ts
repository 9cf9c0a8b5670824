// The SFU's own RTP numbering, chosen once per SFU and used for every participant: the opus payload type and the ids of
// the two audio header extensions. The transport JSON announces them, so every browser sends and receives with them and
// forwarded packets need no rewriting. Defaults are Telegram's documented numbers (group-calls.md).

import type { TransportMedia } from '../../src/protocol';

export const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';
export const TRANSPORT_CC_URI = 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01';
export const OPUS_CLOCK_RATE = 48_000;
export const OPUS_FMTP: Readonly<Record<string, string>> = { minptime: '10', useinbandfec: '1' };

export interface MediaNumbering {
  /** Dynamic RTP payload type of opus/48000/2 (96..127). */
  opusPayloadType: number;
  /** One-byte header extension id (1..14) of ssrc-audio-level (RFC 6464). */
  audioLevelId: number;
  /** One-byte header extension id (1..14) of transport-wide congestion control. */
  transportCcId: number;
}

export const DEFAULT_MEDIA_NUMBERING: Readonly<MediaNumbering> = {
  opusPayloadType: 111,
  audioLevelId: 1,
  transportCcId: 3,
};

/** Throws RangeError if the numbering cannot be put on the wire. */
export function checkMediaNumbering(n: MediaNumbering): MediaNumbering {
  if (!Number.isInteger(n.opusPayloadType) || n.opusPayloadType < 96 || n.opusPayloadType > 127) {
    throw new RangeError(`opus payload type ${n.opusPayloadType} is not a dynamic payload type (96..127)`);
  }
  for (const [name, id] of [
    ['audio-level', n.audioLevelId],
    ['transport-cc', n.transportCcId],
  ] as const) {
    if (!Number.isInteger(id) || id < 1 || id > 14)
      throw new RangeError(`${name} extension id ${id} is not a one-byte id (1..14)`);
  }
  if (n.audioLevelId === n.transportCcId) throw new RangeError('audio-level and transport-cc share an extension id');
  return { ...n };
}

/** The `audio` member of the transport JSON. */
export function audioTransportMedia(n: MediaNumbering): TransportMedia {
  return {
    'payload-types': [
      {
        id: n.opusPayloadType,
        name: 'opus',
        clockrate: OPUS_CLOCK_RATE,
        channels: 2,
        parameters: { ...OPUS_FMTP },
        'rtcp-fbs': [{ type: 'transport-cc' }],
      },
    ],
    'rtp-hdrexts': [
      { id: n.audioLevelId, uri: AUDIO_LEVEL_URI },
      { id: n.transportCcId, uri: TRANSPORT_CC_URI },
    ],
  };
}

// ── video ──────────────────────────────────────────────────────────────────────────────────────────────────────────

export const ABS_SEND_TIME_URI = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time';
export const VIDEO_ORIENTATION_URI = 'urn:3gpp:video-orientation';
export const VIDEO_CLOCK_RATE = 90_000;

/** The SFU's video numbering: VP8 and its RTX, and the header extensions video m-lines use (transport-cc shared). */
export interface VideoNumbering {
  vp8PayloadType: number;
  rtxPayloadType: number;
  transportCcId: number;
  absSendTimeId: number;
  videoOrientationId: number;
}

/**
 * Telegram's numbers where they fit (VP8 100, rtx 101, abs-send-time 2, video-orientation 13, as its answers carry),
 * moved aside when the audio numbering already uses one: in one BUNDLE an id or payload type means one thing.
 */
export function videoNumberingOf(n: MediaNumbering): VideoNumbering {
  const vp8 = n.opusPayloadType === 100 || n.opusPayloadType === 101 ? 96 : 100;
  const used = new Set([n.audioLevelId, n.transportCcId]);
  const freeId = (preferred: number): number => {
    if (!used.has(preferred)) {
      used.add(preferred);
      return preferred;
    }
    for (let id = 1; id <= 14; id++) {
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
    throw new RangeError('no free one-byte header extension id for video');
  };
  return {
    vp8PayloadType: vp8,
    rtxPayloadType: vp8 + 1,
    transportCcId: n.transportCcId,
    absSendTimeId: freeId(2),
    videoOrientationId: freeId(13),
  };
}

/** Keyframe requests, retransmission requests and bandwidth feedback that every video m-line of the SFU offers. */
export const VP8_RTCP_FEEDBACK: readonly { type: string; subtype?: string }[] = [
  { type: 'goog-remb' },
  { type: 'transport-cc' },
  { type: 'ccm', subtype: 'fir' },
  { type: 'nack' },
  { type: 'nack', subtype: 'pli' },
];

/** The `video` member of the transport JSON (without the per-participant endpoint and server sources). */
export function videoTransportMedia(v: VideoNumbering): TransportMedia {
  return {
    'payload-types': [
      {
        id: v.vp8PayloadType,
        name: 'VP8',
        clockrate: VIDEO_CLOCK_RATE,
        parameters: {},
        'rtcp-fbs': VP8_RTCP_FEEDBACK.map((f) => ({ ...f })),
      },
      {
        id: v.rtxPayloadType,
        name: 'rtx',
        clockrate: VIDEO_CLOCK_RATE,
        parameters: { apt: String(v.vp8PayloadType) },
        'rtcp-fbs': [],
      },
    ],
    'rtp-hdrexts': [
      { id: v.absSendTimeId, uri: ABS_SEND_TIME_URI },
      { id: v.transportCcId, uri: TRANSPORT_CC_URI },
      { id: v.videoOrientationId, uri: VIDEO_ORIENTATION_URI },
    ],
  };
}
