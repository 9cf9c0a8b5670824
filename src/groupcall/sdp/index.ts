// The pure SDP layer of the group-call engine: offer → join JSON, transport JSON → remote descriptions, and the m-line
// plan of remote sources. No DOM objects, no state: the engine owns the RTCPeerConnection and the current table.

export { answerFromTransport } from './answerFromTransport';
export { joinPayloadFromOffer } from './joinPayloadFromOffer';
export { parseGroupCallTransport } from './parseGroupCallTransport';
export type { SdpOrigin } from './remoteSessionDescription';
export {
  liveSources,
  midOfSsrc,
  remoteSourceTableFromOffer,
  withLocalOffer,
  withSourceChanges,
  type LocalSlot,
  type RemoteMlineLimits,
  type RemoteSlot,
  type RemoteSource,
  type RemoteSourceInput,
  type RemoteSourceTable,
  type Slot,
  type SourceChanges,
} from './remoteSourceTable';
export { OfferError, SdpError, TransportJsonError, type SdpErrorReason } from './sdpError';
export { serverOfferFromTransport } from './serverOfferFromTransport';
export { SIMULCAST_LAYERS, withSimulcastLayers } from './simulcastOffer';
export { toSignedSsrc, toUnsignedSsrc } from './ssrc';
export * from './types';
