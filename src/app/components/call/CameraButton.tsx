// The call's video controls in the stage's dark icon toolbar: the camera ("Start video" / "Stop video", and while on,
// "Pause video" / "Resume video"), the screen ("Share screen" / "Stop sharing", "Pause screen" / "Resume screen"). A
// camera that cannot be turned on stays focusable (aria-disabled) and names why ("Video limit reached") on the button
// and in the note under the toolbar; refusals say how to allow the camera or the screen.
import Pause from 'lucide-solid/icons/pause';
import Play from 'lucide-solid/icons/play';
import ScreenShare from 'lucide-solid/icons/screen-share';
import ScreenShareOff from 'lucide-solid/icons/screen-share-off';
import Video from 'lucide-solid/icons/video';
import VideoOff from 'lucide-solid/icons/video-off';
import { Show, type JSX } from 'solid-js';
import { CAMERA_HELP, SCREEN_HELP } from '../../stores/callMessages';
import type { CameraBlock, VideoErrorReason } from '../../stores/callVideoStore';
import { ErrorText } from '../ErrorText';
import styles from './CallPanel.module.css';

/** The note under the toolbar that says why the camera is unavailable (its id names it for the button). */
const BLOCK_NOTE_ID = 'camera-block';

/** Why the camera is unavailable, as the person reads it. */
export function cameraBlockText(block: CameraBlock, limit: number | null): string | null {
  switch (block) {
    case 'limit-reached':
      return `Video limit reached: at most ${limit ?? 'a few'} people can send video in this call. You can turn your camera on when someone turns theirs off.`;
    case 'no-video':
      return 'This call does not take video.';
    default:
      return null;
  }
}

/** The short words on the disabled camera button. */
function blockCaption(block: CameraBlock): string | null {
  return block === 'limit-reached' ? 'Video limit reached' : block === 'no-video' ? 'No video here' : null;
}

export interface CameraButtonProps {
  on: boolean;
  busy: boolean;
  block: CameraBlock;
  onToggle(on: boolean): void;
}

export function CameraButton(props: CameraButtonProps): JSX.Element {
  const blocked = () => !props.on && props.block !== null;
  const caption = () => (blocked() ? blockCaption(props.block) : null);
  return (
    <button
      type="button"
      class={styles.control}
      data-on={props.on ? 'true' : undefined}
      // aria-disabled, not disabled: a blocked camera stays reachable by keyboard and says why (the note under it).
      aria-disabled={props.busy || blocked() ? 'true' : undefined}
      aria-describedby={blocked() && props.block !== 'not-connected' ? BLOCK_NOTE_ID : undefined}
      title={props.on ? 'Turn your camera off' : (caption() ?? 'Turn your camera on')}
      onClick={() => {
        if (!props.busy && !blocked()) props.onToggle(!props.on);
      }}
    >
      <Show when={props.on} fallback={<VideoOff size={22} aria-hidden="true" />}>
        <Video size={22} aria-hidden="true" />
      </Show>
      <span>{props.on ? 'Stop video' : 'Start video'}</span>
      {/* Seen on the button; heard through aria-describedby (the note's full sentence), so the name stays "Start video". */}
      <Show when={caption()}>
        {(text) => (
          <span class={styles.controlNote} aria-hidden="true">
            {text()}
          </span>
        )}
      </Show>
    </button>
  );
}

export interface PauseButtonProps {
  /** What is paused: the camera ("video") or the shared screen ("screen"). */
  what: 'video' | 'screen';
  paused: boolean;
  busy: boolean;
  onToggle(paused: boolean): void;
}

/** "Pause video" / "Resume video" (or screen): the stream stays on, others see it as paused. */
export function PauseButton(props: PauseButtonProps): JSX.Element {
  return (
    <button
      type="button"
      class={styles.control}
      data-paused={props.paused ? 'true' : undefined}
      aria-disabled={props.busy ? 'true' : undefined}
      title={
        props.paused ? `Others see your ${props.what} as paused` : `Pause your ${props.what} without turning it off`
      }
      onClick={() => !props.busy && props.onToggle(!props.paused)}
    >
      <Show when={props.paused} fallback={<Pause size={22} aria-hidden="true" />}>
        <Play size={22} aria-hidden="true" />
      </Show>
      <span>{`${props.paused ? 'Resume' : 'Pause'} ${props.what}`}</span>
    </button>
  );
}

export interface ScreenShareButtonProps {
  sharing: boolean;
  busy: boolean;
  /** Screen sharing needs a joined call (and, past the video limit, someone already sending video). */
  disabled: boolean;
  /** Unavailable because of the call's video limit: described by the same note as the camera. */
  limitReached?: boolean;
  onToggle(on: boolean): void;
}

/** "Share screen" / "Stop sharing": a screen, window or tab, through the browser's own picker. */
export function ScreenShareButton(props: ScreenShareButtonProps): JSX.Element {
  const unavailable = () => props.busy || (!props.sharing && props.disabled);
  return (
    <button
      type="button"
      class={styles.control}
      data-on={props.sharing ? 'true' : undefined}
      aria-disabled={unavailable() ? 'true' : undefined}
      aria-describedby={!props.sharing && props.limitReached ? BLOCK_NOTE_ID : undefined}
      title={props.sharing ? 'Stop sharing your screen' : 'Share a screen, window or tab'}
      onClick={() => !unavailable() && props.onToggle(!props.sharing)}
    >
      <Show when={props.sharing} fallback={<ScreenShare size={22} aria-hidden="true" />}>
        <ScreenShareOff size={22} aria-hidden="true" />
      </Show>
      <span>{props.sharing ? 'Stop sharing' : 'Share screen'}</span>
    </button>
  );
}

export interface VideoNotesProps {
  /** The camera is on (no block note then). */
  on: boolean;
  block: CameraBlock;
  limit: number | null;
  error: string | null;
  errorReason: VideoErrorReason | null;
}

/** Under the toolbar: why the camera is unavailable, and a refusal with how to get past it. */
export function VideoNotes(props: VideoNotesProps): JSX.Element {
  const reason = () => (props.on ? null : cameraBlockText(props.block, props.limit));
  const help = () =>
    props.errorReason === 'camera-denied' ? CAMERA_HELP : props.errorReason === 'screen-denied' ? SCREEN_HELP : null;
  return (
    <>
      <Show when={reason()}>
        {(text) => (
          <p id={BLOCK_NOTE_ID} class={styles.stageNote}>
            {text()}
          </p>
        )}
      </Show>
      <ErrorText message={props.error} />
      <Show when={help()}>{(text) => <p class={styles.stageNote}>{text()}</p>}</Show>
    </>
  );
}
