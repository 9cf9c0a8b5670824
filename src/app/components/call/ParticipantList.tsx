// Everyone in the call (and those invited), virtualised with @tanstack/solid-virtual: only the rows in view (plus a few)
// are in the DOM, so a call of 10 000 renders and scrolls like one of ten. Each other person's menu opens from their row.
import { createVirtualizer } from '@tanstack/solid-virtual';
import { createEffect, createSignal, For, Show, type JSX } from 'solid-js';
import type { CallPerson } from '../../stores/callStore';
import { ParticipantRow, ROW_HEIGHT } from './ParticipantRow';
import { PersonMenu } from './PersonMenu';
import { ProfileDialog } from './ProfileDialog';
import styles from './ParticipantList.module.css';

/** The list grows with the call up to this height (7.5 rows), then scrolls. */
const MAX_HEIGHT = ROW_HEIGHT * 7.5;
/** Ask for the next page of people when the rendered rows come this close to the end of those loaded. */
const LOAD_AHEAD_ROWS = 20;

export interface ParticipantListProps {
  people: CallPerson[];
  canManage: boolean;
  onVolume(peerId: string, percent: number): void;
  onToggleMutedForMe(peerId: string): void;
  onMuteForEveryone(peerId: string, muted: boolean): void;
  /** The call has more people than `people` (they are loaded page by page as the list is scrolled). */
  hasMore?: boolean;
  /** The call's size as the server counts it, when more than `people` are in it. */
  total?: number | null;
  onNearEnd?(): void;
}

/** "Participants (121)", or "Participants (50 of 121)" while the rest are still to be loaded. */
export function listLabel(loaded: number, total: number | null | undefined): string {
  return total !== null && total !== undefined && total > loaded
    ? `Participants (${loaded} of ${total})`
    : `Participants (${loaded})`;
}

export function ParticipantList(props: ParticipantListProps): JSX.Element {
  let scroller: HTMLDivElement | undefined;
  const [menu, setMenu] = createSignal<{ peerId: string; opener: HTMLElement } | null>(null);
  /** "Open profile" from a menu: whose, and the row button focus goes back to. */
  const [profile, setProfile] = createSignal<{ peerId: string; name: string; opener: HTMLElement | null } | null>(null);
  const virtualizer = createVirtualizer({
    get count() {
      return props.people.length;
    },
    getScrollElement: () => scroller ?? null,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  // Scrolled (or grown) near the end of what is loaded: the next page. Re-runs as rows render and as pages arrive.
  createEffect(() => {
    const last = virtualizer.getVirtualItems().at(-1)?.index;
    if (props.hasMore && last !== undefined && last >= props.people.length - LOAD_AHEAD_ROWS) props.onNearEnd?.();
  });
  /** The person whose menu is open, as they are now (the row may have moved or changed meanwhile). */
  const menuPerson = () => {
    const open = menu();
    return open === null ? undefined : props.people.find((p) => p.peerId === open.peerId && !p.invited);
  };
  return (
    <>
      <div
        ref={scroller}
        class={styles.scroller}
        style={{ height: `${Math.min(virtualizer.getTotalSize(), MAX_HEIGHT) + 2}px` }}
      >
        <ul
          class={styles.list}
          aria-label={listLabel(props.people.length, props.hasMore === true ? props.total : null)}
          style={{ height: `${virtualizer.getTotalSize()}px` }}
        >
          <For each={virtualizer.getVirtualItems()}>
            {(item) => (
              <Show when={props.people[item.index]}>
                {(person) => (
                  <ParticipantRow
                    person={person()}
                    position={item.index + 1}
                    count={props.people.length}
                    top={item.start}
                    onMenu={(opener) => setMenu({ peerId: person().peerId, opener })}
                  />
                )}
              </Show>
            )}
          </For>
        </ul>
      </div>
      <Show when={menuPerson()}>
        {(person) => (
          <PersonMenu
            person={person()}
            canManage={props.canManage}
            opener={menu()?.opener ?? null}
            onVolume={(percent) => props.onVolume(person().peerId, percent)}
            onToggleMutedForMe={() => props.onToggleMutedForMe(person().peerId)}
            onMuteForEveryone={(muted) => {
              props.onMuteForEveryone(person().peerId, muted);
              setMenu(null);
            }}
            onOpenProfile={() => {
              // Read before the menu closes: its person() is gone with it.
              const open = { peerId: person().peerId, name: person().name, opener: menu()?.opener ?? null };
              setMenu(null);
              setProfile(open);
            }}
            onClose={() => setMenu(null)}
          />
        )}
      </Show>
      <Show when={profile()} keyed>
        {(open) => (
          <ProfileDialog peerId={open.peerId} name={open.name} opener={open.opener} onClose={() => setProfile(null)} />
        )}
      </Show>
    </>
  );
}
