// Builds the m-sections of the remote description from the transport JSON: the browser's own m-lines as the server
// answers/re-offers them, remote sources' m-lines (server → browser), and rejected (port 0) m-lines.

import type { MediaDescription } from 'sdp-transform';
import { isRejectedSection } from './isRejectedSection';
import type { LocalSlot, RemoteSlot } from './remoteSourceTable';
import { ssrcsOf } from './remoteSourceTable';
import { SdpError } from './sdpError';
import { codecFields, extensionFields, transportAttributes } from './transportSdpFields';
import type { RtcGroupCallTransport, TransportMedia, TransportPayloadType } from './types';

/** RFC 8839 §4.2.1 / JSEP: m-lines of a bundled, ICE-negotiated transport carry the discard port. */
const DISCARD_PORT = 9;
const RTP_PROFILE = 'UDP/TLS/RTP/SAVPF';
/** The data channel's m-line (RFC 8841): SCTP over the same DTLS, port 5000 as Web A and tgcalls use. */
const SCTP_PROFILE = 'UDP/DTLS/SCTP';
const SCTP_PORT = 5000;
const MAX_MESSAGE_SIZE = 262_144;

type Direction = NonNullable<MediaDescription['direction']>;

export function transportMediaOf(transport: RtcGroupCallTransport, kind: string): TransportMedia | undefined {
  if (kind === 'audio') return transport.audio;
  if (kind === 'video') return transport.video;
  return undefined;
}

/** A rejected m-line: port 0, inactive, outside BUNDLE. Keeps the mid (if any) and the format list. */
export function rejectedSection(
  kind: string,
  mid: string | null,
  payloads: string,
  protocol = RTP_PROFILE,
): MediaDescription {
  const section: MediaDescription = {
    type: kind,
    port: 0,
    protocol,
    payloads,
    connection: { version: 4, ip: '0.0.0.0' },
    rtp: [],
    fmtp: [],
    direction: 'inactive',
  };
  if (mid !== null) section.mid = mid;
  return section;
}

/** An m-line numbered entirely by the server: its payload types and header extensions. */
function serverSection(
  transport: RtcGroupCallTransport,
  kind: string,
  mid: string,
  payloadTypes: readonly TransportPayloadType[],
  extensions: TransportMedia['rtp-hdrexts'],
  direction: Direction,
  protocol: string,
): MediaDescription {
  const codecs = codecFields(payloadTypes);
  return {
    type: kind,
    port: DISCARD_PORT,
    protocol,
    payloads: codecs.payloads,
    connection: { version: 4, ip: '0.0.0.0' },
    ...transportAttributes(transport),
    mid,
    ext: extensionFields({ 'rtp-hdrexts': extensions }),
    direction,
    rtcpMux: 'rtcp-mux',
    rtp: codecs.rtp,
    fmtp: codecs.fmtp,
    ...(codecs.rtcpFb.length > 0 ? { rtcpFb: codecs.rtcpFb } : {}),
  };
}

/** Whether an m-line is the browser's data channel (SCTP over DTLS, the only application m-line a call has). */
function isDataChannel(m: { type: string; protocol?: string }): boolean {
  return m.type === 'application' && (m.protocol === undefined || m.protocol.toUpperCase().includes('SCTP'));
}

/**
 * The data channel's m-line on the server's side (Telegram's call servers speak SCTP on it: the colibri messages such as
 * ReceiverVideoConstraints travel there). Same transport as every bundled m-line.
 */
function dataChannelSection(transport: RtcGroupCallTransport, mid: string): MediaDescription {
  return {
    type: 'application',
    port: DISCARD_PORT,
    protocol: SCTP_PROFILE,
    payloads: 'webrtc-datachannel',
    connection: { version: 4, ip: '0.0.0.0' },
    ...transportAttributes(transport),
    mid,
    sctpPort: SCTP_PORT,
    maxMessageSize: MAX_MESSAGE_SIZE,
    rtp: [],
    fmtp: [],
  };
}

/**
 * The server's answer to one of the browser's own m-lines in its offer: the server's codecs and extensions that the
 * offer also lists, under the server's numbers; the server only receives on it.
 */
export function localSectionForAnswer(
  transport: RtcGroupCallTransport,
  offered: MediaDescription,
  index: number,
): MediaDescription {
  const mid = offered.mid === undefined ? null : String(offered.mid);
  if (mid !== null && !isRejectedSection(offered) && isDataChannel(offered)) return dataChannelSection(transport, mid);
  const media = transportMediaOf(transport, offered.type);
  if (isRejectedSection(offered) || mid === null || media === undefined)
    return rejectedSection(offered.type, mid, String(offered.payloads ?? ''), offered.protocol);
  const { payloadTypes, extensions } = answeredNumbers(media, offered, `m-line ${index} (mid ${mid})`);
  return serverSection(
    transport,
    offered.type,
    mid,
    payloadTypes,
    extensions,
    answerDirection(offered.direction, 'receive'),
    offered.protocol,
  );
}

/** The browser's own m-line in a server offer: the server receives on it; the browser's answer says whether it sends. */
export function localSectionForOffer(transport: RtcGroupCallTransport, slot: LocalSlot): MediaDescription {
  if (!slot.rejected && slot.mid !== null && slot.kind === 'application')
    return dataChannelSection(transport, slot.mid);
  const media = transportMediaOf(transport, slot.kind);
  if (slot.rejected || slot.mid === null || media === undefined)
    return rejectedSection(slot.kind, slot.mid, slot.payloads);
  return serverSection(
    transport,
    slot.kind,
    slot.mid,
    media['payload-types'],
    media['rtp-hdrexts'],
    'recvonly',
    RTP_PROFILE,
  );
}

/**
 * A remote source's m-line: the server sends that source's SSRC(s) on it, declared with cname and msid. A free slot is
 * inactive and declares the source that left it, if any. `offered` is the browser's own view of the m-line when answering its re-offer.
 */
export function remoteSection(
  transport: RtcGroupCallTransport,
  slot: RemoteSlot,
  offered?: MediaDescription,
): MediaDescription {
  const media = transportMediaOf(transport, slot.kind);
  if (media === undefined) {
    throw new SdpError(
      'source-kind-unsupported',
      'transport',
      slot.kind,
      `the transport has no ${slot.kind} parameters for mid ${slot.mid}`,
    );
  }
  if (offered !== undefined && isRejectedSection(offered))
    return rejectedSection(slot.kind, slot.mid, String(offered.payloads ?? ''), offered.protocol);
  const source = slot.source;
  const sending: Direction = source === null ? 'inactive' : 'sendonly';
  const direction =
    offered === undefined ? sending : source === null ? 'inactive' : answerDirection(offered.direction, 'send');
  const { payloadTypes, extensions } =
    offered === undefined
      ? { payloadTypes: media['payload-types'], extensions: media['rtp-hdrexts'] }
      : answeredNumbers(media, offered, `mid ${slot.mid}`);
  const section = serverSection(
    transport,
    slot.kind,
    slot.mid,
    payloadTypes,
    extensions,
    direction,
    offered?.protocol ?? RTP_PROFILE,
  );
  // A free m-line still declares the source that left it (RemoteSlot.parked), inactive.
  const declared = source ?? slot.parked ?? null;
  if (declared === null) return section;
  section.msid = [{ id: declared.streamId, appdata: declared.trackId }];
  section.ssrcs = ssrcsOf(declared).flatMap((id) => [
    { id, attribute: 'cname', value: declared.streamId },
    { id, attribute: 'msid', value: `${declared.streamId} ${declared.trackId}` },
  ]);
  if (declared.ssrcGroups.length > 0)
    section.ssrcGroups = declared.ssrcGroups.map((g) => ({ semantics: g.semantics, ssrcs: g.sources.join(' ') }));
  return section;
}

/** What an answer may carry: the server's codecs and extensions that the offered m-line also lists, server-numbered. */
function answeredNumbers(
  media: TransportMedia,
  offered: MediaDescription,
  where: string,
): {
  payloadTypes: TransportPayloadType[];
  extensions: TransportMedia['rtp-hdrexts'];
} {
  const payloadTypes = commonPayloadTypes(media['payload-types'], offered);
  if (payloadTypes.length === 0) {
    throw new SdpError(
      'no-common-codec',
      'offer',
      where,
      `none of the server's ${offered.type} codecs (${media['payload-types'].map((p) => p.name).join(', ')}) is offered`,
    );
  }
  const offeredUris = new Set((offered.ext ?? []).map((e) => e.uri));
  return { payloadTypes, extensions: media['rtp-hdrexts'].filter((e) => offeredUris.has(e.uri)) };
}

/** The server's payload types whose codec the offered m-line also lists (rtx only for an included primary codec). */
function commonPayloadTypes(
  server: readonly TransportPayloadType[],
  offered: MediaDescription,
): TransportPayloadType[] {
  const offeredCodecs = offered.rtp ?? [];
  const primary = server.filter((p) => !isRtx(p) && offeredCodecs.some((r) => sameCodec(p, r)));
  const primaryIds = new Set(primary.map((p) => String(p.id)));
  const offersRtx = offeredCodecs.some((r) => r.codec.toLowerCase() === 'rtx');
  const rtx = server.filter((p) => isRtx(p) && offersRtx && primaryIds.has(p.parameters?.apt ?? ''));
  return server.filter((p) => primary.includes(p) || rtx.includes(p));
}

function isRtx(p: TransportPayloadType): boolean {
  return p.name.toLowerCase() === 'rtx';
}

function sameCodec(p: TransportPayloadType, r: MediaDescription['rtp'][number]): boolean {
  return (
    p.name.toLowerCase() === r.codec.toLowerCase() && p.clockrate === r.rate && (p.channels ?? 1) === (r.encoding ?? 1)
  );
}

/** What the server does on an m-line, intersected with what the browser's offer allows. */
function answerDirection(offered: MediaDescription['direction'], server: 'send' | 'receive'): Direction {
  const browser = offered ?? 'sendrecv';
  if (server === 'receive') return browser === 'sendrecv' || browser === 'sendonly' ? 'recvonly' : 'inactive';
  return browser === 'sendrecv' || browser === 'recvonly' ? 'sendonly' : 'inactive';
}
