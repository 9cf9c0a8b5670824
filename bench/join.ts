// Bench 1: time to join — from the join request to the first inbound RTP packet of a simulated speaker seen in the
// page, tgcall (TelegramClient + GroupCall) and a bare baseline (offer → Sfu.join over a loopback side channel →
// the same sdp functions) side by side, alternating, in one run.

import type { JoinResult } from './page/entry';
import { sleep, type BenchEnv, type PageWindow } from './support/env';
import { median, ms, percentile, table } from './support/stats';

const JOINS = 20;
const TIMEOUT_MS = 10_000;

interface Breakdown {
  /** step → duration (ms); NaN when the step did not happen. */
  steps: Map<string, number>;
  total: number;
}

const STEPS = [
  'getUserMedia',
  'createOffer + setLocalDescription',
  'join round trip (phone.joinGroupCall | Sfu.join over HTTP)',
  'setRemoteDescription(answer)',
  'phone.getGroupParticipants round trip',
  'renegotiation with the speaker’s m-line',
  'ICE + DTLS (answer applied → connected)',
  'first packet after connected + m-line',
] as const;

function breakdown(r: JoinResult): Breakdown {
  const first = (name: string) => r.marks.find((m) => m.name === name);
  const dur = (name: string) => {
    const m = first(name);
    return m === undefined ? NaN : m.end - m.start;
  };
  const steps = new Map<string, number>();
  steps.set(STEPS[0], dur('getUserMedia'));
  steps.set(STEPS[1], dur('createOffer') + dur('setLocalDescription(offer)'));
  steps.set(STEPS[2], Number.isFinite(dur('phone.joinGroupCall')) ? dur('phone.joinGroupCall') : dur('sideChannel.join'));
  const answer = r.negotiations.find((n) => n.kind === 'answer');
  steps.set(STEPS[3], answer === undefined ? NaN : answer.srdEnd - answer.srdStart);
  steps.set(STEPS[4], dur('phone.getGroupParticipants'));
  const reneg = r.negotiations.find((n) => n.kind === 'offer');
  steps.set(STEPS[5], reneg === undefined ? NaN : reneg.end - reneg.srdStart);
  steps.set(STEPS[6], answer === undefined || r.connectedAt === null ? NaN : r.connectedAt - answer.srdEnd);
  const ready = Math.max(r.connectedAt ?? NaN, reneg?.end ?? NaN);
  steps.set(STEPS[7], r.first === null ? NaN : r.first.seenAt - ready);
  return { steps, total: r.first === null ? NaN : r.first.seenAt - r.requestedAt };
}

async function tgcallJoin(env: BenchEnv): Promise<JoinResult> {
  const watch = env.speakerSources(env.joinCall);
  const result = await env.page.evaluate(
    ([call, w, t]) => (window as unknown as PageWindow).bench.tgcallJoin(call, w, t),
    [env.joinCall.input, watch, TIMEOUT_MS] as const,
  );
  await env.page.evaluate(() => (window as unknown as PageWindow).bench.tgcallLeave());
  return result;
}

async function baselineJoin(env: BenchEnv): Promise<JoinResult> {
  const result = await env.page.evaluate(([url, t]) => (window as unknown as PageWindow).bench.baselineJoin(url, t), [env.sideUrl, TIMEOUT_MS] as const);
  await env.page.evaluate((url) => (window as unknown as PageWindow).bench.baselineLeave(url), env.sideUrl);
  return result;
}

function check(what: string, r: JoinResult): void {
  if (r.first === null) throw new Error(`${what}: no inbound packet within ${TIMEOUT_MS} ms (${r.error ?? 'no error'})`);
}

export async function benchJoin(env: BenchEnv): Promise<string> {
  if (env.speakerSources(env.joinCall).length === 0) env.addSpeakers(env.joinCall, 1);
  await sleep(200);
  // Warm-up: the first join after the server started pays for werift's certificate and Chromium's first WebRTC setup.
  const warmTg = await tgcallJoin(env);
  check('tgcall warm-up', warmTg);
  await sleep(200);
  const warmBase = await baselineJoin(env);
  check('baseline warm-up', warmBase);
  await sleep(200);

  const tg: Breakdown[] = [];
  const base: Breakdown[] = [];
  for (let i = 0; i < JOINS; i++) {
    // Alternate which goes first, so that drift on the shared machine falls on both alike.
    const order = i % 2 === 0 ? (['tg', 'base'] as const) : (['base', 'tg'] as const);
    for (const which of order) {
      const r = which === 'tg' ? await tgcallJoin(env) : await baselineJoin(env);
      check(which === 'tg' ? `tgcall join ${i + 1}` : `baseline join ${i + 1}`, r);
      (which === 'tg' ? tg : base).push(breakdown(r));
      await sleep(150);
    }
  }

  const totals = (b: Breakdown[]) => b.map((x) => x.total);
  const row = (name: string, v: number[]) => [name, ms(median(v)), ms(percentile(v, 95)), ms(Math.min(...v)), ms(Math.max(...v)), String(v.length)];
  const tgMedian = median(totals(tg));
  const baseMedian = median(totals(base));
  const summary = table(
    `Time to join: request → first inbound RTP packet of a simulated speaker in the page (ms, ${JOINS} joins each, alternating)`,
    ['path', 'p50', 'p95', 'min', 'max', 'n'],
    [
      row('tgcall (TelegramClient + GroupCall)', totals(tg)),
      row('baseline (offer → Sfu.join → answer)', totals(base)),
      ['ratio tgcall / baseline (p50)', (tgMedian / baseMedian).toFixed(2) + '×', (percentile(totals(tg), 95) / percentile(totals(base), 95)).toFixed(2) + '× (p95)', '', '', ''],
      row('warm-up: first tgcall join after start', [breakdown(warmTg).total]),
      row('warm-up: first baseline join after it', [breakdown(warmBase).total]),
    ],
  );
  const steps = table(
    'Where the time goes (p50 of each step, ms; steps overlap: the participants load and the renegotiation run during ICE + DTLS)',
    ['step', 'tgcall', 'baseline'],
    STEPS.map((s) => [s, ms(median(tg.map((b) => b.steps.get(s)!))), ms(median(base.map((b) => b.steps.get(s)!)))]),
  );
  return `${summary}\n\n${steps}`;
}
