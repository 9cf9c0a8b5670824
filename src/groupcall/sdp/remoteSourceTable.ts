// The m-line plan of one connection (pure, immutable): the browser's own m-lines first, then one m-line per remote
// source (SSRC → mid). Departed sources leave their m-line inactive (still declaring their SSRCs, so that they get it
// back if they return); later additions of the same kind reuse it.

import { parse } from 'sdp-transform';
import { isRejectedSection } from './isRejectedSection';
import { OfferError, SdpError } from './sdpError';
import { toUnsignedSsrc } from './ssrc';
import type { MediaKind, SsrcGroup } from './types';

/** An m-line the browser created (its own sender, or one it stopped). */
export interface LocalSlot {
  readonly owner: 'local';
  /** null for a stopped m-line written without `a=mid` (Firefox does that). */
  readonly mid: string | null;
  readonly kind: string;
  /** Port 0 (not bundle-only) in the browser's offer: answered and re-offered with port 0. */
  readonly rejected: boolean;
  /** The offer's format list, kept to write port-0 m-lines that still name formats. */
  readonly payloads: string;
}

/** A remote participant's stream as the table holds it: every SSRC unsigned, as SDP writes them. */
export interface RemoteSource {
  readonly kind: MediaKind;
  readonly ssrc: number;
  readonly ssrcGroups: readonly { readonly semantics: string; readonly sources: readonly number[] }[];
  /** msid stream id and cname: one per participant, so that audio and video of one person can be synchronised. */
  readonly streamId: string;
  readonly trackId: string;
}

/** A server→browser m-line; `source: null` means inactive and free for reuse. */
export interface RemoteSlot {
  readonly owner: 'remote';
  readonly mid: string;
  readonly kind: MediaKind;
  readonly source: RemoteSource | null;
  /** A free m-line: the SSRC of the source that left it last (it is not given that SSRC again: see withSourceChanges). */
  readonly left?: number;
  /** A free m-line: the source that left it, still declared (inactive) so that Chromium keeps its receive stream. */
  readonly parked?: RemoteSource;
}

export type Slot = LocalSlot | RemoteSlot;

export interface RemoteSourceTable {
  /** In m-line order. */
  readonly slots: readonly Slot[];
  /** The next mid to create, as a decimal: above every numeric mid seen, so never one the browser uses. */
  readonly nextMid: number;
}

/** What the engine knows of a remote source: SSRCs as Telegram gives them (signed) or unsigned. */
export interface RemoteSourceInput {
  ssrc: number;
  kind?: MediaKind;
  ssrcGroups?: SsrcGroup[];
  /** Defaults to one derived from the SSRC; pass the participant's peer id to group a person's audio and video. */
  streamId?: string;
}

export interface SourceChanges {
  add?: readonly RemoteSourceInput[];
  /** SSRCs (signed or unsigned) of sources that left; unknown ones are ignored. */
  remove?: readonly number[];
}

/** A table holding only the browser's own m-lines, as its (first) local offer lists them. */
export function remoteSourceTableFromOffer(offerSdp: string): RemoteSourceTable {
  return withLocalOffer({ slots: [], nextMid: 0 }, offerSdp);
}

/**
 * Lines a later local offer up with the table: m-lines already known must keep their position and mid; m-lines the
 * offer adds at the end become local slots.
 */
export function withLocalOffer(table: RemoteSourceTable, offerSdp: string): RemoteSourceTable {
  const media = parse(offerSdp).media ?? [];
  if (media.length < table.slots.length) {
    throw new OfferError('m=', `${media.length} m-lines, but ${table.slots.length} were negotiated before`);
  }
  let nextMid = table.nextMid;
  const slots = media.map((m, i): Slot => {
    const mid = m.mid === undefined ? null : String(m.mid);
    if (mid !== null && /^\d+$/.test(mid)) nextMid = Math.max(nextMid, Number(mid) + 1);
    const known = table.slots[i];
    if (known !== undefined && known.mid !== null && mid !== null && known.mid !== mid) {
      throw new SdpError(
        'mid-mismatch',
        'offer',
        `m-line ${i}`,
        `mid ${mid}, but mid ${known.mid} was negotiated there`,
      );
    }
    if (known !== undefined && known.kind !== m.type) {
      throw new SdpError(
        'mid-mismatch',
        'offer',
        `m-line ${i}`,
        `m=${m.type}, but m=${known.kind} was negotiated there`,
      );
    }
    if (known?.owner === 'remote') return known;
    return {
      owner: 'local',
      mid: mid ?? known?.mid ?? null,
      kind: m.type,
      rejected: isRejectedSection(m),
      payloads: String(m.payloads ?? ''),
    };
  });
  return { slots, nextMid };
}

/** The most remote m-lines per kind a table may hold (a bounded budget); a kind not named is unbounded. */
export type RemoteMlineLimits = Partial<Record<MediaKind, number>>;

/**
 * Applies a batch of arrivals and departures as one change (one renegotiation). Departures make their m-line inactive,
 * still declaring the source that left (parked) until another takes the m-line; a source that comes back gets its own
 * m-line back. Other arrivals take a free m-line of their kind that was already free before this batch (one declaring
 * no one first), else a new m-line at the end while the kind has fewer than `limits[kind]`, else one freed by this very
 * batch (that m-line then changes SSRC within one description, which Chromium 156 takes: the receiver stays and counts
 * the new SSRC). A source removed and added again in the same batch keeps its own m-line, untouched: a live SSRC never
 * changes m-line. With limits, the table never grows past them as long as the live sources of a kind stay within its
 * limit; an arrival beyond it still gets a new m-line (never a refusal).
 */
export function withSourceChanges(
  table: RemoteSourceTable,
  changes: SourceChanges,
  limits: RemoteMlineLimits = {},
): RemoteSourceTable {
  const slots = [...table.slots];
  const freedNow = new Set<number>();
  // Removed and added again in one batch (a change coalesced with its undoing): the source keeps its m-line. Chromium
  // refuses a description that moves a live SSRC to a lower mid ("Failed to set up audio demuxing": the SSRC is still
  // bound to its old m-line when the new one is set up), and after that refusal every later description too.
  const readded = new Set((changes.add ?? []).map((input) => `${input.kind ?? 'audio'} ${toUnsignedSsrc(input.ssrc)}`));
  for (const removed of changes.remove ?? []) {
    const ssrc = toUnsignedSsrc(removed);
    const index = slots.findIndex((s) => s.owner === 'remote' && s.source?.ssrc === ssrc);
    const slot = slots[index];
    if (slot?.owner !== 'remote' || readded.has(`${slot.kind} ${ssrc}`)) continue;
    // Still declared, inactive, until another source takes the m-line: Chromium then keeps the receive stream and the
    // receiver's track gets its frames again if the source comes back here.
    slots[index] = {
      owner: 'remote',
      mid: slot.mid,
      kind: slot.kind,
      source: null,
      left: ssrc,
      ...(slot.source === null ? {} : { parked: slot.source }),
    };
    freedNow.add(index);
  }
  let nextMid = table.nextMid;
  // Sources coming back to the m-line that still declares them go first, so that no newcomer of the batch takes it.
  const parkedHere = (input: RemoteSourceInput) =>
    slots.some((s) => s.owner === 'remote' && s.parked?.ssrc === toUnsignedSsrc(input.ssrc));
  const adds = [...(changes.add ?? [])];
  const ordered = [...adds.filter(parkedHere), ...adds.filter((a) => !parkedHere(a))];
  for (const input of ordered) {
    const source = remoteSourceOf(input);
    const live = liveSsrcs(slots);
    const held = slots.findIndex((s) => s.owner === 'remote' && s.source?.ssrc === source.ssrc);
    const holder = slots[held];
    if (holder?.owner === 'remote' && holder.kind === source.kind) {
      // Already there (updates may repeat): a changed description of it (its groups) is written on the same m-line.
      for (const ssrc of ssrcsOf(source)) {
        const owner = live.get(ssrc);
        if (owner !== undefined && owner !== source.ssrc) throw ssrcConflict(ssrc, owner);
      }
      slots[held] = { ...holder, source };
      continue;
    }
    if (live.get(source.ssrc) === source.ssrc) continue; // live as another kind: left as it is
    for (const ssrc of ssrcsOf(source)) {
      const owner = live.get(ssrc);
      if (owner !== undefined) throw ssrcConflict(ssrc, owner);
    }
    // Not the m-line this SSRC left, when another free one or a new one (within a limit) can take it: Chromium 156
    // decodes an SSRC given back to the m-line it left but no longer hands its frames to the receiver's track (a camera
    // turned off and on again showed no picture). Nor, likewise, one whose last SSRC is live on another m-line now (its
    // receiver may still act for that SSRC). Without a limit the table does not grow for it (legacy mode).
    const limit = limits[source.kind];
    const ofKind = slots.filter((s) => s.owner === 'remote' && s.kind === source.kind).length;
    const mayGrow = limit !== undefined && ofKind < limit;
    const isFree = (s: Slot) => s.owner === 'remote' && s.source === null && s.kind === source.kind;
    const notLeft = (s: Slot) =>
      s.owner === 'remote' && s.left !== source.ssrc && (s.left === undefined || !live.has(s.left));
    // A source that comes back gets the m-line it left (still declaring it); any other m-line still declaring one of
    // its SSRCs stops (an SSRC is declared once).
    let free = slots.findIndex((s) => isFree(s) && s.owner === 'remote' && s.parked?.ssrc === source.ssrc);
    const mine = new Set(ssrcsOf(source));
    slots.forEach((s, i) => {
      if (i !== free && s.owner === 'remote' && s.parked !== undefined && ssrcsOf(s.parked).some((x) => mine.has(x)))
        slots[i] = { owner: 'remote', mid: s.mid, kind: s.kind, source: null, left: s.left };
    });
    // Newcomers take an m-line that declares no one first (one still declaring a source that left stays its own while
    // another will do).
    if (free < 0)
      free = slots.findIndex(
        (s, i) => isFree(s) && !freedNow.has(i) && notLeft(s) && s.owner === 'remote' && s.parked === undefined,
      );
    if (free < 0) free = slots.findIndex((s, i) => isFree(s) && !freedNow.has(i) && notLeft(s));
    if (free < 0 && !mayGrow) free = slots.findIndex((s, i) => isFree(s) && !freedNow.has(i));
    if (free < 0 && limit !== undefined && ofKind >= limit) {
      free = slots.findIndex((s) => isFree(s) && notLeft(s));
      if (free < 0) free = slots.findIndex(isFree);
    }
    const slot = slots[free];
    if (slot?.owner === 'remote') {
      slots[free] = { owner: 'remote', mid: slot.mid, kind: slot.kind, source };
    } else {
      slots.push({ owner: 'remote', mid: String(nextMid), kind: source.kind, source });
      nextMid += 1;
    }
  }
  return { slots, nextMid };
}

function ssrcConflict(ssrc: number, owner: number): SdpError {
  return new SdpError('ssrc-conflict', 'source', `ssrc ${ssrc}`, `already declared by the source with ssrc ${owner}`);
}

/** The mid that carries an SSRC (signed or unsigned), if a live source has it. */
export function midOfSsrc(table: RemoteSourceTable, ssrc: number): string | undefined {
  const unsigned = toUnsignedSsrc(ssrc);
  for (const slot of table.slots) {
    if (slot.owner === 'remote' && slot.source !== null && ssrcsOf(slot.source).includes(unsigned)) return slot.mid;
  }
  return undefined;
}

export function liveSources(table: RemoteSourceTable): RemoteSource[] {
  return table.slots.flatMap((s) => (s.owner === 'remote' && s.source !== null ? [s.source] : []));
}

/** Every SSRC a source declares: its main SSRC and the members of its groups, once each. */
export function ssrcsOf(source: RemoteSource): number[] {
  return [...new Set([source.ssrc, ...source.ssrcGroups.flatMap((g) => g.sources)])];
}

function remoteSourceOf(input: RemoteSourceInput): RemoteSource {
  const ssrc = toUnsignedSsrc(input.ssrc);
  const ssrcGroups = (input.ssrcGroups ?? []).map((g) => ({
    semantics: g.semantics,
    sources: g.sources.map(toUnsignedSsrc),
  }));
  const streamId = input.streamId ?? `tg${ssrc}`;
  return { kind: input.kind ?? 'audio', ssrc, ssrcGroups, streamId, trackId: `${input.kind ?? 'audio'}${ssrc}` };
}

/** Map from every live SSRC to the main SSRC of the source that declares it. */
function liveSsrcs(slots: readonly Slot[]): Map<number, number> {
  const live = new Map<number, number>();
  for (const slot of slots) {
    if (slot.owner !== 'remote' || slot.source === null) continue;
    for (const ssrc of ssrcsOf(slot.source)) live.set(ssrc, slot.source.ssrc);
  }
  return live;
}
