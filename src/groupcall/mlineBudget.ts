// The bounded m-line budget of one connection: at most `audio` remote audio m-lines and `video` remote video m-lines are
// live at once, whatever the number of people present, so that the renegotiation a new speaker or a new tile costs does
// not grow with the call. Who holds one is decided least-recently-active first out (pure; GroupCall keeps the clock).

import type { MediaKind } from './sdp';

export interface MlineBudget {
  /** Remote audio m-lines live at once (speakers heard at once). */
  readonly audio: number;
  /** Remote video m-lines live at once (camera and screen tiles received at once). */
  readonly video: number;
}

/**
 * 16 + 16: Telegram Desktop asks for at most 16 medium videos (kMaxMediumQualities); in a voice chat more than a handful
 * of people rarely speak within a few seconds of each other. A renegotiation with ~35 m-lines takes ~10 ms in Chromium.
 */
export const DEFAULT_MLINE_BUDGET: MlineBudget = { audio: 16, video: 16 };

/**
 * Inactive m-lines kept per kind beyond the budget: a source that takes an m-line reuses one freed by an earlier
 * description, so that no m-line changes SSRC within one description while at most this many arrive in one batch (past
 * that, the m-line freed in the same description is reused: Chromium 156 takes it, groupCallSdp.browser.test.ts). Few,
 * because every m-line costs each renegotiation ~0.3–1 ms.
 */
export const SPARE_MLINES = 2;

/** The most remote m-lines of each kind a connection's SDP may hold under `budget`. */
export function maxRemoteMlines(budget: MlineBudget): Record<MediaKind, number> {
  return { audio: budget.audio + SPARE_MLINES, video: budget.video + SPARE_MLINES };
}

export interface BudgetCandidate {
  /** The source's SSRC (signed or unsigned, as the caller keys it). */
  readonly ssrc: number;
  readonly kind: MediaKind;
  /** When it was last active (started speaking, unmuted, turned its camera on, joined): larger is more recent. */
  readonly lastActive: number;
  /** Kept before any other of its kind (the staged video, the pinned speaker). */
  readonly pinned?: boolean;
  /** A muted speaker keeps its m-line while there is room, but is the first to give it up. */
  readonly idle?: boolean;
  /**
   * Given an m-line by a renegotiation that has not been applied yet: kept before any other unpinned one of its kind, so
   * that a pick is never taken back before the browser had it (with many speakers taking turns, newer activity would
   * otherwise undo a newcomer's pending m-line again and again while renegotiations queue).
   */
  readonly held?: boolean;
}

/**
 * The candidates that hold an m-line: per kind, pinned ones first, then those whose m-line is still on its way (held),
 * then active before idle, then the most recently
 * active; on a tie the one that holds an m-line already (`declared`) keeps it, so that equal candidates do not swap
 * places at every change. At most `budget[kind]` per kind.
 */
export function pickWithinBudget(
  candidates: readonly BudgetCandidate[],
  declared: ReadonlySet<number>,
  budget: MlineBudget,
): Set<number> {
  const rank = (c: BudgetCandidate): [number, number, number, number, number] => [
    c.pinned === true ? 0 : 1,
    c.held === true ? 0 : 1,
    c.idle === true ? 1 : 0,
    -c.lastActive,
    declared.has(c.ssrc) ? 0 : 1,
  ];
  const order = (a: BudgetCandidate, b: BudgetCandidate): number => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i] - rb[i];
    return (a.ssrc >>> 0) - (b.ssrc >>> 0);
  };
  const chosen = new Set<number>();
  for (const kind of ['audio', 'video'] as const) {
    const limit = Math.max(0, kind === 'audio' ? budget.audio : budget.video);
    const ofKind = candidates.filter((c) => c.kind === kind).sort(order);
    for (const c of ofKind.slice(0, limit)) chosen.add(c.ssrc);
  }
  return chosen;
}
