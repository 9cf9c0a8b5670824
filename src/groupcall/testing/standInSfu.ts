// A stand-in for Telegram's media server in Node, for the browser test: one werift ICE-lite peer per join, described to
// the client as Telegram's transport JSON, counting RTP per SSRC and echoing the client's audio under other SSRCs (as an
// SFU forwards other participants with their own SSRCs). Loopback only.

import { parse, write } from 'sdp-transform';
import {
  RTCPeerConnection as ServerPeer,
  RTCRtpCodecParameters,
  RtpHeader,
  useAudioLevelIndication,
  useTransportWideCC,
  type RTCDtlsTransport,
} from 'werift';
import type { JoinPayload, RtcGroupCallTransport } from '../sdp';

const LOOPBACK = '127.0.0.1';
// Deliberately not Chromium's numbers (opus 111, audio-level 1): the browser must take the server's.
const OPUS_PT = 100;
const AUDIO_LEVEL_ID = 5;
const TRANSPORT_CC_ID = 7;

export interface StandInJoin {
  transportJson: string;
  /** RTP packets received per SSRC (unsigned). */
  received: Map<number, number>;
  /** Also send every packet of the client's own SSRC under these SSRCs (unsigned or signed). */
  echoAs: Set<number>;
  close(): Promise<void>;
}

export async function joinStandInSfu(join: JoinPayload): Promise<StandInJoin> {
  const opus = new RTCRtpCodecParameters({
    mimeType: 'audio/opus',
    clockRate: 48000,
    channels: 2,
    payloadType: OPUS_PT,
    rtcpFeedback: [{ type: 'transport-cc' }],
    parameters: 'minptime=10;useinbandfec=1',
  });
  const audioLevel = useAudioLevelIndication();
  audioLevel.id = AUDIO_LEVEL_ID;
  const transportCc = useTransportWideCC();
  transportCc.id = TRANSPORT_CC_ID;
  const peer = new ServerPeer({
    iceLite: true,
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: LOOPBACK },
    iceAdditionalHostAddresses: [LOOPBACK],
    iceServers: [],
    codecs: { audio: [opus] },
    headerExtensions: { audio: [audioLevel, transportCc] },
  });
  // The server sees only the join JSON, never the browser's SDP: it writes the client's side from it.
  const fingerprint = join.fingerprints[0];
  if (fingerprint === undefined) throw new Error('join JSON without a fingerprint');
  const clientSide = write({
    version: 0,
    origin: { username: '-', sessionId: '1', sessionVersion: 1, netType: 'IN', ipVer: 4, address: LOOPBACK },
    name: '-',
    timing: { start: 0, stop: 0 },
    groups: [{ type: 'BUNDLE', mids: '0' }],
    media: [
      {
        type: 'audio',
        port: 9,
        protocol: 'UDP/TLS/RTP/SAVPF',
        payloads: String(OPUS_PT),
        connection: { version: 4, ip: '0.0.0.0' },
        iceUfrag: join.ufrag,
        icePwd: join.pwd,
        fingerprint: { type: fingerprint.hash, hash: fingerprint.fingerprint },
        setup: 'actpass',
        mid: '0',
        direction: 'sendonly',
        rtcpMux: 'rtcp-mux',
        rtp: [{ payload: OPUS_PT, codec: 'opus', rate: 48000, encoding: 2 }],
        fmtp: [{ payload: OPUS_PT, config: 'minptime=10;useinbandfec=1' }],
        rtcpFb: [{ payload: OPUS_PT, type: 'transport-cc' }],
        ext: [
          { value: AUDIO_LEVEL_ID, uri: audioLevel.uri },
          { value: TRANSPORT_CC_ID, uri: transportCc.uri },
        ],
        ssrcs: [{ id: join.ssrc >>> 0, attribute: 'cname', value: 'client' }],
      },
    ],
  });
  await peer.setRemoteDescription({ type: 'offer', sdp: clientSide });
  const answer = parse((await peer.createAnswer()).sdp);
  for (const m of answer.media) m.setup = 'passive'; // werift would be the DTLS client; the browser must be
  await peer.setLocalDescription({ type: 'answer', sdp: write(answer) });
  if (peer.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) =>
      peer.iceGatheringStateChange.subscribe((s) => {
        if (s === 'complete') resolve();
      }),
    );
  }
  const local = parse(peer.localDescription?.sdp ?? '');
  const m = local.media[0];
  const fp = m?.fingerprint ?? local.fingerprint;
  if (m === undefined || fp === undefined || m.iceUfrag === undefined || m.icePwd === undefined)
    throw new Error('werift answer lacks ICE/DTLS parameters');
  const transport: RtcGroupCallTransport = {
    transport: {
      ufrag: String(m.iceUfrag),
      pwd: String(m.icePwd),
      fingerprints: [{ hash: fp.type, setup: 'passive', fingerprint: fp.hash }],
      candidates: (m.candidates ?? [])
        .filter((c) => c.ip === LOOPBACK)
        .map((c, i) => ({
          generation: '0',
          component: String(c.component),
          protocol: c.transport.toLowerCase(),
          port: String(c.port),
          ip: c.ip,
          foundation: String(c.foundation),
          id: String(i + 1),
          priority: String(c.priority),
          type: c.type,
          network: '1',
        })),
    },
    audio: {
      'payload-types': [
        {
          id: OPUS_PT,
          name: 'opus',
          clockrate: 48000,
          channels: 2,
          parameters: { minptime: '10', useinbandfec: '1' },
          'rtcp-fbs': [{ type: 'transport-cc' }],
        },
      ],
      'rtp-hdrexts': [
        { id: AUDIO_LEVEL_ID, uri: audioLevel.uri },
        { id: TRANSPORT_CC_ID, uri: transportCc.uri },
      ],
    },
  };
  const received = new Map<number, number>();
  const echoAs = new Set<number>();
  const own = join.ssrc >>> 0;
  const dtls = (): RTCDtlsTransport => {
    const t = peer.dtlsTransports[0];
    if (t === undefined) throw new Error('no DTLS transport');
    return t;
  };
  dtls().onRtp.subscribe((packet) => {
    received.set(packet.header.ssrc, (received.get(packet.header.ssrc) ?? 0) + 1);
    if (packet.header.ssrc !== own) return;
    for (const ssrc of echoAs)
      void dtls().sendRtp(packet.payload, new RtpHeader({ ...packet.header, ssrc: ssrc >>> 0 }));
  });
  return { transportJson: JSON.stringify(transport), received, echoAs, close: () => peer.close() };
}
