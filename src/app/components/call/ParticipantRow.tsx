// One person in the call: initials, name ("you" for oneself), and muted / speaking / hand raised, written out so the
// row's accessible name says it all.
import { Show, type JSX } from 'solid-js';
import { Avatar } from '../Avatar';
import type { CallPerson } from '../../stores/callStore';
import styles from './CallPanel.module.css';

export function personStatus(person: CallPerson): string {
  const sound = person.speaking ? 'speaking' : person.muted ? 'muted' : 'mic on';
  return person.handRaised ? `${sound}, hand raised` : sound;
}

export function ParticipantRow(props: { person: CallPerson }): JSX.Element {
  const name = () => (props.person.isSelf ? `${props.person.name} (you)` : props.person.name);
  return (
    <li class={styles.person} aria-label={`${name()}, ${personStatus(props.person)}`} data-speaking={props.person.speaking ? 'true' : undefined}>
      <span class={styles.avatarRing}>
        <Avatar title={props.person.name} seed={props.person.peerId} size={40} />
      </span>
      <span class={styles.personName}>{name()}</span>
      <Show when={props.person.handRaised}>
        <span class={styles.hand} aria-hidden="true">
          hand raised
        </span>
      </Show>
      <span class={styles.personState} data-state={props.person.speaking ? 'speaking' : props.person.muted ? 'muted' : 'on'} aria-hidden="true">
        {props.person.speaking ? 'speaking' : props.person.muted ? 'muted' : 'mic on'}
      </span>
    </li>
  );
}
