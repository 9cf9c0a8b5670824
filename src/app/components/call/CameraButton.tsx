// The camera and screen-sharing switches of the call screen. The camera: "Start video" / "Stop video", and when the camera cannot be turned on, a
// disabled button with the reason beside it (video limit reached, no video in this call). A refusal (camera denied)
// is said under it.
import { Show, type JSX } from 'solid-js';
import type { CameraBlock } from '../../stores/callVideoStore';
import { ErrorText } from '../ErrorText';

export interface CameraButtonProps {
  on: boolean;
  busy: boolean;
  block: CameraBlock;
  limit: number | null;
  error: string | null;
  onToggle(on: boolean): void;
}

/** Why the camera is unavailable, as the person reads it. */
export function cameraBlockText(block: CameraBlock, limit: number | null): string | null {
  switch (block) {
    case 'limit-reached':
      return `Video limit reached: at most ${limit ?? 'a few'} people can send video in this call.`;
    case 'no-video':
      return 'This call does not take video.';
    default:
      return null;
  }
}

export function CameraButton(props: CameraButtonProps): JSX.Element {
  const reason = () => (props.on ? null : cameraBlockText(props.block, props.limit));
  const disabled = () => props.busy || (!props.on && props.block !== null);
  return (
    <>
      <button
        type="button"
        class={props.on ? 'button button-secondary' : 'button button-primary'}
        disabled={disabled()}
        aria-describedby={reason() !== null ? 'camera-block' : undefined}
        onClick={() => props.onToggle(!props.on)}
      >
        {props.on ? 'Stop video' : 'Start video'}
      </button>
      <Show when={reason()}>
        {(text) => (
          <p id="camera-block" class="hint">
            {text()}
          </p>
        )}
      </Show>
      <ErrorText message={props.error} />
    </>
  );
}

export interface ScreenShareButtonProps {
  sharing: boolean;
  busy: boolean;
  /** Screen sharing needs a joined call. */
  disabled: boolean;
  onToggle(on: boolean): void;
}

/** "Share screen" / "Stop sharing": a screen, window or tab, through the browser's own picker. */
export function ScreenShareButton(props: ScreenShareButtonProps): JSX.Element {
  return (
    <button
      type="button"
      class={props.sharing ? 'button button-secondary' : 'button button-primary'}
      disabled={props.busy || (!props.sharing && props.disabled)}
      onClick={() => props.onToggle(!props.sharing)}
    >
      {props.sharing ? 'Stop sharing' : 'Share screen'}
    </button>
  );
}
