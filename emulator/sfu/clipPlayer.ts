// Plays an Opus clip as one RTP stream, looping: packets are released by wall-clock time (20 ms pacing for 20 ms
// packets), with continuous sequence numbers and timestamps (48 kHz) across loops and the marker bit on the first packet.

import type { AudioLevel } from './audioLevel';
import type { OpusClip } from './opusClip';
import type { ForwardedHeader } from './participantPeer';

/** At most this many packets per call of `release` (catching up after a late timer); beyond, the clock is rebased. */
const MAX_BURST = 5;

export type ReleasedPacket = (header: ForwardedHeader, level: AudioLevel, payload: Buffer) => void;

export class ClipPlayer {
  private index = 0;
  private sequenceNumber = Math.floor(Math.random() * 0x10000);
  private timestamp = Math.floor(Math.random() * 0x1_0000_0000);
  private sentSamples = 0;
  private marker = true;

  constructor(
    private readonly clip: OpusClip,
    private readonly ssrc: number,
    private readonly payloadType: number,
    private startedAt: number,
  ) {
    if (clip.packets.length === 0) throw new RangeError('an Opus clip without packets cannot be played');
  }

  /** Releases every packet due by `now` (ms), in order. */
  release(now: number, emit: ReleasedPacket): void {
    const dueSamples = (now - this.startedAt) * 48;
    let burst = 0;
    while (this.sentSamples <= dueSamples && burst < MAX_BURST) {
      const packet = this.clip.packets[this.index];
      emit(
        {
          payloadType: this.payloadType,
          marker: this.marker,
          sequenceNumber: this.sequenceNumber,
          timestamp: this.timestamp,
          ssrc: this.ssrc,
        },
        packet.level,
        packet.data,
      );
      this.marker = false;
      this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
      this.timestamp = (this.timestamp + packet.samples) >>> 0;
      this.sentSamples += packet.samples;
      this.index = (this.index + 1) % this.clip.packets.length;
      burst++;
    }
    // Far behind (the event loop stalled): skip the backlog rather than burst it; the audio itself stays continuous.
    if (this.sentSamples + MAX_BURST * 960 < dueSamples) this.startedAt = now - this.sentSamples / 48;
  }
}
