// The camera before joining: "Turn camera on" opens it and shows a mirrored preview (a mirror is what people expect of a
// self-view), and the join then sends it from the start; "Turn camera off" stops it. A refused camera says how to
// allow it.
import Video from 'lucide-solid/icons/video';
import VideoOff from 'lucide-solid/icons/video-off';
import { createEffect, Show, type JSX } from 'solid-js';
import { CAMERA_HELP } from '../../stores/callMessages';
import type { CameraPreviewStore } from '../../stores/cameraPreviewStore';
import { ErrorText } from '../ErrorText';
import styles from './CameraPreview.module.css';

export function CameraPreview(props: { store: CameraPreviewStore }): JSX.Element {
  const state = () => props.store.state;
  let video: HTMLVideoElement | undefined;
  createEffect(() => {
    const track = state().track;
    if (video === undefined) return;
    if (track === null) {
      video.srcObject = null;
      return;
    }
    video.srcObject = new MediaStream([track]);
    // Muted video may play without a gesture; a refusal leaves the first frame.
    video.play().catch(() => undefined);
  });
  return (
    <div class={styles.preview}>
      <Show when={state().track !== null}>
        <figure class={styles.frame} aria-label="Your camera (preview, mirrored)">
          <video ref={video} class={styles.video} autoplay playsinline muted aria-hidden="true" />
          <figcaption class={styles.caption}>Others will see you when you join</figcaption>
        </figure>
      </Show>
      <button
        type="button"
        class="button button-secondary"
        aria-disabled={state().busy ? 'true' : undefined}
        onClick={() => !state().busy && void props.store.setOn(state().track === null)}
      >
        <Show when={state().track !== null} fallback={<Video size={18} aria-hidden="true" />}>
          <VideoOff size={18} aria-hidden="true" />
        </Show>
        <span>
          {state().track !== null ? 'Turn camera off' : state().busy ? 'Opening the camera…' : 'Turn camera on'}
        </span>
      </button>
      <ErrorText message={state().error} />
      <Show when={state().denied}>
        <p class="hint">{CAMERA_HELP}</p>
      </Show>
    </div>
  );
}
