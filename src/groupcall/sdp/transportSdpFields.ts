// Converts the server's transport JSON into sdp-transform fields: codecs (rtpmap, fmtp, rtcp-fb), header extensions,
// ICE credentials, DTLS fingerprint/role and candidates. Every number written here comes from the JSON.

import type { MediaAttributes, MediaDescription, SharedAttributes } from 'sdp-transform';
import type { RtcGroupCallTransport, TransportMedia, TransportPayloadType } from './types';

export interface CodecFields {
  payloads: string;
  rtp: MediaAttributes['rtp'];
  fmtp: MediaAttributes['fmtp'];
  rtcpFb: NonNullable<MediaAttributes['rtcpFb']>;
}

/** rtpmap/fmtp/rtcp-fb lines for the given payload types, in the server's order. */
export function codecFields(payloadTypes: readonly TransportPayloadType[]): CodecFields {
  const fields: CodecFields = { payloads: payloadTypes.map((p) => p.id).join(' '), rtp: [], fmtp: [], rtcpFb: [] };
  for (const p of payloadTypes) {
    fields.rtp.push(
      p.channels === undefined
        ? { payload: p.id, codec: p.name, rate: p.clockrate }
        : { payload: p.id, codec: p.name, rate: p.clockrate, encoding: p.channels },
    );
    const parameters = Object.entries(p.parameters ?? {});
    if (parameters.length > 0)
      fields.fmtp.push({ payload: p.id, config: parameters.map(([k, v]) => `${k}=${v}`).join(';') });
    for (const fb of p['rtcp-fbs'] ?? [])
      fields.rtcpFb.push(
        fb.subtype === undefined
          ? { payload: p.id, type: fb.type }
          : { payload: p.id, type: fb.type, subtype: fb.subtype },
      );
  }
  return fields;
}

export function extensionFields(media: Pick<TransportMedia, 'rtp-hdrexts'>): NonNullable<SharedAttributes['ext']> {
  return media['rtp-hdrexts'].map((e) => ({ value: e.id, uri: e.uri }));
}

/** ICE and DTLS attributes of every bundled m-line; `setup` is the server's role from its fingerprint. */
export function transportAttributes(
  transport: RtcGroupCallTransport,
): Pick<MediaDescription, 'iceUfrag' | 'icePwd' | 'fingerprint' | 'setup'> {
  const fingerprints = transport.transport.fingerprints;
  // sdp-transform writes one fingerprint per section; browsers all verify sha-256, so prefer it.
  const chosen = fingerprints.find((f) => f.hash.toLowerCase() === 'sha-256') ?? fingerprints[0];
  return {
    iceUfrag: transport.transport.ufrag,
    icePwd: transport.transport.pwd,
    fingerprint: { type: chosen.hash, hash: chosen.fingerprint },
    setup: chosen.setup,
  };
}

export function candidateFields(transport: RtcGroupCallTransport): NonNullable<MediaDescription['candidates']> {
  return transport.transport.candidates.map((c) => {
    const candidate: NonNullable<MediaDescription['candidates']>[number] = {
      foundation: c.foundation,
      component: Number(c.component),
      transport: c.protocol,
      priority: Number(c.priority),
      ip: c.ip,
      port: Number(c.port),
      type: c.type,
      generation: Number(c.generation),
    };
    if (c['rel-addr'] !== undefined) candidate.raddr = c['rel-addr'];
    if (c['rel-port'] !== undefined) candidate.rport = Number(c['rel-port']);
    if (c.tcptype !== undefined) candidate.tcptype = c.tcptype;
    if (c.network !== '') candidate['network-id'] = Number(c.network);
    return candidate;
  });
}
