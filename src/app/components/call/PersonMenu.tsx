// The menu of one person in the call (a dialog, so it reads the same on a phone as on a desktop): mute for me, their
// volume for this client only (0–200 %), their profile, and for admins mute for everyone / allow to speak. Closing it
// puts focus back on the button that opened it.
import { Show, untrack, type JSX } from 'solid-js';
import { Dialog } from '../Dialog';
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
  /** The person's profile (name, username, bio), or a channel's. */
  onOpenProfile(): void;
  onClose(): void;
}

export function PersonMenu(props: PersonMenuProps): JSX.Element {
  const peerId = untrack(() => props.person.peerId);
  const heldByAdmin = () => props.person.muted && !props.person.canSelfUnmute;
  return (
    <Dialog
      title={props.person.name}
      onCancel={() => props.onClose()}
      opener={props.opener}
      fallbackFocus={() => document.querySelector<HTMLElement>(`button[data-menu-for="${CSS.escape(peerId)}"]`)}
      class={styles.dialog}
    >
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
        <button type="button" class="button button-secondary" onClick={() => props.onOpenProfile()}>
          Open profile
        </button>
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
    </Dialog>
  );
}
