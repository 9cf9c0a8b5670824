// The GroupCall's event names and the payload of each: what the UI subscribes to. A const object of names (usable as
// values) plus a map from name to payload type, so `call.on(GroupCallEvent.SpeakingChanged, (e) => e.peerId)` type-checks.

import type { CallError } from './callError';
import type { CallParticipant } from './callParticipant';
import type { RemoteVideo } from './remoteVideo';
import type { GroupCall as TelegramGroupCall } from '../telegram/tl/api.generated';

export type GroupCallState = 'idle' | 'joining' | 'connected' | 'reconnecting' | 'left' | 'ended' | 'failed';

export const TERMINAL_STATES: ReadonlySet<GroupCallState> = new Set(['left', 'ended', 'failed']);

export const GroupCallEvent = {
  StateChanged: 'stateChanged',
  ParticipantsChanged: 'participantsChanged',
  SpeakingChanged: 'speakingChanged',
  MuteChanged: 'muteChanged',
  CallUpdated: 'callUpdated',
  LocalVideoChanged: 'localVideoChanged',
  RemoteVideosChanged: 'remoteVideosChanged',
  ScreenSharingChanged: 'screenSharingChanged',
  Error: 'error',
} as const;
export type GroupCallEvent = (typeof GroupCallEvent)[keyof typeof GroupCallEvent];

export interface StateChangedEvent {
  state: GroupCallState;
  previous: GroupCallState;
  /** Why the call failed, ended or was left (absent when the person left or the state moved on normally). */
  error?: CallError;
}

export interface ParticipantsChangedEvent {
  /** Participants that arrived or changed, as they are now. */
  changed: CallParticipant[];
  /** Participants that left. */
  removed: CallParticipant[];
}

export interface SpeakingChangedEvent {
  /** The participant's peer id, or null when the SSRC's owner is not known yet. */
  peerId: string | null;
  ssrc: number;
  isSelf: boolean;
  speaking: boolean;
  level: number;
}

export interface MuteState {
  muted: boolean;
  /** False when an admin muted this participant: unmuting is not allowed, raising the hand is. */
  canSelfUnmute: boolean;
  handRaised: boolean;
}

/** The own camera: the track while it is on (for the self-view), null when off. */
export interface LocalVideoChangedEvent {
  track: MediaStreamTrack | null;
  paused: boolean;
}

/** Every remote video that has a track now (a snapshot: compare by peerId and kind). */
export interface RemoteVideosChangedEvent {
  videos: RemoteVideo[];
}

/** The own screen share: its video track while sharing, null when it ended. */
export interface ScreenSharingChangedEvent {
  track: MediaStreamTrack | null;
  /** presentation_paused: sharing, but paused (setScreenPaused). */
  paused: boolean;
}

export interface GroupCallEvents {
  [GroupCallEvent.StateChanged]: StateChangedEvent;
  [GroupCallEvent.ParticipantsChanged]: ParticipantsChangedEvent;
  [GroupCallEvent.SpeakingChanged]: SpeakingChangedEvent;
  [GroupCallEvent.MuteChanged]: MuteState;
  /** The call's own settings changed (title, join_muted, participants_count…). */
  [GroupCallEvent.CallUpdated]: TelegramGroupCall;
  [GroupCallEvent.LocalVideoChanged]: LocalVideoChangedEvent;
  [GroupCallEvent.RemoteVideosChanged]: RemoteVideosChangedEvent;
  [GroupCallEvent.ScreenSharingChanged]: ScreenSharingChangedEvent;
  /** Every problem: those that end the call (also in StateChanged.error) and those that do not (a failed renegotiation). */
  [GroupCallEvent.Error]: CallError;
}
