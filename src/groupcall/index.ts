// The call engine's public face: GroupCall (one membership in a call, typed events), the functions around calls
// (create, schedule, RTMP), CallError + callErrorMessage, and the transport seam for tests and other media stacks.

export { browserCamera, cameraError, type CameraSource } from './camera';
export { CallError, type CallErrorReason } from './callError';
export { callErrorMessage, DOCUMENTED_RPC_TYPES } from './callErrorMessage';
export { callParticipantOf, peerIdOf, type CallParticipant } from './callParticipant';
export type {
  AudioLevels,
  CallTransport,
  CallTransportFactory,
  CallTransportOptions,
  TransportState,
} from './callTransport';
export { GroupCall, type GroupCallOptions } from './groupCall';
export {
  createGroupCall,
  getGroupCallStreamRtmpUrl,
  groupCallOfUpdates,
  startScheduledGroupCall,
  toggleGroupCallStartSubscription,
  type CreateGroupCallOptions,
  type CreatedGroupCall,
} from './groupCallAdmin';
export {
  GroupCallEvent,
  type GroupCallEvents,
  type GroupCallState,
  type LocalVideoChangedEvent,
  type RemoteVideosChangedEvent,
  type ScreenSharingChangedEvent,
  type MuteState,
  type ParticipantsChangedEvent,
  type SpeakingChangedEvent,
  type StateChangedEvent,
} from './groupCallEvents';
export { browserMicrophone, microphoneError, type MicrophoneSource } from './microphone';
export {
  compareParticipants,
  participantTier,
  RECENT_ACTIVITY_SECONDS,
  sortParticipants,
  type ParticipantOrderContext,
  type ParticipantTier,
} from './participantOrder';
export { ParticipantsStore, type ParticipantsDelta } from './participantsStore';
export {
  createPeerConnectionTransport,
  PeerConnectionTransport,
  type PeerConnectionTransportOptions,
} from './peerConnectionTransport';
export { browserScreen, screenError, type CapturedScreen, type ScreenSource } from './screen';
export {
  receiverVideoConstraints,
  VIDEO_QUALITY_HEIGHT,
  wantedVideoQualities,
  type VideoQuality,
  type VideoWant,
} from './receiverVideoConstraints';
export { videoReceivePlan, type RemoteVideo, type VideoReceivePlan, type VideoSourceKind } from './remoteVideo';
export {
  audioElementOutput,
  canChooseAudioOutput,
  type RemoteAudioOutput,
  type RemoteAudioTrack,
} from './remoteAudioOutput';
export {
  cappedBackoffRejoinPolicy,
  type CappedBackoffOptions,
  type RejoinContext,
  type RejoinPolicy,
  type RejoinReason,
} from './rejoinPolicy';
export {
  DEFAULT_SPEAKING_OPTIONS,
  SpeakingDetector,
  type SpeakingChange,
  type SpeakingOptions,
} from './speakingDetector';
export type { Unsubscribe } from './typedEmitter';
