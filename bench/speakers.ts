// Bench 2: time until a new speaker is heard while N remote speakers are already present and forwarded — from the
// SFU forwarding the new speaker's first packet (Sfu.stats firstForwardedAt) to the page's getStats showing inbound
// packets for that SSRC. Includes the participant update over MTProto, the renegotiation with N m-lines, Chromium's
// first counted packet. Also the renegotiation alone (setRemoteDescription + createAnswer + setLocalDescription).

import type { FirstPacket, Negotiation } from './page/entry';
import { cpuMeter } from './support/cpu';
import { until } from '../scripts/until';
import { sleep, type BenchEnv, type PageWindow } from './support/env';
import { median, ms, percentile, table } from './support/stats';

const LEVELS = [1, 10, 50, 100];
const NEW_PER_LEVEL = 12;

interface Status {
  state: string;
  remote: number;
  seen: FirstPacket[];
  negotiations: Negotiation[];
  updates: [number, number][];
}

interface Sample {
  /** First packet received in the page (Chromium's receive time, see FirstPacket.receivedAt) − SFU forwarded the first packet. */
  heard: number;
  /** The first getStats poll showing packets − SFU forwarded the first packet (upper bound; reports are cached ~50 ms). */
  polled: number;
  /** Page saw the first packet − the server announced the speaker (update sent, speaker started). */
  fromAdded: number;
  /** updateGroupCallParticipants in the page − announced. */
  update: number;
  /** setRemoteDescription(offer) start → setLocalDescription(answer) end. */
  reneg: number;
  /** update arrived → renegotiation start (engine: participants store, coalescing queue, SDP writing). */
  toReneg: number;
  /** setRemoteDescription(offer) done (the receive stream exists) → first packet received. */
  afterReneg: number;
  mlines: number;
}

const status = (env: BenchEnv): Promise<Status> =>
  env.page.evaluate(() => (window as unknown as PageWindow).bench.tgcallStatus());

/** Waits until the page hears every present speaker and no renegotiation ran for a while. */
async function settle(env: BenchEnv, sources: number[]): Promise<void> {
  const wanted = new Set(sources.map((s) => s >>> 0));
  await until(
    `all ${wanted.size} speakers heard`,
    async () => {
      const s = await status(env);
      const heard = new Set(s.seen.map((f) => f.ssrc));
      return [...wanted].every((w) => heard.has(w)) ? true : undefined;
    },
    { timeoutMs: 60_000, everyMs: 100 },
  );
  let last = -1;
  await until(
    'renegotiations to stop',
    async () => {
      const n = (await status(env)).negotiations.length;
      const quiet = n === last;
      last = n;
      return quiet ? true : undefined;
    },
    { timeoutMs: 20_000, everyMs: 500 },
  );
}

export async function benchSpeakers(env: BenchEnv): Promise<string> {
  const call = env.speakersCall;
  const stats = () => env.sfu.stats()[call.key] ?? {};
  env.addSpeakers(call, LEVELS[0]);
  const joined = await env.page.evaluate(
    ([input, watch]) => (window as unknown as PageWindow).bench.tgcallJoin(input, watch, 15_000),
    [call.input, env.speakerSources(call)] as const,
  );
  if (joined.first === null) throw new Error(`speakers bench: the join heard no one (${joined.error ?? ''})`);

  const rows: string[][] = [];
  const notes: string[] = [];
  try {
    for (const level of LEVELS) {
      const present = env.speakerSources(call).length;
      if (level > present) env.addSpeakers(call, level - present);
      await settle(env, env.speakerSources(call));
      const samples: Sample[] = [];
      const cpu = cpuMeter();
      for (let k = 0; k < NEW_PER_LEVEL; k++) {
        const addedAt = Date.now();
        const [row] = env.addSpeakers(call, 1);
        const ssrc = row.source >>> 0;
        const seen = await until(
          `speaker ${ssrc} heard at N=${level}`,
          async () => {
            const s = await status(env);
            const hit = s.seen.find((f) => f.ssrc === ssrc);
            return hit === undefined ? undefined : { hit, s };
          },
          { timeoutMs: 10_000, everyMs: 10 },
        );
        const forwardedAt = stats()[String(row.source | 0)]?.firstForwardedAt ?? NaN;
        const updateAt = new Map(seen.s.updates).get(ssrc) ?? NaN;
        // The renegotiation that brought the m-line: the last one whose setRemoteDescription ended before polling of the
        // SSRC started. No packet of the SSRC can be counted before that: the estimate is clamped to it.
        const neg = seen.s.negotiations
          .filter((n) => n.kind === 'offer' && n.srdEnd <= seen.hit.watchedFrom + 0.5)
          .at(-1);
        const receivedAt = Math.max(seen.hit.receivedAt, neg?.srdEnd ?? -Infinity);
        samples.push({
          heard: receivedAt - forwardedAt,
          polled: seen.hit.seenAt - forwardedAt,
          fromAdded: receivedAt - addedAt,
          update: updateAt - addedAt,
          reneg: neg === undefined ? NaN : neg.end - neg.srdStart,
          toReneg: neg === undefined ? NaN : neg.srdStart - updateAt,
          afterReneg: neg === undefined ? NaN : receivedAt - neg.srdEnd,
          mlines: neg?.mlines ?? NaN,
        });
        // Back to N present: the newcomer leaves (its m-line goes inactive and is recycled by the next one).
        env.removeParticipant(call, row);
        await sleep(250);
      }
      const load = cpu.read();
      const col = (f: (s: Sample) => number) => samples.map(f);
      const heard = col((s) => s.heard);
      rows.push([
        String(level),
        String(median(col((s) => s.mlines))),
        ms(median(heard)),
        ms(percentile(heard, 95)),
        ms(median(col((s) => s.polled))),
        ms(median(col((s) => s.fromAdded))),
        ms(median(col((s) => s.update))),
        ms(median(col((s) => s.toReneg))),
        ms(median(col((s) => s.reneg))),
        ms(
          percentile(
            col((s) => s.reneg),
            95,
          ),
        ),
        ms(median(col((s) => s.afterReneg))),
        String(samples.length),
        `${load.node.toFixed(0)} / ${load.chromium.toFixed(0)}`,
      ]);
      const s = await status(env);
      if (s.state !== 'connected') notes.push(`at N=${level} the call was ${s.state}`);
    }
  } finally {
    await env.page.evaluate(() => (window as unknown as PageWindow).bench.tgcallLeave());
  }
  return [
    table(
      `Time until a new speaker is heard with N speakers present and forwarded (ms, p50 of ${NEW_PER_LEVEL} new speakers per N)`,
      [
        'N',
        'm-lines',
        'heard p50',
        'heard p95',
        'polled p50',
        'from added',
        'update',
        'update→SRD',
        'reneg p50',
        'reneg p95',
        'SRD→packet',
        'n',
        'CPU % node/chromium',
      ],
      rows,
    ),
    'heard = the first packet of the SSRC received in the page − the SFU forwarding its first packet (Sfu.stats firstForwardedAt).',
    '  Received = Chromium’s lastPacketReceivedTimestamp at the first getStats poll showing the SSRC, minus 20 ms per packet',
    '  already counted, never before the setRemoteDescription that added the m-line;',
    'polled p50 = the same to the poll itself (an upper bound: Chromium caches getStats reports ~50 ms);',
    'from added = the same end − the server adding the speaker (update sent, playback started; its first packet ≤ 20 ms later);',
    'update = updateGroupCallParticipants in the page − added; update→SRD = engine work before the renegotiation starts;',
    'reneg = setRemoteDescription(offer) + createAnswer + setLocalDescription, with the m-lines shown (own + N + 1 recycled);',
    'CPU % = percent of ONE core while the new speakers were measured: this process (server, SFU, driver) / Chromium (all',
    '  its processes); the machine has 2 cores, so 200 in all is saturation.',
    'SRD→packet = setRemoteDescription done → first packet received (the speaker sends every 20 ms; earlier packets are dropped).',
    ...notes,
  ].join('\n');
}
