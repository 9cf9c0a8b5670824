// Bench: camera on → first frame decoded in the other browser, tgcall (GroupCall.setCameraEnabled: getUserMedia,
// replaceTrack, phone.editGroupCallParticipant, the update to the other, its renegotiation, the keyframe) against a bare
// baseline in the same run (getUserMedia + replaceTrack on a connection joined straight through Sfu.join, the receiver's
// m-line declared beforehand: capture, encoder, SFU and decoder only). Rounds alternate the two paths. Also the late
// joiner: join → first frame of a camera already on (the keyframe-request path through the SFU).

import { noMarks, type DecodedFrame, type VideoMarks } from './page/video';
import { probeVideo, type VideoProbe } from './support/videoProbe';
import { sleep, type BenchEnv, type PageWindow } from './support/env';
import { median, ms, percentile, table } from './support/stats';
import { benchVideoSenders } from './videoSenders';

const ROUNDS = 10;
const LATE_JOINS = 5;
const TIMEOUT_MS = 15_000;
/**
 * How long the camera stays off between rounds, on both paths: longer than Chromium's minimum interval between keyframe
 * requests it acts on (300 ms per camera, and the SFU's 50 ms margin), so that a round does not start inside the
 * interval of the previous round's request (then the new request must wait for the rest of it, as on any SFU). Before,
 * only the baseline waited (300 ms) and tgcall rounds that followed one another did not.
 */
const CAMERA_OFF_MS = 400;

function row(name: string, values: number[], failed: number): string[] {
  return [
    name,
    String(values.length),
    ms(median(values)),
    ms(percentile(values, 95)),
    ms(Math.min(...values)),
    ms(Math.max(...values)),
    String(failed),
  ];
}

/** One phase of a camera-on round: its name, and where it starts and ends (keys of the round's marks). */
const PHASES: [string, keyof RoundMarks, keyof RoundMarks][] = [
  ['click → edit sent (getUserMedia, replaceTrack)', 'asked', 'editSent'],
  ['edit sent → update at the receiver', 'editSent', 'update'],
  ['update → video listed (renegotiation)', 'update', 'listed'],
  ['video listed → its constraints at the SFU', 'listed', 'constraints'],
  ["click → the camera's first packet at the SFU", 'asked', 'videoIn'],
  ["click → the camera's first keyframe at the SFU", 'asked', 'keyframeIn'],
  ['click → first video forwarded to the receiver', 'asked', 'forwarded'],
  ['click → first SFU keyframe request to the sender', 'asked', 'pli'],
  ['click → first keyframe forwarded to the receiver', 'asked', 'keyframe'],
  ["camera's first keyframe at the SFU → first keyframe to the receiver", 'keyframeIn', 'keyframe'],
  ["video listed → the receiver's own keyframe request", 'listed', 'receiverPli'],
  ["first keyframe to the receiver → the receiver's first NACK", 'keyframe', 'receiverNack'],
  ['first keyframe to the receiver → first frame decoded', 'keyframe', 'firstFrame'],
  ['click → first packet (poll, up to ~50 ms late)', 'asked', 'firstPacket'],
];

type RoundMarks = VideoMarks & {
  asked: number | null;
  /** The SFU's first keyframe request to a sender after the click. */
  pli: number | null;
  /** The receiver's first ReceiverVideoConstraints at the SFU after the click. */
  constraints: number | null;
  /** The receiver's connection seen connected at the SFU (late joiner). */
  connected: number | null;
  /** The camera's first packet / keyframe reaching the SFU. */
  videoIn: number | null;
  keyframeIn: number | null;
  /** The first video packet / keyframe start the SFU forwarded to the receiver being measured. */
  forwarded: number | null;
  keyframe: number | null;
  /** The receiver's own first keyframe request (PLI / FIR) at the SFU after the click. */
  receiverPli: number | null;
  /** The receiver's first NACK at the SFU after the click. */
  receiverNack: number | null;
  /** How many keyframe requests the receiver sent in the round. */
  receiverPlis: number;
};

/** The SFU's marks of one round for the receiver whose join declared `receiverSsrc`. */
function sfuMarks(probe: VideoProbe, receiverSsrc: number, asked: number) {
  const m = probe.marks;
  const r = probe.receiver(receiverSsrc);
  const plis = r.keyframeRequests.filter((t) => t >= asked);
  return {
    pli: m.keyframeRequests.find((t) => t >= asked) ?? null,
    constraints: r.constraints.find((t) => t >= asked) ?? null,
    videoIn: m.firstVideoIn,
    keyframeIn: m.firstKeyframeIn,
    connected: r.connected,
    forwarded: r.firstVideo,
    keyframe: r.firstKeyframe,
    receiverPli: plis[0] ?? null,
    receiverPlis: plis.length,
    receiverNack: r.nacks.find((t) => t >= asked) ?? null,
  };
}

interface Path {
  name: string;
  firsts: number[];
  failed: number;
  widths: number[];
  rounds: RoundMarks[];
}

const newPath = (name: string): Path => ({ name, firsts: [], failed: 0, widths: [], rounds: [] });

/**
 * `npm run bench -- camera`: camera on → first frame (tgcall against the bare baseline, one layer and three simulcast
 * layers on both sides) with its phases, and the late joiner. Part of `video`.
 */
export async function benchVideoFirstFrame(env: BenchEnv): Promise<string> {
  const probe = probeVideo();
  try {
    const out: string[] = [];
    for (const simulcast of [false, true]) out.push(await cameraOn(env, probe, simulcast));
    out.push(await lateJoiner(env, probe));
    return out.join('\n');
  } finally {
    probe.stop();
  }
}

export async function benchVideo(env: BenchEnv): Promise<string> {
  const first = await benchVideoFirstFrame(env);
  const senders = await benchVideoSenders(env);
  const bitrate = await receiveBitrate(env, await selfPeerId(env));
  return [first, '', senders, '', bitrate].join('\n');
}

async function selfPeerId(env: BenchEnv): Promise<string> {
  await env.page.evaluate((input) => (window as unknown as PageWindow).bench.videoJoin(input), env.joinCall.input);
  const senderPeer = await env.page.evaluate(() => (window as unknown as PageWindow).bench.videoSelfPeerId());
  await env.page.evaluate(() => (window as unknown as PageWindow).bench.videoLeave());
  if (senderPeer === null) throw new Error('the sender has no participant');
  return senderPeer;
}

async function cameraOn(env: BenchEnv, probe: VideoProbe, simulcast: boolean): Promise<string> {
  const sender = env.page;
  const receiver = await env.personPage(1);
  const call = env.joinCall.input;
  const sideUrl = env.sideUrl;
  const layers = simulcast ? 'three layers' : 'one layer';
  const tg = newPath(`tgcall, ${layers} (setCameraEnabled → edit → update → renegotiation → keyframe)`);
  const base = newPath(`baseline, ${layers} (getUserMedia + replaceTrack, m-line declared beforehand)`);
  let receiverSsrc = 0;
  let baselineReceiverSsrc = 0;
  let sfuLine = '';
  const marksOf = async (asked: number, frame: DecodedFrame | null): Promise<RoundMarks> => {
    const s = await sender.evaluate(() => (window as unknown as PageWindow).bench.videoMarks());
    const r = await receiver.evaluate(() => (window as unknown as PageWindow).bench.videoMarks());
    return {
      ...r,
      editSent: s.editSent,
      editDone: s.editDone,
      firstFrame: frame?.at ?? null,
      asked,
      ...sfuMarks(probe, receiverSsrc, asked),
    };
  };

  // tgcall: both people in the call once; the camera goes on and off each round.
  await sender.evaluate(([input, s]) => (window as unknown as PageWindow).bench.videoJoin(input, s), [
    call,
    simulcast,
  ] as const);
  await receiver.evaluate((input) => (window as unknown as PageWindow).bench.videoJoin(input), call);
  const senderPeer = await sender.evaluate(() => (window as unknown as PageWindow).bench.videoSelfPeerId());
  if (senderPeer === null) throw new Error('the sender has no participant');
  const ownSource = await receiver.evaluate(() => (window as unknown as PageWindow).bench.videoSelfSource());
  if (ownSource === null) throw new Error('the receiver has no participant');
  receiverSsrc = ownSource;
  // The baseline: a bare sender and receiver on the same SFU call, the same layers.
  const ssrcs = await sender.evaluate(
    ([url, s]) => (window as unknown as PageWindow).bench.baselineVideoSender(url, s),
    [sideUrl, simulcast] as const,
  );
  baselineReceiverSsrc = await receiver.evaluate(
    ([url, s]) => (window as unknown as PageWindow).bench.baselineVideoReceiver(url, s),
    [sideUrl, ssrcs] as const,
  );

  const tgRound = async () => {
    await sender.evaluate(() => (window as unknown as PageWindow).bench.videoMarks());
    await receiver.evaluate(() => (window as unknown as PageWindow).bench.videoMarks());
    probe.reset();
    const waiting = receiver.evaluate(([peer, t]) => (window as unknown as PageWindow).bench.videoAwaitFrame(peer, t), [
      senderPeer,
      TIMEOUT_MS,
    ] as const);
    const asked = await sender.evaluate(() => (window as unknown as PageWindow).bench.videoCameraOn());
    const frame: DecodedFrame | null = await waiting;
    tg.rounds.push(await marksOf(asked, frame));
    if (frame === null) tg.failed++;
    else {
      tg.firsts.push(frame.at - asked);
      tg.widths.push(frame.frameWidth);
    }
    await sender.evaluate(() => (window as unknown as PageWindow).bench.videoCameraOff());
    await receiver.evaluate(([peer, t]) => (window as unknown as PageWindow).bench.videoAwaitGone(peer, t), [
      senderPeer,
      TIMEOUT_MS,
    ] as const);
    await sleep(CAMERA_OFF_MS); // as the baseline: the next round starts from a camera that has been off a while
  };
  const baseRound = async () => {
    probe.reset();
    const waiting = receiver.evaluate((t) => (window as unknown as PageWindow).bench.baselineAwaitFrame(t), TIMEOUT_MS);
    const asked = await sender.evaluate(() => (window as unknown as PageWindow).bench.baselineCameraOn());
    const frame: DecodedFrame | null = await waiting;
    base.rounds.push({
      ...noMarks(),
      firstFrame: frame?.at ?? null,
      asked,
      ...sfuMarks(probe, baselineReceiverSsrc, asked),
    });
    if (frame === null) base.failed++;
    else {
      base.firsts.push(frame.at - asked);
      base.widths.push(frame.frameWidth);
    }
    await sender.evaluate(() => (window as unknown as PageWindow).bench.baselineCameraOff());
    await sleep(CAMERA_OFF_MS); // the encoder stops; the next round starts from no video
  };
  try {
    // One warm-up of each (first encoder start, first decoder), not counted.
    await tgRound();
    await baseRound();
    for (const p of [tg, base]) Object.assign(p, newPath(p.name));
    for (let i = 0; i < ROUNDS; i++) {
      if (i % 2 === 0) {
        await tgRound();
        await baseRound();
      } else {
        await baseRound();
        await tgRound();
      }
    }
    const v = senderVideoStats(env, senderPeer);
    if (v !== undefined)
      sfuLine = `tgcall sender at the SFU over the run: ${v.keyframeRequests} keyframe requests sent to it, ${v.keyframeReplays} keyframe replays, ${v.nacks} NACKs from receivers, ${v.retransmitted} packets retransmitted, ${v.nackMisses} misses`;
  } finally {
    await sender.evaluate((url) => (window as unknown as PageWindow).bench.baselineVideoLeave(url), sideUrl);
    await receiver.evaluate((url) => (window as unknown as PageWindow).bench.baselineVideoLeave(url), sideUrl);
    await receiver.evaluate(() => (window as unknown as PageWindow).bench.videoLeave()).catch(() => undefined);
    await sender.evaluate(() => (window as unknown as PageWindow).bench.videoLeave()).catch(() => undefined);
    await receiver.close();
  }

  const ratio = median(tg.firsts) / median(base.firsts);
  const header = ['path', 'n', 'p50', 'p95', 'min', 'max', 'no frame'];
  const phaseRows: string[][] = [];
  for (const p of [tg, base])
    for (const [name, from, to] of PHASES) {
      const values = p.rounds
        .map((r) => (r[from] === null || r[to] === null ? null : r[to] - r[from]))
        .filter((v): v is number => v !== null);
      if (values.length > 0)
        phaseRows.push([
          `${p === tg ? 'tgcall' : 'baseline'}: ${name}`,
          String(values.length),
          ms(median(values)),
          ms(percentile(values, 95)),
        ]);
    }
  // Each tgcall round, ms after the click (TGCALL_BENCH_ROUNDS=1): where a slow one lost its time.
  const rel = (r: RoundMarks, k: keyof RoundMarks) => {
    const v = r[k];
    return typeof v === 'number' && r.asked !== null ? (v - r.asked).toFixed(0) : '—';
  };
  const roundRows = tg.rounds.map((r, i) => [
    String(i + 1),
    ...(
      ['listed', 'constraints', 'pli', 'videoIn', 'keyframeIn', 'keyframe', 'receiverPli', 'firstFrame'] as const
    ).map((k) => rel(r, k)),
    String(r.receiverPlis),
  ]);
  const keyframeAsks = (p: Path) => p.rounds.filter((r) => r.pli !== null).length;
  const receiverAsks = (p: Path) => p.rounds.reduce((n, r) => n + r.receiverPlis, 0);
  return [
    table(`Camera on → first frame decoded in the other browser, ${layers} (ms)`, header, [
      row(tg.name, tg.firsts, tg.failed),
      row(base.name, base.firsts, base.failed),
    ]),
    `tgcall / baseline, medians: ${Number.isFinite(ratio) ? ratio.toFixed(2) : '—'}× (aim ≤ 1.3×); first frames ${widthRange(tg.widths)} px wide (tgcall), ${widthRange(base.widths)} (baseline); rounds with an SFU keyframe request: tgcall ${keyframeAsks(tg)}/${tg.rounds.length}, baseline ${keyframeAsks(base)}/${base.rounds.length}; the receiver's own keyframe requests: tgcall ${receiverAsks(tg)}, baseline ${receiverAsks(base)}`,
    sfuLine,
    '',
    ...(process.env.TGCALL_BENCH_ROUNDS === '1'
      ? [
          table(
            `tgcall rounds, ${layers} (ms after the click)`,
            ['#', 'listed', 'constraints', 'SFU PLI', 'video in', 'key in', 'key out', 'rcv PLI', 'frame', 'rcv PLIs'],
            roundRows,
          ),
          '',
        ]
      : []),
    table(
      `Phases, ${layers} (ms; SFU marks for the measured receiver: ParticipantPeer wrapped in this process)`,
      ['phase', 'n', 'p50', 'p95'],
      phaseRows,
    ),
    '',
  ].join('\n');
}

function widthRange(widths: number[]): string {
  return widths.length === 0 ? '—' : `${Math.min(...widths)}–${Math.max(...widths)}`;
}

/** Late joiner: the sender's camera (the engine's default, three layers) stays on; the receiver joins, first frame. */
async function lateJoiner(env: BenchEnv, probe: VideoProbe): Promise<string> {
  const sender = env.page;
  const receiver = await env.personPage(1);
  const call = env.joinCall.input;
  const late: number[] = [];
  const phases: Record<string, number[]> = {
    'join → video listed': [],
    'join → connected at the SFU (ICE + DTLS)': [],
    'connected at the SFU → its constraints there (data channel)': [],
    'listed → its constraints at the SFU': [],
    'listed → first keyframe forwarded to it': [],
    'listed → SFU keyframe request': [],
    "listed → the receiver's own keyframe request": [],
    'first keyframe forwarded to it → first frame': [],
    'first keyframe forwarded to it → first packet seen (poll)': [],
  };
  let receiverPlis = 0;
  let lateFailed = 0;
  await sender.evaluate((input) => (window as unknown as PageWindow).bench.videoJoin(input, true), call);
  const senderPeer = await sender.evaluate(() => (window as unknown as PageWindow).bench.videoSelfPeerId());
  if (senderPeer === null) throw new Error('the sender has no participant');
  await sender.evaluate(() => (window as unknown as PageWindow).bench.videoCameraOn());
  await sleep(2_000); // the camera is on and ramping, as an existing one is
  try {
    for (let i = 0; i < LATE_JOINS; i++) {
      const started = await receiver.evaluate(() => performance.timeOrigin + performance.now());
      probe.reset();
      await receiver.evaluate(() => (window as unknown as PageWindow).bench.videoMarks());
      await receiver.evaluate((input) => (window as unknown as PageWindow).bench.videoJoin(input), call);
      const frame = await receiver.evaluate(
        ([peer, t]) => (window as unknown as PageWindow).bench.videoAwaitFrame(peer, t),
        [senderPeer, TIMEOUT_MS] as const,
      );
      const r = await receiver.evaluate(() => (window as unknown as PageWindow).bench.videoMarks());
      const own = await receiver.evaluate(() => (window as unknown as PageWindow).bench.videoSelfSource());
      const m = sfuMarks(probe, own ?? 0, started);
      const pli = probe.marks.keyframeRequests.find((t) => t >= (r.listed ?? Infinity)) ?? null;
      receiverPlis += m.receiverPlis;
      const add = (name: string, a: number | null, b: number | null) => {
        if (a !== null && b !== null) phases[name].push(b - a);
      };
      add('join → video listed', started, r.listed);
      add('join → connected at the SFU (ICE + DTLS)', started, m.connected);
      add('connected at the SFU → its constraints there (data channel)', m.connected, m.constraints);
      add('listed → its constraints at the SFU', r.listed, m.constraints);
      add('listed → first keyframe forwarded to it', r.listed, m.keyframe);
      add('listed → SFU keyframe request', r.listed, pli);
      add("listed → the receiver's own keyframe request", r.listed, m.receiverPli);
      add('first keyframe forwarded to it → first frame', m.keyframe, frame?.at ?? null);
      add('first keyframe forwarded to it → first packet seen (poll)', m.keyframe, r.firstPacket);
      if (frame === null) lateFailed++;
      else late.push(frame.at - started);
      await receiver.evaluate(() => (window as unknown as PageWindow).bench.videoLeave());
    }
  } finally {
    await sender.evaluate(() => (window as unknown as PageWindow).bench.videoCameraOff());
    await sender.evaluate(() => (window as unknown as PageWindow).bench.videoLeave());
    await receiver.close();
  }
  const header = ['path', 'n', 'p50', 'p95', 'min', 'max', 'no frame'];
  return [
    table('Late joiner: join request → first frame of a camera already on, three layers (ms)', header, [
      row('tgcall', late, lateFailed),
      ...Object.entries(phases).map(([name, values]) => row(`  ${name}`, values, 0)),
    ]),
    `the receiver's own keyframe requests: ${receiverPlis} in ${LATE_JOINS} joins`,
  ].join('\n');
}

/** `npm run bench -- bitrate`: the receive-bitrate part of the video bench alone. */
export async function benchVideoBitrate(env: BenchEnv): Promise<string> {
  return receiveBitrate(env, await selfPeerId(env));
}

const WARM_UP_MS = 8_000;
const SETTLE_MS = 3_000;
const MEASURE_MS = 4_000;
const QUALITY_ROUNDS: ('thumbnail' | 'full')[] = ['thumbnail', 'full', 'thumbnail', 'full'];

/**
 * Receive bitrate with 180 vs 720 asked for (ReceiverVideoConstraints through setVideoQuality), the sender with one layer
 * and with three simulcast layers: what the receiver gets (kbit/s, fps, frame height) and which layers reach the SFU.
 */
async function receiveBitrate(env: BenchEnv, senderPeer: string): Promise<string> {
  const call = env.joinCall.input;
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const simulcast of [false, true]) {
    const sender = env.page;
    const receiver = await env.personPage(1);
    try {
      await sender.evaluate(([input, s]) => (window as unknown as PageWindow).bench.videoJoin(input, s), [
        call,
        simulcast,
      ] as const);
      await receiver.evaluate((input) => (window as unknown as PageWindow).bench.videoJoin(input), call);
      await sender.evaluate(() => (window as unknown as PageWindow).bench.videoCameraOn());
      const first = await receiver.evaluate(
        ([peer, t]) => (window as unknown as PageWindow).bench.videoAwaitFrame(peer, t),
        [senderPeer, TIMEOUT_MS] as const,
      );
      if (first === null) {
        notes.push(`simulcast ${simulcast ? 'on' : 'off'}: no frame reached the receiver`);
        continue;
      }
      await sleep(WARM_UP_MS); // the sender's bandwidth estimate ramps up
      for (const quality of QUALITY_ROUNDS) {
        await receiver.evaluate(([peer, q]) => (window as unknown as PageWindow).bench.videoSetQuality(peer, q), [
          senderPeer,
          quality,
        ] as const);
        await sleep(SETTLE_MS);
        const layersBefore = layerCounts(env, senderPeer);
        const rate = await receiver.evaluate(
          ([peer, t]) => (window as unknown as PageWindow).bench.videoInboundRate(peer, t),
          [senderPeer, MEASURE_MS] as const,
        );
        const layersAfter = layerCounts(env, senderPeer);
        const out = await sender.evaluate(() => (window as unknown as PageWindow).bench.videoOutbound());
        const perLayer = layersAfter.map((n, i) => ((n - (layersBefore[i] ?? 0)) / (MEASURE_MS / 1000)).toFixed(0));
        rows.push([
          simulcast ? 'three layers (SIM)' : 'one layer',
          quality === 'thumbnail' ? '180' : '720',
          rate === null ? '—' : rate.kbps.toFixed(0),
          rate === null ? '—' : rate.fps.toFixed(1),
          rate === null ? '—' : String(rate.frameHeight),
          perLayer.join(' / '),
          out.estimateKbps === null ? '—' : String(out.estimateKbps),
          out.layers.join(', '),
        ]);
      }
      await sender.evaluate(() => (window as unknown as PageWindow).bench.videoCameraOff());
    } finally {
      await receiver.evaluate(() => (window as unknown as PageWindow).bench.videoLeave()).catch(() => undefined);
      await sender.evaluate(() => (window as unknown as PageWindow).bench.videoLeave()).catch(() => undefined);
      await receiver.close();
    }
  }
  return [
    table(
      `Receive bitrate with 180 vs 720 asked for (${MEASURE_MS / 1000} s windows after ${SETTLE_MS / 1000} s; ${WARM_UP_MS / 1000} s warm-up)`,
      [
        'sender',
        'asked',
        'kbit/s',
        'fps',
        'height',
        'packets/s at the SFU per layer (low / … / high)',
        'sender estimate kbit/s',
        'sender layers (outbound-rtp)',
      ],
      rows,
    ),
    ...notes,
  ].join('\n');
}

/** The SFU's video counters of `peerId`'s camera in the bench's call. */
function senderVideoStats(env: BenchEnv, peerId: string) {
  const sources = env.sfu.stats()[env.joinCall.key] ?? {};
  return Object.values(sources).find((s) => s.endpointId === peerId)?.video;
}

/** Packets the SFU received of the sender's camera per layer so far (one entry for a one-layer camera). */
function layerCounts(env: BenchEnv, peerId: string): number[] {
  const sources = env.sfu.stats()[env.joinCall.key] ?? {};
  const video = Object.values(sources).find((s) => s.endpointId === peerId)?.video;
  return video?.receivedByLayer ?? (video === undefined ? [] : [video.received]);
}
