// One tile of the video grid: a person's camera (the own one mirrored, as a mirror is what people expect of a self-view)
// or, without video, their avatar. Named for screen readers by whose it is; the <video> is muted (sound plays elsewhere).
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
}

export function VideoTile(props: VideoTileProps): JSX.Element {
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
  return (
    <figure class={styles.tile} aria-label={label()} data-speaking={props.speaking ? 'true' : undefined} data-video={props.track !== null ? 'true' : undefined}>
      <Show when={props.track !== null} fallback={<Avatar title={props.name} seed={props.peerId} size={72} />}>
        <video ref={video} class={styles.video} classList={{ [styles.mirrored]: props.mirrored === true, [styles.whole]: props.screen === true }} autoplay playsinline muted aria-hidden="true" />
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
    </figure>
  );
}
