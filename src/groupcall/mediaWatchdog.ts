// Notices a dead media path in about a second and a half instead of the browser's five (ICE "disconnected") or thirty
// ("failed"): while the connection says "connected", the bytes received on it are sampled every `intervalMs`. A live
// path to a group-call server always brings something back — the others' audio, RTCP reports on what we send, SCTP
// acknowledgements, STUN — so bytes that stop growing for `quietMs` are a suspicion. The watchdog then asks the server
// for an answer (`probe`: a message on the data channel, which the server's SCTP acknowledges at once) and gives it
// `probeWaitMs`; nothing by then, and the path is declared silent. Without a way to probe (no data channel), only a
// longer silence (`unprobedSilenceMs`) counts. CallEngine rejoins on it, by its RejoinPolicy.
// Pure logic over injectable Timers and clock, so that it is tested on a fake clock (mediaWatchdog.test.ts).

import type { Timers } from '../telegram/timers';

export interface MediaWatchdogOptions {
  timers: Timers;
  now: () => number;
  /** Bytes received so far on the media connection (every packet), or null when the browser cannot say. */
  readInbound: () => Promise<number | null>;
  /** Sends something the server answers at once; false when there is no way to (the data channel is not open). */
  probe: () => boolean;
  /** Called once when the path is declared silent, with how long nothing arrived. The watchdog is then stopped. */
  onSilent: (silentMs: number) => void;
  /** Sampling period (default 250 ms). */
  intervalMs?: number;
  /** Nothing received this long: probe (default 750 ms). */
  quietMs?: number;
  /** How long a probe's answer may take (default 500 ms). */
  probeWaitMs?: number;
  /** Nothing received this long and no way to probe: silent (default 4 000 ms, still before ICE says "disconnected"). */
  unprobedSilenceMs?: number;
}

export interface MediaWatchdogFigures {
  intervalMs: number;
  quietMs: number;
  probeWaitMs: number;
  unprobedSilenceMs: number;
}

export const MEDIA_WATCHDOG_DEFAULTS: MediaWatchdogFigures = {
  intervalMs: 250,
  quietMs: 750,
  probeWaitMs: 500,
  unprobedSilenceMs: 4_000,
};

export class MediaWatchdog {
  private readonly figures: MediaWatchdogFigures;
  private handle: unknown = null;
  private running = false;
  /** Bumped by stop(), so that a sample in flight when stopped is ignored. */
  private generation = 0;
  private lastBytes: number | null = null;
  private lastGrowthAt = 0;
  private probedAt: number | null = null;

  constructor(private readonly options: MediaWatchdogOptions) {
    const figures = {
      intervalMs: options.intervalMs ?? MEDIA_WATCHDOG_DEFAULTS.intervalMs,
      quietMs: options.quietMs ?? MEDIA_WATCHDOG_DEFAULTS.quietMs,
      probeWaitMs: options.probeWaitMs ?? MEDIA_WATCHDOG_DEFAULTS.probeWaitMs,
      unprobedSilenceMs: options.unprobedSilenceMs ?? MEDIA_WATCHDOG_DEFAULTS.unprobedSilenceMs,
    };
    if (
      !(figures.intervalMs > 0) ||
      !(figures.quietMs >= figures.intervalMs) ||
      !(figures.probeWaitMs > 0) ||
      !(figures.unprobedSilenceMs >= figures.quietMs)
    ) {
      throw new RangeError(`MediaWatchdog: bad figures ${JSON.stringify(figures)}`);
    }
    this.figures = figures;
  }

  get active(): boolean {
    return this.running;
  }

  /** Starts watching (again) from now: the silence is counted from this moment. */
  start(): void {
    this.stop();
    this.running = true;
    this.lastBytes = null;
    this.lastGrowthAt = this.options.now();
    this.probedAt = null;
    this.schedule(this.generation);
  }

  stop(): void {
    this.running = false;
    this.generation += 1;
    if (this.handle !== null) this.options.timers.clearTimeout(this.handle);
    this.handle = null;
  }

  private schedule(generation: number): void {
    this.handle = this.options.timers.setTimeout(() => {
      this.handle = null;
      void this.sample(generation);
    }, this.figures.intervalMs);
  }

  private async sample(generation: number): Promise<void> {
    let bytes: number | null;
    try {
      bytes = await this.options.readInbound();
    } catch {
      bytes = null; // a closed connection's getStats: no evidence either way
    }
    if (generation !== this.generation || !this.running) return;
    const now = this.options.now();
    if (bytes !== null) {
      if (this.lastBytes === null || bytes > this.lastBytes) {
        // The first sample is the baseline; the silence counts from start().
        if (this.lastBytes !== null) {
          this.lastGrowthAt = now;
          this.probedAt = null;
        }
        this.lastBytes = bytes;
      } else if (this.decide(now)) {
        return;
      }
    }
    this.schedule(generation);
  }

  /** True when the path was declared silent (and the watchdog stopped). */
  private decide(now: number): boolean {
    const silentMs = now - this.lastGrowthAt;
    if (silentMs < this.figures.quietMs) return false;
    if (this.probedAt === null) {
      if (this.options.probe()) {
        this.probedAt = now;
        return false;
      }
      if (silentMs < this.figures.unprobedSilenceMs) return false;
    } else if (now - this.probedAt < this.figures.probeWaitMs) {
      return false;
    }
    this.stop();
    this.options.onSilent(silentMs);
    return true;
  }
}
