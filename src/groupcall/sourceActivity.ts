// SourceActivity: when each remote source (audio SSRCs and video primaries, signed) was last active — first seen,
// unmuted after being muted, a newer active_date, heard speaking, given an m-line. The m-line budget (mlineBudget.ts) keeps the most
// recently active ones when it is full.

import type { CallParticipant } from './callParticipant';
import { videoReceivePlan } from './remoteVideo';

interface Seen {
  at: number;
  muted: boolean;
  activeDate: number;
}

export class SourceActivity {
  private readonly seen = new Map<number, Seen>();
  /** The last stamp given: stamps only grow, so the later of two events in one millisecond is the more recent. */
  private lastStamp = -Infinity;

  constructor(private readonly now: () => number) {}

  /** A stamp for an event now (milliseconds, strictly later than the previous stamp). */
  stamp(): number {
    this.lastStamp = Math.max(this.now(), this.lastStamp + 0.001);
    return this.lastStamp;
  }

  /** When a source was last active; 0 when never seen. */
  lastActive(ssrc: number): number {
    return this.seen.get(ssrc)?.at ?? 0;
  }

  /** A known source was heard speaking at `stamp`. */
  heard(ssrc: number, stamp: number): void {
    const seen = this.seen.get(ssrc);
    if (seen !== undefined) seen.at = stamp;
  }

  /**
   * These sources were just given m-lines: each counts as active from now (in the order they were active before, so a
   * batch keeps its own order). As in any least-recently-used cache, an entry counts as used when it is put in: ranked
   * by when it was first seen, a newcomer whose renegotiation waited behind others could be the least recently active
   * the moment its m-line is applied, and lose it to the next activity before its first packet arrives.
   */
  given(ssrcs: readonly number[]): void {
    const known = ssrcs.filter((ssrc) => this.seen.has(ssrc));
    known.sort((a, b) => this.lastActive(a) - this.lastActive(b));
    for (const ssrc of known) this.seen.get(ssrc)!.at = this.stamp();
  }

  /**
   * When a participant's sources were last active: first seen, unmuted after being muted, a newer active_date (Telegram
   * sets it when someone speaks). Speech heard on an m-line also counts (heard).
   */
  note(p: CallParticipant): void {
    const now = this.stamp();
    const activeDate = p.raw.active_date ?? 0;
    const note = (ssrc: number, muted: boolean) => {
      const seen = this.seen.get(ssrc);
      if (seen === undefined || (seen.muted && !muted) || activeDate > seen.activeDate)
        this.seen.set(ssrc, { at: now, muted, activeDate });
      else seen.muted = muted;
    };
    if (p.source !== 0) note(p.source, p.muted);
    for (const video of [p.raw.video, p.raw.presentation]) {
      const primary = video === undefined ? null : videoReceivePlan(video, '');
      if (primary !== null) note(primary.ssrc, false);
      const audio = video?.audio_source;
      if (audio !== undefined && audio !== 0) note(audio, false);
    }
  }

  /** Forgets the sources no participant has any more. */
  keepOnly(present: ReadonlySet<number>): void {
    for (const ssrc of [...this.seen.keys()]) if (!present.has(ssrc)) this.seen.delete(ssrc);
  }
}
