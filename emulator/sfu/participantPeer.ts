// One participant's connection to the SFU: a werift RTCPeerConnection in ICE-lite mode on 127.0.0.1 that answers the
// offer written from the join JSON, reports its state, hands up the participant's RTP, and sends forwarded RTP (any SSRC)
// on its DTLS transport with the SFU's numbering and its own transport-wide sequence numbers.

import { parse, write } from 'sdp-transform';
import {
  ExtensionProfiles,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtcpPayloadSpecificFeedback,
  RtcpSrPacket,
  RtcpTransportLayerFeedback,
  RtpHeader,
  useAbsSendTime,
  useAudioLevelIndication,
  useTransportWideCC,
  useVideoOrientation,
  type RtcpPacket,
  type RTCDtlsTransport,
  type RtpPacket,
} from 'werift';
import { clientOfferFromJoin } from './clientOffer';
import { SfuError } from './errors';
import type { ValidJoin } from './joinPayload';
import {
  OPUS_CLOCK_RATE,
  OPUS_FMTP,
  VIDEO_CLOCK_RATE,
  VP8_RTCP_FEEDBACK,
  videoNumberingOf,
  type MediaNumbering,
  type VideoNumbering,
} from './mediaNumbering';
import { LOOPBACK, transportFromAnswer, type VideoEndpoint } from './transportFromAnswer';
import { TransportFeedback } from './transportFeedback';
import type { RtcGroupCallTransport } from '../../src/protocol';

/** ICE + DTLS of one endpoint as the API sees it. 'failed' and 'closed' are final (a failed endpoint is closed later). */
export type EndpointState = 'connecting' | 'connected' | 'failed' | 'closed';

/** The fields of an RTP header that forwarding keeps (extensions are rebuilt per receiver). */
export interface ForwardedHeader {
  payloadType: number;
  marker: boolean;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
}

export interface ParticipantPeerHooks {
  onRtp(packet: RtpPacket): void;
  onSenderReport(report: RtcpSrPacket): void;
  /** Keyframe (PLI / FIR) and retransmission (NACK) requests the participant sends about SSRCs it receives. */
  onFeedback(packet: RtcpPayloadSpecificFeedback | RtcpTransportLayerFeedback): void;
  /** A text message on the participant's data channel (colibri: ReceiverVideoConstraints). */
  onMessage(text: string): void;
  onState(state: EndpointState): void;
}

const GATHER_TIMEOUT_MS = 5_000;
/** The sender SSRC of the SFU's transport-cc feedback (any; receivers of feedback do not look it up). */
const FEEDBACK_SSRC = 0x5f0_feed;

/** What the SFU needs of one participant's connection (ParticipantPeer; a test may give its own through SfuOptions.openPeer). */
export interface SfuPeer {
  readonly state: EndpointState;
  readonly openedAt: number;
  readonly lastStunAt: number;
  forward(header: ForwardedHeader, audioLevel: Buffer | undefined, payload: Buffer): boolean;
  forwardVideo(header: ForwardedHeader, orientation: Buffer | undefined, payload: Buffer): boolean;
  sendFeedback(packets: RtcpPacket[]): boolean;
  forwardSenderReport(report: RtcpSrPacket): void;
  /** One text message on the participant's data channel (colibri: SenderVideoConstraints); false while none is open. */
  sendMessage(text: string): boolean;
  fail(): void;
  cut(): void;
  close(): Promise<void>;
}

/** Opens a participant's connection: ParticipantPeer.open's shape. */
export type SfuPeerOpener = (
  join: ValidJoin,
  numbering: MediaNumbering,
  hooks: ParticipantPeerHooks,
  videoEndpoint?: VideoEndpoint,
  dataChannel?: boolean,
) => Promise<{ peer: SfuPeer; transport: RtcGroupCallTransport }>;

export class ParticipantPeer implements SfuPeer {
  private stateNow: EndpointState = 'connecting';
  private dtls: RTCDtlsTransport | undefined;
  private transportSequence = Math.floor(Math.random() * 0x10000);
  private silenced = false;
  private channel: { readyState: string; send(text: string): void } | undefined;
  private feedback: TransportFeedback | undefined;
  /** Date.now() of the last STUN binding request from the participant (ICE consent / keepalive), or of the open. */
  lastStunAt = Date.now();
  readonly openedAt = Date.now();
  packetsForwarded = 0;

  private readonly video: VideoNumbering;

  private constructor(
    private readonly pc: RTCPeerConnection,
    private readonly numbering: MediaNumbering,
    private readonly hooks: ParticipantPeerHooks,
  ) {
    this.video = videoNumberingOf(numbering);
  }

  static async open(
    join: ValidJoin,
    numbering: MediaNumbering,
    hooks: ParticipantPeerHooks,
    videoEndpoint?: VideoEndpoint,
    dataChannel = false,
  ): Promise<{ peer: ParticipantPeer; transport: RtcGroupCallTransport }> {
    const opus = new RTCRtpCodecParameters({
      mimeType: 'audio/opus',
      clockRate: OPUS_CLOCK_RATE,
      channels: 2,
      payloadType: numbering.opusPayloadType,
      rtcpFeedback: [{ type: 'transport-cc' }],
      parameters: Object.entries(OPUS_FMTP)
        .map(([k, v]) => `${k}=${v}`)
        .join(';'),
    });
    const audioLevel = useAudioLevelIndication();
    audioLevel.id = numbering.audioLevelId;
    const transportCc = useTransportWideCC();
    transportCc.id = numbering.transportCcId;
    const v = videoNumberingOf(numbering);
    const vp8 = new RTCRtpCodecParameters({
      mimeType: 'video/VP8',
      clockRate: VIDEO_CLOCK_RATE,
      payloadType: v.vp8PayloadType,
      rtcpFeedback: VP8_RTCP_FEEDBACK.map((f) => ({ ...f })),
    });
    const rtx = new RTCRtpCodecParameters({
      mimeType: 'video/rtx',
      clockRate: VIDEO_CLOCK_RATE,
      payloadType: v.rtxPayloadType,
      parameters: `apt=${v.vp8PayloadType}`,
    });
    const videoTransportCc = useTransportWideCC();
    videoTransportCc.id = v.transportCcId;
    const absSendTime = useAbsSendTime();
    absSendTime.id = v.absSendTimeId;
    const orientation = useVideoOrientation();
    orientation.id = v.videoOrientationId;
    // The STUN callback is made before the peer exists; it finds the peer here once there is one.
    const owner: { peer?: ParticipantPeer } = {};
    const pc = new RTCPeerConnection({
      iceLite: true,
      iceUseIpv6: false,
      iceUseTcp: false,
      iceServers: [],
      iceInterfaceAddresses: { udp4: LOOPBACK },
      iceAdditionalHostAddresses: [LOOPBACK],
      codecs: { audio: [opus], video: [vp8, rtx] },
      headerExtensions: { audio: [audioLevel, transportCc], video: [absSendTime, videoTransportCc, orientation] },
      // Called for every STUN binding request: the participant's liveness, and the switch that simulates ICE loss.
      iceFilterStunResponse: () => {
        const self = owner.peer;
        if (!self || self.silenced) return false;
        self.lastStunAt = Date.now();
        return true;
      },
    });
    const peer = new ParticipantPeer(pc, numbering, hooks);
    owner.peer = peer;
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp: clientOfferFromJoin(join, numbering, dataChannel) });
      const answer = parse((await pc.createAnswer()).sdp);
      // werift answers "active" whatever the offer says; a browser (setup active) needs the SFU to be the DTLS server.
      if (join.clientIsDtlsClient) for (const m of answer.media) m.setup = 'passive';
      await pc.setLocalDescription({ type: 'answer', sdp: write(answer) });
      await peer.gathered();
      const transport = transportFromAnswer(
        pc.localDescription?.sdp ?? '',
        numbering,
        join.video === null ? undefined : videoEndpoint,
      );
      peer.attach();
      return { peer, transport };
    } catch (cause) {
      await peer.close();
      if (cause instanceof SfuError) throw cause;
      throw new SfuError('transport-failed', 'werift', cause instanceof Error ? cause.message : String(cause));
    }
  }

  get state(): EndpointState {
    return this.stateNow;
  }

  /** True while forwarded packets can reach the participant. */
  get canSend(): boolean {
    return this.stateNow === 'connected' && !this.silenced && this.dtls?.state === 'connected';
  }

  /** Sends one forwarded packet under its original SSRC; false when it could not be sent. */
  forward(header: ForwardedHeader, audioLevel: Buffer | undefined, payload: Buffer): boolean {
    const dtls = this.dtls;
    if (!dtls || !this.canSend) return false;
    this.transportSequence = (this.transportSequence + 1) & 0xffff;
    const twcc = Buffer.allocUnsafe(2);
    twcc.writeUInt16BE(this.transportSequence, 0);
    const extensions = audioLevel
      ? [
          { id: this.numbering.audioLevelId, payload: audioLevel },
          { id: this.numbering.transportCcId, payload: twcc },
        ]
      : [{ id: this.numbering.transportCcId, payload: twcc }];
    const out = new RtpHeader({
      payloadType: header.payloadType,
      marker: header.marker,
      sequenceNumber: header.sequenceNumber,
      timestamp: header.timestamp,
      ssrc: header.ssrc,
      extensionProfile: ExtensionProfiles.OneByte,
      extensions,
    });
    void dtls.sendRtp(payload, out); // werift catches its own send errors
    this.packetsForwarded++;
    return true;
  }

  /**
   * Sends one forwarded video packet (VP8 or its RTX) under its original SSRC. Header extensions rebuilt: the sender's
   * video orientation kept, transport-cc numbered on this connection.
   */
  forwardVideo(header: ForwardedHeader, orientation: Buffer | undefined, payload: Buffer): boolean {
    const dtls = this.dtls;
    if (!dtls || !this.canSend) return false;
    this.transportSequence = (this.transportSequence + 1) & 0xffff;
    const twcc = Buffer.allocUnsafe(2);
    twcc.writeUInt16BE(this.transportSequence, 0);
    const extensions: { id: number; payload: Buffer }[] = [{ id: this.video.transportCcId, payload: twcc }];
    if (orientation) extensions.push({ id: this.video.videoOrientationId, payload: orientation });
    const out = new RtpHeader({
      payloadType: header.payloadType,
      marker: header.marker,
      sequenceNumber: header.sequenceNumber,
      timestamp: header.timestamp,
      ssrc: header.ssrc,
      extensionProfile: ExtensionProfiles.OneByte,
      extensions,
    });
    void dtls.sendRtp(payload, out);
    this.packetsForwarded++;
    return true;
  }

  /** The video numbering this peer speaks (same for every peer of one SFU). */
  get videoNumbering(): VideoNumbering {
    return this.video;
  }

  /** Sends RTCP feedback (a receiver's PLI / FIR / NACK passed on to the sender). */
  sendFeedback(packets: RtcpPacket[]): boolean {
    const dtls = this.dtls;
    if (!dtls || !this.canSend) return false;
    void dtls.sendRtcp(packets).catch(() => undefined);
    return true;
  }

  sendMessage(text: string): boolean {
    const channel = this.channel;
    if (!channel || channel.readyState !== 'open' || !this.canSend) return false;
    channel.send(text);
    return true;
  }

  /** Passes a sender's report on (report blocks stripped: they describe the sender's own downlink, not ours). */
  forwardSenderReport(report: RtcpSrPacket): void {
    const dtls = this.dtls;
    if (!dtls || !this.canSend) return;
    void dtls
      .sendRtcp([new RtcpSrPacket({ ssrc: report.ssrc, senderInfo: report.senderInfo, reports: [] })])
      .catch(() => undefined);
  }

  /** Marks the connection failed (liveness timeout, connect timeout, simulated cut) and closes it. */
  fail(): void {
    if (this.stateNow === 'failed' || this.stateNow === 'closed') return;
    this.silenced = true;
    this.feedback?.stop();
    this.setState('failed');
    void this.pc.close().catch(() => undefined);
  }

  /** Simulates ICE loss: from now on nothing is answered, received or sent, as if the path vanished. */
  cut(): void {
    this.silenced = true;
  }

  async close(): Promise<void> {
    this.silenced = true;
    this.feedback?.stop();
    if (this.stateNow !== 'closed') {
      this.stateNow = 'closed'; // set before werift's own "closed" event so no listener hears it twice
      this.hooks.onState('closed');
    }
    await this.pc.close().catch(() => undefined);
  }

  private setState(state: EndpointState): void {
    // Final states move only through close(): werift's own "closed" after fail() must not reach the API.
    if (this.stateNow === state || this.stateNow === 'closed' || this.stateNow === 'failed') return;
    this.stateNow = state;
    this.hooks.onState(state);
  }

  private gathered(): Promise<void> {
    if (this.pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.unSubscribe();
        reject(new SfuError('transport-failed', 'ice', `gathering took over ${GATHER_TIMEOUT_MS} ms`));
      }, GATHER_TIMEOUT_MS);
      const sub = this.pc.iceGatheringStateChange.subscribe((s) => {
        if (s !== 'complete') return;
        clearTimeout(timer);
        sub.unSubscribe();
        resolve();
      });
    });
  }

  private attach(): void {
    const dtls = this.pc.dtlsTransports[0];
    if (!dtls) throw new SfuError('transport-failed', 'werift', 'no DTLS transport after the answer');
    this.dtls = dtls;
    // Transport-wide congestion feedback for every packet that arrives, whatever m-line (or none) werift routes it to.
    silenceWeriftFeedback(this.pc);
    const feedback = new TransportFeedback(dtls, FEEDBACK_SSRC);
    this.feedback = feedback;
    const twccIds = new Set([this.numbering.transportCcId, this.video.transportCcId]);
    dtls.onRtp.subscribe((packet) => {
      if (this.silenced) return;
      for (const e of packet.header.extensions)
        if (twccIds.has(e.id) && e.payload.length >= 2)
          feedback.handleTWCC(e.payload.readUInt16BE(0), packet.header.ssrc);
      this.hooks.onRtp(packet);
    });
    dtls.onRtcp.subscribe((packet) => {
      if (this.silenced) return;
      if (packet instanceof RtcpSrPacket) this.hooks.onSenderReport(packet);
      else if (packet instanceof RtcpPayloadSpecificFeedback || packet instanceof RtcpTransportLayerFeedback)
        this.hooks.onFeedback(packet);
    });
    // The browser opens the data channel (DCEP); every text message on it goes up.
    this.pc.onDataChannel.subscribe((channel) => {
      this.channel = channel;
      channel.onMessage.subscribe((message) => {
        if (!this.silenced) this.hooks.onMessage(typeof message === 'string' ? message : message.toString('utf8'));
      });
    });
    // Media flows once DTLS is up. werift's own connectionState also waits for SCTP, which a client without a data
    // channel (audio-only test pages, other clients) never opens: it would never say "connected" for them.
    dtls.onStateChange.subscribe((s) => {
      if (s === 'connected') this.setState('connected');
      else if (s === 'failed') this.fail();
    });
    this.pc.connectionStateChange.subscribe((s) => {
      if (s === 'connected') this.setState('connected');
      else if (s === 'failed' || s === 'disconnected') this.fail();
      else if (s === 'closed') this.setState('closed');
    });
  }
}

/**
 * Turns werift's own transport-cc feedback off: each RTCRtpReceiver makes a generator on its first packet, which sees only
 * the packets werift routes to that m-line (see transportFeedback.ts); a receiver that finds one already set uses it, so
 * every receiver gets one that ignores what it is given. The connection's TransportFeedback counts every packet instead.
 */
function silenceWeriftFeedback(pc: RTCPeerConnection): void {
  const sink = { twccRunning: false, handleTWCC: (): void => undefined };
  for (const transceiver of pc.getTransceivers()) {
    Object.defineProperty(transceiver.receiver, 'receiverTWCC', {
      configurable: true,
      enumerable: true,
      get: () => sink,
      set: () => undefined,
    });
  }
}
