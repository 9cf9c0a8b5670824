// The camera turned on before joining: its track for the mirrored preview on the chat's page, handed to the call when
// the person joins (GroupCall's initialCamera), so that the first phone.joinGroupCall already sends video. A preview
// never used is stopped when the page goes.
import { onCleanup } from 'solid-js';
import { createStore } from 'solid-js/store';
import { browserCamera, cameraError, type CameraSource } from '../../groupcall';
import { messageForCallError } from './callMessages';

export interface CameraPreviewState {
  /** The camera's track while the preview is on. */
  track: MediaStreamTrack | null;
  /** getUserMedia is on its way. */
  busy: boolean;
  /** Why the camera did not open, as a sentence; null when it did (or was not asked). */
  error: string | null;
  /** The browser (or the person) refused the camera: the page says how to allow it. */
  denied: boolean;
}

export function createCameraPreviewStore(open: CameraSource = browserCamera()) {
  const [state, setState] = createStore<CameraPreviewState>({ track: null, busy: false, error: null, denied: false });
  /** Bumped by every switch, so that a getUserMedia answer that comes after "off" (or a newer "on") is dropped. */
  let asked = 0;

  function drop(stop: boolean): MediaStreamTrack | null {
    const track = state.track;
    if (track !== null && stop) track.stop();
    setState('track', null);
    return track;
  }

  onCleanup(() => {
    asked += 1;
    drop(true);
  });

  return {
    state,
    /** Turns the preview on (asks for the camera) or off (stops it). */
    async setOn(on: boolean): Promise<void> {
      const ask = ++asked;
      if (!on) {
        setState({ busy: false });
        drop(true);
        return;
      }
      if (state.track !== null) return;
      setState({ busy: true, error: null, denied: false });
      let track: MediaStreamTrack;
      try {
        track = await open();
      } catch (error) {
        if (ask !== asked) return;
        const refusal = cameraError(error);
        setState({ busy: false, error: messageForCallError(refusal), denied: refusal.reason === 'camera-denied' });
        return;
      }
      if (ask !== asked) return void track.stop();
      // Unplugged or revoked while previewing: the preview goes off.
      track.addEventListener('ended', () => {
        if (state.track === track) setState('track', null);
      });
      setState({ track, busy: false });
    },
    /** Hands the live track over to the call (which owns it from now on); null when the preview is off. */
    take(): MediaStreamTrack | null {
      asked += 1;
      setState({ busy: false, error: null, denied: false });
      const track = drop(false);
      return track !== null && track.readyState !== 'ended' ? track : null;
    },
  };
}

export type CameraPreviewStore = ReturnType<typeof createCameraPreviewStore>;
