// The media side of one join, as the GroupCall sees it: one RTCPeerConnection (or a fake in tests). Its neighbours:
// CallEngine creates one per join attempt through a CallTransportFactory; peerConnectionTransport.ts is the real one.

import type { Unsubscribe } from './typedEmitter';
import type { JoinPayload, RemoteMlineLimits, RtcGroupCallTransport, SourceChanges } from './sdp';

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
  /**
   * Whether the server took the connection's video m-line (its transport JSON has a `video` section and the answer
   * left the m-line live): only then can setVideoTrack send anything. False before applyServerTransport.
   */
  readonly canSendVideo: boolean;
  /** Sends this camera track on the video m-line (null: sends nothing). No renegotiation: the m-line exists from start(). */
  setVideoTrack(track: MediaStreamTrack | null): Promise<void>;
  /**
   * Sends one text message on the call's data channel (Telegram's colibri messages: ReceiverVideoConstraints). False
   * when the channel is not open (yet, or at all: a server without SCTP never opens it).
   */
  sendData(text: string): boolean;
  /** Called each time the data channel opens. */
  onDataChannelOpen(listener: () => void): Unsubscribe;
  /** Each text message the server sends on the data channel (colibri: SenderVideoConstraints). */
  onDataMessage(listener: (text: string) => void): Unsubscribe;
  /**
   * Sends the camera's simulcast layers up to this height only (the lowest always, while a camera is sent): what the
   * server says anyone watches (SenderVideoConstraints). Nothing changes for a one-layer camera.
   */
  limitVideoLayers(maxHeight: number): Promise<void>;
  /** Tracks of the live remote sources (audio and video), by primary SSRC (signed). */
  remoteTracks(): Map<number, MediaStreamTrack>;
  audioLevels(): Promise<AudioLevels>;
  /**
   * Bytes received so far on the connection (every packet: media, RTCP, SCTP, STUN), for the media watchdog; null when
   * the browser cannot say. Optional: a transport without it is watched by its ICE state alone.
   */
  inboundBytes?(): Promise<number | null>;
  /** Sends another microphone track on the same sender (RTCRtpSender.replaceTrack): no renegotiation, no rejoin. */
  replaceTrack(track: MediaStreamTrack): Promise<void>;
  /** Stops the connection (never the microphone track, which outlives a rejoin). */
  close(): void;
}

export interface CallTransportOptions {
  /** The microphone track to send; null for a screen share without sound (its audio m-line still gives an SSRC). */
  track: MediaStreamTrack | null;
  /**
   * The camera track to send from the start, if the camera is on. The video m-line is there either way (sendonly, no
   * track): its SSRCs go into the join, so the camera can be turned on later without a rejoin (Web A's way).
   */
  videoTrack?: MediaStreamTrack | null;
  /** Open the data channel (the main connection; a screen share's connection has none, as in tgcalls). Default true. */
  dataChannel?: boolean;
  /**
   * Send the camera as three SSRC simulcast layers (180 / 360 / 720, SIM + FID groups in the join) instead of one, so
   * that a server can give each receiver the height its ReceiverVideoConstraints ask for. Default false.
   */
  simulcast?: boolean;
  /**
   * The most remote m-lines per kind the connection's SDP may hold (the engine's budget plus spares, see mlineBudget.ts):
   * a freed m-line is recycled rather than a new one added past it. Unbounded when absent.
   */
  maxRemoteMlines?: RemoteMlineLimits;
}

export type CallTransportFactory = (options: CallTransportOptions) => CallTransport;
