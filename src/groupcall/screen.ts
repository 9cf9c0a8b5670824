// Capturing a screen, window or tab for screen sharing, with the browser's refusals turned into CallErrors. Injected
// into GroupCall so that tests and other media stacks can supply the stream another way.

import { CallError } from './callError';

/** A captured screen: one video track, and the screen's (or tab's) sound when the browser offers it. */
export interface CapturedScreen {
  video: MediaStreamTrack;
  audio: MediaStreamTrack | null;
}

export type ScreenSource = () => Promise<CapturedScreen>;

const DENIED = new Set(['NotAllowedError', 'SecurityError', 'PermissionDeniedError']);

/** Web K's capture: up to 1920×1080 at 30 fps, with audio when the browser offers it (a tab's sound in Chromium). */
export function browserScreen(): ScreenSource {
  return async () => {
    const stream = await navigator.mediaDevices.getDisplayMedia({
      video: { width: { max: 1920 }, height: { max: 1080 }, frameRate: { max: 30 } },
      audio: true,
    });
    const video = stream.getVideoTracks()[0];
    if (video === undefined) {
      for (const t of stream.getTracks()) t.stop();
      throw new DOMException('getDisplayMedia returned no video track', 'NotFoundError');
    }
    // Text and slides stay sharp when bandwidth is short (Web K): lower the frame rate before the resolution.
    video.contentHint = 'detail';
    return { video, audio: stream.getAudioTracks()[0] ?? null };
  };
}

/** getDisplayMedia's rejection as a CallError: the person cancelled or the browser refused, or capture failed. */
export function screenError(error: unknown): CallError {
  if (error instanceof CallError) return error;
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  return DENIED.has(name) ? CallError.screenDenied(error) : CallError.screenUnavailable(error);
}
