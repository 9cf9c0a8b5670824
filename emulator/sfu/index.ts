// The local server's SFU: forwards group-call audio between werift peers under the senders' SSRCs, plays simulated
// speakers, and exposes test hooks. See README.md.

export {
  Sfu,
  type EndpointState,
  type VideoStats,
  type EndpointStateListener,
  type JoinOptions,
  type SfuOptions,
  type SfuStats,
  type SimulatedSpeakerOptions,
  type SourceActiveListener,
  type SourceActiveReason,
  type SourceStats,
} from './sfu';
export { SfuError, JoinPayloadError, type SfuErrorReason } from './errors';
export { parseJoinPayloadJson, validateJoinPayload, type ValidJoin } from './joinPayload';
export { DEFAULT_MEDIA_NUMBERING, type MediaNumbering } from './mediaNumbering';
export { opusClipFromOgg, readOpusClipFile, type OpusClip, type OpusClipPacket } from './opusClip';
export { addDemoSpeakers, DEMO_SPEAKER_FILES, demoSpeakerClips } from './demoAudio';
export { readVp8ClipFile, vp8ClipFromIvf, type Vp8Clip, type Vp8Frame } from './vp8Clip';
export { DEMO_CAMERA_FILE, demoCameraClip } from './demoVideo';
