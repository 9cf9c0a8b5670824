import { describe, expect, it } from 'vitest';
import { FakeClock } from '../telegram/testing/fakeClock';
import { ConnectionUpdateWaiter } from './connectionUpdateWaiter';
import { NamedTimers } from './namedTimers';

describe('NamedTimers', () => {
  it('replaces a timer of the same name, keeps one with setIfIdle, forgets fired ones, clears all', async () => {
    const clock = new FakeClock();
    const timers = new NamedTimers<'a' | 'b'>(clock);
    const fired: string[] = [];
    timers.set('a', 100, () => fired.push('a1'));
    timers.set('a', 200, () => fired.push('a2'));
    timers.setIfIdle('a', 50, () => fired.push('a3'));
    timers.set('b', 300, () => fired.push('b'));
    await clock.advance(200);
    expect(fired).toEqual(['a2']);
    expect(timers.has('a')).toBe(false);
    timers.clearAll();
    await clock.advance(1000);
    expect(fired).toEqual(['a2']);
    expect(clock.scheduled()).toEqual([]);
  });
});

describe('ConnectionUpdateWaiter', () => {
  it('gives the first copy to the waiting attempt; later copies find nobody', async () => {
    const w = new ConnectionUpdateWaiter(new FakeClock(), 1000);
    const waiting = w.expect();
    expect(w.offer('first')).toBe(true);
    expect(w.offer('copy')).toBe(false);
    await expect(waiting).resolves.toBe('first');
  });

  it('times out with connection-timeout; a new wait or cancel() ends the old one as cancelled', async () => {
    const clock = new FakeClock();
    const w = new ConnectionUpdateWaiter(clock, 1000);
    const first = w.expect();
    const second = w.expect();
    await expect(first).rejects.toMatchObject({ reason: 'cancelled' });
    await clock.advance(1000);
    await expect(second).rejects.toMatchObject({ reason: 'connection-timeout' });
    const third = w.expect();
    w.cancel();
    await expect(third).rejects.toMatchObject({ reason: 'cancelled' });
    // The cancelled wait's timer does not touch a later wait.
    const fourth = w.expect();
    await clock.advance(999);
    expect(w.offer('late')).toBe(true);
    await expect(fourth).resolves.toBe('late');
  });
});
