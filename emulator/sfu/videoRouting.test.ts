// The SFU's video routing over connections of the test's own (SfuOptions.openPeer): NACKs answered from the SFU's cache
// as RTX, keyframe requests passed to the sender, per-receiver layers by ReceiverVideoConstraints and nothing unasked,
// and SenderVideoConstraints to a sender when what is watched of it changes.

import {
  GenericNack,
  PictureLossIndication,
  RtcpPayloadSpecificFeedback,
  RtcpTransportLayerFeedback,
  RtpHeader,
  RtpPacket,
  type RtcpPacket,
} from 'werift';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RtcGroupCallTransport } from '../../src/protocol';
import type { EndpointState, ForwardedHeader, ParticipantPeerHooks, SfuPeer, SfuPeerOpener } from './participantPeer';
import { KEYFRAME_REQUEST_MARGIN_MS, KEYFRAME_REQUEST_SPACING_MS } from './keyframePacer';
import { Sfu } from './sfu';

/** How long after the last keyframe request to a camera the SFU sends the next one. */
const SPACING = KEYFRAME_REQUEST_SPACING_MS + KEYFRAME_REQUEST_MARGIN_MS;

const FP = Array.from({ length: 32 }, (_, i) => ((i * 5) & 0xff).toString(16).padStart(2, '0').toUpperCase()).join(':');

function joinJson(audio: number, groups: { semantics: string; sources: number[] }[] = []) {
  return {
    ufrag: 'abcd',
    pwd: 'abcdefghijklmnopqrstuvwx',
    fingerprints: [{ hash: 'sha-256', setup: 'active' as const, fingerprint: FP }],
    ssrc: audio,
    'ssrc-groups': groups,
  };
}

const fid = (video: number) => ({ semantics: 'FID', sources: [video, video + 1] });
/** Three layers as tgcalls writes them: SIM of the primaries, one FID per layer. */
const simulcast = (base: number) => [
  { semantics: 'SIM', sources: [base, base + 2, base + 4] },
  fid(base),
  fid(base + 2),
  fid(base + 4),
];

interface Sent {
  header: ForwardedHeader;
  payload: Buffer;
}

/** A participant's connection as the SFU sees it, recording what the SFU sends it. */
class FakePeer implements SfuPeer {
  state: EndpointState = 'connected';
  readonly openedAt = Date.now();
  readonly lastStunAt = Date.now();
  readonly video: Sent[] = [];
  readonly feedback: RtcpPacket[] = [];
  readonly messages: string[] = [];
  channelOpen = true;

  constructor(readonly hooks: ParticipantPeerHooks) {}

  forward(): boolean {
    return true;
  }
  forwardVideo(header: ForwardedHeader, _orientation: Buffer | undefined, payload: Buffer): boolean {
    this.video.push({ header: { ...header }, payload: Buffer.from(payload) });
    return true;
  }
  sendFeedback(packets: RtcpPacket[]): boolean {
    this.feedback.push(...packets);
    return true;
  }
  forwardSenderReport(): void {}
  sendMessage(text: string): boolean {
    if (!this.channelOpen) return false;
    this.messages.push(text);
    return true;
  }
  fail(): void {
    this.state = 'failed';
  }
  cut(): void {}
  async close(): Promise<void> {
    this.state = 'closed';
  }

  /** The SenderVideoConstraints idealHeights the SFU sent, in order. */
  idealHeights(): number[] {
    return this.messages.flatMap((m) => {
      const v = JSON.parse(m) as { colibriClass: string; videoConstraints?: { idealHeight: number } };
      return v.colibriClass === 'SenderVideoConstraints' ? [v.videoConstraints?.idealHeight ?? -1] : [];
    });
  }
}

const TRANSPORT: RtcGroupCallTransport = {
  transport: { ufrag: 'srv', pwd: 'serverpasswordserverpwd', fingerprints: [], candidates: [] },
  audio: { 'payload-types': [], 'rtp-hdrexts': [] },
};

function harness() {
  const peers = new Map<string, FakePeer>();
  const openPeer: SfuPeerOpener = async (_join, _numbering, hooks) => {
    const peer = new FakePeer(hooks);
    peers.set(`peer${peers.size}`, peer);
    return { peer, transport: TRANSPORT };
  };
  const sfu = new Sfu({ openPeer });
  const join = async (endpoint: string, audio: number, groups: { semantics: string; sources: number[] }[] = []) => {
    const before = peers.size;
    await sfu.join('call', endpoint, joinJson(audio, groups));
    const peer = [...peers.values()][before];
    peer.hooks.onState('connected');
    return peer;
  };
  return { sfu, join };
}

const VP8 = 100; // the SFU's default numbering: VP8 100, RTX 101
const RTX = 101;

/** A VP8 packet: descriptor with S=1, partition 0; a keyframe when `key` (frame tag P bit clear). */
function vp8(ssrc: number, sequenceNumber: number, key = false, timestamp = sequenceNumber * 3000): RtpPacket {
  const payload = Buffer.from([0x10, key ? 0x00 : 0x01, 0x02, 0x03, sequenceNumber & 0xff]);
  return new RtpPacket(new RtpHeader({ payloadType: VP8, sequenceNumber, timestamp, ssrc, marker: true }), payload);
}

const nack = (mediaSourceSsrc: number, lost: number[]) =>
  new RtcpTransportLayerFeedback({ feedback: new GenericNack({ senderSsrc: 1, mediaSourceSsrc, lost }) });
const pli = (mediaSsrc: number) =>
  new RtcpPayloadSpecificFeedback({ feedback: new PictureLossIndication({ senderSsrc: 1, mediaSsrc }) });
const constraints = (heights: Record<string, number>) =>
  JSON.stringify({
    colibriClass: 'ReceiverVideoConstraints',
    constraints: Object.fromEntries(Object.entries(heights).map(([e, h]) => [e, { minHeight: h, maxHeight: h }])),
    defaultConstraints: { maxHeight: 0 },
    onStageEndpoints: [],
  });

let open: Sfu | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
  vi.useRealTimers();
});

/**
 * On a fake clock: Alice joins with a camera of these groups, Bob joins and sends these constraints first (`{}`: he
 * wants no one yet).
 */
async function aliceSendsBobWatches(
  groups: Parameters<ReturnType<typeof harness>['join']>[2],
  wanted: Record<string, number>,
) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const h = harness();
  open = h.sfu;
  const alice = await h.join('alice', 10, groups);
  const bob = await h.join('bob', 20);
  bob.hooks.onMessage(constraints(wanted));
  return { h, alice, bob };
}

/** The SSRCs of the keyframe requests (PLI) a peer was sent, in order. */
const plisTo = (p: FakePeer) =>
  p.feedback.flatMap((f) =>
    f instanceof RtcpPayloadSpecificFeedback && f.feedback instanceof PictureLossIndication
      ? [f.feedback.mediaSsrc >>> 0]
      : [],
  );

describe('SFU video routing', () => {
  it('answers a NACK itself from its cache, as RTX on the sender’s RTX SSRC; never asks the sender', async () => {
    const h = harness();
    open = h.sfu;
    const alice = await h.join('alice', 10, [fid(1000)]);
    const bob = await h.join('bob', 20);
    for (let seq = 500; seq < 510; seq++) alice.hooks.onRtp(vp8(1000, seq, seq === 500));
    expect(bob.video.map((p) => p.header.sequenceNumber)).toEqual([500, 501, 502, 503, 504, 505, 506, 507, 508, 509]);
    bob.video.length = 0;
    bob.hooks.onFeedback(nack(1000, [503, 505, 40_000]));
    expect(bob.video).toHaveLength(2);
    const [first, second] = bob.video;
    expect(first.header).toMatchObject({ payloadType: RTX, ssrc: 1001, timestamp: 503 * 3000 });
    expect(first.payload.readUInt16BE(0)).toBe(503); // the original sequence number, then the original payload
    expect(first.payload.subarray(2)).toEqual(vp8(1000, 503).payload);
    expect(second.header.sequenceNumber).toBe((first.header.sequenceNumber + 1) & 0xffff);
    expect(second.payload.readUInt16BE(0)).toBe(505);
    expect(alice.feedback.filter((f) => f instanceof RtcpTransportLayerFeedback)).toHaveLength(0);
    const stats = h.sfu.stats().call['10'].video!;
    expect(stats).toMatchObject({ nacks: 1, retransmitted: 2, nackMisses: 1 });
  });

  it('does not forward the sender’s own RTX packets (they would collide with the SFU’s RTX sequence)', async () => {
    const h = harness();
    open = h.sfu;
    const alice = await h.join('alice', 10, [fid(1000)]);
    const bob = await h.join('bob', 20);
    alice.hooks.onRtp(vp8(1000, 1, true));
    alice.hooks.onRtp(
      new RtpPacket(new RtpHeader({ payloadType: RTX, sequenceNumber: 9, ssrc: 1001 }), Buffer.from([0, 1, 0x10, 0])),
    );
    expect(bob.video.map((p) => p.header.ssrc)).toEqual([1000]);
  });

  it('passes a receiver’s keyframe request (PLI) on to the sender of that video', async () => {
    const h = harness();
    open = h.sfu;
    const alice = await h.join('alice', 10, [fid(1000)]);
    const bob = await h.join('bob', 20);
    bob.hooks.onFeedback(pli(1000));
    expect(alice.feedback.some((f) => f instanceof RtcpPayloadSpecificFeedback)).toBe(true);
    expect(h.sfu.stats().call['10'].video!.keyframeRequests).toBe(1);
  });

  it('asks the sender for a keyframe as soon as a receiver starts wanting its video, and a request that comes under 300 ms later (which Chromium ignores) when the 300 ms are up', async () => {
    const { h, alice, bob } = await aliceSendsBobWatches([fid(1000)], {});
    alice.hooks.onRtp(vp8(1000, 1)); // withheld: Bob does not want it yet
    expect(bob.video).toHaveLength(0);
    // Bob's engine gave the video an m-line and names it: the SFU asks Alice at once.
    bob.hooks.onMessage(constraints({ alice: 360 }));
    expect(plisTo(alice)).toEqual([1000]);
    // Bob's own PLI 100 ms later would be ignored by Alice's encoder: it waits, and goes out once the 300 ms (and a
    // margin for the delay before Alice's Chromium handles it) are up.
    vi.advanceTimersByTime(100);
    bob.hooks.onFeedback(pli(1000));
    bob.hooks.onFeedback(pli(1000)); // one waiting request covers both
    expect(plisTo(alice)).toEqual([1000]);
    vi.advanceTimersByTime(SPACING - 101);
    expect(plisTo(alice)).toEqual([1000]);
    vi.advanceTimersByTime(1);
    expect(plisTo(alice)).toEqual([1000, 1000]);
    expect(h.sfu.stats().call['10'].video!.keyframeRequests).toBe(2);
    // Past that a request goes out at once; one made too soon is dropped when a keyframe arrives meanwhile.
    vi.advanceTimersByTime(SPACING);
    bob.hooks.onFeedback(pli(1000));
    expect(plisTo(alice)).toEqual([1000, 1000, 1000]);
    vi.advanceTimersByTime(50);
    bob.hooks.onFeedback(pli(1000));
    alice.hooks.onRtp(vp8(1000, 2, true));
    expect(bob.video.map((v) => v.header.sequenceNumber)).toEqual([2]);
    vi.advanceTimersByTime(1_000);
    expect(plisTo(alice)).toEqual([1000, 1000, 1000]);
  });

  it('simulcast: the request for the layer a new receiver gets is not lost right after the request for the camera (300 ms per camera, not per layer)', async () => {
    const { alice, bob } = await aliceSendsBobWatches(simulcast(1000), {});
    vi.advanceTimersByTime(1_000);
    bob.hooks.onMessage(constraints({ alice: 360 }));
    // One request goes out: Chromium answers it with a keyframe of every layer, and would ignore a request for another
    // layer within 300 ms; those wait.
    expect(plisTo(alice)).toEqual([1000]);
    // A packet of the middle layer that is no keyframe: Bob is not on his layer yet; its request already waits.
    alice.hooks.onRtp(vp8(1002, 5));
    vi.advanceTimersByTime(SPACING - 1);
    expect(plisTo(alice)).toEqual([1000]);
    vi.advanceTimersByTime(1);
    expect(plisTo(alice)).toEqual([1000, 1002, 1004]);
    alice.hooks.onRtp(vp8(1002, 6, true));
    expect(bob.video).toHaveLength(1);
  });

  it('a receiver that starts wanting a camera gets its recent keyframe and what followed at once, instead of a keyframe request', async () => {
    const { h, alice, bob } = await aliceSendsBobWatches([fid(1000)], {});
    // Alice's camera just turned on: a keyframe and two frames, withheld from Bob, who has not asked for her yet.
    alice.hooks.onRtp(vp8(1000, 40, true));
    alice.hooks.onRtp(vp8(1000, 41));
    alice.hooks.onRtp(vp8(1000, 42));
    expect(bob.video).toHaveLength(0);
    bob.hooks.onMessage(constraints({ alice: 360 }));
    expect(bob.video.map((v) => v.header.sequenceNumber)).toEqual([40, 41, 42]);
    expect(plisTo(alice)).toEqual([]);
    alice.hooks.onRtp(vp8(1000, 43));
    expect(bob.video.map((v) => v.header.sequenceNumber)).toEqual([40, 41, 42, 43]);
    expect(h.sfu.stats().call['10'].video!).toMatchObject({ keyframeReplays: 1, keyframeRequests: 0 });
    // The camera goes off and on again: the keyframe before the pause is not replayed with the new frames.
    const dave = await h.join('dave', 40);
    dave.hooks.onMessage(constraints({}));
    vi.advanceTimersByTime(400);
    alice.hooks.onRtp(vp8(1000, 44));
    dave.hooks.onMessage(constraints({ alice: 360 }));
    expect(dave.video).toHaveLength(0);
    expect(plisTo(alice)).toEqual([1000]);
    alice.hooks.onRtp(vp8(1000, 45, true));
    // Carol asks more than a second after that keyframe: too old to replay, Alice is asked for a new one.
    const carol = await h.join('carol', 30);
    carol.hooks.onMessage(constraints({}));
    vi.advanceTimersByTime(1_001);
    alice.hooks.onRtp(vp8(1000, 46));
    carol.hooks.onMessage(constraints({ alice: 360 }));
    expect(carol.video).toHaveLength(0);
    expect(plisTo(alice)).toEqual([1000, 1000]);
  });

  it('a camera that went off is not replayed to a receiver that asks before its new frames come (a PLI instead)', async () => {
    const { h, alice, bob } = await aliceSendsBobWatches([fid(1000)], { alice: 360 });
    alice.hooks.onRtp(vp8(1000, 40, true));
    alice.hooks.onRtp(vp8(1000, 41));
    // Alice's camera goes off; Bob's engine drops her video and says so.
    vi.advanceTimersByTime(100);
    bob.hooks.onMessage(constraints({}));
    vi.advanceTimersByTime(400);
    // On again: Bob's engine names her again before her first new packet reaches the SFU. What she sent before the
    // pause is a picture from before it, not her camera now: nothing is replayed, she is asked for a keyframe.
    bob.video.length = 0;
    alice.feedback.length = 0;
    bob.hooks.onMessage(constraints({ alice: 360 }));
    expect(bob.video).toHaveLength(0);
    expect(plisTo(alice)).toEqual([1000]);
    expect(h.sfu.stats().call['10'].video!.keyframeReplays).toBe(0);
  });

  it('simulcast: a layer that went quiet is not replayed either', async () => {
    const { alice, bob } = await aliceSendsBobWatches(simulcast(1000), {});
    alice.hooks.onRtp(vp8(1000, 10, true));
    alice.hooks.onRtp(vp8(1002, 20, true));
    vi.advanceTimersByTime(500);
    bob.hooks.onMessage(constraints({ alice: 360 }));
    expect(bob.video).toHaveLength(0);
    expect(plisTo(alice)).toEqual([1000]);
  });

  it('a camera stopped and started again within 300 ms (the server says so) is not replayed from before the stop', async () => {
    const { h, alice, bob } = await aliceSendsBobWatches([fid(1000)], {});
    alice.hooks.onRtp(vp8(1000, 40, true));
    alice.hooks.onRtp(vp8(1000, 41));
    bob.hooks.onMessage(constraints({ alice: 360 })); // replayed: her camera runs
    expect(bob.video.map((v) => v.header.sequenceNumber)).toEqual([40, 41]);
    bob.hooks.onMessage(constraints({}));
    // video_stopped, then video_stopped: false 100 ms later: too quick for the pause rule (300 ms without packets).
    h.sfu.cameraStateChanged('call', 'alice');
    vi.advanceTimersByTime(100);
    h.sfu.cameraStateChanged('call', 'alice');
    alice.feedback.length = 0;
    bob.video.length = 0;
    bob.hooks.onMessage(constraints({ alice: 360 }));
    expect(bob.video).toHaveLength(0);
    expect(plisTo(alice)).toEqual([1000]);
    // Her new keyframe is replayed to the next receiver as before.
    alice.hooks.onRtp(vp8(1000, 42, true));
    const carol = await h.join('carol', 30);
    carol.hooks.onMessage(constraints({ alice: 360 }));
    expect(carol.video.map((v) => v.header.sequenceNumber)).toEqual([42]);
    // Unknown endpoints are no error (a fake participant, or one whose media is gone).
    expect(() => h.sfu.cameraStateChanged('call', 'nobody')).not.toThrow();
  });

  it('simulcast: the replay is of the layer nearest the receiver’s that has a recent keyframe, under the first layer’s SSRC', async () => {
    const h = harness();
    open = h.sfu;
    const alice = await h.join('alice', 10, simulcast(1000));
    const bob = await h.join('bob', 20);
    bob.hooks.onMessage(constraints({}));
    alice.hooks.onRtp(vp8(1000, 10, true)); // layer 0 keyframe
    alice.hooks.onRtp(vp8(1004, 30, true)); // layer 2 keyframe
    alice.hooks.onRtp(vp8(1004, 31));
    alice.hooks.onRtp(vp8(1002, 20)); // layer 1: no keyframe seen
    bob.hooks.onMessage(constraints({ alice: 360 })); // wants layer 1: layers 0 and 2 are as near; 0 comes first
    expect(bob.video.map((v) => [v.header.ssrc, v.payload[4]])).toEqual([[1000, 10]]);
    // Not on his layer yet: a keyframe of layer 1 is asked for.
    expect(plisTo(alice)).toContain(1002);
  });

  it('simulcast: each receiver gets only the layer it asked for; NACKs are answered from its own rewritten stream', async () => {
    const h = harness();
    open = h.sfu;
    const alice = await h.join('alice', 10, simulcast(1000));
    const bob = await h.join('bob', 20);
    const carol = await h.join('carol', 30);
    const dave = await h.join('dave', 40);
    bob.hooks.onMessage(constraints({ alice: 180 }));
    carol.hooks.onMessage(constraints({ alice: 720 }));
    dave.hooks.onMessage(constraints({})); // asks for nothing
    // Each layer starts with a keyframe (a receiver starts on the first and moves towards its own at keyframes), then
    // sends frames.
    for (const [layer, ssrc] of [1000, 1002, 1004].entries()) alice.hooks.onRtp(vp8(ssrc, 100 * layer, true));
    for (const p of [bob, carol]) p.video.length = 0;
    for (let i = 1; i < 5; i++)
      for (const [layer, ssrc] of [1000, 1002, 1004].entries()) alice.hooks.onRtp(vp8(ssrc, 100 * layer + i));
    const payloadsOf = (p: FakePeer) => p.video.map((v) => v.payload[4]);
    expect(bob.video.every((v) => v.header.ssrc === 1000)).toBe(true); // one stream under the first layer's SSRC
    expect(payloadsOf(bob)).toEqual([1, 2, 3, 4]); // layer 0 only
    expect(payloadsOf(carol)).toEqual([201, 202, 203, 204]); // layer 2 only
    expect(carol.video.every((v) => v.header.ssrc === 1000)).toBe(true);
    expect(dave.video).toHaveLength(0);
    expect(h.sfu.stats().call['10'].video!.withheld.dave).toBe(15);
    // Carol lost her third packet: the SFU sends it again as RTX of the first layer, from what it sent her.
    const lost = carol.video[2];
    carol.video.length = 0;
    carol.hooks.onFeedback(nack(1000, [lost.header.sequenceNumber]));
    expect(carol.video).toHaveLength(1);
    expect(carol.video[0].header).toMatchObject({ payloadType: RTX, ssrc: 1001 });
    expect(carol.video[0].payload.readUInt16BE(0)).toBe(lost.header.sequenceNumber);
    expect(carol.video[0].payload.subarray(2)).toEqual(lost.payload);
    expect(bob.video.length).toBe(4); // nothing for Bob
  });

  it('tells a sender the largest height anyone watches of it (SenderVideoConstraints), 0 when no one does', async () => {
    const h = harness();
    open = h.sfu;
    const alice = await h.join('alice', 10, simulcast(1000));
    const bob = await h.join('bob', 20);
    // Alone, no one watched it; Bob has not said what he wants: the middle layer.
    expect(alice.idealHeights()).toEqual([0, 360]);
    bob.hooks.onMessage(constraints({ alice: 720 }));
    bob.hooks.onMessage(constraints({ alice: 720 })); // the 5 s re-send: no new message
    const carol = await h.join('carol', 30);
    carol.hooks.onMessage(constraints({ alice: 180 }));
    bob.hooks.onMessage(constraints({ alice: 180 }));
    bob.hooks.onMessage(constraints({}));
    carol.hooks.onMessage(constraints({}));
    expect(alice.idealHeights()).toEqual([0, 360, 720, 180, 0]);
    // Someone who watches it joins and asks: the sender hears at once; the watcher leaves: no one watches again.
    const dave = await h.join('dave', 40);
    dave.hooks.onMessage(constraints({ alice: 360 }));
    await h.sfu.leave('call', 'dave');
    expect(alice.idealHeights()).toEqual([0, 360, 720, 180, 0, 360, 0]);
  });

  it('a change the sender missed (its channel not open yet) goes out with the next message', async () => {
    const h = harness();
    open = h.sfu;
    const alice = await h.join('alice', 10, [fid(1000)]);
    alice.channelOpen = false;
    const bob = await h.join('bob', 20);
    bob.hooks.onMessage(constraints({ alice: 180 }));
    expect(alice.idealHeights()).toEqual([0]);
    alice.channelOpen = true;
    alice.hooks.onMessage(constraints({ bob: 180 })); // Alice's own constraints: her channel is open
    expect(alice.idealHeights()).toEqual([0, 180]);
  });
});
