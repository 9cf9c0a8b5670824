// PeerConnectionTransport over a scripted RTCPeerConnection: the first answer from the transport JSON, server offers per
// batch with renegotiations serialised and coalesced, tracks by SSRC, levels from getStats, states, close.

import { parse } from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { PeerConnectionTransport } from './peerConnectionTransport';
import { parseGroupCallTransport, type RtcGroupCallTransport } from './sdp';
import { readFixture, readJsonFixture } from './sdp/readFixture';

const OFFER = readFixture('chromium-audio'); // audio SSRC 152083893, mid 0
const TRANSPORT = parseGroupCallTransport(readJsonFixture('transport-audio')) as RtcGroupCallTransport;

interface FakeTransceiver {
  mid: string | null;
  currentDirection: string | null;
  receiver: { track: { id: string }; getSynchronizationSources(): { source: number; audioLevel?: number }[] };
  sender: { transport: { state: string } | null };
}

/** Just enough RTCPeerConnection: records descriptions, can hold setRemoteDescription, makes a transceiver per new mid. */
class ScriptedPeerConnection {
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  readonly remote: { type: string; sdp: string }[] = [];
  readonly transceivers: FakeTransceiver[] = [];
  stats: Record<string, unknown>[] = [];
  closed = false;
  private hold: Promise<void> | null = null;
  private release: () => void = () => undefined;
  private readonly listeners: (() => void)[] = [];

  holdRemote(): void {
    this.hold = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  releaseRemote(): void {
    this.hold = null;
    this.release();
  }

  /** The microphone's m-line is the scripted offer's mid 0; the video one is not in that offer (no mid, never negotiated). */
  addTransceiver(): FakeTransceiver {
    const t = this.transceivers.length === 0 ? transceiver('0', 'sendonly') : transceiver(null, null);
    this.transceivers.push(t);
    return t;
  }

  /** A data channel that never opens (the scripted side speaks no SCTP). */
  createDataChannel(): { readyState: string; addEventListener(): void; send(): void } {
    return { readyState: 'connecting', addEventListener: () => undefined, send: () => undefined };
  }

  async createOffer() {
    return { type: 'offer' as const, sdp: OFFER };
  }

  async setLocalDescription(): Promise<void> {}

  async setRemoteDescription(description: { type: string; sdp: string }): Promise<void> {
    this.remote.push(description);
    if (this.hold !== null) await this.hold;
    for (const m of parse(description.sdp).media) {
      const mid = String(m.mid);
      if (!this.transceivers.some((t) => t.mid === mid)) this.transceivers.push(transceiver(mid, 'recvonly'));
    }
  }

  async createAnswer() {
    return { type: 'answer' as const, sdp: 'v=0\r\n' };
  }

  getTransceivers(): FakeTransceiver[] {
    return this.transceivers;
  }

  async getStats(): Promise<Map<string, Record<string, unknown>>> {
    return new Map(this.stats.map((s, i) => [String(i), s]));
  }

  addEventListener(_type: string, listener: () => void): void {
    this.listeners.push(listener);
  }

  setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    for (const l of this.listeners) l();
  }

  close(): void {
    this.closed = true;
  }
}

function transceiver(mid: string | null, direction: string | null): FakeTransceiver {
  return {
    mid,
    currentDirection: direction,
    receiver: { track: { id: `track-${mid}` }, getSynchronizationSources: () => [] },
    sender: { transport: { state: 'new' } },
  };
}

function setup() {
  const pc = new ScriptedPeerConnection();
  const transport = new PeerConnectionTransport({
    track: { kind: 'audio' } as unknown as MediaStreamTrack,
    createPeerConnection: () => pc as unknown as RTCPeerConnection,
  });
  return { pc, transport };
}

const offeredSsrcs = (sdp: string) =>
  parse(sdp).media.map((m) => (m.ssrcs?.[0] === undefined ? null : Number(m.ssrcs[0].id)));

describe('PeerConnectionTransport', () => {
  it('gives the join payload of its offer and answers it from the transport JSON', async () => {
    const { pc, transport } = setup();
    const payload = await transport.start();
    expect(payload.ssrc).toBe(152083893);
    await transport.applyServerTransport(TRANSPORT);
    expect(pc.remote).toHaveLength(1);
    expect(pc.remote[0].type).toBe('answer');
    const answer = parse(pc.remote[0].sdp);
    expect(answer.icelite).toBe('ice-lite');
    expect(String(answer.media[0].iceUfrag)).toBe('Zk3f');
  });

  it('waits with source changes until the transport is applied', async () => {
    const { pc, transport } = setup();
    await transport.start();
    const added = transport.updateRemoteSources({ add: [{ ssrc: 5 }] });
    await Promise.resolve();
    expect(pc.remote).toHaveLength(0);
    await transport.applyServerTransport(TRANSPORT);
    await added;
    expect(pc.remote.map((d) => d.type)).toEqual(['answer', 'offer']);
  });

  it('serialises renegotiations and merges changes that arrive meanwhile into one next server offer', async () => {
    const { pc, transport } = setup();
    await transport.start();
    await transport.applyServerTransport(TRANSPORT);
    pc.holdRemote();
    const first = transport.updateRemoteSources({ add: [{ ssrc: 100 }] });
    await Promise.resolve();
    const second = transport.updateRemoteSources({ add: [{ ssrc: 200 }] });
    const third = transport.updateRemoteSources({ add: [{ ssrc: -300 }], remove: [100] });
    expect(pc.remote).toHaveLength(2); // the first offer is in flight, the rest waits
    pc.releaseRemote();
    await Promise.all([first, second, third]);
    expect(pc.remote.map((d) => d.type)).toEqual(['answer', 'offer', 'offer']);
    expect(offeredSsrcs(pc.remote[1].sdp)).toEqual([null, 100]);
    // One more description for both arrivals and the departure; 100's m-line goes inactive, still declaring 100 until
    // a later batch reuses it.
    expect(offeredSsrcs(pc.remote[2].sdp)).toEqual([null, 100, 200, 2 ** 32 - 300]);
    expect(parse(pc.remote[2].sdp).media.map((m) => m.direction)).toEqual([
      'recvonly',
      'inactive',
      'sendonly',
      'sendonly',
    ]);
    // o= versions grow with each description
    expect(pc.remote.map((d) => Number(parse(d.sdp).origin?.sessionVersion))).toEqual([1, 2, 3]);
  });

  it('keeps its table when the browser refuses a description, so the next batch starts from what it knows', async () => {
    const { pc, transport } = setup();
    await transport.start();
    await transport.applyServerTransport(TRANSPORT);
    const original = pc.setRemoteDescription.bind(pc);
    pc.setRemoteDescription = async () => {
      throw new DOMException('refused', 'InvalidAccessError');
    };
    await expect(transport.updateRemoteSources({ add: [{ ssrc: 100 }] })).rejects.toThrow('refused');
    pc.setRemoteDescription = original;
    await transport.updateRemoteSources({ add: [{ ssrc: 200 }] });
    expect(offeredSsrcs(pc.remote.at(-1)?.sdp ?? '')).toEqual([null, 200]);
  });

  it('maps live remote sources to their tracks by mid, and reads levels from stats (signed SSRCs)', async () => {
    const { pc, transport } = setup();
    await transport.start();
    await transport.applyServerTransport(TRANSPORT);
    await transport.updateRemoteSources({ add: [{ ssrc: -5 }, { ssrc: 7 }] });
    const tracks = transport.remoteTracks();
    expect([...tracks.keys()]).toEqual([-5, 7]);
    expect((tracks.get(7) as unknown as { id: string }).id).toBe(
      `track-${parse(pc.remote.at(-1)?.sdp ?? '').media[2].mid}`,
    );
    pc.stats = [
      { type: 'inbound-rtp', kind: 'audio', ssrc: 2 ** 32 - 5, packetsReceived: 10, audioLevel: 0.5 },
      { type: 'inbound-rtp', kind: 'audio', ssrc: 7, packetsReceived: 0 },
      { type: 'media-source', kind: 'audio', audioLevel: 0.25 },
    ];
    const levels = await transport.audioLevels();
    expect(levels.local).toBe(0.25);
    expect([...levels.inbound]).toEqual([[-5, 0.5]]);
  });

  it('with an m-line limit, reuses freed m-lines past it: the SDP never grows beyond it however many speakers pass', async () => {
    const pc = new ScriptedPeerConnection();
    const transport = new PeerConnectionTransport({
      track: { kind: 'audio' } as unknown as MediaStreamTrack,
      createPeerConnection: () => pc as unknown as RTCPeerConnection,
      maxRemoteMlines: { audio: 4 },
    });
    await transport.start();
    await transport.applyServerTransport(TRANSPORT);
    let live = [1, 2, 3];
    await transport.updateRemoteSources({ add: live.map((ssrc) => ({ ssrc })) });
    for (let next = 10; next < 100; next += 10) {
      // Three newcomers in, the three before out, in one description (unbounded, this would need 6 m-lines).
      const arriving = [next, next + 1, next + 2];
      await transport.updateRemoteSources({ add: arriving.map((ssrc) => ({ ssrc })), remove: live });
      live = arriving;
      const offer = parse(pc.remote.at(-1)?.sdp ?? '');
      expect(offer.media.length).toBeLessThanOrEqual(1 + 4);
      const sending = offer.media.filter((m) => m.direction === 'sendonly').map((m) => Number(m.ssrcs?.[0]?.id));
      expect(sending.sort((a, b) => a - b)).toEqual(live);
    }
    expect([...transport.remoteTracks().keys()].sort((a, b) => a - b)).toEqual(live);
    const mids = new Set(pc.remote.flatMap((d) => parse(d.sdp).media.map((m) => String(m.mid))));
    expect(mids.size).toBeLessThanOrEqual(1 + 4);
  });

  it('reports connection states, ICE/DTLS details, and closes for good', async () => {
    const { pc, transport } = setup();
    const states: string[] = [];
    transport.onStateChange((s) => states.push(s));
    await transport.start();
    await transport.applyServerTransport(TRANSPORT);
    pc.setConnectionState('connecting');
    pc.setConnectionState('connected');
    expect(transport.state).toBe('connected');
    expect(transport.details).toEqual({ ice: 'new', dtls: 'new' });
    pc.holdRemote();
    const running = transport.updateRemoteSources({ add: [{ ssrc: 1 }] });
    await Promise.resolve();
    const waiting = transport.updateRemoteSources({ add: [{ ssrc: 2 }] });
    transport.close();
    await expect(waiting).rejects.toMatchObject({ reason: 'cancelled' });
    expect(pc.closed).toBe(true);
    expect(states).toEqual(['connecting', 'connected', 'closed']);
    await expect(transport.updateRemoteSources({ add: [{ ssrc: 3 }] })).rejects.toMatchObject({ reason: 'cancelled' });
    pc.releaseRemote();
    await running.catch(() => undefined);
  });
});
