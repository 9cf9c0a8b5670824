// Validates `phone.joinGroupCall.params` (the join JSON) as the SFU receives it: unknown input in, a checked JoinPayload
// plus what the SFU derives from it (the unsigned SSRC, who is the DTLS client) out. Any defect → JoinPayloadError.

import type { JoinFingerprint, JoinPayload, SsrcGroup } from '../../src/protocol';
import { JoinPayloadError, SfuError } from './errors';

/** Digest lengths in bytes of the fingerprint hashes RFC 8122 allows (and werift can check). */
const HASH_BYTES: Readonly<Record<string, number>> = {
  'sha-1': 20,
  'sha-224': 28,
  'sha-256': 32,
  'sha-384': 48,
  'sha-512': 64,
};
const ICE_CHARS = /^[A-Za-z0-9+/]+$/; // RFC 8839 ice-char
const MAX_FINGERPRINTS = 8;
const MAX_SSRC_GROUPS = 16;
const MAX_GROUP_SOURCES = 16;

/** The camera a join announces in its ssrc-groups (tgcalls: SIM of the layers' primaries, one FID [primary, rtx] per layer). */
export interface JoinVideo {
  /** The groups as joined (signed), for groupCallParticipantVideo.source_groups. */
  groups: SsrcGroup[];
  /** Every video SSRC, unsigned. */
  ssrcs: number[];
  /** Primary SSRCs of the layers in order (unsigned): the first is what receivers get. */
  primaries: number[];
}

/** Simulcast layers Telegram clients send at most (tgcalls: camera 3, screencast 2). */
const MAX_LAYERS = 3;

export interface ValidJoin {
  /** The payload as checked (SSRCs signed, groups defaulted to []). */
  payload: JoinPayload;
  /** The audio SSRC as on the wire (unsigned 32-bit). */
  ssrc: number;
  /** True when the client takes the DTLS client role (browsers: "active"); then the SFU answers "passive". */
  clientIsDtlsClient: boolean;
  /** The video the join can send, when its ssrc-groups announce one. */
  video: JoinVideo | null;
}

/** Parses the DataJSON text of `phone.joinGroupCall.params`. */
export function parseJoinPayloadJson(text: string): ValidJoin {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new JoinPayloadError('(json)', `not JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  return validateJoinPayload(value);
}

/**
 * Checks a join payload. A missing or zero SSRC is not a JSON defect in Telegram's eyes but "no usable source":
 * it throws SfuError 'ssrc-duplicate' (→ GROUPCALL_SSRC_DUPLICATE_MUCH), as Telegram answers.
 */
export function validateJoinPayload(value: unknown): ValidJoin {
  const root = record(value, '(root)');
  const ufrag = iceString(root.ufrag, 'ufrag', 4);
  const pwd = iceString(root.pwd, 'pwd', 22);
  const fingerprintList = list(root.fingerprints, 'fingerprints');
  if (fingerprintList.length === 0) throw new JoinPayloadError('fingerprints', 'is empty');
  if (fingerprintList.length > MAX_FINGERPRINTS)
    throw new JoinPayloadError('fingerprints', `more than ${MAX_FINGERPRINTS}`);
  const fingerprints = fingerprintList.map((f, i) => fingerprint(f, `fingerprints[${i}]`));
  const setups = new Set(fingerprints.map((f) => f.setup));
  if (setups.size > 1) throw new JoinPayloadError('fingerprints', `disagree on setup (${[...setups].join(', ')})`);

  if (root.ssrc === undefined || root.ssrc === null || root.ssrc === 0) {
    throw new SfuError('ssrc-duplicate', 'ssrc', 'no audio SSRC in the join payload');
  }
  const ssrc = ssrcNumber(root.ssrc, 'ssrc');
  const groups = root['ssrc-groups'] === undefined ? [] : list(root['ssrc-groups'], 'ssrc-groups');
  if (groups.length > MAX_SSRC_GROUPS) throw new JoinPayloadError('ssrc-groups', `more than ${MAX_SSRC_GROUPS}`);
  const ssrcGroups = groups.map((g, i) => ssrcGroup(g, `ssrc-groups[${i}]`));

  return {
    payload: { ufrag, pwd, fingerprints, ssrc: ssrc | 0, 'ssrc-groups': ssrcGroups },
    ssrc,
    clientIsDtlsClient: fingerprints[0].setup !== 'passive',
    video: videoOf(ssrcGroups, ssrc),
  };
}

function record(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new JoinPayloadError(at, 'is not an object');
  return value as Record<string, unknown>;
}

function list(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new JoinPayloadError(at, 'is not an array');
  return value;
}

function iceString(value: unknown, at: string, minLength: number): string {
  if (typeof value !== 'string') throw new JoinPayloadError(at, 'is not a string');
  if (value.length < minLength || value.length > 256)
    throw new JoinPayloadError(at, `length ${value.length} is outside ${minLength}..256`);
  if (!ICE_CHARS.test(value)) throw new JoinPayloadError(at, 'has characters outside ALPHA / DIGIT / "+" / "/"');
  return value;
}

function fingerprint(value: unknown, at: string): JoinFingerprint {
  const o = record(value, at);
  if (typeof o.hash !== 'string') throw new JoinPayloadError(`${at}.hash`, 'is not a string');
  const hash = o.hash.toLowerCase();
  const bytes = HASH_BYTES[hash];
  if (bytes === undefined)
    throw new JoinPayloadError(`${at}.hash`, `"${o.hash}" is not one of ${Object.keys(HASH_BYTES).join(', ')}`);
  const setup = o.setup;
  if (setup !== 'active' && setup !== 'passive' && setup !== 'actpass') {
    throw new JoinPayloadError(`${at}.setup`, `${JSON.stringify(setup)} is not active, passive or actpass`);
  }
  if (typeof o.fingerprint !== 'string') throw new JoinPayloadError(`${at}.fingerprint`, 'is not a string');
  const parts = o.fingerprint.split(':');
  if (parts.length !== bytes || !parts.every((p) => /^[0-9A-Fa-f]{2}$/.test(p))) {
    throw new JoinPayloadError(`${at}.fingerprint`, `is not ${bytes} colon-separated hex bytes (${hash})`);
  }
  return { hash, setup, fingerprint: o.fingerprint.toUpperCase() };
}

/** A 32-bit SSRC given signed (Telegram's JSON) or unsigned; returns it unsigned. */
function ssrcNumber(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 32) {
    throw new JoinPayloadError(at, `${JSON.stringify(value)} is not a 32-bit integer`);
  }
  return value >>> 0;
}

function ssrcGroup(value: unknown, at: string): SsrcGroup {
  const o = record(value, at);
  if (typeof o.semantics !== 'string' || !/^[A-Za-z0-9-]{1,32}$/.test(o.semantics)) {
    throw new JoinPayloadError(`${at}.semantics`, 'is not a token');
  }
  const sources = list(o.sources, `${at}.sources`);
  if (sources.length === 0 || sources.length > MAX_GROUP_SOURCES) {
    throw new JoinPayloadError(`${at}.sources`, `must hold 1..${MAX_GROUP_SOURCES} SSRCs`);
  }
  return { semantics: o.semantics, sources: sources.map((s, i) => ssrcNumber(s, `${at}.sources[${i}]`) | 0) };
}

/**
 * The video of a join's groups, checked: only SIM and FID; every FID group exactly [primary, rtx] (Chromium refuses any
 * other size, telegram-tt#299); with SIM, one FID per SIM member, in order; without SIM, one FID (one layer); no SSRC
 * twice and none equal to the audio SSRC. Any defect is DATA_JSON_INVALID (Telegram's answer to a join JSON it cannot
 * use; unverified for each case). No groups: no video.
 */
function videoOf(groups: SsrcGroup[], audioSsrc: number): JoinVideo | null {
  if (groups.length === 0) return null;
  const sims = groups.filter((g) => g.semantics === 'SIM');
  const fids = groups.filter((g) => g.semantics === 'FID');
  groups.forEach((g, i) => {
    if (g.semantics !== 'SIM' && g.semantics !== 'FID')
      throw new JoinPayloadError(`ssrc-groups[${i}].semantics`, `"${g.semantics}" is neither SIM nor FID`);
    if (g.semantics === 'FID' && g.sources.length !== 2)
      throw new JoinPayloadError(
        `ssrc-groups[${i}].sources`,
        `an FID group holds 2 SSRCs (video, rtx), not ${g.sources.length}`,
      );
  });
  if (sims.length > 1) throw new JoinPayloadError('ssrc-groups', 'more than one SIM group');
  const primaries =
    sims.length === 1 ? sims[0].sources.map((s) => s >>> 0) : fids.slice(0, 1).map((g) => g.sources[0] >>> 0);
  if (primaries.length === 0) throw new JoinPayloadError('ssrc-groups', 'no FID group');
  if (primaries.length > MAX_LAYERS)
    throw new JoinPayloadError('ssrc-groups', `a SIM group of ${primaries.length} layers (at most ${MAX_LAYERS})`);
  if (fids.length !== primaries.length)
    throw new JoinPayloadError('ssrc-groups', `${fids.length} FID groups for ${primaries.length} layers`);
  fids.forEach((g, i) => {
    if (g.sources[0] >>> 0 !== primaries[i])
      throw new JoinPayloadError('ssrc-groups', `FID group ${i} does not start with layer ${i}'s SSRC`);
  });
  const ssrcs = fids.flatMap((g) => g.sources.map((s) => s >>> 0));
  const seen = new Set<number>([audioSsrc]);
  for (const s of ssrcs) {
    if (s === 0) throw new JoinPayloadError('ssrc-groups', 'SSRC 0');
    if (seen.has(s)) throw new JoinPayloadError('ssrc-groups', `SSRC ${s} appears twice (or is the audio SSRC)`);
    seen.add(s);
  }
  return { groups: groups.map((g) => ({ semantics: g.semantics, sources: [...g.sources] })), ssrcs, primaries };
}
