// Writes the offer the SFU's werift peer answers: the participant's side as its join JSON describes it (the server never
// sees the browser's SDP). ICE credentials, fingerprints, DTLS role and audio SSRC come from the join; the codec and
// header-extension numbers are the SFU's own.

import { write } from 'sdp-transform';
import type { ValidJoin } from './joinPayload';
import { AUDIO_LEVEL_URI, OPUS_CLOCK_RATE, OPUS_FMTP, TRANSPORT_CC_URI, type MediaNumbering } from './mediaNumbering';

export function clientOfferFromJoin(join: ValidJoin, n: MediaNumbering): string {
  const { payload } = join;
  const fmtp = Object.entries(OPUS_FMTP).map(([k, v]) => `${k}=${v}`).join(';');
  // sdp-transform's `fingerprint` holds one line; the others go in as raw attributes.
  const [first, ...more] = payload.fingerprints;
  return write({
    version: 0,
    origin: { username: '-', sessionId: '1', sessionVersion: 1, netType: 'IN', ipVer: 4, address: '127.0.0.1' },
    name: '-',
    timing: { start: 0, stop: 0 },
    groups: [{ type: 'BUNDLE', mids: '0' }],
    media: [{
      type: 'audio', port: 9, protocol: 'UDP/TLS/RTP/SAVPF', payloads: String(n.opusPayloadType),
      connection: { version: 4, ip: '0.0.0.0' },
      iceUfrag: payload.ufrag, icePwd: payload.pwd,
      fingerprint: { type: first.hash, hash: first.fingerprint },
      invalid: more.map((f) => ({ value: `fingerprint:${f.hash} ${f.fingerprint}` })),
      setup: first.setup, mid: '0', direction: 'sendonly', rtcpMux: 'rtcp-mux',
      rtp: [{ payload: n.opusPayloadType, codec: 'opus', rate: OPUS_CLOCK_RATE, encoding: 2 }],
      fmtp: [{ payload: n.opusPayloadType, config: fmtp }],
      rtcpFb: [{ payload: n.opusPayloadType, type: 'transport-cc' }],
      ext: [{ value: n.audioLevelId, uri: AUDIO_LEVEL_URI }, { value: n.transportCcId, uri: TRANSPORT_CC_URI }],
      ssrcs: [{ id: join.ssrc, attribute: 'cname', value: 'participant' }],
    }],
  });
}
