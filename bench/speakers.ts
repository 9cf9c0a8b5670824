// Bench 2: time until a new speaker is heard, and a new camera's tile shown, while N people are present (unmuted, up to
// 100 of them forwarded, up to 20 with a camera on) — the engine with its bounded m-line budget (16 audio + 16 video,
// recycled) and without it (one m-line per speaker and video present, as before the budget). "Heard": from the SFU
// forwarding the new speaker's first packet (Sfu.stats firstForwardedAt) to the page's getStats showing inbound packets
// for that SSRC; includes the participant update over MTProto, the renegotiation, Chromium's first counted packet. Also
// the renegotiation alone (setRemoteDescription + createAnswer + setLocalDescription). "Tile": from the server adding a
// person with a camera to the engine listing the video (RemoteVideosChanged) and to its first decoded frame.

import type { FirstPacket, Negotiation } from './page/entry';
import { cpuMeter } from './support/cpu';
import { until } from '../scripts/until';
import { sleep, type BenchEnv, type PageWindow } from './support/env';
import { median, ms, percentile, table } from './support/stats';

const LEVELS = [1, 10, 50, 100, 500];
/** The engine without a budget is run up to here: past ~261 m-lines Chromium refuses the description (dependency-facts). */
const UNBOUNDED_MAX = 100;
/** Present speakers whose audio the SFU forwards; the others are listed unmuted but silent (as most of a big call is). */
const FORWARDED_MAX = 100;
/** Present people with a camera on (the demo clip, 480×270 at 15 fps): more than the video budget of 16. */
const CAMERAS_MAX = 20;
const NEW_PER_LEVEL = 12;
const NEW_TILES_PER_LEVEL = 6;
/** Present, unmuted speakers beyond the audio budget (silent at the SFU, no m-line) who start speaking, per N. */
const BEYOND_PER_LEVEL = 6;

interface Status {
  state: string;
  remote: number;
  seen: FirstPacket[];
  negotiations: Negotiation[];
  updates: [number, number][];
  live: number[];
  tiles: [number, number][];
  reconnects: number;
  errors: string[];
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
  /** setRemoteDescription(offer) alone (Chromium counts the new SSRC's packets once it is done). */
  srd: number;
  /** Renegotiations started between the update's arrival and the one that brought the m-line (0: none in between). */
  before: number;
  mlines: number;
}

const status = (env: BenchEnv): Promise<Status> =>
  env.page.evaluate(() => (window as unknown as PageWindow).bench.tgcallStatus());

/** The page's first packet of `ssrc` (unsigned), or null: the cheap poll while waiting (the status once it is there). */
const seenInPage = (env: BenchEnv, ssrc: number): Promise<FirstPacket | null> =>
  env.page.evaluate((s) => (window as unknown as PageWindow).bench.tgcallSeen(s), ssrc);

/**
 * Waits until no renegotiation ran for a while and the page hears every forwarded speaker it has an m-line for (all of
 * them without a budget; with one, those within it).
 */
async function settle(env: BenchEnv, forwarded: number[]): Promise<void> {
  const sent = new Set(forwarded.map((s) => s >>> 0));
  await until(
    'the speakers with m-lines heard',
    async () => {
      const s = await status(env);
      const heard = new Set(s.seen.map((f) => f.ssrc));
      return s.live.filter((l) => sent.has(l)).every((l) => heard.has(l)) ? true : undefined;
    },
    { timeoutMs: 120_000, everyMs: 100 },
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

interface Tile {
  /** The engine listed the video (RemoteVideosChanged: the UI shows the tile) − the server added the person. */
  shown: number;
  /** Its first decoded frame (5 ms getStats poll) − added. */
  frame: number;
}

interface Variant {
  name: string;
  unbounded: boolean;
  levels: number[];
  /** New speakers measured per N. */
  samples?: number;
}

const VARIANTS: Variant[] = [
  { name: 'before: no budget', unbounded: true, levels: LEVELS.filter((l) => l <= UNBOUNDED_MAX) },
  { name: 'budget 16 + 16', unbounded: false, levels: LEVELS },
];

/**
 * `--engine=before` or `--engine=budget` runs one of the two engines, `--levels=10,50` only those N (each still grows
 * the call from 1 present and measures at the N named); both default to all. `--samples=40` measures 40 new speakers
 * per N instead of 12 (with 12, "p95" is the slowest one).
 */
export async function benchSpeakers(env: BenchEnv, options: Record<string, string> = {}): Promise<string> {
  const rows: string[][] = [];
  const tileRows: string[][] = [];
  const beyondRows: string[][] = [];
  const notes: string[] = [];
  const engine = options.engine;
  if (engine !== undefined && engine !== 'before' && engine !== 'budget')
    throw new Error(`speakers bench: --engine is before or budget, not ${engine}`);
  const levels = options.levels?.split(',').map(Number);
  if (levels?.some((l) => !LEVELS.includes(l)) === true)
    throw new Error(`speakers bench: --levels are some of ${LEVELS.join(',')}`);
  const samples = options.samples === undefined ? NEW_PER_LEVEL : Number(options.samples);
  if (!Number.isInteger(samples) || samples < 1 || samples > 200)
    throw new Error('speakers bench: --samples is a whole number from 1 to 200');
  for (const variant of VARIANTS) {
    if (engine !== undefined && variant.unbounded !== (engine === 'before')) continue;
    const chosen = levels === undefined ? variant.levels : variant.levels.filter((l) => levels.includes(l));
    if (chosen.length === 0) continue;
    await runVariant(env, { ...variant, levels: chosen, samples }, rows, tileRows, beyondRows, notes);
  }
  return [
    table(
      `Time until a new speaker is heard with N present (ms; ${samples} new speakers per N)`,
      [
        'engine',
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
    '',
    table(
      `Time until a new camera's tile is shown with N present (ms from the server adding the person; ${NEW_TILES_PER_LEVEL} per N)`,
      ['engine', 'N', 'cameras present', 'tile p50', 'tile p95', 'frame p50', 'frame p95', 'n', 'no tile'],
      tileRows,
    ),
    '',
    table(
      `Time until a present speaker beyond the audio budget who starts speaking is heard (ms; ${BEYOND_PER_LEVEL} per N that has speakers silent at the SFU)`,
      ['engine', 'N', 'after activity p50', 'after activity p95', 'from unsilenced p50', 'n', 'not heard'],
      beyondRows,
    ),
    '',
    `N present: all unmuted; the first ${FORWARDED_MAX} forwarded by the SFU (the rest silent at the SFU, listed unmuted),`,
    `  the first ${CAMERAS_MAX} with a camera on. "before: no budget" runs up to N = ${UNBOUNDED_MAX} (one m-line per`,
    '  speaker and video; Chromium refuses a description past ~261 m-lines).',
    'heard = the first packet of the SSRC received in the page − the SFU forwarding its first packet (Sfu.stats firstForwardedAt).',
    '  Received = Chromium’s lastPacketReceivedTimestamp at the first getStats poll showing the SSRC, minus 20 ms per packet',
    '  already counted, never before the setRemoteDescription that added the m-line;',
    'polled p50 = the same to the poll itself (an upper bound: Chromium caches getStats reports ~50 ms);',
    'from added = the same end − the server adding the speaker (update sent, playback started; its first packet ≤ 20 ms later);',
    'update = updateGroupCallParticipants in the page − added; update→SRD = engine work before the renegotiation starts;',
    'reneg = setRemoteDescription(offer) + createAnswer + setLocalDescription, with the m-lines shown;',
    'tile = RemoteVideosChanged listing the new video (a track on a live m-line) − the server adding the person; frame = its',
    '  first decoded frame − added (includes the keyframe the SFU asks the camera for).',
    'CPU % = percent of ONE core while the new speakers were measured: this process (server, SFU, driver) / Chromium (all',
    '  its processes); the machine has 2 cores, so 200 in all is saturation.',
    'SRD→packet = setRemoteDescription done → first packet received (the speaker sends every 20 ms; earlier packets are dropped).',
    'beyond the budget: a present speaker silent at the SFU, with no m-line in the page, is forwarded again; the SFU',
    '  hears it start speaking (next stretch of speech in its clip), the server pushes its active_date, the engine gives',
    '  it an m-line. after activity = first packet received in the page − that rising edge (the update goes out at once);',
    "  from unsilenced = the same end − forwarding resumed (includes waiting for the clip's next stretch of speech).",
    ...notes,
  ].join('\n');
}

async function runVariant(
  env: BenchEnv,
  variant: Variant,
  rows: string[][],
  tileRows: string[][],
  beyondRows: string[][],
  notes: string[],
): Promise<void> {
  const call = env.speakersCall;
  const stats = () => env.sfu.stats()[call.key] ?? {};
  // Each variant starts from an empty call and grows it while joined (the page hears each arrival as an update).
  for (const row of env.simulated(call)) env.removeParticipant(call, row);
  const forwarded: number[] = [];
  let cameras = 0;
  const grow = (count: number) => {
    const withCamera = Math.max(0, Math.min(count, CAMERAS_MAX - cameras));
    for (const row of env.addSpeakers(call, count, withCamera)) {
      if (forwarded.length < FORWARDED_MAX) forwarded.push(row.source);
      else env.silence(call, row);
    }
    cameras += withCamera;
  };
  grow(variant.levels[0]);
  const joined = await env.page.evaluate(
    ([input, watch, unbounded]) =>
      (window as unknown as PageWindow).bench.tgcallJoin(input, [...watch], 15_000, unbounded),
    [call.input, forwarded, variant.unbounded] as const,
  );
  if (joined.first === null) throw new Error(`speakers bench: the join heard no one (${joined.error ?? ''})`);
  let errorsSeen = 0;
  let reconnectsSeen = 0;
  try {
    for (const level of variant.levels) {
      const present = env.simulated(call).length;
      if (level > present) grow(level - present);
      await settle(env, forwarded);
      const samples: Sample[] = [];
      const cpu = cpuMeter();
      for (let k = 0; k < (variant.samples ?? NEW_PER_LEVEL); k++) {
        const addedAt = Date.now();
        const [row] = env.addSpeakers(call, 1);
        const ssrc = row.source >>> 0;
        const seen = await until(
          `speaker ${ssrc} heard at N=${level}`,
          async () => {
            const hit = await seenInPage(env, ssrc);
            return hit === null ? undefined : { hit, s: await status(env) };
          },
          { timeoutMs: 20_000, everyMs: 10 },
        ).catch(async (error: unknown) => {
          throw new Error(`${String(error)}\n${await diagnose(env, row.source, addedAt)}`);
        });
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
          srd: neg === undefined ? NaN : neg.srdEnd - neg.srdStart,
          before: seen.s.negotiations.filter(
            (n) => n.kind === 'offer' && n.end > updateAt && neg !== undefined && n.srdStart < neg.srdStart,
          ).length,
          mlines: neg?.mlines ?? NaN,
        });
        // Back to N present: the newcomer leaves (its m-line goes inactive and is recycled by the next one).
        env.removeParticipant(call, row);
        await sleep(250);
      }
      const load = cpu.read();
      const col = (f: (s: Sample) => number) => samples.map(f);
      const heard = col((s) => s.heard);
      // Where the tail went: the phases of the slowest samples.
      const slowest = [...samples].sort((a, b) => b.heard - a.heard).slice(0, 2);
      notes.push(
        `${variant.name}, N=${level}, slowest heard: ` +
          slowest
            .map(
              (s) =>
                `${ms(s.heard)} (from added ${ms(s.fromAdded)}: update ${ms(s.update)}, update→SRD ${ms(s.toReneg)}` +
                ` with ${s.before} renegotiation(s) in between, SRD ${ms(s.srd)}, SRD→packet ${ms(s.afterReneg)})`,
            )
            .join('; '),
      );
      rows.push([
        variant.name,
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

      // New tiles: a person with a camera joins (and leaves again once its first frame is decoded).
      const tiles: Tile[] = [];
      let noTile = 0;
      for (let k = 0; k < NEW_TILES_PER_LEVEL; k++) {
        const addedAt = Date.now();
        const [row] = env.addSpeakers(call, 1, 1);
        const video = row.videoGroups?.[0]?.sources[0];
        if (video === undefined) throw new Error('speakers bench: the simulated camera has no SSRC');
        const shownAt = await until(
          `tile ${video >>> 0} at N=${level}`,
          async () =>
            (await env.page.evaluate((v) => (window as unknown as PageWindow).bench.tgcallTile(v), video)) ?? undefined,
          { timeoutMs: 20_000, everyMs: 10 },
        ).catch(() => null);
        const frameAt =
          shownAt === null
            ? null
            : await env.page.evaluate(([v, t]) => (window as unknown as PageWindow).bench.tgcallAwaitFrame(v, t), [
                video,
                20_000,
              ] as const);
        if (shownAt === null || frameAt === null) noTile++;
        else tiles.push({ shown: shownAt - addedAt, frame: frameAt - addedAt });
        env.removeParticipant(call, row);
        await sleep(300);
      }
      const shown = tiles.map((t) => t.shown);
      const frames = tiles.map((t) => t.frame);
      tileRows.push([
        variant.name,
        String(level),
        String(cameras),
        ms(median(shown)),
        ms(percentile(shown, 95)),
        ms(median(frames)),
        ms(percentile(frames, 95)),
        String(tiles.length),
        String(noTile),
      ]);
      const beyond = variant.unbounded ? null : await beyondBudget(env, variant, level, forwarded);
      if (beyond !== null) beyondRows.push(beyond);
      const s = await status(env);
      if (s.state !== 'connected') notes.push(`${variant.name}: at N=${level} the call was ${s.state}`);
      // A rejoin (a refused renegotiation, a media failure) shows in the tail: say so.
      const errors = s.errors.slice(errorsSeen);
      errorsSeen = s.errors.length;
      if (errors.length > 0 || s.reconnects > reconnectsSeen)
        notes.push(
          `${variant.name}, N=${level}: ${s.reconnects - reconnectsSeen} reconnect(s), engine errors: ${errors.join(' | ') || 'none'}`,
        );
      reconnectsSeen = s.reconnects;
    }
  } finally {
    await env.page.evaluate(() => (window as unknown as PageWindow).bench.tgcallLeave());
  }
}

/** What the SFU and the page know of a speaker that was not heard (printed with the timeout). */
async function diagnose(env: BenchEnv, source: number, addedAt: number): Promise<string> {
  const call = env.speakersCall;
  const all = env.sfu.stats()[call.key] ?? {};
  const speaker = all[String(source | 0)];
  const page = Object.values(all).find((s) => s.kind === 'participant');
  const sfu = speaker
    ? `SFU: speaker received ${speaker.received}, forwarded ${JSON.stringify(speaker.forwarded)}, first forwarded ` +
      `${speaker.firstForwardedAt === undefined ? 'never' : `${speaker.firstForwardedAt - addedAt} ms after added`}`
    : 'SFU: no such source';
  const endpoint = page ? `page endpoint ${page.endpointId}: ${page.state}` : 'SFU: no participant endpoint';
  const inPage = await env.page
    .evaluate((s) => (window as unknown as PageWindow).bench.tgcallDiagnose(s), source >>> 0)
    .catch((e: unknown) => `page: ${String(e)}`);
  return [sfu, endpoint, inPage, `now ${Date.now()}, added at ${addedAt}`].join('\n');
}

/**
 * Present speakers beyond the audio budget start speaking: each one silent at the SFU (listed unmuted, never heard, no
 * m-line in the page) is forwarded again; the SFU's rising edge of speech makes the server push its active_date, and the
 * engine gives it an m-line. A row for the table; null when N has no such speaker (all forwarded).
 */
async function beyondBudget(
  env: BenchEnv,
  variant: Variant,
  level: number,
  forwarded: number[],
): Promise<string[] | null> {
  const call = env.speakersCall;
  const sent = new Set(forwarded);
  const afterActivity: number[] = [];
  const fromUnsilenced: number[] = [];
  const tried = new Set<number>();
  let notHeard = 0;
  for (let k = 0; k < BEYOND_PER_LEVEL; k++) {
    const before = await status(env);
    const live = new Set(before.live);
    const seen = new Set(before.seen.map((f) => f.ssrc));
    const row = env
      .simulated(call)
      .find(
        (r) => !sent.has(r.source) && !tried.has(r.source) && !live.has(r.source >>> 0) && !seen.has(r.source >>> 0),
      );
    if (row === undefined) break;
    tried.add(row.source);
    const ssrc = row.source >>> 0;
    let spokeAt = NaN;
    const off = env.sfu.onSourceActive((key, source, reason) => {
      if (key === call.key && source === (row.source | 0) && reason === 'speaking' && Number.isNaN(spokeAt))
        spokeAt = Date.now();
    });
    const unsilencedAt = Date.now();
    env.unsilence(call, row);
    const got = await until(
      `beyond-budget speaker ${ssrc} heard at N=${level}`,
      async () => {
        const hit = await seenInPage(env, ssrc);
        return hit === null ? undefined : { hit, s: await status(env) };
      },
      { timeoutMs: 20_000, everyMs: 10 },
    ).catch(() => null);
    off();
    env.silence(call, row);
    if (got === null || Number.isNaN(spokeAt)) {
      notHeard++;
      continue;
    }
    const neg = got.s.negotiations.filter((n) => n.kind === 'offer' && n.srdEnd <= got.hit.watchedFrom + 0.5).at(-1);
    const receivedAt = Math.max(got.hit.receivedAt, neg?.srdEnd ?? -Infinity);
    afterActivity.push(receivedAt - spokeAt);
    fromUnsilenced.push(receivedAt - unsilencedAt);
    await sleep(250);
  }
  if (tried.size === 0) return null;
  return [
    variant.name,
    String(level),
    ms(median(afterActivity)),
    ms(percentile(afterActivity, 95)),
    ms(median(fromUnsilenced)),
    String(afterActivity.length),
    String(notHeard),
  ];
}
