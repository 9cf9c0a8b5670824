// Video phases at the SFU for the video bench: when it first forwarded a video packet (and the first keyframe start)
// to any connection, and when it sent keyframe requests (PLI / FIR) to a sender — ParticipantPeer's forwardVideo and
// sendFeedback wrapped at run time in the bench's own process (emulator code unchanged). Wall-clock ms.
import { isVp8KeyframeStart } from '../../emulator/sfu/layerSwitch';
import { ParticipantPeer } from '../../emulator/sfu/participantPeer';

type ForwardVideo = ParticipantPeer['forwardVideo'];
type SendFeedback = ParticipantPeer['sendFeedback'];

export interface VideoProbeMarks {
  /** First video packet forwarded (any connection) since the last reset. */
  firstVideo: number | null;
  /** First packet that starts a VP8 keyframe forwarded since the last reset. */
  firstKeyframe: number | null;
  /** Keyframe requests (feedback other than NACK) sent to senders since the last reset. */
  keyframeRequests: number[];
}

export interface VideoProbe {
  readonly marks: VideoProbeMarks;
  reset(): void;
  stop(): void;
}

const now = (): number => performance.timeOrigin + performance.now();

export function probeVideo(): VideoProbe {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be put back and called with .apply(this)
  const forward: ForwardVideo = ParticipantPeer.prototype.forwardVideo;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- as above
  const feedback: SendFeedback = ParticipantPeer.prototype.sendFeedback;
  const marks: VideoProbeMarks = { firstVideo: null, firstKeyframe: null, keyframeRequests: [] };
  ParticipantPeer.prototype.forwardVideo = function (this: ParticipantPeer, ...args: Parameters<ForwardVideo>) {
    const sent = forward.apply(this, args);
    if (sent) {
      marks.firstVideo ??= now();
      if (marks.firstKeyframe === null && isVp8KeyframeStart(args[2])) marks.firstKeyframe = now();
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
    reset: () => {
      marks.firstVideo = null;
      marks.firstKeyframe = null;
      marks.keyframeRequests = [];
    },
    stop: () => {
      ParticipantPeer.prototype.forwardVideo = forward;
      ParticipantPeer.prototype.sendFeedback = feedback;
    },
  };
}
