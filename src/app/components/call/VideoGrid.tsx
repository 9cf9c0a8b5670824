// The call's video grid: shared screens first (as Telegram pins a screen), then a tile per camera (yours first, mirrored),
// then the others as avatars, in a grid that keeps tiles near 16:9 for 1, 2, 4, 9, 16… tiles. Shown only while someone
// sends video: an audio-only call keeps the plain participant list.
import { createMemo, For, Show, type JSX } from 'solid-js';
import type { RemoteVideo } from '../../../groupcall';
import type { CallPerson } from '../../stores/callStore';
import { VideoTile, type VideoTileProps } from './VideoTile';
import styles from './VideoGrid.module.css';

export interface VideoGridProps {
  people: CallPerson[];
  /** The own camera. */
  local: MediaStreamTrack | null;
  /** The own shared screen. */
  screen: MediaStreamTrack | null;
  remote: RemoteVideo[];
  /** Avatar tiles of people without video, at most (the participant list shows everyone). */
  maxAvatars?: number;
}

const DEFAULT_MAX_AVATARS = 8;

export function VideoGrid(props: VideoGridProps): JSX.Element {
  const tiles = createMemo((): (VideoTileProps & { key: string })[] => {
    const nameOf = new Map(props.people.map((p) => [p.peerId, p]));
    const self = props.people.find((p) => p.isSelf);
    const selfName = self === undefined ? 'You' : `${self.name} (you)`;
    const out: (VideoTileProps & { key: string })[] = [];
    if (props.screen !== null) out.push({ key: 'self:screen', peerId: self?.peerId ?? 'self', name: selfName, track: props.screen, screen: true });
    for (const v of props.remote) {
      const p = nameOf.get(v.peerId);
      if (v.kind === 'screen') out.push({ key: `${v.peerId}:screen`, peerId: v.peerId, name: p?.name ?? 'Someone', track: v.track, paused: v.paused, screen: true });
    }
    if (props.local !== null) out.push({ key: 'self:camera', peerId: self?.peerId ?? 'self', name: selfName, track: props.local, mirrored: true, speaking: self?.speaking === true });
    const withCamera = new Set<string>();
    for (const p of props.people) {
      const video = props.remote.find((v) => v.peerId === p.peerId && v.kind === 'camera');
      if (video === undefined || p.isSelf) continue;
      withCamera.add(p.peerId);
      out.push({ key: `${p.peerId}:camera`, peerId: p.peerId, name: p.name, track: video.track, paused: video.paused, speaking: p.speaking });
    }
    const avatars = props.people.filter((p) => !p.invited && !withCamera.has(p.peerId) && !(p.isSelf && props.local !== null));
    for (const p of avatars.slice(0, props.maxAvatars ?? DEFAULT_MAX_AVATARS)) {
      out.push({ key: `${p.peerId}:avatar`, peerId: p.peerId, name: p.isSelf ? selfName : p.name, track: null, speaking: p.speaking });
    }
    return out;
  });
  const anyVideo = () => props.local !== null || props.screen !== null || props.remote.length > 0;
  const columns = () => Math.max(1, Math.ceil(Math.sqrt(tiles().length)));
  return (
    <Show when={anyVideo()}>
      <section class={styles.grid} aria-label="Video" style={{ '--columns': String(columns()) }}>
        <For each={tiles()}>{(tile) => <VideoTile {...tile} />}</For>
      </section>
    </Show>
  );
}
