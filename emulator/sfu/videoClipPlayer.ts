// Plays a VP8 clip as one RTP stream, looping: frames released by wall-clock time at the clip's frame rate, continuous
// sequence numbers and 90 kHz timestamps across loops, the marker bit on each frame's last packet. A keyframe request
// rewinds to the last keyframe at or before the current frame, so a new receiver gets a picture at once.

import type { ForwardedHeader } from './participantPeer';
import type { Vp8Clip } from './vp8Clip';

const VIDEO_CLOCK = 90_000;
/** At most this many frames per call of `release` (catching up after a late timer); beyond, the clock is rebased. */
const MAX_BURST = 3;

export type ReleasedVideoPacket = (header: ForwardedHeader, payload: Buffer) => void;

export class VideoClipPlayer {
  private index = 0;
  private sequenceNumber = Math.floor(Math.random() * 0x10000);
  private timestamp = Math.floor(Math.random() * 0x1_0000_0000);
  private framesSent = 0;
  private readonly frameTicks: number;
  keyframeRequests = 0;

  constructor(
    private readonly clip: Vp8Clip,
    private readonly ssrc: number,
    private readonly payloadType: number,
    private startedAt: number,
  ) {
    if (clip.frames.length === 0) throw new RangeError('a VP8 clip without frames cannot be played');
    this.frameTicks = Math.round(VIDEO_CLOCK / clip.fps);
  }

  /** The next frame sent is a keyframe: the last one at or before the current position. */
  requestKeyframe(): void {
    this.keyframeRequests++;
    for (let i = this.index; i >= 0; i--) {
      if (this.clip.frames[i]?.keyframe) {
        this.index = i;
        return;
      }
    }
    this.index = 0;
  }

  /** Releases every frame due by `now` (ms), in order. */
  release(now: number, emit: ReleasedVideoPacket): void {
    const due = Math.floor(((now - this.startedAt) * this.clip.fps) / 1000);
    let burst = 0;
    while (this.framesSent <= due && burst < MAX_BURST) {
      const frame = this.clip.frames[this.index];
      frame.payloads.forEach((payload, i) => {
        emit(
          {
            payloadType: this.payloadType,
            marker: i === frame.payloads.length - 1,
            sequenceNumber: this.sequenceNumber,
            timestamp: this.timestamp,
            ssrc: this.ssrc,
          },
          payload,
        );
        this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
      });
      this.timestamp = (this.timestamp + this.frameTicks) >>> 0;
      this.framesSent++;
      this.index = (this.index + 1) % this.clip.frames.length;
      burst++;
    }
    if (this.framesSent + MAX_BURST < due) this.startedAt = now - (this.framesSent * 1000) / this.clip.fps;
  }
}
