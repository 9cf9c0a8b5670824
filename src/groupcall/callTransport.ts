// The media side of one join, as the GroupCall sees it: one RTCPeerConnection (or a fake in tests). Its neighbours:
// GroupCall creates one per join attempt through a CallTransportFactory; peerConnectionTransport.ts is the real one.

import type { Unsubscribe } from './typedEmitter';
import type { JoinPayload, RtcGroupCallTransport, SourceChanges } from './sdp';

/** ICE + DTLS together, as RTCPeerConnection.connectionState reports them. */
export type TransportState = 'new' | 'connecting' | 'connected' | 'disconnected' | 'failed' | 'closed';

export interface AudioLevels {
  /** The own microphone's level (0..1), when the browser reports it. */
  local: number | null;
  /** Inbound audio SSRC (signed, as Telegram writes it) → level 0..1 (0 when not measured yet). */
  inbound: Map<number, number>;
}

export interface CallTransport {
  /** Adds the microphone track, creates and applies the local offer; the payload goes into phone.joinGroupCall. */
  start(): Promise<JoinPayload>;
  /** The first remote description, from updateGroupCallConnection's transport JSON. */
  applyServerTransport(transport: RtcGroupCallTransport): Promise<void>;
  /**
   * Remote sources arriving and leaving. Renegotiations run one at a time; changes that arrive meanwhile are merged into
   * the next one. Settles when the renegotiation carrying these changes is done. Changes before applyServerTransport wait.
   */
  updateRemoteSources(changes: SourceChanges): Promise<void>;
  readonly state: TransportState;
  onStateChange(listener: (state: TransportState) => void): Unsubscribe;
  /** Tracks of the live remote sources, by SSRC (signed). */
  remoteTracks(): Map<number, MediaStreamTrack>;
  audioLevels(): Promise<AudioLevels>;
  /** Sends another microphone track on the same sender (RTCRtpSender.replaceTrack): no renegotiation, no rejoin. */
  replaceTrack(track: MediaStreamTrack): Promise<void>;
  /** Stops the connection (never the microphone track, which outlives a rejoin). */
  close(): void;
}

export interface CallTransportOptions {
  /** The microphone track to send. */
  track: MediaStreamTrack;
}

export type CallTransportFactory = (options: CallTransportOptions) => CallTransport;
