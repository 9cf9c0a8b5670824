// The order of the participant panel, as Telegram's own clients show it: you first, then whoever speaks now, then raised
// hands (highest raise_hand_rating first: Telegram rates earlier raises higher), then everyone else by recent activity,
// then by join date. Pure: who speaks and what time it is come in through the context. Ties end on the peer id, so the
// order is total and the same whatever order the list came in.
//
// Where the rule comes from (the idea, not the code):
// - Telegram Desktop, Calls::Group::Members::Controller::checkRowPosition: speaking rows to the top, then raised hands
//   sorted by rating, then the others (there, hands move people only for call admins; here the panel always shows them).
// - TDLib, GroupCallParticipant::get_real_order + GroupCallParticipantOrder: descending by (active date, raise-hand
//   rating, joined date); an active date older than 5 minutes counts as none; a participant with no active date counts
//   from the join date (TDLib does so for those an admin has not muted; we do it for all, the server's `active_date`
//   being what marks real activity); in a `join_date_asc` call the joined-date key is inverted (earliest joiners first).

import type { CallParticipant } from './callParticipant';

/** Activity older than this (seconds before `now`) no longer lifts anyone (TDLib's 300 s). */
export const RECENT_ACTIVITY_SECONDS = 300;

export interface ParticipantOrderContext {
  /** Unix time, seconds (as Telegram's `date` / `active_date`). */
  readonly now: number;
  /** Who speaks now: a set of peer ids, or a predicate (e.g. the engine's speaking detector). */
  readonly speaking: ReadonlySet<string> | ((peerId: string) => boolean);
  /** The own participant's peer id (the join-as peer); a participant with Telegram's `self` flag is you as well. */
  readonly selfPeerId?: string;
  /** The groupCall's `join_date_asc` flag: the rest are ordered by join date ascending instead of descending. */
  readonly joinDateAsc?: boolean;
}

/** The panel's groups, in display order. */
export type ParticipantTier = 'self' | 'speaking' | 'raised-hand' | 'other';

const TIER_RANK: Record<ParticipantTier, number> = { self: 0, speaking: 1, 'raised-hand': 2, other: 3 };

interface OrderKey {
  readonly tier: ParticipantTier;
  /** raise_hand_rating is an int64 sent as a decimal string: compared as a bigint, never as a lossy number. */
  readonly handRating: bigint;
  readonly activity: number;
  readonly date: number;
  readonly peerId: string;
}

export function participantTier(p: CallParticipant, context: ParticipantOrderContext): ParticipantTier {
  if (p.isSelf || p.peerId === context.selfPeerId) return 'self';
  if (isSpeaking(p.peerId, context)) return 'speaking';
  if (handRatingOf(p) > 0n) return 'raised-hand';
  return 'other';
}

/** Negative when `a` goes above `b`, positive when below, 0 only for the same peer id with the same keys. */
export function compareParticipants(a: CallParticipant, b: CallParticipant, context: ParticipantOrderContext): number {
  return compareKeys(orderKeyOf(a, context), orderKeyOf(b, context), context.joinDateAsc === true);
}

/** A sorted copy of `list` (the list itself is left alone). */
export function sortParticipants(
  list: readonly CallParticipant[],
  context: ParticipantOrderContext,
): CallParticipant[] {
  const joinDateAsc = context.joinDateAsc === true;
  // Keys once per participant: the speaking predicate may be costly, and a sort calls the comparator n·log n times.
  const keyed = list.map((participant) => ({ participant, key: orderKeyOf(participant, context) }));
  keyed.sort((x, y) => compareKeys(x.key, y.key, joinDateAsc));
  return keyed.map((k) => k.participant);
}

function orderKeyOf(p: CallParticipant, context: ParticipantOrderContext): OrderKey {
  const tier = participantTier(p, context);
  const date = finiteOr0(p.raw.date);
  const lastActive = p.raw.active_date === undefined ? date : finiteOr0(p.raw.active_date);
  return {
    tier,
    handRating: tier === 'raised-hand' ? handRatingOf(p) : 0n,
    activity: lastActive >= context.now - RECENT_ACTIVITY_SECONDS ? lastActive : 0,
    date,
    peerId: p.peerId,
  };
}

function compareKeys(a: OrderKey, b: OrderKey, joinDateAsc: boolean): number {
  return (
    TIER_RANK[a.tier] - TIER_RANK[b.tier] ||
    compareBigDesc(a.handRating, b.handRating) ||
    b.activity - a.activity ||
    (joinDateAsc ? a.date - b.date : b.date - a.date) ||
    (a.peerId < b.peerId ? -1 : a.peerId > b.peerId ? 1 : 0)
  );
}

function isSpeaking(peerId: string, context: ParticipantOrderContext): boolean {
  return typeof context.speaking === 'function' ? context.speaking(peerId) : context.speaking.has(peerId);
}

const RATING = /^\d{1,20}$/;

/** The raise-hand rating; 0 when absent, "0" (hand lowered) or not a decimal int64. */
function handRatingOf(p: CallParticipant): bigint {
  const rating = p.raw.raise_hand_rating;
  return rating !== undefined && RATING.test(rating) ? BigInt(rating) : 0n;
}

function compareBigDesc(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

function finiteOr0(n: number): number {
  return Number.isFinite(n) ? n : 0;
}
