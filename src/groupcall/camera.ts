// Opening the camera, with the browser's refusals turned into CallErrors (as microphone.ts does for audio). Injected into
// GroupCall so that tests, and the app for a chosen device, can supply the track another way.

import { CallError } from './callError';

export type CameraSource = () => Promise<MediaStreamTrack>;

const DENIED = new Set(['NotAllowedError', 'SecurityError', 'PermissionDeniedError']);

/**
 * Telegram's camera levels are 180 / 360 / 720 lines (tgcalls); one layer is sent (see README "Video"), so it asks for
 * the full 1280×720 and lets the encoder scale down under load.
 */
export function browserCamera(
  constraints: MediaTrackConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { max: 30 } },
): CameraSource {
  return async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: constraints });
    const track = stream.getVideoTracks()[0];
    if (track === undefined) throw new DOMException('getUserMedia returned no video track', 'NotFoundError');
    return track;
  };
}

/** getUserMedia's rejection as a CallError: denied, or no usable camera. */
export function cameraError(error: unknown): CallError {
  if (error instanceof CallError) return error;
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  return DENIED.has(name) ? CallError.cameraDenied(error) : CallError.cameraUnavailable(error);
}
