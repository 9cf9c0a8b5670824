import { describe, expect, it } from 'vitest';
import { Keepalive } from './keepalive';
import { FakeClock } from './testing/fakeClock';

function setup(answer: 'pong' | 'silent' | 'offline') {
  const clock = new FakeClock();
  const sent: string[] = [];
  let dead = 0;
  let counter = 0;
  const keepalive: Keepalive = new Keepalive({
    timers: clock,
    intervalMs: 1000,
    pongTimeoutMs: 3000,
    sendPing: async () => {
      if (answer === 'offline') return null;
      const id = `p${++counter}`;
      sent.push(id);
      if (answer === 'pong') clock.setTimeout(() => keepalive.pong(id), 50);
      return id;
    },
    onDead: () => dead++,
  });
  return { clock, keepalive, sent, dead: () => dead };
}

describe('Keepalive', () => {
  it('pings every interval while answered, and never declares the connection dead', async () => {
    const { clock, keepalive, sent, dead } = setup('pong');
    keepalive.start();
    await clock.advance(10_500);
    expect(sent).toHaveLength(10);
    expect(dead()).toBe(0);
    expect(keepalive.lastPongAt).not.toBeNull();
  });

  it('declares the connection dead once when a pong does not come back in time, even with pings due meanwhile', async () => {
    const { clock, keepalive, sent, dead } = setup('silent');
    keepalive.start();
    await clock.advance(1000 + 2999);
    expect(dead()).toBe(0);
    expect(sent).toEqual(['p1']);
    await clock.advance(1);
    expect(dead()).toBe(1);
  });

  it('sends nothing while offline and stops on stop()', async () => {
    const offline = setup('offline');
    offline.keepalive.start();
    await offline.clock.advance(10_000);
    expect(offline.dead()).toBe(0);

    const stopped = setup('silent');
    stopped.keepalive.start();
    await stopped.clock.advance(1500);
    stopped.keepalive.stop();
    await stopped.clock.advance(60_000);
    expect(stopped.sent).toHaveLength(1);
    expect(stopped.dead()).toBe(0);
  });
});
