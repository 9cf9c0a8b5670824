// The menu of one person in the call (a dialog, so it reads the same on a phone as on a desktop): mute for me, their
// volume for this client only (0–200 %), and for admins mute for everyone / allow to speak. Closing it puts focus back
// on the button that opened it.
import { onCleanup, onMount, Show, untrack, type JSX } from 'solid-js';
import { MAX_LOCAL_VOLUME, type CallPerson } from '../../stores/callStore';
import styles from './PersonMenu.module.css';

export interface PersonMenuProps {
  person: CallPerson;
  canManage: boolean;
  /** Where focus goes back to; the list re-renders rows, so the row's button is found again by the person's id. */
  opener: HTMLElement | null;
  onVolume(percent: number): void;
  onToggleMutedForMe(): void;
  onMuteForEveryone(muted: boolean): void;
  onClose(): void;
}

export function PersonMenu(props: PersonMenuProps): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  // Read once: focus goes back to what opened the menu, and the menu is for the person it was opened for.
  const opener = untrack(() => props.opener);
  onMount(() => dialog?.showModal());
  const peerId = untrack(() => props.person.peerId);
  onCleanup(() => {
    // Close first: while the modal dialog is open, everything outside it is inert and cannot take focus.
    dialog?.close();
    const target = opener?.isConnected
      ? opener
      : document.querySelector<HTMLElement>(`button[data-menu-for="${CSS.escape(peerId)}"]`);
    target?.focus();
  });
  const heldByAdmin = () => props.person.muted && !props.person.canSelfUnmute;
  return (
    <dialog
      ref={dialog}
      class={styles.dialog}
      aria-labelledby="person-menu-title"
      onCancel={(e) => (e.preventDefault(), props.onClose())}
    >
      <h2 id="person-menu-title" class={styles.heading}>
        {props.person.name}
      </h2>
      <div class={styles.items}>
        <button type="button" class="button button-secondary" onClick={() => props.onToggleMutedForMe()}>
          {props.person.volume === 0 ? 'Unmute for me' : 'Mute for me'}
        </button>
        <label class={styles.volume}>
          <span>Volume (only for you)</span>
          <span class={styles.sliderRow}>
            <input
              type="range"
              min="0"
              max={MAX_LOCAL_VOLUME}
              step="5"
              value={props.person.volume}
              aria-label={`Volume for ${props.person.name}`}
              aria-valuetext={`${props.person.volume}%`}
              onInput={(e) => props.onVolume(Number(e.currentTarget.value))}
            />
            <span class={styles.value} aria-hidden="true">
              {props.person.volume}%
            </span>
          </span>
        </label>
        <Show when={props.canManage}>
          <button
            type="button"
            class={heldByAdmin() ? 'button button-primary' : 'button button-danger'}
            onClick={() => props.onMuteForEveryone(!heldByAdmin())}
          >
            {heldByAdmin() ? 'Allow to speak' : 'Mute for everyone'}
          </button>
        </Show>
      </div>
      <div class={styles.buttons}>
        <button type="button" class="button button-secondary" onClick={() => props.onClose()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
