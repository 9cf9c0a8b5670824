import { describe, expect, it } from 'vitest';
import { FakeClock } from '../telegram/testing/fakeClock';
import { MediaWatchdog, type MediaWatchdogOptions } from './mediaWatchdog';

/** A media path whose received bytes grow while `flowing`; probes are answered while `answersProbes`. */
function path(overrides: Partial<MediaWatchdogOptions> = {}) {
  const clock = new FakeClock();
  const state = { bytes: 1_000, flowing: true, answersProbes: true, canProbe: true, probes: [] as number[] };
  const silent: { at: number; silentMs: number }[] = [];
  // Packets arrive every 20 ms of fake time while flowing (audio), checked lazily at each read.
  let lastRead = 0;
  const watchdog = new MediaWatchdog({
    timers: clock,
    now: () => clock.now,
    readInbound: async () => {
      if (state.flowing) state.bytes += Math.floor((clock.now - lastRead) / 20) * 100;
      lastRead = clock.now;
      return state.bytes;
    },
    probe: () => {
      if (!state.canProbe) return false;
      state.probes.push(clock.now);
      // The server's acknowledgement arrives before the next sample.
      if (state.answersProbes) state.bytes += 60;
      return true;
    },
    onSilent: (silentMs) => silent.push({ at: clock.now, silentMs }),
    ...overrides,
  });
  return { clock, state, silent, watchdog };
}

describe('MediaWatchdog', () => {
  it('stays quiet for as long as packets keep arriving', async () => {
    const { clock, silent, state, watchdog } = path();
    watchdog.start();
    await clock.advance(60_000);
    expect(silent).toEqual([]);
    expect(state.probes).toEqual([]);
    expect(watchdog.active).toBe(true);
  });

  it('declares a cut path silent within quiet + probe wait + two samples (≈1.5 s), once', async () => {
    const { clock, silent, state, watchdog } = path();
    watchdog.start();
    await clock.advance(10_000);
    state.flowing = false;
    state.answersProbes = false;
    const cutAt = clock.now;
    await clock.advance(10_000);
    expect(silent).toHaveLength(1);
    expect(state.probes).toHaveLength(1);
    const detection = silent[0].at - cutAt;
    expect(detection).toBeGreaterThanOrEqual(750 + 500);
    expect(detection).toBeLessThanOrEqual(750 + 500 + 2 * 250);
    expect(watchdog.active).toBe(false);
  });

  it('a quiet but live path (nobody speaks, the probe is answered) is not declared silent', async () => {
    const { clock, silent, state, watchdog } = path();
    watchdog.start();
    state.flowing = false; // nothing but the answers to its probes
    await clock.advance(30_000);
    expect(silent).toEqual([]);
    // one probe per quiet spell, not one per sample
    expect(state.probes.length).toBeGreaterThan(10);
    expect(state.probes.length).toBeLessThanOrEqual(30_000 / 750 + 1);
  });

  it('without a way to probe waits for the longer silence', async () => {
    const { clock, silent, state, watchdog } = path();
    state.canProbe = false;
    watchdog.start();
    await clock.advance(2_000);
    state.flowing = false;
    const cutAt = clock.now;
    await clock.advance(3_900);
    expect(silent).toEqual([]);
    await clock.advance(400);
    expect(silent).toHaveLength(1);
    expect(silent[0].at - cutAt).toBeGreaterThanOrEqual(4_000);
  });

  it('packets that come back while the probe waits clear the suspicion', async () => {
    const { clock, silent, state, watchdog } = path();
    state.answersProbes = false;
    watchdog.start();
    state.flowing = false;
    await clock.advance(1_000); // quiet: probed
    expect(state.probes).toHaveLength(1);
    state.flowing = true;
    await clock.advance(10_000);
    expect(silent).toEqual([]);
  });

  it('stop() ends it, and a sample in flight when stopped decides nothing', async () => {
    let release: (bytes: number) => void = () => undefined;
    const { clock, silent, watchdog } = path({
      readInbound: () =>
        new Promise<number>((resolve) => {
          release = resolve;
        }),
    });
    watchdog.start();
    await clock.advance(250);
    watchdog.stop();
    release(5);
    await clock.advance(10_000);
    expect(silent).toEqual([]);
    expect(clock.scheduled()).toEqual([]);
  });

  it('no statistics (null) is no evidence: never silent', async () => {
    const { clock, silent, watchdog } = path({ readInbound: async () => null });
    watchdog.start();
    await clock.advance(30_000);
    expect(silent).toEqual([]);
  });

  it('refuses figures that cannot work', () => {
    const base = path();
    expect(
      () =>
        new MediaWatchdog({
          timers: base.clock,
          now: () => 0,
          readInbound: async () => 0,
          probe: () => false,
          onSilent: () => undefined,
          quietMs: 100,
          intervalMs: 250,
        }),
    ).toThrow(RangeError);
  });
});
