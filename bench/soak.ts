// Soak: one browser in a call with 50 simulated speakers for 10 minutes (`npm run bench -- soak`; shorter with
// `--minutes=N`). Every 10 s one speaker leaves and a new one takes its place, so that participant updates and
// renegotiations keep coming, as in a real call. After a warm-up, the page's JS heap (after a forced GC, from the
// DevTools protocol) and this process's RSS and heap (the server, the SFU and the driver run here) are sampled every
// 30 s; the table shows their growth from the end of the warm-up. Figures only: it never fails on them.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { cpuMeter } from './support/cpu';
import { sleep, type BenchEnv, type PageWindow } from './support/env';
import { table } from './support/stats';

const SPEAKERS = 50;
const CHURN_EVERY_MS = 10_000;
const SAMPLE_EVERY_MS = 30_000;
/** The growth the issue allows after warm-up (printed next to the figures, never asserted). */
const AIM_PERCENT = 10;

export interface SoakOptions {
  /** Length of the call in minutes, warm-up included (default 10). */
  minutes?: number;
}

interface Sample {
  atS: number;
  pageHeapMb: number;
  rssMb: number;
  nodeHeapMb: number;
  remote: number;
  state: string;
}

const mb = (bytes: number) => bytes / (1024 * 1024);

export async function benchSoak(env: BenchEnv, options: SoakOptions = {}): Promise<string> {
  const minutes = options.minutes ?? 10;
  if (!(minutes > 0 && minutes <= 120)) throw new Error(`soak: --minutes must be in (0, 120], not ${minutes}`);
  const totalMs = minutes * 60_000;
  // A tenth of the call, at least 20 s and at most 60 s: the first renegotiations, caches and JIT settle.
  const warmUpMs = Math.min(60_000, Math.max(20_000, totalMs / 10));
  const call = env.speakersCall;
  const cdp = await env.page.context().newCDPSession(env.page);
  // This process's own GC, so that its heap figure is what is retained (exposed here: npm run bench passes no flags).
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const sample = async (startedAt: number): Promise<Sample> => {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    gc();
    const memory = process.memoryUsage();
    const status = await env.page.evaluate(() => (window as unknown as PageWindow).bench.tgcallStatus());
    return {
      atS: (Date.now() - startedAt) / 1000,
      pageHeapMb: mb(heap.usedSize),
      rssMb: mb(memory.rss),
      nodeHeapMb: mb(memory.heapUsed),
      remote: status.remote,
      state: status.state,
    };
  };

  const present = env.speakerSources(call).length;
  if (present < SPEAKERS) env.addSpeakers(call, SPEAKERS - present);
  const joined = await env.page.evaluate(
    ([input, watch]) => (window as unknown as PageWindow).bench.tgcallJoin(input, watch, 20_000),
    [call.input, env.speakerSources(call)] as const,
  );
  if (joined.first === null) throw new Error(`soak: the join heard no one (${joined.error ?? ''})`);
  const startedAt = Date.now();
  const cpu = cpuMeter();
  let churned = 0;
  const churn = setInterval(() => {
    const rows = env.part.calls.store.participants(call.row.id).filter((p) => p.kind === 'simulated');
    const oldest = rows[0];
    if (oldest !== undefined) env.removeParticipant(call, oldest);
    env.addSpeakers(call, 1);
    churned += 1;
  }, CHURN_EVERY_MS);
  const samples: Sample[] = [];
  let reconnects = 0;
  try {
    await sleep(warmUpMs);
    const afterWarmUp = await sample(startedAt);
    samples.push(afterWarmUp);
    // Bounded: one sample per period until the end of the call.
    const periods = Math.max(1, Math.ceil((totalMs - warmUpMs) / SAMPLE_EVERY_MS));
    for (let i = 0; i < periods; i++) {
      await sleep(Math.min(SAMPLE_EVERY_MS, Math.max(0, startedAt + totalMs - Date.now())));
      samples.push(await sample(startedAt));
    }
  } finally {
    clearInterval(churn);
    const status = await env.page.evaluate(() => (window as unknown as PageWindow).bench.tgcallStatus());
    reconnects = status.reconnects;
    await env.page.evaluate(() => (window as unknown as PageWindow).bench.tgcallLeave());
    await cdp.detach().catch(() => undefined);
  }
  const load = cpu.read();
  const first = samples[0];
  const last = samples.at(-1)!;
  const growth = (a: number, b: number) => ((b - a) / a) * 100;
  const pct = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)} %`;
  const pageGrowth = growth(first.pageHeapMb, last.pageHeapMb);
  const rssGrowth = growth(first.rssMb, last.rssMb);
  const rows = samples.map((s) => [
    `${s.atS.toFixed(0)} s`,
    s.pageHeapMb.toFixed(1),
    s.rssMb.toFixed(1),
    s.nodeHeapMb.toFixed(1),
    String(s.remote),
    s.state,
  ]);
  return [
    table(
      `Soak: ${minutes} min call, ${SPEAKERS} simulated speakers (one replaced every ${CHURN_EVERY_MS / 1000} s), one browser; warm-up ${(warmUpMs / 1000).toFixed(0)} s`,
      ['at', 'page JS heap MB', 'server RSS MB', 'server heap MB', 'remote tracks', 'call'],
      rows,
    ),
    `growth after warm-up: page JS heap ${pct(pageGrowth)} (${first.pageHeapMb.toFixed(1)} → ${last.pageHeapMb.toFixed(1)} MB), ` +
      `server RSS ${pct(rssGrowth)} (${first.rssMb.toFixed(1)} → ${last.rssMb.toFixed(1)} MB), ` +
      `server heap ${pct(growth(first.nodeHeapMb, last.nodeHeapMb))}; aim ≤ ${AIM_PERCENT} %: ` +
      `${pageGrowth <= AIM_PERCENT && rssGrowth <= AIM_PERCENT ? 'met' : 'NOT met'}`,
    `speakers replaced: ${churned}; "reconnecting" during the call: ${reconnects} (the media watchdog's false alarms, or real losses); ` +
      `CPU % node/chromium: ${load.node.toFixed(0)} / ${load.chromium.toFixed(0)}`,
    'page JS heap = Runtime.getHeapUsage after HeapProfiler.collectGarbage (the page running the engine);',
    'server RSS / heap = this process (the local server, the werift SFU and the bench driver), the heap after a GC.',
  ].join('\n');
}
