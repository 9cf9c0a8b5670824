// "Join as": the person themselves (their personal account) or a channel or group they own (phone.getGroupCallJoinAs), with "Remember my choice"
// (phone.saveDefaultGroupCallJoinAs). Renders and collects; the link store joins.
import { createSignal, For, untrack, type JSX } from 'solid-js';
import { Avatar } from '../Avatar';
import { ErrorText } from '../ErrorText';
import type { JoinAsOption } from '../../stores/backend';
import { joinAsLabel } from '../../stores/joinAsChoice';
import styles from './JoinAsPicker.module.css';

export interface JoinAsPickerProps {
  options: JoinAsOption[];
  /** The peer chosen at first: the saved default, else the person. */
  selected: string;
  busy: boolean;
  error: string | null;
  onJoin(peerId: string, remember: boolean): void;
  onCancel(): void;
}

export function JoinAsPicker(props: JoinAsPickerProps): JSX.Element {
  // The choice starts from the given one; later changes are the person's, in this picker.
  const [selected, setSelected] = createSignal(untrack(() => props.selected));
  const [remember, setRemember] = createSignal(false);
  return (
    <form
      class={styles.form}
      onSubmit={(e) => {
        e.preventDefault();
        props.onJoin(selected(), remember());
      }}
    >
      <fieldset class={styles.choices}>
        <legend>Join as</legend>
        <For each={props.options}>
          {(option) => (
            <label class={styles.choice}>
              <input
                type="radio"
                name="join-as"
                value={option.peerId}
                checked={selected() === option.peerId}
                onChange={() => setSelected(option.peerId)}
              />
              <Avatar title={option.title} seed={option.peerId} />
              <span>
                {option.title}
                <span class={styles.kind}> · {joinAsLabel(option)}</span>
              </span>
            </label>
          )}
        </For>
      </fieldset>
      <label class={styles.choice}>
        <input type="checkbox" checked={remember()} onChange={(e) => setRemember(e.currentTarget.checked)} /> Remember
        my choice
      </label>
      <ErrorText message={props.error} />
      <div class={styles.actions}>
        <button type="submit" class="button button-primary" disabled={props.busy}>
          Join
        </button>
        <button type="button" class="button button-secondary" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
