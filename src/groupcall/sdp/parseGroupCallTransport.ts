// Parses the server's transport JSON (`updateGroupCallConnection.params`, a DataJSON string) as leniently as Telegram's
// own clients read it (tgcalls GroupJoinPayloadInternal.cpp, Web K / Web A types): what a connection cannot do without
// (ICE credentials, a DTLS fingerprint, candidates) throws a TransportJsonError naming the field; a part that is merely
// malformed (one payload type, one header extension, one rtcp-fb) is skipped and reported, never fatal for the rest.

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

/** A part of the JSON that was skipped, and why: reported so that a strange server is visible, not silently guessed around. */
export interface TransportJsonIssue {
  field: string;
  detail: string;
}

export interface ParseTransportOptions {
  /** Called for every skipped part (default: nothing). */
  onIgnored?(issue: TransportJsonIssue): void;
}

const MAX_PAYLOAD_TYPE = 127; // RTP payload types are 7 bits (RFC 3550)
const MAX_EXTENSION_ID = 255; // one-byte ids are 1..14, two-byte ids 1..255 (RFC 8285)

/**
 * tgcalls never reads `audio`: it always sends and receives opus 111 with ssrc-audio-level 1, abs-send-time 2 and
 * transport-cc 3 (GroupInstanceCustomImpl.cpp). A server answer without `audio` gets those numbers.
 */
export const TGCALLS_DEFAULT_AUDIO: TransportMedia = {
  'payload-types': [
    {
      id: 111,
      name: 'opus',
      clockrate: 48000,
      channels: 2,
      parameters: { minptime: '10', useinbandfec: '1' },
      'rtcp-fbs': [{ type: 'transport-cc' }],
    },
  ],
  'rtp-hdrexts': [
    { id: 1, uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level' },
    { id: 2, uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time' },
    { id: 3, uri: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01' },
  ],
};

/** A malformed part: thrown inside the parser and caught where the part can be skipped. */
class Skip extends Error {
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

export function parseGroupCallTransport(json: string, options: ParseTransportOptions = {}): GroupCallTransport {
  const ignore = (issue: TransportJsonIssue) => options.onIgnored?.(issue);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (cause) {
    throw new TransportJsonError('(json)', `not JSON: ${(cause as Error).message}`);
  }
  const root = required(() => object(value, '(root)'));
  if (root.stream !== undefined && root.stream !== false) {
    if (root.stream !== true) throw new TransportJsonError('stream', 'must be true or false when present');
    return root.rtmp === true ? { stream: true, rtmp: true } : { stream: true };
  }
  const transport = required(() => ice(root.transport, 'transport'));
  let audio = TGCALLS_DEFAULT_AUDIO;
  if (root.audio !== undefined && root.audio !== null) {
    const parsed = optional(() => media(root.audio, 'audio', ignore), ignore);
    if (parsed !== undefined && parsed['payload-types'].length > 0) audio = parsed;
    else ignore({ field: 'audio', detail: "no usable payload type: tgcalls' fixed audio numbers are used" });
  }
  if (root.video === undefined || root.video === null) return { transport, audio };
  const parsedVideo = optional(() => video(root.video, 'video', ignore), ignore);
  if (parsedVideo === undefined) return { transport, audio };
  if (parsedVideo['payload-types'].length === 0) {
    ignore({ field: 'video.payload-types', detail: 'no usable payload type: video is not available in this call' });
    return { transport, audio };
  }
  return { transport, audio, video: parsedVideo };
}

/** Runs a parser whose failure makes the whole JSON unusable: a Skip becomes a TransportJsonError. */
function required<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof Skip) throw new TransportJsonError(error.field, error.detail);
    throw error;
  }
}

/** Runs a parser whose failure only drops that part (reported). */
function optional<T>(parse: () => T, ignore: (issue: TransportJsonIssue) => void): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof Skip)) throw error;
    ignore({ field: error.field, detail: error.detail });
    return undefined;
  }
}

function ice(value: unknown, at: string): TransportIce {
  const o = object(value, at);
  const fingerprints = array(o.fingerprints, `${at}.fingerprints`).map((f, i) =>
    fingerprint(f, `${at}.fingerprints[${i}]`),
  );
  if (fingerprints.length === 0) throw new Skip(`${at}.fingerprints`, 'is empty');
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
    throw new Skip(`${at}.setup`, `"${setup}" is not active, passive or actpass`);
  }
  const fp = nonEmptyString(o.fingerprint, `${at}.fingerprint`);
  if (!/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2})+$/.test(fp)) throw new Skip(`${at}.fingerprint`, 'is not colon-separated hex');
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
  if (Number(c.port) > 65535) throw new Skip(`${at}.port`, `${c.port} is not a UDP/TCP port`);
  if (o['rel-addr'] !== undefined) c['rel-addr'] = nonEmptyString(o['rel-addr'], `${at}.rel-addr`);
  if (o['rel-port'] !== undefined) c['rel-port'] = decimal(o['rel-port'], `${at}.rel-port`);
  // ICE-TCP candidates say which side opens the connection (RFC 6544); tgcalls keeps it, and so do we.
  if (o.tcptype !== undefined) c.tcptype = nonEmptyString(o.tcptype, `${at}.tcptype`);
  return c;
}

/** Payload types and header extensions, each malformed or repeated entry skipped (tgcalls parseVideoInformation). */
function media(value: unknown, at: string, ignore: (issue: TransportJsonIssue) => void): TransportMedia {
  const o = object(value, at);
  const payloadTypes: TransportPayloadType[] = [];
  const entries = o['payload-types'] === undefined ? [] : array(o['payload-types'], `${at}.payload-types`);
  entries.forEach((entry, i) => {
    const parsed = optional(() => payloadType(entry, `${at}.payload-types[${i}]`, ignore), ignore);
    if (parsed === undefined) return;
    if (payloadTypes.some((p) => p.id === parsed.id))
      ignore({ field: `${at}.payload-types[${i}].id`, detail: `${parsed.id} appears twice; the first is kept` });
    else payloadTypes.push(parsed);
  });
  const extensions: TransportHeaderExtension[] = [];
  const extensionEntries =
    o['rtp-hdrexts'] === undefined || o['rtp-hdrexts'] === null ? [] : array(o['rtp-hdrexts'], `${at}.rtp-hdrexts`);
  extensionEntries.forEach((entry, i) => {
    const parsed = optional(() => headerExtension(entry, `${at}.rtp-hdrexts[${i}]`), ignore);
    if (parsed === undefined) return;
    if (extensions.some((e) => e.id === parsed.id))
      ignore({ field: `${at}.rtp-hdrexts[${i}].id`, detail: `${parsed.id} appears twice; the first is kept` });
    else extensions.push(parsed);
  });
  return { 'payload-types': payloadTypes, 'rtp-hdrexts': extensions };
}

function video(value: unknown, at: string, ignore: (issue: TransportJsonIssue) => void): TransportVideo {
  const o = object(value, at);
  const parsed: TransportVideo = { ...media(o, at, ignore), server_sources: [] };
  if (o.endpoint !== undefined && o.endpoint !== null) {
    const endpoint = optional(() => string(o.endpoint, `${at}.endpoint`), ignore);
    if (endpoint !== undefined && endpoint !== '') parsed.endpoint = endpoint;
  }
  if (Array.isArray(o.server_sources)) {
    o.server_sources.forEach((source, i) => {
      const ssrc = optional(() => integer(source, `${at}.server_sources[${i}]`, -(2 ** 31), 2 ** 32 - 1), ignore);
      if (ssrc !== undefined) parsed.server_sources.push(ssrc);
    });
  } else if (o.server_sources !== undefined && o.server_sources !== null) {
    ignore({ field: `${at}.server_sources`, detail: `expected an array, got ${kindOf(o.server_sources)}` });
  }
  return parsed;
}

function payloadType(value: unknown, at: string, ignore: (issue: TransportJsonIssue) => void): TransportPayloadType {
  const o = object(value, at);
  const p: TransportPayloadType = {
    id: integer(numeric(o.id), `${at}.id`, 0, MAX_PAYLOAD_TYPE),
    name: nonEmptyString(o.name, `${at}.name`),
    clockrate: integer(numeric(o.clockrate), `${at}.clockrate`, 1, Number.MAX_SAFE_INTEGER),
  };
  if (o.channels !== undefined && o.channels !== null) {
    const channels = optional(() => integer(numeric(o.channels), `${at}.channels`, 0, MAX_PAYLOAD_TYPE), ignore);
    // 0 is how some servers (and Web A's builder) say "not given"; SDP wants no channel count then.
    if (channels !== undefined && channels > 0) p.channels = channels;
  }
  const parameters = parametersOf(o.parameters, `${at}.parameters`, ignore);
  if (parameters !== undefined) p.parameters = parameters;
  if (o['rtcp-fbs'] !== undefined && o['rtcp-fbs'] !== null) {
    if (Array.isArray(o['rtcp-fbs'])) {
      const feedback = o['rtcp-fbs'].flatMap((f, i) => {
        const parsed = optional(() => rtcpFeedback(f, `${at}.rtcp-fbs[${i}]`), ignore);
        return parsed === undefined ? [] : [parsed];
      });
      p['rtcp-fbs'] = feedback;
    } else {
      ignore({ field: `${at}.rtcp-fbs`, detail: `expected an array, got ${kindOf(o['rtcp-fbs'])}` });
    }
  }
  return p;
}

/** `{minptime: "10"}`, `{minptime: 10}` (Web K's mocks), or `[]` (an empty PHP-style object, as Web K types it). */
function parametersOf(
  value: unknown,
  at: string,
  ignore: (issue: TransportJsonIssue) => void,
): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    if (value.length > 0) ignore({ field: at, detail: 'a non-empty array is not a parameter map' });
    return undefined;
  }
  if (typeof value !== 'object') {
    ignore({ field: at, detail: `expected an object, got ${kindOf(value)}` });
    return undefined;
  }
  const entries = Object.entries(value as Json).flatMap(([key, v]) => {
    const parsed = optional(() => scalar(v, `${at}.${key}`), ignore);
    return parsed === undefined ? [] : [[key, parsed] as const];
  });
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** `{type, subtype?}`; a type given as "nack pli" (Telegram iOS writes them so) is split as tgcalls does. */
function rtcpFeedback(value: unknown, at: string): { type: string; subtype?: string } {
  const o = object(value, at);
  const type = string(o.type, `${at}.type`).trim();
  if (o.subtype !== undefined && o.subtype !== null && o.subtype !== '') {
    if (type === '' || /\s/.test(type)) throw new Skip(`${at}.type`, `"${type}" with a subtype must be one word`);
    return { type, subtype: nonEmptyString(o.subtype, `${at}.subtype`) };
  }
  const words = type.split(/\s+/).filter((word) => word !== '');
  if (words.length === 1) return { type: words[0] };
  if (words.length === 2) return { type: words[0], subtype: words[1] };
  throw new Skip(`${at}.type`, words.length === 0 ? 'is empty' : `"${type}" is not "type" or "type subtype"`);
}

function headerExtension(value: unknown, at: string): TransportHeaderExtension {
  const o = object(value, at);
  return { id: integer(numeric(o.id), `${at}.id`, 1, MAX_EXTENSION_ID), uri: nonEmptyString(o.uri, `${at}.uri`) };
}

// ---- primitives: each throws Skip, which the caller turns into a skipped part or a TransportJsonError ------------

function object(value: unknown, at: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Skip(at, `expected an object, got ${kindOf(value)}`);
  return value as Json;
}

function array(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new Skip(at, `expected an array, got ${kindOf(value)}`);
  return value;
}

function string(value: unknown, at: string): string {
  if (typeof value !== 'string') throw new Skip(at, `expected a string, got ${kindOf(value)}`);
  return value;
}

function nonEmptyString(value: unknown, at: string): string {
  const s = string(value, at);
  if (s.trim() === '') throw new Skip(at, 'is empty');
  if (/\s/.test(s)) throw new Skip(at, 'contains white space');
  return s;
}

/** A decimal field that the wire carries as a string (numbers are accepted and kept as their decimal string). */
function decimal(value: unknown, at: string): string {
  const s = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : string(value, at);
  if (!/^\d+$/.test(s)) throw new Skip(at, `"${s}" is not a decimal number`);
  return s;
}

/** Numbers that some servers quote ("111", as Jitsi-style colibri JSON does) are read as numbers. */
function numeric(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
}

function integer(value: unknown, at: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new Skip(at, `expected an integer, got ${kindOf(value)}`);
  if (value < min || value > max) throw new Skip(at, `${value} is outside ${min}..${max}`);
  return value;
}

function scalar(value: unknown, at: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new Skip(at, `expected a string or number, got ${kindOf(value)}`);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
