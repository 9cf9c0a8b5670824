// Bench: camera on → first frame decoded in the other browser, tgcall (GroupCall.setCameraEnabled: getUserMedia,
// replaceTrack, phone.editGroupCallParticipant, the update to the other, its renegotiation, the keyframe) against a bare
// baseline in the same run (getUserMedia + replaceTrack on a connection joined straight through Sfu.join, the receiver's
// m-line declared beforehand: capture, encoder, SFU and decoder only). Rounds alternate the two paths. Also the late
// joiner: join → first frame of a camera already on (the keyframe-request path through the SFU).

import type { DecodedFrame } from './page/video';
import { sleep, type BenchEnv, type PageWindow } from './support/env';
import { median, ms, percentile, table } from './support/stats';
import { benchVideoSenders } from './videoSenders';

const ROUNDS = 10;
const LATE_JOINS = 5;
const TIMEOUT_MS = 15_000;

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

export async function benchVideo(env: BenchEnv): Promise<string> {
  const sender = env.page;
  const receiver = await env.personPage(1);
  const call = env.joinCall.input;
  const sideUrl = env.sideUrl;
  const tgcall: number[] = [];
  const baseline: number[] = [];
  const late: number[] = [];
  let tgFailed = 0;
  let baseFailed = 0;
  let lateFailed = 0;
  const widths: number[] = [];

  // tgcall: both people in the call once; the camera goes on and off each round.
  await sender.evaluate((input) => (window as unknown as PageWindow).bench.videoJoin(input), call);
  await receiver.evaluate((input) => (window as unknown as PageWindow).bench.videoJoin(input), call);
  const senderPeer = await sender.evaluate(() => (window as unknown as PageWindow).bench.videoSelfPeerId());
  if (senderPeer === null) throw new Error('the sender has no participant');
  // The baseline: a bare sender and receiver on the same SFU call.
  const ssrcs = await sender.evaluate(
    (url) => (window as unknown as PageWindow).bench.baselineVideoSender(url),
    sideUrl,
  );
  await receiver.evaluate(([url, s]) => (window as unknown as PageWindow).bench.baselineVideoReceiver(url, s), [
    sideUrl,
    ssrcs,
  ] as const);

  const tgRound = async () => {
    const waiting = receiver.evaluate(([peer, t]) => (window as unknown as PageWindow).bench.videoAwaitFrame(peer, t), [
      senderPeer,
      TIMEOUT_MS,
    ] as const);
    const asked = await sender.evaluate(() => (window as unknown as PageWindow).bench.videoCameraOn());
    const frame: DecodedFrame | null = await waiting;
    if (frame === null) tgFailed++;
    else {
      tgcall.push(frame.at - asked);
      widths.push(frame.frameWidth);
    }
    await sender.evaluate(() => (window as unknown as PageWindow).bench.videoCameraOff());
    await receiver.evaluate(([peer, t]) => (window as unknown as PageWindow).bench.videoAwaitGone(peer, t), [
      senderPeer,
      TIMEOUT_MS,
    ] as const);
  };
  const baseRound = async () => {
    const waiting = receiver.evaluate((t) => (window as unknown as PageWindow).bench.baselineAwaitFrame(t), TIMEOUT_MS);
    const asked = await sender.evaluate(() => (window as unknown as PageWindow).bench.baselineCameraOn());
    const frame: DecodedFrame | null = await waiting;
    if (frame === null) baseFailed++;
    else baseline.push(frame.at - asked);
    await sender.evaluate(() => (window as unknown as PageWindow).bench.baselineCameraOff());
    await sleep(300); // the encoder stops; the next round starts from no video
  };
  // One warm-up of each (first encoder start, first decoder), not counted.
  await tgRound();
  await baseRound();
  tgcall.length = 0;
  baseline.length = 0;
  tgFailed = 0;
  baseFailed = 0;
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) {
      await tgRound();
      await baseRound();
    } else {
      await baseRound();
      await tgRound();
    }
  }
  await sender.evaluate((url) => (window as unknown as PageWindow).bench.baselineVideoLeave(url), sideUrl);
  await receiver.evaluate((url) => (window as unknown as PageWindow).bench.baselineVideoLeave(url), sideUrl);

  // Late joiner: the sender's camera stays on; the receiver joins and waits for its first frame.
  await sender.evaluate(() => (window as unknown as PageWindow).bench.videoCameraOn());
  await receiver.evaluate(() => (window as unknown as PageWindow).bench.videoLeave());
  for (let i = 0; i < LATE_JOINS; i++) {
    const started = await receiver.evaluate(() => performance.timeOrigin + performance.now());
    await receiver.evaluate((input) => (window as unknown as PageWindow).bench.videoJoin(input), call);
    const frame = await receiver.evaluate(
      ([peer, t]) => (window as unknown as PageWindow).bench.videoAwaitFrame(peer, t),
      [senderPeer, TIMEOUT_MS] as const,
    );
    if (frame === null) lateFailed++;
    else late.push(frame.at - started);
    await receiver.evaluate(() => (window as unknown as PageWindow).bench.videoLeave());
  }
  await sender.evaluate(() => (window as unknown as PageWindow).bench.videoCameraOff());
  await sender.evaluate(() => (window as unknown as PageWindow).bench.videoLeave());
  await receiver.close();

  const bitrate = await receiveBitrate(env, senderPeer);

  const ratio = median(tgcall) / median(baseline);
  const header = ['path', 'n', 'p50', 'p95', 'min', 'max', 'no frame'];
  const senders = await benchVideoSenders(env);
  return [
    table('Camera on → first frame decoded in the other browser (ms)', header, [
      row('tgcall (setCameraEnabled → edit → update → renegotiation → keyframe)', tgcall, tgFailed),
      row('baseline (getUserMedia + replaceTrack, m-line declared beforehand)', baseline, baseFailed),
    ]),
    `tgcall / baseline, medians: ${Number.isFinite(ratio) ? ratio.toFixed(2) : '—'}× (aim ≤ 1.3×); first frames ${Math.min(...widths)}–${Math.max(...widths)} px wide`,
    '',
    table('Late joiner: join request → first frame of a camera already on (ms)', header, [
      row('tgcall', late, lateFailed),
    ]),
    '',
    senders,
    '',
    bitrate,
  ].join('\n');
}

/** `npm run bench -- bitrate`: the receive-bitrate part of the video bench alone. */
export async function benchVideoBitrate(env: BenchEnv): Promise<string> {
  await env.page.evaluate((input) => (window as unknown as PageWindow).bench.videoJoin(input), env.joinCall.input);
  const senderPeer = await env.page.evaluate(() => (window as unknown as PageWindow).bench.videoSelfPeerId());
  await env.page.evaluate(() => (window as unknown as PageWindow).bench.videoLeave());
  if (senderPeer === null) throw new Error('the sender has no participant');
  return receiveBitrate(env, senderPeer);
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

/** Packets the SFU received of the sender's camera per layer so far (one entry for a one-layer camera). */
function layerCounts(env: BenchEnv, peerId: string): number[] {
  const sources = env.sfu.stats()[env.joinCall.key] ?? {};
  const video = Object.values(sources).find((s) => s.endpointId === peerId)?.video;
  return video?.receivedByLayer ?? (video === undefined ? [] : [video.received]);
}
