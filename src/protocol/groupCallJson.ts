// Wire shapes of a Telegram group call's WebRTC signalling: the join JSON the client sends
// (`phone.joinGroupCall.params`) and the transport JSON the server answers (`updateGroupCallConnection.params`).
// Shared by the client engine (src/groupcall) and the local server's SFU (emulator/sfu): neither reaches into the other.

/** `a=fingerprint` as Telegram's JSON spells it. */
export interface JoinFingerprint {
  hash: string; // "sha-256"
  setup: 'active' | 'passive' | 'actpass';
  fingerprint: string; // "AB:CD:…"
}

export interface SsrcGroup {
  semantics: string; // "FID", "SIM"
  sources: number[]; // signed int32, as in the join JSON
}

/** `phone.joinGroupCall.params`: the client's ICE/DTLS identity and its audio SSRC. */
export interface JoinPayload {
  ufrag: string;
  pwd: string;
  fingerprints: JoinFingerprint[];
  /** The audio SSRC as a SIGNED int32: SSRCs ≥ 2^31 are negative. */
  ssrc: number;
  'ssrc-groups': SsrcGroup[];
}

/** An ICE candidate of the server; every field is a string on the wire. */
export interface TransportCandidate {
  generation: string;
  component: string;
  protocol: string;
  port: string;
  ip: string;
  foundation: string;
  id: string;
  priority: string;
  type: string;
  network: string;
  'rel-addr'?: string;
  'rel-port'?: string;
  /** ICE-TCP: active, passive or so (RFC 6544). */
  tcptype?: string;
}

export interface TransportIce {
  ufrag: string;
  pwd: string;
  fingerprints: JoinFingerprint[];
  candidates: TransportCandidate[];
}

export interface TransportPayloadType {
  id: number;
  name: string;
  clockrate: number;
  channels?: number;
  parameters?: Record<string, string>;
  'rtcp-fbs'?: { type: string; subtype?: string }[];
}

export interface TransportHeaderExtension {
  id: number;
  uri: string;
}

/** Codecs and header extensions of one media kind, numbered by the server. */
export interface TransportMedia {
  'payload-types': TransportPayloadType[];
  'rtp-hdrexts': TransportHeaderExtension[];
}

export interface TransportVideo extends TransportMedia {
  /** The server's own endpoint id (tgcalls reads it when present; Web K types it required, the server may omit it). */
  endpoint?: string;
  /** The server's bandwidth-probing SSRCs; empty when the server sends none. */
  server_sources: number[];
}

/** A WebRTC call: the browser connects to the server's ICE-lite transport. */
export interface RtcGroupCallTransport {
  transport: TransportIce;
  audio: TransportMedia;
  video?: TransportVideo;
}

/** A stream call (big channel or RTMP): no WebRTC, media comes as chunks through `upload.getFile`. */
export interface StreamGroupCallTransport {
  stream: true;
  rtmp?: true;
}

export type GroupCallTransport = RtcGroupCallTransport | StreamGroupCallTransport;

export function isStreamTransport(transport: GroupCallTransport): transport is StreamGroupCallTransport {
  return 'stream' in transport && transport.stream === true;
}

export type MediaKind = 'audio' | 'video';
