import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GroupCallParticipant } from '../telegram/tl/api.generated';
import { callParticipantOf, type CallParticipant } from './callParticipant';
import {
  compareParticipants,
  participantTier,
  RECENT_ACTIVITY_SECONDS,
  sortParticipants,
  type ParticipantOrderContext,
} from './participantOrder';

const NOW = 1_700_000_000;

function person(id: number, fields: Partial<GroupCallParticipant> = {}): CallParticipant {
  return callParticipantOf({
    _: 'groupCallParticipant',
    peer: { _: 'peerUser', user_id: String(id) },
    date: NOW - 1000,
    source: id,
    ...fields,
  });
}

const ids = (list: readonly CallParticipant[]): string[] => list.map((p) => p.peerId);
const ctx = (over: Partial<ParticipantOrderContext> = {}): ParticipantOrderContext => ({
  now: NOW,
  speaking: new Set<string>(),
  ...over,
});

describe('sortParticipants: the panel order', () => {
  it('you first (by selfPeerId or by the self flag), even silent and with no activity', () => {
    const list = [
      person(1, { active_date: NOW }),
      person(2, { date: NOW - 5000 }),
      person(3, { raise_hand_rating: '5' }),
    ];
    expect(ids(sortParticipants(list, ctx({ selfPeerId: 'user:2', speaking: new Set(['user:1']) })))[0]).toBe('user:2');
    const flagged = [person(1, { active_date: NOW }), person(2, { self: true })];
    expect(ids(sortParticipants(flagged, ctx()))).toEqual(['user:2', 'user:1']);
  });

  it('then people speaking now, then raised hands by rating (higher first), then the rest', () => {
    const list = [
      person(1, { active_date: NOW - 1 }),
      person(2, { raise_hand_rating: '10' }),
      person(3),
      person(4, { raise_hand_rating: '99' }),
      person(5, { date: NOW - 3000 }),
      person(6),
    ];
    const order = sortParticipants(list, ctx({ selfPeerId: 'user:6', speaking: new Set(['user:5', 'user:3']) }));
    expect(ids(order)).toEqual(['user:6', 'user:3', 'user:5', 'user:4', 'user:2', 'user:1']);
    expect(
      order.map((p) => participantTier(p, ctx({ selfPeerId: 'user:6', speaking: new Set(['user:5', 'user:3']) }))),
    ).toEqual(['self', 'speaking', 'speaking', 'raised-hand', 'raised-hand', 'other']);
  });

  it('compares hand ratings as int64, without losing precision past 2^53', () => {
    const list = [
      person(1, { raise_hand_rating: '9007199254740992' }),
      person(2, { raise_hand_rating: '9007199254740993' }),
    ];
    expect(ids(sortParticipants(list, ctx()))).toEqual(['user:2', 'user:1']);
  });

  it('a rating of "0" (hand lowered) or junk is no raised hand', () => {
    const list = [
      person(1, { raise_hand_rating: '0', active_date: NOW }),
      person(2, { raise_hand_rating: 'x' }),
      person(3, { raise_hand_rating: '1' }),
    ];
    expect(ids(sortParticipants(list, ctx()))).toEqual(['user:3', 'user:1', 'user:2']);
  });

  it('the rest: most recently active first; no active_date counts from the join date', () => {
    const list = [
      person(1, { date: NOW - 200 }), // joined 200 s ago, never active
      person(2, { date: NOW - 250, active_date: NOW - 10 }),
      person(3, { date: NOW - 100, active_date: NOW - 150 }),
    ];
    expect(ids(sortParticipants(list, ctx()))).toEqual(['user:2', 'user:3', 'user:1']);
  });

  it(`activity older than ${RECENT_ACTIVITY_SECONDS} s lifts no one: those are ordered by join date (newest first)`, () => {
    const list = [
      person(1, { date: NOW - 5000, active_date: NOW - 400 }), // spoke long ago, joined long ago
      person(2, { date: NOW - 1000 }),
      person(3, { date: NOW - 2000, active_date: NOW - RECENT_ACTIVITY_SECONDS }), // exactly at the edge: still recent
    ];
    expect(ids(sortParticipants(list, ctx()))).toEqual(['user:3', 'user:2', 'user:1']);
  });

  it('join_date_asc calls order the rest by join date ascending (recent activity still comes first)', () => {
    const list = [
      person(1, { date: NOW - 1000 }),
      person(2, { date: NOW - 3000 }),
      person(3, { date: NOW - 2000 }),
      person(4, { date: NOW - 4000, active_date: NOW - 5 }),
    ];
    expect(ids(sortParticipants(list, ctx({ joinDateAsc: true })))).toEqual(['user:4', 'user:2', 'user:3', 'user:1']);
    expect(ids(sortParticipants(list, ctx({ joinDateAsc: false })))).toEqual(['user:4', 'user:1', 'user:3', 'user:2']);
  });

  it('equal keys fall back to the peer id, so the input order does not matter', () => {
    const list = [
      person(30),
      person(10),
      callParticipantOf({
        _: 'groupCallParticipant',
        peer: { _: 'peerChannel', channel_id: '20' },
        date: NOW - 1000,
        source: 7,
      }),
    ];
    expect(ids(sortParticipants(list, ctx()))).toEqual(['channel:20', 'user:10', 'user:30']);
    expect(ids(sortParticipants([...list].reverse(), ctx()))).toEqual(['channel:20', 'user:10', 'user:30']);
    // Two copies of one participant (same peer, same keys) are the only equal pair.
    expect(compareParticipants(person(5), person(5), ctx())).toBe(0);
  });

  it('accepts a speaking predicate, calls it once per participant, and leaves the list alone', () => {
    const list = [person(1), person(2), person(3), person(4)];
    const before = [...list];
    let calls = 0;
    const order = sortParticipants(list, ctx({ speaking: (peerId) => (calls++, peerId === 'user:4') }));
    expect(ids(order)[0]).toBe('user:4');
    expect(calls).toBe(4);
    expect(list).toEqual(before);
  });
});

// ---- properties ----

const contextArb: fc.Arbitrary<ParticipantOrderContext> = fc.record({
  now: fc.constant(NOW),
  speaking: fc
    .uniqueArray(
      fc.integer({ min: 1, max: 40 }).map((n) => `user:${n}`),
      { maxLength: 15 },
    )
    .map((a) => new Set(a)),
  selfPeerId: fc.option(
    fc.integer({ min: 1, max: 40 }).map((n) => `user:${n}`),
    { nil: undefined },
  ),
  joinDateAsc: fc.boolean(),
});

/** Small value ranges on purpose: ties on every key are common, so the tie-breaks get exercised. */
const participantArb = (id: fc.Arbitrary<number>): fc.Arbitrary<CallParticipant> =>
  fc
    .record({
      id,
      date: fc.integer({ min: NOW - 2000, max: NOW }),
      active: fc.option(fc.integer({ min: NOW - 700, max: NOW }), { nil: undefined }),
      rating: fc.option(
        fc.oneof(
          fc.constantFrom('0', '1', '2', '9007199254740993'),
          fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }).map(String),
        ),
        { nil: undefined },
      ),
      self: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    })
    .map(({ id: n, date, active, rating, self }) =>
      person(n, { date, active_date: active, raise_hand_rating: rating, self: self || undefined }),
    );

const listArb = fc.uniqueArray(participantArb(fc.integer({ min: 1, max: 40 })), {
  maxLength: 30,
  selector: (p) => p.peerId,
});
const sign = (n: number): number => (n > 0 ? 1 : n < 0 ? -1 : 0);

describe('compareParticipants is a total order', () => {
  const anyParticipant = participantArb(fc.integer({ min: 1, max: 6 }));

  it('reflexive and antisymmetric', () => {
    fc.assert(
      fc.property(anyParticipant, anyParticipant, contextArb, (a, b, c) => {
        expect(compareParticipants(a, a, c)).toBe(0);
        // A sum, not toBe(-x): Object.is(0, -0) is false.
        expect(sign(compareParticipants(a, b, c)) + sign(compareParticipants(b, a, c))).toBe(0);
        // Only the same peer can compare equal.
        if (compareParticipants(a, b, c) === 0) expect(a.peerId).toBe(b.peerId);
      }),
      { numRuns: 3000 },
    );
  });

  it('transitive', () => {
    fc.assert(
      fc.property(anyParticipant, anyParticipant, anyParticipant, contextArb, (a, b, c, context) => {
        if (compareParticipants(a, b, context) <= 0 && compareParticipants(b, c, context) <= 0) {
          expect(compareParticipants(a, c, context)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('sortParticipants properties', () => {
  it('a sorted permutation, whatever the input order', () => {
    fc.assert(
      fc.property(listArb, contextArb, (list, context) => {
        const sorted = sortParticipants(list, context);
        expect(new Set(ids(sorted))).toEqual(new Set(ids(list)));
        expect(sorted).toHaveLength(list.length);
        for (let i = 1; i < sorted.length; i++)
          expect(compareParticipants(sorted[i - 1], sorted[i], context)).toBeLessThan(0);
        expect(ids(sortParticipants([...list].reverse(), context))).toEqual(ids(sorted));
      }),
      { numRuns: 1000 },
    );
  });

  it('self first; every speaker before every non-speaking other; hands before the rest, by rating; the rest by recent activity', () => {
    fc.assert(
      fc.property(listArb, contextArb, (list, context) => {
        const sorted = sortParticipants(list, context);
        const tiers = sorted.map((p) => participantTier(p, context));
        const rank = { self: 0, speaking: 1, 'raised-hand': 2, other: 3 } as const;
        for (let i = 1; i < tiers.length; i++) expect(rank[tiers[i - 1]]).toBeLessThanOrEqual(rank[tiers[i]]);
        const self = sorted.filter((p) => p.isSelf || p.peerId === context.selfPeerId);
        expect(ids(sorted.slice(0, self.length))).toEqual(ids(self));
        const speaking = context.speaking as ReadonlySet<string>;
        const lastSpeaker = Math.max(-1, ...sorted.map((p, i) => (tiers[i] === 'speaking' ? i : -1)));
        sorted.forEach((p, i) => {
          if (tiers[i] !== 'self' && !speaking.has(p.peerId)) expect(i).toBeGreaterThan(lastSpeaker);
        });
        const hands = sorted
          .filter((_, i) => tiers[i] === 'raised-hand')
          .map((p) => BigInt(p.raw.raise_hand_rating ?? '0'));
        for (let i = 1; i < hands.length; i++) expect(hands[i - 1] >= hands[i]).toBe(true);
        const recent = (p: CallParticipant): number => {
          const t = p.raw.active_date ?? p.raw.date;
          return t >= context.now - RECENT_ACTIVITY_SECONDS ? t : 0;
        };
        const rest = sorted.filter((_, i) => tiers[i] === 'other');
        for (let i = 1; i < rest.length; i++) {
          expect(recent(rest[i - 1])).toBeGreaterThanOrEqual(recent(rest[i]));
          if (recent(rest[i - 1]) === recent(rest[i])) {
            const [x, y] = [rest[i - 1].raw.date, rest[i].raw.date];
            expect(context.joinDateAsc === true ? x <= y : x >= y).toBe(true);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});
