// The call's video grid: a tile per person who sends video (you first, mirrored), then the others as avatars, in a grid
// that keeps tiles near 16:9 for 1, 2, 4, 9, 16… tiles. Shown only while someone sends video: an audio-only call keeps
// the plain participant list.
import { createMemo, For, Show, type JSX } from 'solid-js';
import type { RemoteVideo } from '../../../groupcall';
import type { CallPerson } from '../../stores/callStore';
import { VideoTile, type VideoTileProps } from './VideoTile';
import styles from './VideoGrid.module.css';

export interface VideoGridProps {
  people: CallPerson[];
  local: MediaStreamTrack | null;
  remote: RemoteVideo[];
  /** Avatar tiles of people without video, at most (the participant list shows everyone). */
  maxAvatars?: number;
}

const DEFAULT_MAX_AVATARS = 8;

export function VideoGrid(props: VideoGridProps): JSX.Element {
  const tiles = createMemo((): VideoTileProps[] => {
    const byPeer = new Map(props.remote.map((v) => [v.peerId, v]));
    const self = props.people.find((p) => p.isSelf);
    const out: VideoTileProps[] = [];
    if (props.local !== null) {
      out.push({ peerId: self?.peerId ?? 'self', name: self === undefined ? 'You' : `${self.name} (you)`, track: props.local, mirrored: true, speaking: self?.speaking === true });
    }
    for (const p of props.people) {
      const video = byPeer.get(p.peerId);
      if (video !== undefined && !p.isSelf) out.push({ peerId: p.peerId, name: p.name, track: video.track, paused: video.paused, speaking: p.speaking });
    }
    const avatars = props.people.filter((p) => !p.invited && !byPeer.has(p.peerId) && !(p.isSelf && props.local !== null));
    for (const p of avatars.slice(0, props.maxAvatars ?? DEFAULT_MAX_AVATARS)) {
      out.push({ peerId: p.peerId, name: p.isSelf ? `${p.name} (you)` : p.name, track: null, speaking: p.speaking });
    }
    return out;
  });
  const anyVideo = () => props.local !== null || props.remote.length > 0;
  const columns = () => Math.max(1, Math.ceil(Math.sqrt(tiles().length)));
  return (
    <Show when={anyVideo()}>
      <section class={styles.grid} aria-label="Video" style={{ '--columns': String(columns()) }}>
        <For each={tiles()}>{(tile) => <VideoTile {...tile} />}</For>
      </section>
    </Show>
  );
}
