// One person in the call: initials, name ("you" for oneself), muted / speaking / hand raised / invited written out so
// the row's accessible name says it all; for others a local volume slider (0–200 %, this client only), and for admins
// "Mute for everyone" or "Allow to speak". Fixed height: the list is virtualised.
import { Show, type JSX } from 'solid-js';
import { Avatar } from '../Avatar';
import { MAX_LOCAL_VOLUME, type CallPerson } from '../../stores/callStore';
import styles from './ParticipantList.module.css';

/** Pixels per row; ParticipantList.module.css gives .person the same height. */
export const ROW_HEIGHT = 64;

export function personStatus(person: CallPerson): string {
  if (person.invited) return 'invited';
  const sound = person.speaking ? 'speaking' : person.muted ? (person.canSelfUnmute ? 'muted' : 'muted by admin') : 'mic on';
  return person.handRaised ? `${sound}, hand raised` : sound;
}

export interface ParticipantRowProps {
  person: CallPerson;
  /** The viewer is an admin of the call. */
  canManage: boolean;
  position: number;
  count: number;
  top: number;
  onVolume(percent: number): void;
  onMuteForEveryone(muted: boolean): void;
}

export function ParticipantRow(props: ParticipantRowProps): JSX.Element {
  const name = () => (props.person.isSelf ? `${props.person.name} (you)` : props.person.name);
  const state = () => (props.person.invited ? 'invited' : props.person.speaking ? 'speaking' : props.person.muted ? 'muted' : 'on');
  const stateText = () => (props.person.invited ? 'invited' : props.person.speaking ? 'speaking' : props.person.muted ? (props.person.canSelfUnmute ? 'muted' : 'muted by admin') : 'mic on');
  const other = () => !props.person.isSelf && !props.person.invited;
  const heldByAdmin = () => props.person.muted && !props.person.canSelfUnmute;
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
        {/* One badge, as Telegram shows one status line: a raised hand says more than the muted it implies. The
            row's label (personStatus) still says both. */}
        <span class={styles.badges} aria-hidden="true">
          <Show when={props.person.handRaised} fallback={<span class={styles.personState} data-state={state()}>{stateText()}</span>}>
            <span class={styles.hand}>hand raised</span>
          </Show>
        </span>
      </span>
      <Show when={other()}>
        <label class={styles.volume}>
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
          <span class={styles.volumeValue} aria-hidden="true">
            {props.person.volume}%
          </span>
        </label>
        <Show when={props.canManage}>
          <button type="button" class={`button button-secondary ${styles.adminButton}`} onClick={() => props.onMuteForEveryone(!heldByAdmin())}>
            {heldByAdmin() ? 'Allow to speak' : 'Mute for everyone'}
          </button>
        </Show>
      </Show>
    </li>
  );
}
