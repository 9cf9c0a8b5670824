// Bench 1: time to join — from the join request to the first inbound RTP packet of a simulated speaker seen in the
// page, tgcall (TelegramClient + GroupCall) and a bare baseline (offer → Sfu.join over a loopback side channel →
// the same sdp functions) side by side, alternating, in one run.

import type { JoinResult } from './page/entry';
import { probeFirstForwards } from './support/forwardProbe';
import { sleep, type BenchEnv, type PageWindow } from './support/env';
import { uiJoins } from './uiJoin';
import { median, ms, percentile, table } from './support/stats';

const JOINS = 20;
/** Joins through the app's Join button (each a click, a call screen and Leave: slower to repeat). */
const UI_JOINS = 10;
const TIMEOUT_MS = 10_000;

interface Breakdown {
  /** milestone → [duration of the step ending there, ms since the request] (NaN when it did not happen). */
  steps: Map<string, [number, number]>;
  /** Request → first packet received (Chromium's receive time of the first packet). */
  total: number;
  /** Request → first getStats poll showing it (5 ms polls). */
  seen: number;
  /** packetsReceived at that poll. */
  packets: number;
  /** The estimated first packet received − the SFU sending its first packet to this connection (checks the estimate). */
  estimateMinusSent: number;
}

const STEPS = [
  'getUserMedia',
  'createOffer + setLocalDescription(offer)',
  'join round trip (phone.joinGroupCall | Sfu.join over HTTP)',
  'setRemoteDescription(answer)',
  'phone.getGroupParticipants round trip',
  'renegotiation adding the speaker’s m-line',
  'ICE connected (from answer applied)',
  'DTLS connected in Chromium (from ICE)',
  'werift connected in the SFU (from Chromium’s)',
  'SFU sends the first packet to it (from connected and m-line set)',
  'first packet received in the page (estimate, from sent)',
  'first packet seen by a getStats poll (every 5 ms; reports cached ~50 ms)',
] as const;

function breakdown(r: JoinResult, sfuConnectedAt: number, sfuSentAt: number): Breakdown {
  const t0 = r.requestedAt;
  const first = (name: string) => r.marks.find((m) => m.name === name);
  const span = (name: string): [number, number] => {
    const m = first(name);
    return m === undefined ? [NaN, NaN] : [m.end - m.start, m.end - t0];
  };
  const steps = new Map<string, [number, number]>();
  steps.set(STEPS[0], span('getUserMedia'));
  const offer = first('createOffer');
  const sld = first('setLocalDescription(offer)');
  steps.set(STEPS[1], offer === undefined || sld === undefined ? [NaN, NaN] : [sld.end - offer.start, sld.end - t0]);
  steps.set(
    STEPS[2],
    first('phone.joinGroupCall') !== undefined ? span('phone.joinGroupCall') : span('sideChannel.join'),
  );
  const answer = r.negotiations.find((n) => n.kind === 'answer');
  steps.set(STEPS[3], answer === undefined ? [NaN, NaN] : [answer.srdEnd - answer.srdStart, answer.srdEnd - t0]);
  steps.set(STEPS[4], span('phone.getGroupParticipants'));
  const reneg = r.negotiations.find((n) => n.kind === 'offer');
  steps.set(STEPS[5], reneg === undefined ? [NaN, NaN] : [reneg.end - reneg.srdStart, reneg.end - t0]);
  const ice = r.iceConnectedAt ?? NaN;
  const dtls = r.connectedAt ?? NaN;
  steps.set(STEPS[6], [ice - (answer?.srdEnd ?? NaN), ice - t0]);
  steps.set(STEPS[7], [dtls - ice, dtls - t0]);
  steps.set(STEPS[8], [sfuConnectedAt - dtls, sfuConnectedAt - t0]);
  const ready = Math.max(dtls, sfuConnectedAt, reneg?.srdEnd ?? NaN);
  // The estimate (see FirstPacket.receivedAt) never before a packet could be counted: DTLS up and the m-line in place.
  const received = Math.max(r.first?.receivedAt ?? NaN, dtls, reneg?.srdEnd ?? NaN);
  const seen = r.first?.seenAt ?? NaN;
  steps.set(STEPS[9], [sfuSentAt - ready, sfuSentAt - t0]);
  steps.set(STEPS[10], [received - sfuSentAt, received - t0]);
  steps.set(STEPS[11], [seen - received, seen - t0]);
  return {
    steps,
    total: received - t0,
    seen: seen - t0,
    packets: r.first?.packets ?? NaN,
    estimateMinusSent: received - sfuSentAt,
  };
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
  const result = await env.page.evaluate(([url, t]) => (window as unknown as PageWindow).bench.baselineJoin(url, t), [
    env.sideUrl,
    TIMEOUT_MS,
  ] as const);
  await env.page.evaluate((url) => (window as unknown as PageWindow).bench.baselineLeave(url), env.sideUrl);
  return result;
}

function check(what: string, r: JoinResult): void {
  if (r.first === null)
    throw new Error(`${what}: no inbound packet within ${TIMEOUT_MS} ms (${r.error ?? 'no error'})`);
}

export async function benchJoin(env: BenchEnv): Promise<string> {
  if (env.speakerSources(env.joinCall).length === 0) env.addSpeakers(env.joinCall, 1);
  // When werift calls each endpoint of the call connected (Node's clock; the page's is the same wall clock).
  const sfuConnected: number[] = [];
  const unsubscribe = env.sfu.onEndpointState((callKey, _endpoint, state) => {
    if (callKey === env.joinCall.key && state === 'connected') sfuConnected.push(Date.now());
  });
  const forwards = probeFirstForwards();
  const measure = async (which: 'tg' | 'base', what: string): Promise<Breakdown> => {
    const r = which === 'tg' ? await tgcallJoin(env) : await baselineJoin(env);
    check(what, r);
    const sfuAt = sfuConnected.find((t) => t >= r.requestedAt - 1) ?? NaN;
    const sentAt = forwards.firsts.find((t) => t >= r.requestedAt) ?? NaN;
    sfuConnected.length = 0;
    forwards.firsts.length = 0;
    return breakdown(r, sfuAt, sentAt);
  };
  try {
    await sleep(200);
    // Warm-up: the first join after the server started pays for werift's certificate and Chromium's first WebRTC setup.
    const warmTg = await measure('tg', 'tgcall warm-up');
    await sleep(200);
    const warmBase = await measure('base', 'baseline warm-up');
    await sleep(200);

    const tg: Breakdown[] = [];
    const base: Breakdown[] = [];
    for (let i = 0; i < JOINS; i++) {
      // Alternate which goes first, so that drift on the shared machine falls on both alike.
      const order = i % 2 === 0 ? (['tg', 'base'] as const) : (['base', 'tg'] as const);
      for (const which of order) {
        (which === 'tg' ? tg : base).push(
          await measure(which, which === 'tg' ? `tgcall join ${i + 1}` : `baseline join ${i + 1}`),
        );
        await sleep(150);
      }
    }

    // Through the app: Bob clicks Join on the demo megagroup's page (production build, one warm-up join first).
    const ui = await uiJoins(env, UI_JOINS);

    const row = (name: string, v: number[]) => [
      name,
      ms(median(v)),
      ms(percentile(v, 95)),
      ms(Math.min(...v)),
      ms(Math.max(...v)),
      String(v.length),
    ];
    const ratio = (f: (v: number[]) => number, get: (b: Breakdown) => number) =>
      (f(tg.map(get)) / f(base.map(get))).toFixed(2) + '×';
    const p95 = (v: number[]) => percentile(v, 95);
    const summary = table(
      `Time to join: request → first inbound RTP packet of a simulated speaker received in the page (ms unless noted, ${JOINS} joins each, alternating)`,
      ['path', 'p50', 'p95', 'min', 'max', 'n'],
      [
        row(
          'tgcall (TelegramClient + GroupCall)',
          tg.map((b) => b.total),
        ),
        row(
          'baseline (offer → Sfu.join → answer)',
          base.map((b) => b.total),
        ),
        ['ratio tgcall / baseline', ratio(median, (b) => b.total), ratio(p95, (b) => b.total), '', '', ''],
        row(
          'tgcall, to the first getStats poll showing it',
          tg.map((b) => b.seen),
        ),
        row(
          'baseline, to the first getStats poll showing it',
          base.map((b) => b.seen),
        ),
        row(
          'packets counted at that poll (tgcall)',
          tg.map((b) => b.packets),
        ),
        row(
          'check: estimated receipt − SFU sent it (both paths)',
          [...tg, ...base].map((b) => b.estimateMinusSent),
        ),
        row(
          'tgcall engine, to DTLS connected in Chromium',
          tg.map((b) => b.steps.get(STEPS[7])![1]),
        ),
        row(
          'app: click Join → "Connected" on the call screen',
          ui.joins.map((j) => j.connected),
        ),
        row(
          'app: click Join → first remote audio packet received',
          ui.joins.map((j) => j.firstAudio),
        ),
        row(
          'app: click Join → first getStats poll showing it',
          ui.joins.map((j) => j.seen),
        ),
        [
          'app − engine (first remote audio, p50 / p95)',
          ms(median(ui.joins.map((j) => j.firstAudio)) - median(tg.map((b) => b.total))),
          ms(
            percentile(
              ui.joins.map((j) => j.firstAudio),
              95,
            ) - p95(tg.map((b) => b.total)),
          ),
          '',
          '',
          '',
        ],
        row('warm-up: first app join (engine code loaded, first WebRTC in the page)', [ui.warmUp.firstAudio]),
        row('warm-up: first tgcall join after start', [warmTg.total]),
        row('warm-up: first baseline join after it', [warmBase.total]),
      ],
    );
    const cell = (b: Breakdown[], s: string, i: 0 | 1) => ms(median(b.map((x) => x.steps.get(s)![i])));
    const steps = table(
      'Where the time goes (p50 ms: the step’s own duration, and when it ends counted from the request)',
      ['step', 'tgcall', 'ends at', 'baseline', 'ends at'],
      STEPS.map((s) => [s, cell(tg, s, 0), cell(tg, s, 1), cell(base, s, 0), cell(base, s, 1)]),
    );
    return `${summary}\n\n${steps}`;
  } finally {
    unsubscribe();
    forwards.stop();
  }
}
