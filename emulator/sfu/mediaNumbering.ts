// The SFU's own RTP numbering, chosen once per SFU and used for every participant: the opus payload type and the ids of
// the two audio header extensions. The transport JSON announces them, so every browser sends and receives with them and
// forwarded packets need no rewriting. Defaults are Telegram's documented numbers (group-calls.md).

import type { TransportMedia } from '../../src/groupcall/sdp/types';

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

export const DEFAULT_MEDIA_NUMBERING: Readonly<MediaNumbering> = { opusPayloadType: 111, audioLevelId: 1, transportCcId: 3 };

/** Throws RangeError if the numbering cannot be put on the wire. */
export function checkMediaNumbering(n: MediaNumbering): MediaNumbering {
  if (!Number.isInteger(n.opusPayloadType) || n.opusPayloadType < 96 || n.opusPayloadType > 127) {
    throw new RangeError(`opus payload type ${n.opusPayloadType} is not a dynamic payload type (96..127)`);
  }
  for (const [name, id] of [['audio-level', n.audioLevelId], ['transport-cc', n.transportCcId]] as const) {
    if (!Number.isInteger(id) || id < 1 || id > 14) throw new RangeError(`${name} extension id ${id} is not a one-byte id (1..14)`);
  }
  if (n.audioLevelId === n.transportCcId) throw new RangeError('audio-level and transport-cc share an extension id');
  return { ...n };
}

/** The `audio` member of the transport JSON. */
export function audioTransportMedia(n: MediaNumbering): TransportMedia {
  return {
    'payload-types': [{
      id: n.opusPayloadType, name: 'opus', clockrate: OPUS_CLOCK_RATE, channels: 2, parameters: { ...OPUS_FMTP },
      'rtcp-fbs': [{ type: 'transport-cc' }],
    }],
    'rtp-hdrexts': [{ id: n.audioLevelId, uri: AUDIO_LEVEL_URI }, { id: n.transportCcId, uri: TRANSPORT_CC_URI }],
  };
}
