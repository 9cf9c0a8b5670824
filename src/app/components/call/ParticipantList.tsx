// Everyone in the call (and those invited), virtualised with @tanstack/solid-virtual: only the rows in view (plus a few)
// are in the DOM, so a call of 10 000 renders and scrolls like one of ten.
import { createVirtualizer } from '@tanstack/solid-virtual';
import { For, Show, type JSX } from 'solid-js';
import type { CallPerson } from '../../stores/callStore';
import { ParticipantRow, ROW_HEIGHT } from './ParticipantRow';
import styles from './ParticipantList.module.css';

/** The list grows with the call up to this height (7.5 rows), then scrolls. */
const MAX_HEIGHT = ROW_HEIGHT * 7.5;

export interface ParticipantListProps {
  people: CallPerson[];
  canManage: boolean;
  onVolume(peerId: string, percent: number): void;
  onMuteForEveryone(peerId: string, muted: boolean): void;
}

export function ParticipantList(props: ParticipantListProps): JSX.Element {
  let scroller: HTMLDivElement | undefined;
  const virtualizer = createVirtualizer({
    get count() {
      return props.people.length;
    },
    getScrollElement: () => scroller ?? null,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  return (
    <div ref={scroller} class={styles.scroller} style={{ height: `${Math.min(virtualizer.getTotalSize(), MAX_HEIGHT) + 2}px` }}>
      <ul class={styles.list} aria-label={`Participants (${props.people.length})`} style={{ height: `${virtualizer.getTotalSize()}px` }}>
        <For each={virtualizer.getVirtualItems()}>
          {(item) => (
            <Show when={props.people[item.index]}>
              {(person) => (
                <ParticipantRow
                  person={person()}
                  canManage={props.canManage}
                  position={item.index + 1}
                  count={props.people.length}
                  top={item.start}
                  onVolume={(percent) => props.onVolume(person().peerId, percent)}
                  onMuteForEveryone={(muted) => props.onMuteForEveryone(person().peerId, muted)}
                />
              )}
            </Show>
          )}
        </For>
      </ul>
    </div>
  );
}
