// Writes the offer the SFU's werift peer answers: the participant's side as its join JSON describes it (the server never
// sees the browser's SDP). ICE credentials, fingerprints, DTLS role and audio SSRC come from the join; the codec and
// header-extension numbers are the SFU's own.

import { write, type MediaDescription } from 'sdp-transform';
import type { ValidJoin } from './joinPayload';
import {
  AUDIO_LEVEL_URI,
  OPUS_CLOCK_RATE,
  OPUS_FMTP,
  TRANSPORT_CC_URI,
  VIDEO_CLOCK_RATE,
  VP8_RTCP_FEEDBACK,
  videoNumberingOf,
  videoTransportMedia,
  type MediaNumbering,
} from './mediaNumbering';

/** `dataChannel`: the client's SCTP m-line (mid 2), where its ReceiverVideoConstraints come; browsers' main connections have one. */
export function clientOfferFromJoin(join: ValidJoin, n: MediaNumbering, dataChannel = false): string {
  const { payload } = join;
  const fmtp = Object.entries(OPUS_FMTP)
    .map(([k, v]) => `${k}=${v}`)
    .join(';');
  // sdp-transform's `fingerprint` holds one line; the others go in as raw attributes.
  const [first, ...more] = payload.fingerprints;
  const shared = {
    connection: { version: 4, ip: '0.0.0.0' },
    iceUfrag: payload.ufrag,
    icePwd: payload.pwd,
    fingerprint: { type: first.hash, hash: first.fingerprint },
    invalid: more.map((f) => ({ value: `fingerprint:${f.hash} ${f.fingerprint}` })),
    setup: first.setup,
    rtcpMux: 'rtcp-mux',
  } satisfies Partial<MediaDescription>;
  const video = join.video === null ? [] : [videoSection(join, n, shared)];
  const application: MediaDescription[] = dataChannel
    ? [
        {
          type: 'application',
          port: 9,
          protocol: 'UDP/DTLS/SCTP',
          payloads: 'webrtc-datachannel',
          ...shared,
          mid: '2',
          sctpPort: 5000,
          maxMessageSize: 262_144,
          rtp: [],
          fmtp: [],
        },
      ]
    : [];
  const mids = ['0', ...video.map(() => '1'), ...application.map(() => '2')].join(' ');
  return write({
    version: 0,
    origin: { username: '-', sessionId: '1', sessionVersion: 1, netType: 'IN', ipVer: 4, address: '127.0.0.1' },
    name: '-',
    timing: { start: 0, stop: 0 },
    groups: [{ type: 'BUNDLE', mids }],
    media: [
      {
        type: 'audio',
        port: 9,
        protocol: 'UDP/TLS/RTP/SAVPF',
        payloads: String(n.opusPayloadType),
        ...shared,
        mid: '0',
        direction: 'sendonly',
        rtp: [{ payload: n.opusPayloadType, codec: 'opus', rate: OPUS_CLOCK_RATE, encoding: 2 }],
        fmtp: [{ payload: n.opusPayloadType, config: fmtp }],
        rtcpFb: [{ payload: n.opusPayloadType, type: 'transport-cc' }],
        ext: [
          { value: n.audioLevelId, uri: AUDIO_LEVEL_URI },
          { value: n.transportCcId, uri: TRANSPORT_CC_URI },
        ],
        ssrcs: [{ id: join.ssrc, attribute: 'cname', value: 'participant' }],
      },
      ...video,
      ...application,
    ],
  });
}

/** The participant's camera m-line (mid 1): VP8 + rtx with the SFU's numbers, the join's video SSRCs and groups. */
function videoSection(join: ValidJoin, n: MediaNumbering, shared: Partial<MediaDescription>): MediaDescription {
  const v = videoNumberingOf(n);
  const media = videoTransportMedia(v);
  const groups = join.video?.groups ?? [];
  return {
    type: 'video',
    port: 9,
    protocol: 'UDP/TLS/RTP/SAVPF',
    payloads: `${v.vp8PayloadType} ${v.rtxPayloadType}`,
    ...shared,
    mid: '1',
    direction: 'sendonly',
    rtp: [
      { payload: v.vp8PayloadType, codec: 'VP8', rate: VIDEO_CLOCK_RATE },
      { payload: v.rtxPayloadType, codec: 'rtx', rate: VIDEO_CLOCK_RATE },
    ],
    fmtp: [{ payload: v.rtxPayloadType, config: `apt=${v.vp8PayloadType}` }],
    rtcpFb: VP8_RTCP_FEEDBACK.map((f) =>
      f.subtype === undefined
        ? { payload: v.vp8PayloadType, type: f.type }
        : { payload: v.vp8PayloadType, type: f.type, subtype: f.subtype },
    ),
    ext: media['rtp-hdrexts'].map((e) => ({ value: e.id, uri: e.uri })),
    ssrcGroups: groups.map((g) => ({ semantics: g.semantics, ssrcs: g.sources.map((s) => s >>> 0).join(' ') })),
    ssrcs: (join.video?.ssrcs ?? []).map((id) => ({ id, attribute: 'cname', value: 'participant' })),
  };
}
