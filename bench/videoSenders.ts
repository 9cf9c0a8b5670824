// Bench: what video costs per forwarded stream with 1 / 4 / 9 / 16 senders. Two setups, each measured over a fixed
// window once every receiver decodes every camera:
//   - simulated cameras: N participants whose camera is the SFU's own looped VP8 clip (the demo's, 480×270 at 15 fps),
//     one Chromium receiver (a GroupCall) decoding all N: the SFU's cost (its process: server + SFU + the clips' pacing)
//     and Chromium's decoding cost, per forwarded stream;
//   - browser cameras: N Chromium pages with the fake camera on (720p asked, one VP8 layer) and one receiving page; every
//     page receives every other camera, so N × (N − 1) + N streams are forwarded. Chromium's cost is encoding and
//     decoding together. Only N = 1 and 4: 9 or 16 encoders plus ~N² decoders do not fit two shared cores.
// Figures are printed, never asserted.

import type { Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import type { ParticipantRow } from '../emulator/calls/callStore';
import { cpuMeter } from './support/cpu';
import { sleep, type BenchEnv, type BenchCall, type PageWindow } from './support/env';
import { table } from './support/stats';

const SIMULATED = [1, 4, 9, 16];
const BROWSERS = [1, 4];
const WINDOW_MS = 10_000;
const SETTLE_TIMEOUT_MS = 45_000;

type Totals = { streams: number; framesDecoded: number; bytes: number; widths: number[] };

const totalsOf = (page: Page): Promise<Totals> =>
  page.evaluate(() => (window as unknown as PageWindow).bench.videoInboundTotals());

/** Waits (bounded) until `page` decodes `streams` remote videos; false when it did not in time. */
async function decoding(page: Page, streams: number): Promise<boolean> {
  if (streams === 0) return true; // a lone sender receives nothing
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const first = await totalsOf(page);
    await sleep(500);
    const later = await totalsOf(page);
    if (later.streams >= streams && later.framesDecoded > first.framesDecoded) return true;
  }
  return false;
}

/** Forwarded video packets so far in the call, all sources to all receivers. */
function forwardedPackets(env: BenchEnv, call: BenchCall): number {
  let n = 0;
  for (const source of Object.values(env.sfu.stats()[call.key] ?? {}))
    for (const count of Object.values(source.video?.forwarded ?? {})) n += count;
  return n;
}

interface Measured {
  streams: number;
  nodeCpu: number;
  chromiumCpu: number;
  fps: number;
  kbps: number;
  packetsPerSecond: number;
  widths: number[];
}

/** CPU and throughput over WINDOW_MS, with `receivers` the pages whose decoding is summed. */
async function measure(env: BenchEnv, call: BenchCall, receivers: Page[], streams: number): Promise<Measured> {
  const before = await Promise.all(receivers.map(totalsOf));
  const packets0 = forwardedPackets(env, call);
  const cpu = cpuMeter();
  const t0 = performance.now();
  await sleep(WINDOW_MS);
  const load = cpu.read();
  const seconds = (performance.now() - t0) / 1000;
  const after = await Promise.all(receivers.map(totalsOf));
  const frames = after.reduce((sum, t, i) => sum + t.framesDecoded - before[i].framesDecoded, 0);
  const bytes = after.reduce((sum, t, i) => sum + t.bytes - before[i].bytes, 0);
  return {
    streams,
    nodeCpu: load.node,
    chromiumCpu: load.chromium,
    fps: frames / seconds / Math.max(1, streams),
    kbps: (bytes * 8) / 1000 / seconds / Math.max(1, streams),
    packetsPerSecond: (forwardedPackets(env, call) - packets0) / seconds,
    widths: after.flatMap((t) => t.widths),
  };
}

function row(label: string, m: Measured | null): string[] {
  if (m === null) return [label, '—', 'not every stream decoded in time', '', '', '', '', '', ''];
  const per = (v: number) => (m.streams === 0 ? '—' : (v / m.streams).toFixed(2));
  return [
    label,
    String(m.streams),
    m.nodeCpu.toFixed(1),
    per(m.nodeCpu),
    m.chromiumCpu.toFixed(1),
    per(m.chromiumCpu),
    m.fps.toFixed(1),
    m.kbps.toFixed(0),
    m.packetsPerSecond.toFixed(0),
  ];
}

const HEADER = [
  'senders',
  'forwarded streams',
  'SFU CPU %',
  'SFU % / stream',
  'Chromium CPU %',
  'Chromium % / stream',
  'decoded fps / stream',
  'kbit/s / stream',
  'forwarded pkts/s',
];

export async function benchVideoSenders(env: BenchEnv): Promise<string> {
  const call = env.joinCall;
  const world = env.server.world;
  const calls = env.part.calls;
  const receiver = env.page;
  const rows: string[][] = [];
  const browserRows: string[][] = [];
  const notes: string[] = [];

  // Browser cameras: N sending pages and the main page receiving.
  await receiver.evaluate((input) => (window as unknown as PageWindow).bench.videoJoin(input), call.input);
  const senders: Page[] = [];
  try {
    for (const n of BROWSERS) {
      while (senders.length < n) {
        const page = await env.personPage(senders.length + 1);
        senders.push(page);
        // One layer, not the engine's default three: the CPU per forwarded stream of one encoding (say so in the rows).
        await page.evaluate((input) => (window as unknown as PageWindow).bench.videoJoin(input, false), call.input);
        await page.evaluate(() => (window as unknown as PageWindow).bench.videoCameraOn());
      }
      const everyone = [receiver, ...senders];
      const ready = (await Promise.all(everyone.map((p, i) => decoding(p, i === 0 ? n : n - 1)))).every(Boolean);
      const m = ready ? await measure(env, call, everyone, n + n * (n - 1)) : null;
      browserRows.push(row(`${n} browser${n === 1 ? '' : 's'} (one layer)`, m));
      if (m !== null)
        notes.push(`${n} browser cameras: decoded ${Math.min(...m.widths)}–${Math.max(...m.widths)} px wide`);
    }
  } finally {
    for (const page of senders) {
      await page.evaluate(() => (window as unknown as PageWindow).bench.videoLeave()).catch(() => undefined);
      await page.close();
    }
  }

  // Simulated cameras: the SFU's looped clip, the main page receiving all of them.
  const added: ParticipantRow[] = [];
  try {
    for (const n of SIMULATED) {
      const users: number[] = [];
      for (let i = added.length; i < n; i++) {
        users.push(
          world.users.create({
            phone: `camera-${randomUUID()}`,
            firstName: 'Camera',
            lastName: String(i + 1),
            now: world.now(),
          }).id,
        );
      }
      const row0 = calls.store.get(call.row.id)!;
      added.push(...calls.addSimulatedSpeakers(world.now(), row0, users, { cameras: users.length }));
      const m = (await decoding(receiver, n)) ? await measure(env, call, [receiver], n) : null;
      rows.push(row(`${n} simulated`, m));
      if (m !== null && n === SIMULATED.at(-1))
        notes.push(`simulated cameras: decoded ${Math.min(...m.widths)}–${Math.max(...m.widths)} px wide`);
    }
  } finally {
    for (const p of added) env.removeParticipant(call, p);
    await receiver.evaluate(() => (window as unknown as PageWindow).bench.videoLeave());
  }

  return [
    table(
      `Video senders: simulated cameras (SFU's looped VP8 clip) → one Chromium receiver, ${WINDOW_MS / 1000} s windows`,
      HEADER,
      rows,
    ),
    '',
    table(
      `Video senders: Chromium pages with the fake camera, everyone receiving everyone, ${WINDOW_MS / 1000} s windows`,
      HEADER,
      browserRows,
    ),
    'CPU % = percent of ONE core over the window: SFU = this process (server, SFU, simulated cameras, driver); Chromium =',
    'all its processes (encoding the cameras of the browser rows and decoding every received stream). 9 and 16 browser',
    'senders are not run: their encoders and ~N² decoders do not fit the two shared cores.',
    ...notes,
  ].join('\n');
}
