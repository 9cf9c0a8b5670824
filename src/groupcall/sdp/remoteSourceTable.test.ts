import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from './readFixture';
import {
  liveSources,
  midOfSsrc,
  remoteSourceTableFromOffer,
  withLocalOffer,
  withSourceChanges,
  type RemoteSourceTable,
  type Slot,
} from './remoteSourceTable';
import { SdpError } from './sdpError';

const own = () => remoteSourceTableFromOffer(readFixture('chromium-audio'));
const mids = (t: RemoteSourceTable) => t.slots.map((s) => s.mid);
const liveSsrcsOf = (t: RemoteSourceTable) => liveSources(t).map((s) => s.ssrc);

describe('RemoteSourceTable', () => {
  it('starts with the browser’s own m-line and creates mids above it', () => {
    const t = own();
    expect(t.slots).toEqual([
      { owner: 'local', mid: '0', kind: 'audio', rejected: false, payloads: expect.any(String) as unknown },
    ]);
    const added = withSourceChanges(t, { add: [{ ssrc: 10 }, { ssrc: 20 }] });
    expect(mids(added)).toEqual(['0', '1', '2']);
    expect(midOfSsrc(added, 20)).toBe('2');
    expect(t.slots).toHaveLength(1); // immutable
  });

  it('keeps a stopped m-line and its mid (Chromium never reuses mids)', () => {
    const t = remoteSourceTableFromOffer(readFixture('chromium-audio-stopped-readded'));
    expect(t.slots.map((s) => s.owner === 'local' && [s.mid, s.rejected])).toEqual([
      ['0', true],
      ['1', false],
    ]);
    expect(mids(withSourceChanges(t, { add: [{ ssrc: 5 }] }))).toEqual(['0', '1', '2']);
  });

  it('Firefox: a stopped m-line without mid, a bundle-only one live', () => {
    const t = remoteSourceTableFromOffer(readFixture('hand-firefox-stopped-and-bundle-only'));
    expect(t.slots.map((s) => s.owner === 'local' && [s.mid, s.rejected])).toEqual([
      [null, true],
      ['1', false],
    ]);
  });

  it('signed and unsigned forms name the same SSRC', () => {
    let t = withSourceChanges(own(), { add: [{ ssrc: -1 }] });
    expect(liveSsrcsOf(t)).toEqual([4294967295]);
    expect(midOfSsrc(t, 4294967295)).toBe('1');
    t = withSourceChanges(t, { remove: [4294967295] });
    expect(liveSsrcsOf(t)).toEqual([]);
  });

  it('a repeated addition changes nothing', () => {
    const once = withSourceChanges(own(), { add: [{ ssrc: 7 }] });
    expect(withSourceChanges(once, { add: [{ ssrc: 7 }, { ssrc: 7 }] })).toEqual(once);
  });

  it('a departure makes the m-line inactive; the next batch reuses it; the same batch does not', () => {
    const t1 = withSourceChanges(own(), { add: [{ ssrc: 1 }, { ssrc: 2 }] });
    const t2 = withSourceChanges(t1, { remove: [1], add: [{ ssrc: 3 }] });
    expect(t2.slots.map((s) => (s.owner === 'remote' ? (s.source?.ssrc ?? null) : 'own'))).toEqual(['own', null, 2, 3]);
    const t3 = withSourceChanges(t2, { add: [{ ssrc: 4 }] });
    expect(t3.slots.map((s) => (s.owner === 'remote' ? (s.source?.ssrc ?? null) : 'own'))).toEqual(['own', 4, 2, 3]);
    expect(midOfSsrc(t3, 4)).toBe('1');
  });

  it('a source removed and added back in one batch keeps its m-line (a changed group written there)', () => {
    let t = withSourceChanges(own(), { add: [{ ssrc: 1 }, { ssrc: 2 }, { ssrc: 3 }] });
    t = withSourceChanges(t, { remove: [1] });
    // 3's removal and return coalesced, with a newcomer: the newcomer takes the free m-line, 3 stays on mid 3.
    t = withSourceChanges(t, { remove: [3], add: [{ ssrc: 3 }, { ssrc: 4 }] }, { audio: 3 });
    expect(t.slots.map((s) => (s.owner === 'remote' ? (s.source?.ssrc ?? null) : 'own'))).toEqual(['own', 4, 2, 3]);
    const video = (rtx: number) => ({
      ssrc: 10,
      kind: 'video' as const,
      ssrcGroups: [{ semantics: 'FID', sources: [10, rtx] }],
    });
    t = withSourceChanges(t, { add: [video(11)] });
    const mid = midOfSsrc(t, 10);
    t = withSourceChanges(t, { remove: [10], add: [video(12)] });
    expect(midOfSsrc(t, 10)).toBe(mid);
    expect(midOfSsrc(t, 12)).toBe(mid);
    expect(midOfSsrc(t, 11)).toBeUndefined();
  });

  it('a source that comes back gets the m-line it left, which still declared it (Chromium would show no picture on another path)', () => {
    const camera = (ssrc: number) => ({
      ssrc,
      kind: 'video' as const,
      ssrcGroups: [{ semantics: 'FID', sources: [ssrc, ssrc + 1] }],
    });
    let t = withSourceChanges(own(), { add: [camera(10), camera(20)] });
    t = withSourceChanges(t, { remove: [10, 20] });
    const parked = (mid: string) => {
      const slot = t.slots.find((s) => s.mid === mid);
      return slot?.owner === 'remote' ? slot.parked?.ssrc : undefined;
    };
    expect([parked('1'), parked('2')]).toEqual([10, 20]);
    // Camera 20 comes back: its own m-line, not the first free one.
    t = withSourceChanges(t, { add: [camera(20)] });
    expect(midOfSsrc(t, 20)).toBe('2');
    // Within a batch, a source coming back goes first: a newcomer listed before it does not take its m-line.
    t = withSourceChanges(t, { remove: [20] });
    t = withSourceChanges(t, { add: [camera(50), camera(20)] });
    expect([midOfSsrc(t, 20), midOfSsrc(t, 50)]).toEqual(['2', '1']);
    t = withSourceChanges(t, { remove: [50] });
    // A new camera takes a free m-line (mid 1); 50 is no longer declared there.
    t = withSourceChanges(t, { add: [camera(30)] });
    expect(midOfSsrc(t, 30)).toBe('1');
    // A source with one of a parked source's SSRCs (here 30's RTX): that m-line stops declaring it (an SSRC is
    // declared once).
    t = withSourceChanges(t, { remove: [30] });
    expect(parked('1')).toBe(30);
    t = withSourceChanges(t, { add: [{ ssrc: 31, kind: 'audio' }] });
    expect(parked('1')).toBeUndefined();
    expect(midOfSsrc(t, 31)).toBe('3');
  });

  it('recycles only m-lines of the same kind', () => {
    let t = withSourceChanges(own(), {
      add: [{ ssrc: 1, kind: 'video', ssrcGroups: [{ semantics: 'FID', sources: [1, 2] }] }],
    });
    t = withSourceChanges(t, { remove: [1] });
    t = withSourceChanges(t, { add: [{ ssrc: 3 }] });
    expect(t.slots.map((s) => s.kind)).toEqual(['audio', 'video', 'audio']);
  });

  it('a source whose group repeats a live SSRC is refused with ssrc-conflict', () => {
    const t = withSourceChanges(own(), { add: [{ ssrc: 2 }] });
    const attempt = () =>
      withSourceChanges(t, { add: [{ ssrc: 1, kind: 'video', ssrcGroups: [{ semantics: 'FID', sources: [1, 2] }] }] });
    expect(attempt).toThrow(SdpError);
    expect(attempt).toThrow(expect.objectContaining({ reason: 'ssrc-conflict' }));
  });

  it('SSRCs outside 32 bits are refused', () => {
    expect(() => withSourceChanges(own(), { add: [{ ssrc: 2 ** 32 }] })).toThrow(
      expect.objectContaining({ reason: 'ssrc-out-of-range' }),
    );
    expect(() => withSourceChanges(own(), { add: [{ ssrc: 1.5 }] })).toThrow(
      expect.objectContaining({ reason: 'ssrc-out-of-range' }),
    );
  });

  it('a later local offer keeps the remote m-lines and appends the browser’s new ones', () => {
    const t = withSourceChanges(own(), { add: [{ ssrc: 9 }] });
    // An offer whose m-line 1 is video, where the remote audio m-line was negotiated: not this connection's offer.
    const offer = readFixture('chromium-audio-video-simulcast');
    expect(() => withLocalOffer(t, offer)).toThrow(
      expect.objectContaining({ reason: 'mid-mismatch', field: 'm-line 1' }),
    );
    const fewer = readFixture('chromium-audio');
    expect(() => withLocalOffer(withSourceChanges(t, { add: [{ ssrc: 10 }] }), fewer)).toThrow(
      expect.objectContaining({ field: 'm=' }),
    );
  });
});

// ---- properties over many add/remove sequences --------------------------------------------------------------------

type Op = {
  add: { ssrc: number; kind: 'audio' | 'video'; signed: boolean }[];
  remove: { ssrc: number; signed: boolean }[];
};

const pool = fc.constantFrom(
  0,
  1,
  2,
  3,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 31 + 1,
  2 ** 32 - 2,
  2 ** 32 - 1,
  123456789,
  3735928559,
);
const op: fc.Arbitrary<Op> = fc.record({
  add: fc.array(
    fc.record({
      ssrc: pool,
      kind: fc.constantFrom<'audio' | 'video'>('audio', 'audio', 'video'),
      signed: fc.boolean(),
    }),
    { maxLength: 5 },
  ),
  remove: fc.array(fc.record({ ssrc: pool, signed: fc.boolean() }), { maxLength: 5 }),
});

const form = (ssrc: number, signed: boolean) => (signed ? ssrc | 0 : ssrc);
const isFree = (s: Slot) => s.owner === 'remote' && s.source === null;

describe('RemoteSourceTable properties', () => {
  it('invariants hold over any sequence of batches', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let table = own();
        const model = new Map<number, 'audio' | 'video'>();
        for (const batch of ops) {
          const before = table;
          table = withSourceChanges(table, {
            add: batch.add.map((a) => ({ ssrc: form(a.ssrc, a.signed), kind: a.kind })),
            remove: batch.remove.map((r) => form(r.ssrc, r.signed)),
          });
          for (const r of batch.remove) model.delete(r.ssrc);
          for (const a of batch.add) if (!model.has(a.ssrc)) model.set(a.ssrc, a.kind);

          const live = liveSsrcsOf(table);
          // No SSRC twice; exactly the model's SSRCs are live.
          expect(new Set(live).size).toBe(live.length);
          expect([...live].sort()).toEqual([...model.keys()].sort());
          // Every mid is unique, so a mid never carries two live SSRCs.
          expect(new Set(mids(table)).size).toBe(table.slots.length);
          // The own m-line stays first; m-lines never move or disappear.
          expect(table.slots[0]).toEqual(before.slots[0]);
          expect(table.slots[0].owner).toBe('local');
          expect(table.slots.slice(0, before.slots.length).map((s) => [s.mid, s.kind])).toEqual(
            before.slots.map((s) => [s.mid, s.kind]),
          );
          // Recycled m-lines are used before new ones: if a new m-line of a kind was made, no m-line of that kind that
          // was free before the batch is still free.
          for (const created of table.slots.slice(before.slots.length)) {
            before.slots.forEach((s, i) => {
              if (isFree(s) && s.kind === created.kind) expect(isFree(table.slots[i])).toBe(false);
            });
          }
          // Each live source sits on an m-line of its kind.
          for (const s of table.slots) if (s.owner === 'remote' && s.source) expect(s.source.kind).toBe(s.kind);
          // A source live before and after the batch (of the same kind) is on the same m-line: Chromium refuses a
          // description that moves a live SSRC to another mid.
          for (const source of liveSources(before)) {
            const after = liveSources(table).find((s) => s.ssrc === source.ssrc);
            if (after?.kind === source.kind) expect(midOfSsrc(table, source.ssrc)).toBe(midOfSsrc(before, source.ssrc));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('m-lines per kind never exceed the peak of sources a batch has to show at once', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let table = own();
        const peak = { audio: 0, video: 0 };
        for (const batch of ops) {
          const before = liveSources(table);
          table = withSourceChanges(table, {
            add: batch.add.map((a) => ({ ssrc: a.ssrc, kind: a.kind })),
            remove: batch.remove.map((r) => r.ssrc),
          });
          for (const kind of ['audio', 'video'] as const) {
            // Departed sources keep their (now inactive) m-line during their batch: count them beside the newcomers.
            const beforeOfKind = before.filter((s) => s.kind === kind);
            const kept = new Set(
              beforeOfKind.map((s) => s.ssrc).filter((x) => !batch.remove.some((r) => r.ssrc === x)),
            );
            const newcomers = liveSources(table).filter((s) => s.kind === kind && !kept.has(s.ssrc));
            const inBatch = beforeOfKind.length + newcomers.length;
            peak[kind] = Math.max(peak[kind], inBatch);
            expect(table.slots.filter((s) => s.owner === 'remote' && s.kind === kind).length).toBeLessThanOrEqual(
              peak[kind],
            );
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
