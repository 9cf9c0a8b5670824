// One tile of the video grid: a person's camera (the own one mirrored, as a mirror is what people expect of a self-view),
// a shared screen (whole, never mirrored) or, without video, their avatar. Named for screen readers by whose it is;
// the <video> is muted (sound plays elsewhere). Video tiles have Pin / Unpin and Full screen buttons (keyboard reachable).
import Pause from 'lucide-solid/icons/pause';
import { createEffect, Show, type JSX } from 'solid-js';
import { Avatar } from '../Avatar';
import styles from './VideoGrid.module.css';

export interface VideoTileProps {
  peerId: string;
  name: string;
  track: MediaStreamTrack | null;
  mirrored?: boolean;
  paused?: boolean;
  speaking?: boolean;
  /** A shared screen rather than a camera: never mirrored, shown whole (not cropped). */
  screen?: boolean;
  /** On the stage. */
  pinned?: boolean;
  /** Pins the tile to the stage, or unpins it; absent for avatar tiles. */
  onPin?: () => void;
}

export function VideoTile(props: VideoTileProps): JSX.Element {
  let figure: HTMLElement | undefined;
  let video: HTMLVideoElement | undefined;
  createEffect(() => {
    const track = props.track;
    if (video === undefined) return;
    const current = video.srcObject instanceof MediaStream ? video.srcObject.getTracks()[0] : undefined;
    if (track === null) {
      video.srcObject = null;
    } else if (current !== track) {
      video.srcObject = new MediaStream([track]);
      // Muted video may play without a gesture; a refusal leaves the last frame, and the next track change retries.
      video.play().catch(() => undefined);
    }
  });
  const what = () => (props.screen ? 'screen' : 'video');
  const label = () => `${props.name}${props.track === null ? '' : `, ${what()}${props.paused ? ' paused' : ''}`}`;
  const fullScreen = () => {
    if (document.fullscreenElement === figure) void document.exitFullscreen().catch(() => undefined);
    else void figure?.requestFullscreen().catch(() => undefined);
  };
  return (
    <figure
      ref={figure}
      class={styles.tile}
      aria-label={label()}
      data-speaking={props.speaking ? 'true' : undefined}
      data-video={props.track !== null ? 'true' : undefined}
      data-pinned={props.pinned ? 'true' : undefined}
      data-paused={props.paused ? 'true' : undefined}
    >
      <Show when={props.track !== null} fallback={<Avatar title={props.name} seed={props.peerId} size={72} />}>
        <video
          ref={video}
          class={styles.video}
          classList={{ [styles.mirrored]: props.mirrored === true, [styles.whole]: props.screen === true }}
          autoplay
          playsinline
          muted
          aria-hidden="true"
        />
      </Show>
      {/* A paused camera or screen keeps its last frame, dimmed, with the sign over it (Telegram shows it the same way). */}
      <Show when={props.paused && props.track !== null}>
        <div class={styles.pausedSign} aria-hidden="true">
          <Pause size={28} />
          <span>Paused</span>
        </div>
      </Show>
      <figcaption class={styles.name}>
        {props.name}
        <Show when={props.screen}>
          <span class={styles.badge}> · screen</span>
        </Show>
        <Show when={props.paused}>
          <span class={styles.badge}> · paused</span>
        </Show>
      </figcaption>
      <Show when={props.onPin}>
        {(onPin) => (
          <div class={styles.actions}>
            <button
              type="button"
              class={styles.action}
              aria-label={`${props.pinned ? 'Unpin' : 'Pin'} ${label()}`}
              aria-pressed={props.pinned === true}
              onClick={() => onPin()()}
            >
              {props.pinned ? 'Unpin' : 'Pin'}
            </button>
            <button type="button" class={styles.action} aria-label={`Full screen: ${label()}`} onClick={fullScreen}>
              Full screen
            </button>
          </div>
        )}
      </Show>
    </figure>
  );
}
