// The bounded m-line budget: who keeps an m-line (pure), and GroupCall holding to it as speakers and cameras come and go.

import { describe, expect, it } from 'vitest';
import type { GroupCallParticipant } from '../telegram/tl/api.generated';
import { pickWithinBudget, type BudgetCandidate } from './mlineBudget';
import { participant, participantsUpdate } from './testing/callFixtures';
import { groupCallHarness } from './testing/groupCallHarness';
import type { FakeTransport } from './testing/fakeTransport';

const audio = (ssrc: number, lastActive: number, extra: Partial<BudgetCandidate> = {}): BudgetCandidate => ({
  ssrc,
  kind: 'audio',
  lastActive,
  ...extra,
});

describe('pickWithinBudget', () => {
  it('keeps the most recently active per kind, pinned first, idle (muted) last', () => {
    const chosen = pickWithinBudget(
      [
        audio(1, 10),
        audio(2, 50),
        audio(3, 40, { idle: true }),
        audio(4, 5, { pinned: true }),
        audio(5, 30),
        { ssrc: 100, kind: 'video', lastActive: 1 },
        { ssrc: 101, kind: 'video', lastActive: 2 },
      ],
      new Set(),
      { audio: 3, video: 1 },
    );
    expect([...chosen].sort((a, b) => a - b)).toEqual([2, 4, 5, 101]);
  });

  it('keeps one whose m-line is still on its way (held) before more recently active ones', () => {
    const chosen = pickWithinBudget([audio(1, 1, { held: true }), audio(2, 50), audio(3, 60)], new Set([1, 2]), {
      audio: 2,
      video: 0,
    });
    expect([...chosen].sort()).toEqual([1, 3]);
  });

  it('on a tie keeps the ones that hold an m-line already (no swapping between equals)', () => {
    const all = [1, 2, 3, 4, 5].map((s) => audio(s, 7));
    expect([...pickWithinBudget(all, new Set([4, 5]), { audio: 2, video: 0 })].sort()).toEqual([4, 5]);
  });
});

function speakers(from: number, count: number, extra: Partial<GroupCallParticipant> = {}): GroupCallParticipant[] {
  return Array.from({ length: count }, (_, i) => participant(String(from + i), from + i, extra));
}

/** A call joined with these participants present, under these options; its connection's fake transport. */
async function joined(options: Parameters<typeof groupCallHarness>[0], ...present: GroupCallParticipant[]) {
  const h = groupCallHarness(options);
  h.serverParticipants.push(...present);
  const done = h.call.join();
  await h.settle();
  await done;
  return { h, t: h.transports.last };
}

/** The browser is busy: renegotiations queue until the returned function lets them through. */
function hold(t: FakeTransport): () => void {
  let release = () => undefined as void;
  t.gate = new Promise<void>((resolve) => (release = resolve));
  return () => {
    t.gate = null;
    release();
  };
}

const cameraOf = (userId: string, ssrc: number) =>
  participant(userId, ssrc - 1, {
    versioned: true,
    video: {
      _: 'groupCallParticipantVideo',
      endpoint: `endpoint-${userId}`,
      source_groups: [{ _: 'groupCallParticipantVideoSourceGroup', semantics: 'FID', sources: [ssrc, ssrc + 1] }],
    },
  });

describe('GroupCall with an m-line budget', () => {
  it('declares at most the budget; a speaker beyond it takes the m-line of the one quiet longest and is heard', async () => {
    const { h, t } = await joined(
      { mlineBudget: { audio: 4, video: 2 }, speaking: { threshold: 0.1, holdMs: 400 } },
      ...speakers(10, 12),
    );
    expect(t.sources.size).toBe(4);
    const first = [...t.sources];
    // Three of them speak (their levels come in on their m-lines): the fourth is now the one quiet longest.
    const quiet = first[3];
    for (const s of first.slice(0, 3)) t.levels.inbound.set(s, 0.5);
    t.levels.inbound.set(quiet, 0);
    await h.clock.advance(200);
    await h.settle();
    await h.clock.advance(1000);
    // A new person unmutes: heard at once (an m-line), the quiet one gives its m-line up; still 4 in all.
    h.api.push(participantsUpdate(2, participant('99', 99, { versioned: true })));
    await h.settle();
    expect(t.sources.has(99)).toBe(true);
    expect(t.sources.has(quiet)).toBe(false);
    expect(t.sources.size).toBe(4);
    expect(t.batches.at(-1)).toEqual({ add: [{ ssrc: 99 }], remove: [quiet] });
    // A stream of newcomers never grows the set.
    for (let i = 0; i < 30; i++) {
      h.api.push(participantsUpdate(3 + i, participant(String(200 + i), 200 + i, { versioned: true })));
      await h.clock.advance(10);
      await h.settle();
      expect(t.sources.has(200 + i)).toBe(true);
      expect(t.sources.size).toBe(4);
    }
  });

  it('an unmuted speaker beyond the budget gets an m-line once the server reports its activity (active_date)', async () => {
    const { h, t } = await joined(
      { mlineBudget: { audio: 4, video: 2 } },
      ...speakers(10, 12, { active_date: 1_700_000_000 }),
    );
    const held = [...t.sources];
    expect(held).toHaveLength(4);
    const beyond = [...Array(12).keys()].map((i) => 10 + i).find((s) => !t.sources.has(s))!;
    const batches = t.batches.length;
    await h.clock.advance(1_000);
    // Telegram's activity update: the participant alone, not versioned, at the list's current version (1).
    const spoke = participant(String(beyond), beyond, { active_date: 1_700_000_042 });
    h.api.push(participantsUpdate(1, spoke));
    await h.settle();
    expect(t.sources.has(beyond)).toBe(true);
    expect(t.sources.size).toBe(4);
    expect(t.batches).toHaveLength(batches + 1);
    const last = t.batches.at(-1)!;
    expect(last.add).toEqual([{ ssrc: beyond }]);
    expect(last.remove).toHaveLength(1);
    expect(held).toContain(last.remove?.[0]);
    // The same activity again (a repeat, a reload) is no news: nothing moves.
    await h.clock.advance(1_000);
    h.api.push(participantsUpdate(1, spoke));
    await h.settle();
    expect(t.batches).toHaveLength(batches + 1);
  });

  it('a newcomer’s m-line is not taken back by newer activity while its renegotiation is still queued', async () => {
    const { h, t } = await joined(
      { mlineBudget: { audio: 4, video: 2 } },
      ...speakers(10, 12, { active_date: 1_700_000_000 }),
    );
    const beyond = [...Array(12).keys()].map((i) => 10 + i).filter((s) => !t.sources.has(s));
    // The browser is busy with a renegotiation: what is declared now is applied only when it is done.
    const finish = hold(t);
    await h.clock.advance(1_000);
    h.api.push(participantsUpdate(2, participant('99', 99, { versioned: true })));
    await h.settle();
    // Meanwhile four speakers beyond the budget start speaking (activity updates, each more recent than the newcomer).
    for (const [i, s] of beyond.slice(0, 4).entries()) {
      await h.clock.advance(100);
      h.api.push(participantsUpdate(2, participant(String(s), s, { active_date: 1_700_000_010 + i })));
      await h.settle();
    }
    expect(t.batches.some((b) => (b.remove ?? []).includes(99))).toBe(false);
    finish();
    await h.settle();
    expect(t.sources.has(99)).toBe(true);
    expect(t.sources.size).toBe(4);
  });

  it('getting its m-line counts as activity: a newcomer applied after others spoke is not the next to give it up', async () => {
    const { h, t } = await joined(
      { mlineBudget: { audio: 2, video: 2 } },
      ...speakers(10, 2, { active_date: 1_700_000_000 }),
    );
    // The browser is busy: the newcomer's m-line is applied only later.
    const finish = hold(t);
    await h.clock.advance(1_000);
    h.api.push(participantsUpdate(2, participant('99', 99, { versioned: true })));
    await h.settle();
    const [out] = t.batches.at(-1)?.remove ?? [];
    const kept = out === 10 ? 11 : 10;
    // Meanwhile the speaker who kept an m-line speaks (the server's active_date): more recent than the newcomer's arrival.
    await h.clock.advance(200);
    h.api.push(participantsUpdate(2, participant(String(kept), kept, { active_date: 1_700_000_010 })));
    await h.settle();
    finish();
    await h.settle();
    expect([...t.sources].sort()).toEqual([kept, 99].sort());
    // Then the other one speaks again: it takes the m-line of the one quiet longest, counting the newcomer's from when
    // it got it (it has not been heard yet).
    await h.clock.advance(100);
    h.api.push(participantsUpdate(2, participant(String(out), out, { active_date: 1_700_000_020 })));
    await h.settle();
    expect([...t.sources].sort()).toEqual([out, 99].sort());
  });

  it('a muted speaker gives its m-line up first; unmuting again makes it the most recent', async () => {
    const { h, t } = await joined({ mlineBudget: { audio: 2, video: 2 } }, ...speakers(10, 2));
    expect([...t.sources].sort()).toEqual([10, 11]);
    await h.clock.advance(100);
    h.api.push(participantsUpdate(2, participant('10', 10, { versioned: true, muted: true })));
    await h.settle();
    expect([...t.sources].sort()).toEqual([10, 11]); // room enough: muting renegotiates nothing
    await h.clock.advance(100);
    h.api.push(participantsUpdate(3, participant('12', 12, { versioned: true })));
    await h.settle();
    expect([...t.sources].sort()).toEqual([11, 12]);
    await h.clock.advance(100);
    h.api.push(participantsUpdate(4, participant('10', 10, { versioned: true })));
    await h.settle();
    expect(t.sources.has(10)).toBe(true);
    expect(t.sources.size).toBe(2);
  });

  it('a source that gave its m-line up is not made recent by levels Chromium still lists for it', async () => {
    const { h, t } = await joined(
      { mlineBudget: { audio: 2, video: 2 }, speaking: { threshold: 0.1, holdMs: 400 } },
      ...speakers(10, 2),
    );
    t.levels.inbound.set(10, 0.5); // 10 speaks, 11 is quiet
    t.levels.inbound.set(11, 0);
    await h.clock.advance(400);
    h.api.push(participantsUpdate(2, participant('12', 12, { versioned: true })));
    await h.settle();
    expect([...t.sources].sort()).toEqual([10, 12]);
    // 11's last packets still show in getSynchronizationSources for a while, even as speech; 10 and 12 go quiet.
    t.levels.inbound.set(10, 0);
    t.levels.inbound.set(11, 0.5);
    t.levels.inbound.set(12, 0);
    await h.clock.advance(1_000);
    h.api.push(participantsUpdate(3, participant('13', 13, { versioned: true })));
    await h.settle();
    expect(t.sources.has(13)).toBe(true);
    expect(t.sources.has(11)).toBe(false);
  });

  it('cameras beyond the video budget: the newest is received, the staged one always', async () => {
    const { h, t } = await joined({ mlineBudget: { audio: 8, video: 2 } }, cameraOf('2', 1000), cameraOf('3', 2000));
    const videos = () => [...t.sources].filter((s) => s % 1000 === 0).sort((a, b) => a - b);
    expect(videos()).toEqual([1000, 2000]);
    h.call.setStageVideo('endpoint-2');
    await h.clock.advance(100);
    h.api.push(participantsUpdate(2, cameraOf('4', 3000)));
    await h.settle();
    // The new camera takes the m-line of the older unstaged one (user 3's); the staged one stays.
    expect(videos()).toEqual([1000, 3000]);
    h.call.setStageVideo('endpoint-3');
    await h.settle();
    expect(videos()).toContain(2000);
    expect(videos()).toHaveLength(2);
  });

  it('without a budget (null) every speaker present gets an m-line, as before', async () => {
    const h = groupCallHarness({ mlineBudget: null });
    h.serverParticipants.push(...speakers(10, 40));
    const done = h.call.join();
    await h.settle();
    await done;
    expect(h.transports.last.sources.size).toBe(40);
  });
});
