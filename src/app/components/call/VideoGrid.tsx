// The call's video grid: shared screens first (as Telegram pins a screen), then a tile per camera (yours first, mirrored),
// then the others as avatars, in a grid that keeps tiles near 16:9 for 1, 2, 4, 9, 16… tiles. One tile can be pinned to
// a large stage above the grid (a remote screen is pinned by default, as in Telegram's apps) and any video tile can go
// full screen. Shown only while someone sends video: an audio-only call keeps the plain participant list.
import { createEffect, createMemo, createSignal, For, Show, type JSX } from 'solid-js';
import type { RemoteVideo } from '../../../groupcall';
import type { CallPerson } from '../../stores/callStore';
import { VideoTile, type VideoTileProps } from './VideoTile';
import styles from './VideoGrid.module.css';

export interface VideoGridProps {
  people: CallPerson[];
  /** The own camera. */
  local: MediaStreamTrack | null;
  /** The own camera is paused (video_paused). */
  localPaused?: boolean;
  /** The own shared screen. */
  screen: MediaStreamTrack | null;
  /** The own screen share is paused (presentation_paused). */
  screenPaused?: boolean;
  remote: RemoteVideo[];
  /** Avatar tiles of people without video, at most (the participant list shows everyone). */
  maxAvatars?: number;
  /** The remote video on the stage changed (its endpoint), or none is: the call asks for it at full height. */
  onStage?: (endpoint: string | null) => void;
}

const DEFAULT_MAX_AVATARS = 8;

/** A tile and, for remote videos, Telegram's endpoint of the video (what the call asks the server for). */
type Tile = VideoTileProps & { key: string; endpoint?: string };

/** Which tile is on the stage: the person's choice while that tile exists, else the first remote screen, else none. */
function stageKey(tiles: readonly Tile[], chosen: string | null | undefined): string | null {
  if (chosen === null) return null; // unpinned on purpose
  if (chosen !== undefined && tiles.some((t) => t.key === chosen)) return chosen;
  return tiles.find((t) => t.screen === true && !t.key.startsWith('self:'))?.key ?? null;
}

export function VideoGrid(props: VideoGridProps): JSX.Element {
  // undefined: nothing chosen (default pin applies); null: the person unpinned; a key: that tile.
  const [chosen, setChosen] = createSignal<string | null | undefined>(undefined);
  const tiles = createMemo((): Tile[] => {
    const byPeer = new Map(props.people.map((p) => [p.peerId, p]));
    const self = props.people.find((p) => p.isSelf);
    const selfName = self === undefined ? 'You' : `${self.name} (you)`;
    const out: Tile[] = [];
    if (props.screen !== null)
      out.push({
        key: 'self:screen',
        peerId: self?.peerId ?? 'self',
        name: selfName,
        track: props.screen,
        paused: props.screenPaused === true,
        screen: true,
      });
    for (const v of props.remote) {
      if (v.kind === 'screen')
        out.push({
          key: `${v.peerId}:screen`,
          endpoint: v.endpoint,
          peerId: v.peerId,
          name: byPeer.get(v.peerId)?.name ?? 'Someone',
          track: v.track,
          paused: v.paused,
          screen: true,
        });
    }
    if (props.local !== null)
      out.push({
        key: 'self:camera',
        peerId: self?.peerId ?? 'self',
        name: selfName,
        track: props.local,
        paused: props.localPaused === true,
        mirrored: true,
        speaking: self?.speaking === true,
      });
    const withCamera = new Set<string>();
    for (const p of props.people) {
      const video = props.remote.find((v) => v.peerId === p.peerId && v.kind === 'camera');
      if (video === undefined || p.isSelf) continue;
      withCamera.add(p.peerId);
      out.push({
        key: `${p.peerId}:camera`,
        endpoint: video.endpoint,
        peerId: p.peerId,
        name: p.name,
        track: video.track,
        paused: video.paused,
        speaking: p.speaking,
      });
    }
    const avatars = props.people.filter(
      (p) => !p.invited && !withCamera.has(p.peerId) && !(p.isSelf && props.local !== null),
    );
    for (const p of avatars.slice(0, props.maxAvatars ?? DEFAULT_MAX_AVATARS)) {
      out.push({
        key: `${p.peerId}:avatar`,
        peerId: p.peerId,
        name: p.isSelf ? selfName : p.name,
        track: null,
        speaking: p.speaking,
      });
    }
    return out;
  });
  const staged = createMemo(() => stageKey(tiles(), chosen()));
  const stageTile = () => tiles().find((t) => t.key === staged());
  const stageEndpoint = createMemo(() => stageTile()?.endpoint ?? null);
  createEffect(() => props.onStage?.(stageEndpoint()));
  const gridTiles = () => tiles().filter((t) => t.key !== staged());
  const anyVideo = () => props.local !== null || props.screen !== null || props.remote.length > 0;
  const columns = () => Math.max(1, Math.ceil(Math.sqrt(gridTiles().length)));
  const tile = (t: Tile, pinned: boolean) => (
    <VideoTile
      peerId={t.peerId}
      name={t.name}
      track={t.track}
      mirrored={t.mirrored}
      paused={t.paused}
      speaking={t.speaking}
      screen={t.screen}
      pinned={pinned}
      onPin={t.track === null ? undefined : () => setChosen(pinned ? null : t.key)}
    />
  );
  return (
    <Show when={anyVideo()}>
      <section class={styles.area} aria-label="Video" data-staged={stageTile() !== undefined ? 'true' : undefined}>
        <Show when={stageTile()}>{(t) => <div class={styles.stage}>{tile(t(), true)}</div>}</Show>
        <div class={styles.grid} style={{ '--columns': String(columns()) }}>
          <For each={gridTiles()}>{(t) => tile(t, false)}</For>
        </div>
      </section>
    </Show>
  );
}
