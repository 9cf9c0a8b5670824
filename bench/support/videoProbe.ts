// Video phases at the SFU for the video bench, per receiving connection: when the SFU first forwarded a video packet
// (and the first keyframe start) to it, when its ReceiverVideoConstraints and its own keyframe requests (PLI / FIR)
// arrived; and when the SFU sent keyframe requests to a sender. ParticipantPeer's open (its hooks), forwardVideo and
// sendFeedback are wrapped at run time in the bench's own process (emulator code unchanged). Wall-clock ms.
//
// Per receiver, because another connection in the same call (the baseline's bare receiver, which never sends
// constraints and so gets every video) is sent the same sender's packets earlier: a call-wide "first keyframe forwarded"
// says nothing about when the receiver being measured got one.
import {
  GenericNack,
  PictureLossIndication,
  RtcpPayloadSpecificFeedback,
  RtcpTransportLayerFeedback,
  type RtpPacket,
} from 'werift';
import { isVp8KeyframeStart } from '../../emulator/sfu/layerSwitch';
import { videoNumberingOf } from '../../emulator/sfu/mediaNumbering';
import { ParticipantPeer } from '../../emulator/sfu/participantPeer';

type ForwardVideo = ParticipantPeer['forwardVideo'];
type SendFeedback = ParticipantPeer['sendFeedback'];
type Open = typeof ParticipantPeer.open;

export interface ReceiverMarks {
  /** When the SFU saw this connection connected (ICE + DTLS) since the last reset. */
  connected: number | null;
  /** First video packet the SFU forwarded to this connection since the last reset. */
  firstVideo: number | null;
  /** First packet that starts a VP8 keyframe forwarded to it since the last reset. */
  firstKeyframe: number | null;
  /** Its ReceiverVideoConstraints messages that arrived at the SFU since the last reset. */
  constraints: number[];
  /** Its own keyframe requests (PLI / FIR) that arrived at the SFU since the last reset. */
  keyframeRequests: number[];
  /** Its NACKs that arrived at the SFU since the last reset. */
  nacks: number[];
}

export interface VideoProbeMarks {
  /** First VP8 packet that reached the SFU from any sender since the last reset. */
  firstVideoIn: number | null;
  /** First packet starting a VP8 keyframe that reached the SFU from any sender since the last reset. */
  firstKeyframeIn: number | null;
  /** Keyframe requests (feedback other than NACK) the SFU sent to senders since the last reset. */
  keyframeRequests: number[];
  /** Per receiving connection, by the audio SSRC its join declared (unsigned). */
  receivers: Map<number, ReceiverMarks>;
}

export interface VideoProbe {
  readonly marks: VideoProbeMarks;
  /** The marks of the connection whose join declared this audio SSRC (signed or unsigned); empty ones if none. */
  receiver(audioSsrc: number): ReceiverMarks;
  reset(): void;
  stop(): void;
}

const now = (): number => performance.timeOrigin + performance.now();
const noReceiverMarks = (): ReceiverMarks => ({
  connected: null,
  firstVideo: null,
  firstKeyframe: null,
  constraints: [],
  keyframeRequests: [],
  nacks: [],
});

export function probeVideo(): VideoProbe {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be put back and called with .apply(this)
  const forward: ForwardVideo = ParticipantPeer.prototype.forwardVideo;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- as above
  const feedback: SendFeedback = ParticipantPeer.prototype.sendFeedback;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- as above
  const open: Open = ParticipantPeer.open;
  const marks: VideoProbeMarks = {
    firstVideoIn: null,
    firstKeyframeIn: null,
    keyframeRequests: [],
    receivers: new Map(),
  };
  /** Connection → the audio SSRC of its join. */
  const ssrcOf = new WeakMap<ParticipantPeer, number>();
  const of = (ssrc: number): ReceiverMarks => {
    let m = marks.receivers.get(ssrc);
    if (m === undefined) marks.receivers.set(ssrc, (m = noReceiverMarks()));
    return m;
  };
  ParticipantPeer.open = async (join, numbering, hooks, videoEndpoint, dataChannel) => {
    const ssrc = join.ssrc >>> 0;
    const vp8 = videoNumberingOf(numbering).vp8PayloadType;
    const opened = await open.call(
      ParticipantPeer,
      join,
      numbering,
      {
        ...hooks,
        onRtp: (packet: RtpPacket) => {
          if (packet.header.payloadType === vp8 && packet.payload.length > 0) marks.firstVideoIn ??= now();
          if (marks.firstKeyframeIn === null && packet.header.payloadType === vp8 && isVp8KeyframeStart(packet.payload))
            marks.firstKeyframeIn = now();
          hooks.onRtp(packet);
        },
        onSenderReport: (report) => hooks.onSenderReport(report),
        onState: (state) => {
          if (state === 'connected') of(ssrc).connected ??= now();
          hooks.onState(state);
        },
        onMessage: (text: string) => {
          if (text.includes('"ReceiverVideoConstraints"')) of(ssrc).constraints.push(now());
          hooks.onMessage(text);
        },
        onFeedback: (packet) => {
          if (
            packet instanceof RtcpPayloadSpecificFeedback &&
            (packet.feedback instanceof PictureLossIndication || 'fir' in packet.feedback)
          )
            of(ssrc).keyframeRequests.push(now());
          if (packet instanceof RtcpTransportLayerFeedback && packet.feedback instanceof GenericNack)
            of(ssrc).nacks.push(now());
          hooks.onFeedback(packet);
        },
      },
      videoEndpoint,
      dataChannel,
    );
    ssrcOf.set(opened.peer, ssrc);
    return opened;
  };
  ParticipantPeer.prototype.forwardVideo = function (this: ParticipantPeer, ...args: Parameters<ForwardVideo>) {
    const sent = forward.apply(this, args);
    const ssrc = ssrcOf.get(this);
    if (sent && ssrc !== undefined) {
      const m = of(ssrc);
      m.firstVideo ??= now();
      if (m.firstKeyframe === null && isVp8KeyframeStart(args[2])) m.firstKeyframe = now();
    }
    return sent;
  };
  ParticipantPeer.prototype.sendFeedback = function (this: ParticipantPeer, ...args: Parameters<SendFeedback>) {
    const sent = feedback.apply(this, args);
    // NACKs are answered by the SFU, never sent to a sender: what reaches a sender here asks for a keyframe.
    if (sent) marks.keyframeRequests.push(now());
    return sent;
  };
  return {
    marks,
    receiver: (audioSsrc) => marks.receivers.get(audioSsrc >>> 0) ?? noReceiverMarks(),
    reset: () => {
      marks.firstVideoIn = null;
      marks.firstKeyframeIn = null;
      marks.keyframeRequests = [];
      marks.receivers.clear();
    },
    stop: () => {
      ParticipantPeer.prototype.forwardVideo = forward;
      ParticipantPeer.prototype.sendFeedback = feedback;
      ParticipantPeer.open = open;
    },
  };
}
