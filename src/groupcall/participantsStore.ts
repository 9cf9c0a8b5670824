// The participants of one call, kept in step with Telegram's versioned updates (as Telegram Desktop does): an update
// with a `versioned` participant moves the version by one and needs the one before it; others carry the current version.
// Gaps are queued until filled or until the caller reloads the list; duplicates and stale updates are dropped. No timers
// here: the caller decides how long to wait for a gap.

import type { TypeGroupCallParticipant } from '../telegram/tl/api.generated';
import { callParticipantOf, type CallParticipant } from './callParticipant';

export interface ParticipantsDelta {
  /** Participants that arrived or changed, after the change. */
  changed: CallParticipant[];
  /** Participants that left, as they were. */
  removed: CallParticipant[];
}

export type UpdateStatus = 'applied' | 'queued' | 'stale';

interface QueuedUpdate {
  version: number;
  required: number;
  participants: TypeGroupCallParticipant[];
}

/** Bound on updates waiting for a gap; past it the oldest are dropped (the reload that follows brings them anyway). */
const MAX_QUEUED = 500;

export class ParticipantsStore {
  private readonly byPeer = new Map<string, CallParticipant>();
  private queued: QueuedUpdate[] = [];
  private currentVersion: number | null = null;

  /** null until the first full load. */
  get version(): number | null {
    return this.currentVersion;
  }

  get size(): number {
    return this.byPeer.size;
  }

  /** Updates waiting for a missing version (or for the first load). */
  get hasQueued(): boolean {
    return this.queued.length > 0;
  }

  get(peerId: string): CallParticipant | undefined {
    return this.byPeer.get(peerId);
  }

  all(): CallParticipant[] {
    return [...this.byPeer.values()];
  }

  /** The participant whose audio source is `ssrc` (signed or unsigned). */
  bySource(ssrc: number): CallParticipant | undefined {
    const signed = ssrc | 0;
    for (const p of this.byPeer.values()) if (p.source !== 0 && p.source === signed) return p;
    return undefined;
  }

  /** Replaces the whole list with a fresh load at `version`, then applies the queued updates that follow it. */
  reset(list: readonly TypeGroupCallParticipant[], version: number): ParticipantsDelta {
    const fresh = new Map<string, CallParticipant>();
    for (const raw of list) {
      if (raw.left === true) continue;
      const p = callParticipantOf(raw);
      fresh.set(p.peerId, p);
    }
    const delta: ParticipantsDelta = { changed: [], removed: [] };
    for (const [peerId, old] of this.byPeer) if (!fresh.has(peerId)) delta.removed.push(old);
    this.byPeer.clear();
    for (const [peerId, p] of fresh) {
      this.byPeer.set(peerId, p);
      delta.changed.push(p);
    }
    this.currentVersion = version;
    return merge(delta, this.drain());
  }

  /**
   * Participants that did not come with a version (phone.getGroupParticipants by source, a page of a load): merged in,
   * the version untouched.
   */
  merge(list: readonly TypeGroupCallParticipant[]): ParticipantsDelta {
    const delta: ParticipantsDelta = { changed: [], removed: [] };
    for (const raw of list) this.applyOne(raw, delta);
    return delta;
  }

  /** One updateGroupCallParticipants. */
  applyUpdate(
    participants: readonly TypeGroupCallParticipant[],
    version: number,
  ): { status: UpdateStatus; delta: ParticipantsDelta } {
    const increments = participants.some((p) => p.versioned === true);
    const required = increments ? version - 1 : version;
    const empty: ParticipantsDelta = { changed: [], removed: [] };
    if (this.currentVersion === null || this.currentVersion < required) {
      this.queued.push({ version, required, participants: [...participants] });
      if (this.queued.length > MAX_QUEUED) this.queued.shift();
      return { status: 'queued', delta: empty };
    }
    if (this.currentVersion > required) return { status: 'stale', delta: empty };
    const delta = this.applyNow(participants, version);
    return { status: 'applied', delta: merge(delta, this.drain()) };
  }

  /** Drops the queued updates (before a reload that makes them moot). */
  clearQueued(): void {
    this.queued = [];
  }

  private applyNow(participants: readonly TypeGroupCallParticipant[], version: number): ParticipantsDelta {
    const delta: ParticipantsDelta = { changed: [], removed: [] };
    for (const raw of participants) this.applyOne(raw, delta);
    this.currentVersion = version;
    return delta;
  }

  private applyOne(raw: TypeGroupCallParticipant, delta: ParticipantsDelta): void {
    const next = callParticipantOf(raw);
    const old = this.byPeer.get(next.peerId);
    if (raw.left === true) {
      if (old === undefined) return;
      this.byPeer.delete(next.peerId);
      delta.removed.push(old);
      return;
    }
    // A `min` participant leaves out what only the full object knows (own volume settings): keep the old values.
    const merged =
      raw.min === true && old !== undefined
        ? { ...next, volume: old.volume, raw: { ...raw, volume: old.raw.volume } }
        : next;
    this.byPeer.set(next.peerId, merged);
    delta.changed.push(merged);
  }

  /** Applies queued updates that now fit, drops those already covered; stops at the first that still has a gap. */
  private drain(): ParticipantsDelta {
    const total: ParticipantsDelta = { changed: [], removed: [] };
    this.queued.sort((a, b) => a.version - b.version || a.required - b.required);
    // Each pass removes one queued entry, so this ends within queued.length passes.
    for (let guard = this.queued.length; guard > 0 && this.queued.length > 0 && this.currentVersion !== null; guard--) {
      const next = this.queued[0];
      if (next.required > this.currentVersion) break;
      this.queued.shift();
      if (next.required === this.currentVersion) merge(total, this.applyNow(next.participants, next.version));
    }
    return total;
  }
}

function merge(into: ParticipantsDelta, more: ParticipantsDelta): ParticipantsDelta {
  into.changed.push(...more.changed);
  into.removed.push(...more.removed);
  return into;
}
