// CallTransport over one RTCPeerConnection: the browser offers once (its SSRC and credentials go into the join), the
// server's transport JSON becomes the answer, then each batch of remote sources is a server offer the browser answers.
// The first transceiver is never stopped (that moves the BUNDLE tag; see sdp/README.md): a fresh SSRC is a new instance.

import { CallError } from './callError';
import type { AudioLevels, CallTransport, CallTransportOptions, TransportState } from './callTransport';
import { CoalescingQueue } from './coalescingQueue';
import {
  answerFromTransport,
  joinPayloadFromOffer,
  serverOfferFromTransport,
  SIMULCAST_LAYERS,
  toSignedSsrc,
  withSimulcastLayers,
  withSourceChanges,
  type JoinPayload,
  type RemoteSourceTable,
  type RtcGroupCallTransport,
  type SdpOrigin,
  type SourceChanges,
} from './sdp';
import { mergeSourceChanges, type SourceBatch } from './sourceChanges';
import type { Unsubscribe } from './typedEmitter';

export interface PeerConnectionTransportOptions extends CallTransportOptions {
  /** Defaults to `new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require'})`. */
  createPeerConnection?: () => RTCPeerConnection;
}

interface Applied {
  transport: RtcGroupCallTransport;
  table: RemoteSourceTable;
}

export class PeerConnectionTransport implements CallTransport {
  private readonly pc: RTCPeerConnection;
  private readonly listeners = new Set<(state: TransportState) => void>();
  private readonly queue: CoalescingQueue<SourceBatch>;
  private offerSdp: string | null = null;
  private applied: Applied | null = null;
  private readonly whenApplied: Promise<void>;
  private markApplied: () => void = () => undefined;
  private readonly origin: SdpOrigin;
  private current: TransportState = 'new';
  private video: RTCRtpTransceiver | null = null;
  private channel: RTCDataChannel | null = null;
  private readonly channelListeners = new Set<() => void>();
  private readonly messageListeners = new Set<(text: string) => void>();

  constructor(private readonly options: PeerConnectionTransportOptions) {
    this.pc =
      options.createPeerConnection?.() ??
      new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    this.origin = { sessionId: String(Math.floor(Math.random() * 2 ** 31) + 1), sessionVersion: 1 };
    this.whenApplied = new Promise((resolve) => {
      this.markApplied = resolve;
    });
    this.queue = new CoalescingQueue(mergeSourceChanges, (batch) => this.renegotiate(batch));
    this.pc.addEventListener('connectionstatechange', () => this.setState(this.pc.connectionState));
  }

  get state(): TransportState {
    return this.current;
  }

  /** ICE and DTLS separately, for diagnostics (`state` is both together). */
  get details(): { ice: RTCIceConnectionState; dtls: RTCDtlsTransportState | 'none' } {
    const dtls = this.pc.getTransceivers()[0]?.sender.transport?.state ?? 'none';
    return { ice: this.pc.iceConnectionState, dtls };
  }

  /** The RTCPeerConnection, for diagnostics and tests. */
  get peerConnection(): RTCPeerConnection {
    return this.pc;
  }

  async start(): Promise<JoinPayload> {
    if (this.offerSdp !== null) throw new Error('PeerConnectionTransport.start: already started');
    this.pc.addTransceiver(this.options.track ?? 'audio', { direction: 'sendonly' });
    // Second, never first: the first m-line is the BUNDLE tag and must never be stopped (a server without video rejects
    // this one with port 0, which stops it). Its offer has one FID group [video, rtx]: one layer, see README "Video".
    this.video = this.pc.addTransceiver(this.options.videoTrack ?? 'video', { direction: 'sendonly' });
    limitVideoHeaderExtensions(this.video);
    // Third m-line (Web A's mid 2): the SCTP data channel that carries Telegram's colibri messages.
    if (this.options.dataChannel !== false) {
      const channel = this.pc.createDataChannel('data', { ordered: true });
      channel.addEventListener('open', () => {
        for (const listener of [...this.channelListeners]) listener();
      });
      channel.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (typeof event.data !== 'string') return;
        for (const listener of [...this.messageListeners]) listener(event.data);
      });
      this.channel = channel;
    }
    const offer = await this.pc.createOffer();
    // Simulcast: the layers' SSRCs are added to the offer (as sdp-transform objects) before it is applied; Chromium
    // then has three encodings, scaled 4 / 2 / 1 (Telegram's 180 / 360 / 720 of a 720p camera).
    const sdp =
      this.options.simulcast === true
        ? withSimulcastLayers(offer.sdp ?? '', () => Math.floor(Math.random() * 0xffff_fffe) + 1)
        : (offer.sdp ?? '');
    await this.pc.setLocalDescription({ type: 'offer', sdp });
    if (this.options.simulcast === true && this.video !== null) await scaleSimulcastLayers(this.video.sender);
    this.offerSdp = sdp;
    return joinPayloadFromOffer(this.offerSdp);
  }

  async replaceTrack(track: MediaStreamTrack): Promise<void> {
    const sender = this.pc.getTransceivers()[0]?.sender;
    if (sender === undefined) throw new Error('PeerConnectionTransport.replaceTrack: start() first');
    await sender.replaceTrack(track);
  }

  async applyServerTransport(transport: RtcGroupCallTransport): Promise<void> {
    if (this.offerSdp === null) throw new Error('PeerConnectionTransport.applyServerTransport: start() first');
    const answer = answerFromTransport(this.offerSdp, transport, this.nextOrigin());
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    this.applied = { transport, table: answer.table };
    this.markApplied();
  }

  get canSendVideo(): boolean {
    const video = this.video;
    return this.applied !== null && video !== null && video.currentDirection === 'sendonly';
  }

  async setVideoTrack(track: MediaStreamTrack | null): Promise<void> {
    if (track !== null && !this.canSendVideo)
      throw CallError.videoUnavailable('the server took no video from this connection');
    await this.video?.sender.replaceTrack(track);
  }

  sendData(text: string): boolean {
    if (this.channel?.readyState !== 'open') return false;
    this.channel.send(text);
    return true;
  }

  onDataChannelOpen(listener: () => void): Unsubscribe {
    const entry = () => listener();
    this.channelListeners.add(entry);
    return () => {
      this.channelListeners.delete(entry);
    };
  }

  onDataMessage(listener: (text: string) => void): Unsubscribe {
    const entry = (text: string) => listener(text);
    this.messageListeners.add(entry);
    return () => {
      this.messageListeners.delete(entry);
    };
  }

  async limitVideoLayers(maxHeight: number): Promise<void> {
    const sender = this.video?.sender;
    if (sender === undefined) return;
    const parameters = sender.getParameters();
    if (parameters.encodings.length !== SIMULCAST_LAYERS) return; // one layer: nothing to leave out
    let changed = false;
    parameters.encodings = parameters.encodings.map((e, i) => {
      const active = i === 0 || simulcastLayerHeight(i) <= maxHeight;
      if (e.active !== active) changed = true;
      return { ...e, active };
    });
    if (changed) await sender.setParameters(parameters);
  }

  updateRemoteSources(changes: SourceChanges): Promise<void> {
    return this.queue.push(mergeSourceChanges({}, changes));
  }

  onStateChange(listener: (state: TransportState) => void): Unsubscribe {
    const entry = (state: TransportState) => listener(state);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  remoteTracks(): Map<number, MediaStreamTrack> {
    const tracks = new Map<number, MediaStreamTrack>();
    if (this.applied === null) return tracks;
    const byMid = new Map(this.pc.getTransceivers().flatMap((t) => (t.mid === null ? [] : [[t.mid, t] as const])));
    for (const slot of this.applied.table.slots) {
      if (slot.owner !== 'remote' || slot.source === null) continue;
      const transceiver = byMid.get(slot.mid);
      if (transceiver !== undefined) tracks.set(toSignedSsrc(slot.source.ssrc), transceiver.receiver.track);
    }
    return tracks;
  }

  async audioLevels(): Promise<AudioLevels> {
    const inbound = new Map<number, number>();
    let local: number | null = null;
    const report = await this.pc.getStats();
    report.forEach(
      (stat: { type: string; kind?: string; ssrc?: number; audioLevel?: number; packetsReceived?: number }) => {
        if (
          stat.type === 'inbound-rtp' &&
          stat.kind === 'audio' &&
          typeof stat.ssrc === 'number' &&
          (stat.packetsReceived ?? 0) > 0
        ) {
          inbound.set(toSignedSsrc(stat.ssrc), stat.audioLevel ?? 0);
        } else if (stat.type === 'media-source' && stat.kind === 'audio' && typeof stat.audioLevel === 'number') {
          local = stat.audioLevel;
        }
      },
    );
    // getStats has audioLevel only for tracks that play; the ssrc-audio-level header extension is there either way.
    for (const transceiver of this.pc.getTransceivers()) {
      if (transceiver.currentDirection !== 'recvonly' && transceiver.currentDirection !== 'sendrecv') continue;
      for (const source of transceiver.receiver.getSynchronizationSources()) {
        const ssrc = toSignedSsrc(source.source);
        inbound.set(ssrc, Math.max(inbound.get(ssrc) ?? 0, source.audioLevel ?? 0));
      }
    }
    return { local, inbound };
  }

  async inboundBytes(): Promise<number | null> {
    const report = await this.pc.getStats();
    let transports: number | null = null;
    let pairs: number | null = null;
    report.forEach((stat: { type: string; bytesReceived?: number; nominated?: boolean; state?: string }) => {
      if (typeof stat.bytesReceived !== 'number') return;
      if (stat.type === 'transport') transports = (transports ?? 0) + stat.bytesReceived;
      else if (stat.type === 'candidate-pair' && stat.nominated === true) pairs = (pairs ?? 0) + stat.bytesReceived;
    });
    return transports ?? pairs;
  }

  close(): void {
    this.queue.close(CallError.cancelled());
    this.pc.close();
    this.setState('closed');
  }

  private async renegotiate(batch: SourceBatch): Promise<void> {
    await this.whenApplied;
    const applied = this.applied;
    if (applied === null || this.current === 'closed') throw CallError.cancelled();
    const table = withSourceChanges(applied.table, batch, this.options.maxRemoteMlines);
    const offer = serverOfferFromTransport(applied.transport, table, this.nextOrigin());
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    // Committed only once the browser took it: a failed round leaves the table as the browser knows it.
    this.applied = { transport: applied.transport, table };
  }

  private nextOrigin(): SdpOrigin {
    const origin = { ...this.origin };
    this.origin.sessionVersion += 1;
    return origin;
  }

  private setState(state: TransportState): void {
    if (state === this.current) return;
    this.current = state;
    for (const listener of [...this.listeners]) listener(state);
  }
}

/** The full height of a camera the layers are made from (Telegram's 720), and layer i's: 180, 360, 720. */
const FULL_HEIGHT = 720;
function simulcastLayerHeight(layer: number): number {
  return FULL_HEIGHT / 2 ** (SIMULCAST_LAYERS - 1 - layer);
}

/** Layer i of SIMULCAST_LAYERS is scaled down by 2^(layers − 1 − i): the last is full size. */
async function scaleSimulcastLayers(sender: RTCRtpSender): Promise<void> {
  const parameters = sender.getParameters();
  if (parameters.encodings.length !== SIMULCAST_LAYERS) return; // the browser took no layers: one stream, as before
  parameters.encodings = parameters.encodings.map((e, i) => ({
    ...e,
    scaleResolutionDownBy: 2 ** (SIMULCAST_LAYERS - 1 - i),
  }));
  await sender.setParameters(parameters);
}

/** The video header extensions Telegram's servers number (tgcalls); sdes:mid is the BUNDLE demultiplexer. */
const VIDEO_EXTENSIONS = new Set([
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'urn:3gpp:video-orientation',
  'urn:ietf:params:rtp-hdrext:sdes:mid',
]);

interface HeaderExtensionCapability {
  uri: string;
  direction: RTCRtpTransceiverDirection;
}

interface HeaderExtensionControl {
  getHeaderExtensionsToNegotiate(): HeaderExtensionCapability[];
  setHeaderExtensionsToNegotiate(extensions: HeaderExtensionCapability[]): void;
}

/**
 * Offers on the video m-line only the extensions the server may number. In one BUNDLE an id means one URI, and Chromium
 * refuses an answer that gives an id its offer uses for another URI on a live m-line ("RTP extension ID reassignment
 * not supported"): Chromium's video offer takes ids 5–14 for extensions no group-call server uses (video-timing is 7),
 * so a server numbering audio's transport-cc 7 could not be answered at all (measured, Chromium 156). Where the browser
 * lacks the control (RTP header extension control API), the offer stays as it is.
 */
function limitVideoHeaderExtensions(transceiver: RTCRtpTransceiver): void {
  const control = transceiver as unknown as Partial<HeaderExtensionControl>;
  if (
    typeof control.getHeaderExtensionsToNegotiate !== 'function' ||
    typeof control.setHeaderExtensionsToNegotiate !== 'function'
  )
    return;
  const offered = control.getHeaderExtensionsToNegotiate.call(transceiver);
  control.setHeaderExtensionsToNegotiate.call(
    transceiver,
    offered.map((e) => ({ uri: e.uri, direction: VIDEO_EXTENSIONS.has(e.uri) ? e.direction : 'stopped' })),
  );
}

export function createPeerConnectionTransport(options: PeerConnectionTransportOptions): CallTransport {
  return new PeerConnectionTransport(options);
}
