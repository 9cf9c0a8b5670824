// ParticipantsStore: versioned updates as Telegram Desktop applies them (increment only with a `versioned` participant).

import { describe, expect, it } from 'vitest';
import { ParticipantsStore } from './participantsStore';
import { participant } from './testing/callFixtures';

const ids = (s: ParticipantsStore) =>
  s
    .all()
    .map((p) => p.peerId)
    .sort();

describe('ParticipantsStore', () => {
  it('queues everything until the first load, then applies what follows its version', () => {
    const s = new ParticipantsStore();
    expect(s.applyUpdate([participant('2', 2, { versioned: true })], 4).status).toBe('queued');
    expect(s.applyUpdate([participant('3', 3, { versioned: true })], 6).status).toBe('queued');
    const delta = s.reset([participant('1', 1)], 5);
    expect(ids(s)).toEqual(['user:1', 'user:3']);
    expect(delta.changed.map((p) => p.peerId)).toEqual(['user:1', 'user:3']);
    expect(s.version).toBe(6);
    expect(s.hasQueued).toBe(false);
  });

  it('applies in order, drops duplicates and stale versions, keeps a gap queued until filled', () => {
    const s = new ParticipantsStore();
    s.reset([], 1);
    expect(s.applyUpdate([participant('2', 2, { versioned: true })], 2).status).toBe('applied');
    expect(s.applyUpdate([participant('2', 2, { versioned: true, left: true })], 2).status).toBe('stale');
    expect(s.applyUpdate([participant('4', 4, { versioned: true })], 4).status).toBe('queued');
    expect(s.hasQueued).toBe(true);
    const filled = s.applyUpdate([participant('3', 3, { versioned: true })], 3);
    expect(filled.status).toBe('applied');
    expect(filled.delta.changed.map((p) => p.peerId)).toEqual(['user:3', 'user:4']);
    expect(s.version).toBe(4);
    expect(ids(s)).toEqual(['user:2', 'user:3', 'user:4']);
  });

  it('takes non-versioned updates at the current version (no increment), drops older ones', () => {
    const s = new ParticipantsStore();
    s.reset([participant('2', 2)], 7);
    expect(s.applyUpdate([participant('2', 2, { muted: true })], 7).status).toBe('applied');
    expect(s.get('user:2')?.muted).toBe(true);
    expect(s.version).toBe(7);
    expect(s.applyUpdate([participant('2', 2)], 6).status).toBe('stale');
    expect(s.applyUpdate([participant('2', 2)], 8).status).toBe('queued');
  });

  it('reports the left participant as removed and finds participants by signed or unsigned source', () => {
    const s = new ParticipantsStore();
    s.reset([participant('2', -5)], 1);
    expect(s.bySource(2 ** 32 - 5)?.peerId).toBe('user:2');
    const { delta } = s.applyUpdate([participant('2', -5, { versioned: true, left: true })], 2);
    expect(delta.removed.map((p) => p.peerId)).toEqual(['user:2']);
    expect(s.size).toBe(0);
  });

  it('keeps the known volume when a `min` participant arrives', () => {
    const s = new ParticipantsStore();
    s.reset([participant('2', 2, { volume: 5000 })], 1);
    s.applyUpdate([participant('2', 2, { min: true, muted: true })], 1);
    expect(s.get('user:2')).toMatchObject({ volume: 5000, muted: true });
  });

  it('a reload replaces the list: who is gone is reported removed', () => {
    const s = new ParticipantsStore();
    s.reset([participant('2', 2), participant('3', 3)], 1);
    const delta = s.reset([participant('3', 3), participant('4', 4)], 9);
    expect(delta.removed.map((p) => p.peerId)).toEqual(['user:2']);
    expect(ids(s)).toEqual(['user:3', 'user:4']);
  });
});
