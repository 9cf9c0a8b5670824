// Parses and validates the server's transport JSON (`updateGroupCallConnection.params`, a DataJSON string).
// Bad server JSON throws a TransportJsonError naming the field path, so a broken server is reported, not guessed around.

import { TransportJsonError } from './sdpError';
import type {
  GroupCallTransport,
  JoinFingerprint,
  TransportCandidate,
  TransportHeaderExtension,
  TransportIce,
  TransportMedia,
  TransportPayloadType,
  TransportVideo,
} from './types';

type Json = Record<string, unknown>;

const MAX_PAYLOAD_TYPE = 127; // RTP payload types are 7 bits (RFC 3550)
const MAX_EXTENSION_ID = 255; // one-byte ids are 1..14, two-byte ids 1..255 (RFC 8285)

export function parseGroupCallTransport(json: string): GroupCallTransport {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new TransportJsonError('(json)', `not JSON: ${(cause as Error).message}`);
  }
  const root = object(value, '(root)');
  if (root.stream !== undefined) {
    if (root.stream !== true) throw new TransportJsonError('stream', 'must be true when present');
    if (root.rtmp !== undefined && root.rtmp !== true) throw new TransportJsonError('rtmp', 'must be true when present');
    return root.rtmp === true ? { stream: true, rtmp: true } : { stream: true };
  }
  const transport = ice(root.transport, 'transport');
  const audio = media(root.audio, 'audio');
  if (root.video === undefined || root.video === null) return { transport, audio };
  return { transport, audio, video: video(root.video, 'video') };
}

function ice(value: unknown, at: string): TransportIce {
  const o = object(value, at);
  const fingerprints = array(o.fingerprints, `${at}.fingerprints`).map((f, i) => fingerprint(f, `${at}.fingerprints[${i}]`));
  if (fingerprints.length === 0) throw new TransportJsonError(`${at}.fingerprints`, 'is empty');
  return {
    ufrag: nonEmptyString(o.ufrag, `${at}.ufrag`),
    pwd: nonEmptyString(o.pwd, `${at}.pwd`),
    fingerprints,
    candidates: array(o.candidates, `${at}.candidates`).map((c, i) => candidate(c, `${at}.candidates[${i}]`)),
  };
}

function fingerprint(value: unknown, at: string): JoinFingerprint {
  const o = object(value, at);
  const setup = nonEmptyString(o.setup, `${at}.setup`);
  if (setup !== 'active' && setup !== 'passive' && setup !== 'actpass') {
    throw new TransportJsonError(`${at}.setup`, `"${setup}" is not active, passive or actpass`);
  }
  const fp = nonEmptyString(o.fingerprint, `${at}.fingerprint`);
  if (!/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})+$/.test(fp)) throw new TransportJsonError(`${at}.fingerprint`, 'is not colon-separated hex');
  return { hash: nonEmptyString(o.hash, `${at}.hash`), setup, fingerprint: fp };
}

function candidate(value: unknown, at: string): TransportCandidate {
  const o = object(value, at);
  const c: TransportCandidate = {
    generation: decimal(o.generation ?? '0', `${at}.generation`),
    component: decimal(o.component, `${at}.component`),
    protocol: nonEmptyString(o.protocol, `${at}.protocol`),
    port: decimal(o.port, `${at}.port`),
    ip: nonEmptyString(o.ip, `${at}.ip`),
    foundation: nonEmptyString(o.foundation, `${at}.foundation`),
    id: o.id === undefined ? '' : string(o.id, `${at}.id`),
    priority: decimal(o.priority, `${at}.priority`),
    type: nonEmptyString(o.type, `${at}.type`),
    network: o.network === undefined ? '' : decimal(o.network, `${at}.network`),
  };
  if (Number(c.port) > 65535) throw new TransportJsonError(`${at}.port`, `${c.port} is not a UDP/TCP port`);
  if (o['rel-addr'] !== undefined) c['rel-addr'] = nonEmptyString(o['rel-addr'], `${at}.rel-addr`);
  if (o['rel-port'] !== undefined) c['rel-port'] = decimal(o['rel-port'], `${at}.rel-port`);
  return c;
}

function media(value: unknown, at: string): TransportMedia {
  const o = object(value, at);
  const payloadTypes = array(o['payload-types'], `${at}.payload-types`).map((p, i) => payloadType(p, `${at}.payload-types[${i}]`));
  if (payloadTypes.length === 0) throw new TransportJsonError(`${at}.payload-types`, 'is empty');
  unique(payloadTypes.map((p) => p.id), `${at}.payload-types`, 'id');
  const hdrexts = o['rtp-hdrexts'] === undefined ? [] : array(o['rtp-hdrexts'], `${at}.rtp-hdrexts`).map((e, i) => headerExtension(e, `${at}.rtp-hdrexts[${i}]`));
  unique(hdrexts.map((e) => e.id), `${at}.rtp-hdrexts`, 'id');
  return { 'payload-types': payloadTypes, 'rtp-hdrexts': hdrexts };
}

function video(value: unknown, at: string): TransportVideo {
  const o = object(value, at);
  return {
    ...media(o, at),
    endpoint: string(o.endpoint, `${at}.endpoint`),
    server_sources: array(o.server_sources, `${at}.server_sources`).map((s, i) => integer(s, `${at}.server_sources[${i}]`, -(2 ** 31), 2 ** 32 - 1)),
  };
}

function payloadType(value: unknown, at: string): TransportPayloadType {
  const o = object(value, at);
  const p: TransportPayloadType = {
    id: integer(o.id, `${at}.id`, 0, MAX_PAYLOAD_TYPE),
    name: nonEmptyString(o.name, `${at}.name`),
    clockrate: integer(o.clockrate, `${at}.clockrate`, 1, Number.MAX_SAFE_INTEGER),
  };
  if (o.channels !== undefined) p.channels = integer(o.channels, `${at}.channels`, 1, MAX_PAYLOAD_TYPE);
  if (o.parameters !== undefined) {
    const params = object(o.parameters, `${at}.parameters`);
    p.parameters = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, scalar(v, `${at}.parameters.${k}`)]));
  }
  if (o['rtcp-fbs'] !== undefined) {
    p['rtcp-fbs'] = array(o['rtcp-fbs'], `${at}.rtcp-fbs`).map((f, i) => {
      const fb = object(f, `${at}.rtcp-fbs[${i}]`);
      const type = nonEmptyString(fb.type, `${at}.rtcp-fbs[${i}].type`);
      return fb.subtype === undefined || fb.subtype === '' ? { type } : { type, subtype: string(fb.subtype, `${at}.rtcp-fbs[${i}].subtype`) };
    });
  }
  return p;
}

function headerExtension(value: unknown, at: string): TransportHeaderExtension {
  const o = object(value, at);
  return { id: integer(o.id, `${at}.id`, 1, MAX_EXTENSION_ID), uri: nonEmptyString(o.uri, `${at}.uri`) };
}

// ---- primitives -------------------------------------------------------------------------------------------------

function object(value: unknown, at: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TransportJsonError(at, `expected an object, got ${kindOf(value)}`);
  return value as Json;
}

function array(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new TransportJsonError(at, `expected an array, got ${kindOf(value)}`);
  return value;
}

function string(value: unknown, at: string): string {
  if (typeof value !== 'string') throw new TransportJsonError(at, `expected a string, got ${kindOf(value)}`);
  return value;
}

function nonEmptyString(value: unknown, at: string): string {
  const s = string(value, at);
  if (s.trim() === '') throw new TransportJsonError(at, 'is empty');
  if (/\s/.test(s)) throw new TransportJsonError(at, 'contains white space');
  return s;
}

/** A decimal field that the wire carries as a string (numbers are accepted and kept as their decimal string). */
function decimal(value: unknown, at: string): string {
  const s = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : string(value, at);
  if (!/^\d+$/.test(s)) throw new TransportJsonError(at, `"${s}" is not a decimal number`);
  return s;
}

function integer(value: unknown, at: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TransportJsonError(at, `expected an integer, got ${kindOf(value)}`);
  if (value < min || value > max) throw new TransportJsonError(at, `${value} is outside ${min}..${max}`);
  return value;
}

function scalar(value: unknown, at: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new TransportJsonError(at, `expected a string or number, got ${kindOf(value)}`);
}

function unique(ids: number[], at: string, what: string): void {
  const seen = new Set<number>();
  for (const id of ids) {
    if (seen.has(id)) throw new TransportJsonError(at, `${what} ${id} appears twice`);
    seen.add(id);
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
