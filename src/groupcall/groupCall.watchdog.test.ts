// GroupCall with the media watchdog, over fake transports whose received bytes the test moves and a fake clock: a path
// cut while "connected" (as the SFU's cutEndpoint does) is rejoined at once, long before ICE would say "disconnected".

import { describe, expect, it } from 'vitest';
import type { FakeTransport } from './testing/fakeTransport';
import { groupCallHarness } from './testing/groupCallHarness';
import { cappedBackoffRejoinPolicy } from './rejoinPolicy';

/** Bytes arrive on `t` every 20 ms of fake time until `flowing.value` is false (a fake clock timer chain). */
function feed(h: ReturnType<typeof groupCallHarness>, t: FakeTransport, flowing: { value: boolean }): void {
  t.inbound = 0;
  const tick = () => {
    if (t.closed) return;
    if (flowing.value) t.inbound = (t.inbound ?? 0) + 120;
    h.clock.setTimeout(tick, 20);
  };
  h.clock.setTimeout(tick, 20);
}

describe('GroupCall media watchdog', () => {
  it('a path that goes silent while connected is rejoined within 1.5 s, with the first rejoin at once', async () => {
    const h = groupCallHarness({
      ssrcs: [31, 32],
      rejoinPolicy: cappedBackoffRejoinPolicy({ firstDelayMs: 0, initialMs: 500 }),
    });
    void h.call.join();
    await h.settle();
    expect(h.call.state).toBe('connected');
    const first = h.transports.last;
    const flowing = { value: true };
    feed(h, first, flowing);
    await h.clock.advance(20_000);
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(1);

    flowing.value = false; // cut: nothing arrives any more, and the probes go unanswered (no data channel answers)
    first.openDataChannel();
    const probesBefore = first.sentData.length;
    await h.clock.advance(1_200);
    expect(h.call.state).toBe('connected'); // quiet 750 ms, probed, waiting for the answer
    expect(first.sentData.length).toBe(probesBefore + 1);
    await h.clock.advance(600);
    await h.settle();
    expect(first.closed).toBe(true);
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(2);
    expect(h.statesSeen()).toEqual(['joining', 'connected', 'reconnecting', 'connected']);
    const error = h.events.find(([n]) => n === 'error')?.[1];
    expect(String((error as Error).message)).toMatch(/nothing received for \d+ ms/);
  });

  it('a quiet call whose probes are answered is never rejoined', async () => {
    const h = groupCallHarness({ ssrcs: [41] });
    void h.call.join();
    await h.settle();
    const t = h.transports.last;
    t.inbound = 1000;
    t.openDataChannel();
    // The server acknowledges each data channel message: count those as received bytes.
    const send = t.sendData.bind(t);
    t.sendData = (text) => {
      const sent = send(text);
      if (sent) t.inbound = (t.inbound ?? 0) + 60;
      return sent;
    };
    await h.clock.advance(60_000);
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(1);
    expect(h.call.state).toBe('connected');
  });

  it('off (mediaWatchdog: false): only ICE states count', async () => {
    const h = groupCallHarness({ ssrcs: [51], mediaWatchdog: false });
    void h.call.join();
    await h.settle();
    h.transports.last.inbound = 5;
    await h.clock.advance(30_000);
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(1);
  });

  it('stops with the call: no timer of it is left after leave()', async () => {
    const h = groupCallHarness({ ssrcs: [61] });
    void h.call.join();
    await h.settle();
    const t = h.transports.last;
    t.inbound = 5;
    let reads = 0;
    t.inboundBytes = async () => {
      reads += 1;
      return t.inbound;
    };
    await h.clock.advance(1_000);
    expect(reads).toBeGreaterThan(0);
    await h.call.leave();
    await h.settle();
    const readsAtLeave = reads;
    await h.clock.advance(30_000);
    expect(reads).toBe(readsAtLeave);
    expect(h.api.callsOf('phone.joinGroupCall')).toHaveLength(1);
  });
});
