// Reduces the SFU peer's local answer (werift's SDP) to the transport JSON of `updateGroupCallConnection.params`: ICE
// credentials, fingerprints with the SFU's DTLS setup, loopback UDP host candidates only (all fields strings), and the
// audio numbering — checked against what werift actually answered.

import { parse } from 'sdp-transform';
import type { JoinFingerprint, RtcGroupCallTransport, TransportCandidate } from '../../src/protocol';
import { SfuError } from './errors';
import { audioTransportMedia, videoNumberingOf, videoTransportMedia, type MediaNumbering } from './mediaNumbering';

export const LOOPBACK = '127.0.0.1';

/** What the `video` section says beyond the numbering: the participant's endpoint and the server's probing SSRCs. */
export interface VideoEndpoint {
  endpoint: string;
  serverSources: number[];
}

export function transportFromAnswer(
  answerSdp: string,
  n: MediaNumbering,
  video?: VideoEndpoint,
): RtcGroupCallTransport {
  const session = parse(answerSdp);
  const m = session.media[0];
  if (!m || m.type !== 'audio' || m.port === 0)
    throw new SfuError('transport-failed', 'answer', 'no live audio m-line');
  // sdp-transform reads an all-digit ufrag as a number.
  const ufrag = m.iceUfrag ?? session.iceUfrag;
  const pwd = m.icePwd ?? session.icePwd;
  if (ufrag === undefined || pwd === undefined) throw new SfuError('transport-failed', 'answer', 'no ICE credentials');
  const setup = m.setup ?? session.setup;
  if (setup !== 'active' && setup !== 'passive')
    throw new SfuError('transport-failed', 'answer', `DTLS setup "${String(setup)}"`);
  const fingerprints: JoinFingerprint[] = [m.fingerprint ?? session.fingerprint]
    .filter((f) => f !== undefined)
    .map((f) => ({ hash: f.type, setup, fingerprint: f.hash }));
  if (fingerprints.length === 0) throw new SfuError('transport-failed', 'answer', 'no fingerprint');

  const opus = m.rtp.find((r) => r.codec.toLowerCase() === 'opus');
  if (opus?.payload !== n.opusPayloadType)
    throw new SfuError('transport-failed', 'answer', `opus is not payload type ${n.opusPayloadType}`);
  const extIds = new Set((m.ext ?? []).map((e) => e.value));
  if (!extIds.has(n.audioLevelId) || !extIds.has(n.transportCcId)) {
    throw new SfuError('transport-failed', 'answer', 'header extensions were not accepted');
  }

  const candidates: TransportCandidate[] = (m.candidates ?? [])
    .filter(
      (c) => c.ip === LOOPBACK && c.transport.toLowerCase() === 'udp' && c.type === 'host' && Number(c.component) === 1,
    )
    .map((c, i) => ({
      generation: '0',
      component: '1',
      protocol: 'udp',
      port: String(c.port),
      ip: c.ip,
      foundation: String(c.foundation),
      id: String(i + 1),
      priority: String(c.priority),
      type: 'host',
      network: '1',
    }));
  if (candidates.length === 0) throw new SfuError('transport-failed', 'answer', 'no 127.0.0.1 UDP host candidate');

  const transport: RtcGroupCallTransport = {
    transport: { ufrag: String(ufrag), pwd: String(pwd), fingerprints, candidates },
    audio: audioTransportMedia(n),
  };
  if (video === undefined) return transport;
  const v = videoNumberingOf(n);
  const answered = session.media[1];
  if (answered?.type !== 'video' || answered.port === 0)
    throw new SfuError('transport-failed', 'answer', 'no live video m-line');
  if (!answered.rtp.some((r) => r.payload === v.vp8PayloadType && r.codec.toUpperCase() === 'VP8')) {
    throw new SfuError('transport-failed', 'answer', `VP8 is not payload type ${v.vp8PayloadType}`);
  }
  return {
    ...transport,
    video: { ...videoTransportMedia(v), endpoint: video.endpoint, server_sources: [...video.serverSources] },
  };
}
