// Opening the microphone, with the browser's refusals turned into CallErrors. Injected into GroupCall so that tests
// (and the app, for a chosen device) can supply the track another way.

import { CallError } from './callError';

export type MicrophoneSource = () => Promise<MediaStreamTrack>;

/** Names of the DOMExceptions getUserMedia rejects with when permission is refused. */
const DENIED = new Set(['NotAllowedError', 'SecurityError', 'PermissionDeniedError']);

export function browserMicrophone(
  constraints: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
): MicrophoneSource {
  return async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: constraints, video: false });
    const track = stream.getAudioTracks()[0];
    if (track === undefined) throw new DOMException('getUserMedia returned no audio track', 'NotFoundError');
    return track;
  };
}

/** getUserMedia's rejection as a CallError: denied, or no usable device. */
export function microphoneError(error: unknown): CallError {
  if (error instanceof CallError) return error;
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  return DENIED.has(name) ? CallError.microphoneDenied(error) : CallError.microphoneUnavailable(error);
}
