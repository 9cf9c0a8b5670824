// One person in the call: initials, name ("you" for oneself), muted / speaking / hand raised / invited written out so
// the row's accessible name says it all, and for others one button that opens their menu (mute for me, volume, and for
// admins mute for everyone / allow to speak), as Telegram does: nothing inline moves under the pointer when rows re-sort.
// Fixed height: the list is virtualised.
import EllipsisVertical from 'lucide-solid/icons/ellipsis-vertical';
import Hand from 'lucide-solid/icons/hand';
import MicOff from 'lucide-solid/icons/mic-off';
import Mic from 'lucide-solid/icons/mic';
import VolumeX from 'lucide-solid/icons/volume-x';
import { Show, type JSX } from 'solid-js';
import { Avatar } from '../Avatar';
import type { CallPerson } from '../../stores/callStore';
import styles from './ParticipantList.module.css';

/** Pixels per row; ParticipantList.module.css gives .person the same height. */
export const ROW_HEIGHT = 64;

export function personStatus(person: CallPerson): string {
  if (person.invited) return 'invited';
  const sound = person.speaking
    ? 'speaking'
    : person.muted
      ? person.canSelfUnmute
        ? 'muted'
        : 'muted by admin'
      : 'mic on';
  const hand = person.handRaised ? `${sound}, hand raised` : sound;
  return !person.isSelf && person.volume === 0 ? `${hand}, muted for you` : hand;
}

export interface ParticipantRowProps {
  person: CallPerson;
  position: number;
  count: number;
  top: number;
  onMenu(opener: HTMLButtonElement): void;
}

export function ParticipantRow(props: ParticipantRowProps): JSX.Element {
  const name = () => (props.person.isSelf ? `${props.person.name} (you)` : props.person.name);
  const state = () =>
    props.person.invited ? 'invited' : props.person.speaking ? 'speaking' : props.person.muted ? 'muted' : 'on';
  const stateText = () =>
    props.person.invited
      ? 'invited'
      : props.person.speaking
        ? 'speaking'
        : props.person.muted
          ? props.person.canSelfUnmute
            ? 'muted'
            : 'muted by admin'
          : 'mic on';
  const other = () => !props.person.isSelf && !props.person.invited;
  return (
    <li
      class={styles.person}
      style={{ transform: `translateY(${props.top}px)` }}
      aria-label={`${name()}, ${personStatus(props.person)}`}
      aria-posinset={props.position}
      aria-setsize={props.count}
      data-speaking={props.person.speaking ? 'true' : undefined}
      data-invited={props.person.invited ? 'true' : undefined}
    >
      <span class={styles.avatarRing}>
        <Avatar title={props.person.name} seed={props.person.peerId} size={36} />
      </span>
      <span class={styles.who}>
        <span class={styles.personName}>{name()}</span>
        {/* One status line, as Telegram shows one: a raised hand says more than the muted it implies. The row's label
            (personStatus) still says both. */}
        <span class={styles.badges} aria-hidden="true">
          <Show
            when={props.person.handRaised}
            fallback={
              <span class={styles.personState} data-state={state()}>
                {stateText()}
              </span>
            }
          >
            <span class={styles.hand}>hand raised</span>
          </Show>
          <Show when={!props.person.isSelf && props.person.volume !== 100 && !props.person.invited}>
            <span class={styles.volumeNote}>
              {props.person.volume === 0 ? 'muted for you' : `${props.person.volume}%`}
            </span>
          </Show>
        </span>
      </span>
      <span class={styles.micIcon} data-state={state()} aria-hidden="true">
        <Show when={!props.person.invited}>
          <Show when={props.person.handRaised} fallback={props.person.muted ? <MicOff size={20} /> : <Mic size={20} />}>
            <Hand size={20} />
          </Show>
        </Show>
        <Show when={!props.person.isSelf && props.person.volume === 0 && !props.person.invited}>
          <VolumeX size={16} />
        </Show>
      </span>
      <Show when={other()}>
        <button
          type="button"
          class={`icon-button ${styles.menuButton}`}
          aria-label={`Options for ${props.person.name}`}
          data-menu-for={props.person.peerId}
          aria-haspopup="dialog"
          title={`Options for ${props.person.name}`}
          onClick={(e) => props.onMenu(e.currentTarget)}
        >
          <EllipsisVertical size={20} aria-hidden="true" />
        </button>
      </Show>
    </li>
  );
}
