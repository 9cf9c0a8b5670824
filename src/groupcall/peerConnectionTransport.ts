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
  toSignedSsrc,
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

  constructor(private readonly options: PeerConnectionTransportOptions) {
    this.pc = options.createPeerConnection?.() ?? new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
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
    this.pc.addTransceiver(this.options.track, { direction: 'sendonly' });
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    this.offerSdp = offer.sdp ?? '';
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
    report.forEach((stat: { type: string; kind?: string; ssrc?: number; audioLevel?: number; packetsReceived?: number }) => {
      if (stat.type === 'inbound-rtp' && stat.kind === 'audio' && typeof stat.ssrc === 'number' && (stat.packetsReceived ?? 0) > 0) {
        inbound.set(toSignedSsrc(stat.ssrc), stat.audioLevel ?? 0);
      } else if (stat.type === 'media-source' && stat.kind === 'audio' && typeof stat.audioLevel === 'number') {
        local = stat.audioLevel;
      }
    });
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

  close(): void {
    this.queue.close(CallError.cancelled());
    this.pc.close();
    this.setState('closed');
  }

  private async renegotiate(batch: SourceBatch): Promise<void> {
    await this.whenApplied;
    const applied = this.applied;
    if (applied === null || this.current === 'closed') throw CallError.cancelled();
    const table = withSourceChanges(applied.table, batch);
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

export function createPeerConnectionTransport(options: PeerConnectionTransportOptions): CallTransport {
  return new PeerConnectionTransport(options);
}
