// A CallTransport without WebRTC, for GroupCall tests: SSRCs from a list, state changes when the test says (or
// "connected" right after the server transport is applied), remote-source batches recorded, audio levels set by the test.

import { CallError } from '../callError';
import type { AudioLevels, CallTransport, CallTransportFactory, TransportState } from '../callTransport';
import { toSignedSsrc, type JoinPayload, type RtcGroupCallTransport, type SourceChanges } from '../sdp';
import type { Unsubscribe } from '../typedEmitter';

export class FakeTransport implements CallTransport {
  state: TransportState = 'new';
  applied: RtcGroupCallTransport[] = [];
  batches: SourceChanges[] = [];
  /** Remote SSRCs (signed) live after every batch so far. */
  readonly sources = new Set<number>();
  closed = false;
  levels: AudioLevels = { local: null, inbound: new Map() };
  /** Whether the (fake) server took video; tests may turn it off. */
  videoAccepted = true;
  /** The camera track being sent (setVideoTrack, or the factory's videoTrack option). */
  videoTrack: MediaStreamTrack | null = null;
  /** Remote SSRC (signed) → kind, for the stand-in tracks. */
  private readonly kinds = new Map<number, 'audio' | 'video'>();
  private readonly listeners = new Set<(state: TransportState) => void>();

  constructor(
    readonly ssrc: number,
    private readonly autoConnect: boolean,
  ) {}

  async start(): Promise<JoinPayload> {
    return {
      ufrag: `uf${this.ssrc >>> 0}`,
      pwd: 'fakepasswordfakepassword',
      fingerprints: [{ hash: 'sha-256', setup: 'active', fingerprint: 'AB:CD:EF' }],
      ssrc: toSignedSsrc(this.ssrc),
      'ssrc-groups': [],
    };
  }

  async applyServerTransport(transport: RtcGroupCallTransport): Promise<void> {
    this.applied.push(transport);
    if (this.autoConnect) queueMicrotask(() => this.setState('connected'));
  }

  /** Refuse the next batch (as a browser refusing a description), leaving the sources as they were. */
  failNextBatch = false;

  /** While set, batches wait for it before they apply (a renegotiation still running in the browser). */
  gate: Promise<void> | null = null;

  async updateRemoteSources(changes: SourceChanges): Promise<void> {
    this.batches.push(changes);
    if (this.gate !== null) await this.gate;
    if (this.failNextBatch) {
      this.failNextBatch = false;
      throw new DOMException('refused', 'InvalidAccessError');
    }
    for (const s of changes.remove ?? []) this.sources.delete(s | 0);
    for (const s of changes.add ?? []) {
      this.sources.add(s.ssrc | 0);
      this.kinds.set(s.ssrc | 0, s.kind ?? 'audio');
    }
  }

  /** Messages sent on the data channel; `channelOpen` says whether it is open. */
  readonly sentData: string[] = [];
  channelOpen = false;
  private readonly channelListeners = new Set<() => void>();

  sendData(text: string): boolean {
    if (!this.channelOpen) return false;
    this.sentData.push(text);
    return true;
  }

  onDataChannelOpen(listener: () => void): Unsubscribe {
    this.channelListeners.add(listener);
    return () => {
      this.channelListeners.delete(listener);
    };
  }

  private readonly messageListeners = new Set<(text: string) => void>();
  /** limitVideoLayers calls, in order. */
  readonly layerLimits: number[] = [];

  onDataMessage(listener: (text: string) => void): Unsubscribe {
    this.messageListeners.add(listener);
    return () => {
      this.messageListeners.delete(listener);
    };
  }

  /** The (fake) server sends a text message on the data channel. */
  receiveData(text: string): void {
    for (const l of [...this.messageListeners]) l(text);
  }

  async limitVideoLayers(maxHeight: number): Promise<void> {
    this.layerLimits.push(maxHeight);
  }

  /** The test opens the data channel. */
  openDataChannel(): void {
    this.channelOpen = true;
    for (const l of [...this.channelListeners]) l();
  }

  get canSendVideo(): boolean {
    return this.applied.length > 0 && this.videoAccepted;
  }

  async setVideoTrack(track: MediaStreamTrack | null): Promise<void> {
    if (track !== null && !this.canSendVideo) throw CallError.videoUnavailable('fake server took no video');
    this.videoTrack = track;
  }

  onStateChange(listener: (state: TransportState) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** A stand-in track object per live remote source. */
  remoteTracks(): Map<number, MediaStreamTrack> {
    return new Map(
      [...this.sources].map((ssrc) => [
        ssrc,
        { id: `track-${ssrc}`, kind: this.kinds.get(ssrc) ?? 'audio' } as unknown as MediaStreamTrack,
      ]),
    );
  }

  async audioLevels(): Promise<AudioLevels> {
    return { local: this.levels.local, inbound: new Map(this.levels.inbound) };
  }

  /** Tracks given to replaceTrack, in order. */
  replacedTracks: MediaStreamTrack[] = [];

  async replaceTrack(track: MediaStreamTrack): Promise<void> {
    this.replacedTracks.push(track);
  }

  /** Bytes "received" so far, for the media watchdog; null (the default) means no statistics, so no watchdog verdict. */
  inbound: number | null = null;

  async inboundBytes(): Promise<number | null> {
    return this.inbound;
  }

  close(): void {
    this.closed = true;
    this.setState('closed');
  }

  setState(state: TransportState): void {
    if (state === this.state) return;
    this.state = state;
    for (const l of [...this.listeners]) l(state);
  }
}

/** Makes FakeTransports with the given SSRCs in turn (then 1000, 1001, …). */
export class FakeTransports {
  readonly created: FakeTransport[] = [];
  private next = 0;

  constructor(
    private readonly ssrcs: number[] = [],
    public autoConnect = true,
  ) {}

  readonly factory: CallTransportFactory = (options) => {
    const ssrc = this.ssrcs[this.next] ?? 1000 + this.next;
    this.next += 1;
    const t = new FakeTransport(ssrc, this.autoConnect);
    t.videoTrack = options.videoTrack ?? null;
    this.created.push(t);
    return t;
  };

  get last(): FakeTransport {
    const t = this.created.at(-1);
    if (t === undefined) throw new Error('no transport created yet');
    return t;
  }
}

/** A microphone track stand-in: enabled flag and stop(). */
export interface FakeTrack {
  enabled: boolean;
  stopped: boolean;
  kind: 'audio';
  stop(): void;
}

export function fakeTrack(): FakeTrack {
  return {
    enabled: true,
    stopped: false,
    kind: 'audio',
    stop() {
      this.stopped = true;
    },
  };
}
