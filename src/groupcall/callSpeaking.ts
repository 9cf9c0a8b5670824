// CallSpeaking: who is speaking in one GroupCall. Each audio-level sample (CallEngine samples them) goes through the
// speaking detector — the own level counted only while unmuted — and every change becomes SpeakingChanged with whose
// SSRC it is; a participant who leaves stops speaking.

import type { CallParticipant } from './callParticipant';
import type { AudioLevels } from './callTransport';
import { GroupCallEvent, type GroupCallEvents } from './groupCallEvents';
import type { ParticipantsStore } from './participantsStore';
import { SpeakingDetector, type SpeakingOptions } from './speakingDetector';
import type { TypedEmitter } from './typedEmitter';

/** What speaking needs from its GroupCall. */
export interface CallSpeakingHost {
  readonly events: TypedEmitter<GroupCallEvents>;
  readonly store: ParticipantsStore;
  /** The own audio SSRC of the current join, once the server took one. */
  ownSource(): number | null;
  /** The microphone is muted: the own level counts as 0. */
  muted(): boolean;
  /** The participant is this client (its own row, or a source this client joined with). */
  isOwn(p: CallParticipant): boolean;
}

export class CallSpeaking {
  private readonly detector: SpeakingDetector<number>;

  constructor(
    private readonly host: CallSpeakingHost,
    options: SpeakingOptions,
  ) {
    this.detector = new SpeakingDetector(options);
  }

  isSpeaking(ssrc: number): boolean {
    return this.detector.isSpeaking(ssrc);
  }

  /** One level sample, taken at `sampledAt`: SpeakingChanged for every source that starts or stops speaking. */
  update(levels: AudioLevels, sampledAt: number): void {
    const ownSource = this.host.ownSource();
    const all = new Map(levels.inbound);
    if (ownSource !== null) all.set(ownSource, this.host.muted() ? 0 : (levels.local ?? 0));
    for (const change of this.detector.update(all, sampledAt)) {
      this.host.events.emit(GroupCallEvent.SpeakingChanged, {
        ...this.whoHas(change.key),
        speaking: change.speaking,
        level: change.level,
      });
    }
  }

  /** Participants who left: those who were speaking stop. */
  removed(participants: readonly CallParticipant[]): void {
    for (const p of participants) {
      const change = p.source === 0 ? undefined : this.detector.remove(p.source);
      if (change !== undefined)
        this.host.events.emit(GroupCallEvent.SpeakingChanged, {
          peerId: p.peerId,
          ssrc: p.source,
          isSelf: p.isSelf,
          speaking: false,
          level: 0,
        });
    }
  }

  private whoHas(ssrc: number): { peerId: string | null; ssrc: number; isSelf: boolean } {
    const store = this.host.store;
    if (ssrc === this.host.ownSource()) {
      const own = store.all().find((p) => this.host.isOwn(p));
      return { peerId: own?.peerId ?? null, ssrc, isSelf: true };
    }
    return { peerId: store.bySource(ssrc)?.peerId ?? null, ssrc, isSelf: false };
  }
}
