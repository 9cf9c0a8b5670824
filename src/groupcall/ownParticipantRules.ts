// What the own participant in an update means, as Telegram Desktop reads it (pure): left with the current source ⇒
// rejoin; a source this client never used ⇒ joined from elsewhere, hang up; else the mute state it implies.

import type { CallParticipant } from './callParticipant';
import type { MuteState } from './groupCallEvents';

export type OwnParticipantAction =
  | { kind: 'none' }
  | { kind: 'rejoin' }
  | { kind: 'joined-elsewhere'; source: number }
  /** `forced`: an admin muted us, so the microphone must go off whatever the local choice. */
  | { kind: 'mute'; mute: MuteState; forced: boolean };

export interface OwnState {
  /** The source of the current join, if the server took one. */
  source: number | null;
  usedSources: ReadonlySet<number>;
  connected: boolean;
  mute: MuteState;
}

export function ownParticipantAction(p: CallParticipant, left: boolean, me: OwnState): OwnParticipantAction {
  if (left) return p.source === me.source && me.connected ? { kind: 'rejoin' } : { kind: 'none' };
  if (p.source !== 0 && !me.usedSources.has(p.source)) return { kind: 'joined-elsewhere', source: p.source };
  if (p.source !== me.source) return { kind: 'none' }; // an older join of ours, still being cleaned up by the server
  // Only an admin's mute (muted without can_self_unmute) overrides the local choice: a plain `muted` may be the echo of
  // an older state than the one setMuted just sent.
  if (p.muted && !p.canSelfUnmute)
    return { kind: 'mute', mute: { muted: true, canSelfUnmute: false, handRaised: p.handRaised }, forced: true };
  return {
    kind: 'mute',
    mute: { muted: me.mute.muted, canSelfUnmute: p.canSelfUnmute, handRaised: p.handRaised },
    forced: false,
  };
}
