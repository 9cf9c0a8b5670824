// The call screen's invite links: "Copy invite link" (listeners), for admins "Copy speaker link" and "Revoke speaker
// links", and Share where the browser has the Web Share API. The link last made is shown, for copying by hand.
import { createUniqueId, Show, type JSX } from 'solid-js';
import { ErrorText } from '../ErrorText';
import type { CallRef } from '../../stores/backend';
import type { InviteLinkStore } from '../../stores/inviteLinkStore';
import styles from './InviteLinkButtons.module.css';

export interface InviteLinkButtonsProps {
  store: InviteLinkStore;
  callRef: CallRef;
  callTitle: string;
  canManage: boolean;
}

export function InviteLinkButtons(props: InviteLinkButtonsProps): JSX.Element {
  const id = createUniqueId();
  const s = () => props.store.state;
  return (
    <section class={styles.links} aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} class={styles.heading}>
        Invite links
      </h3>
      <div class={styles.row}>
        <button type="button" class="button button-secondary" disabled={s().busy} onClick={() => void props.store.copy(props.callRef, 'listener')}>
          Copy invite link
        </button>
        <Show when={props.store.canShare}>
          <button type="button" class="button button-secondary" disabled={s().busy} onClick={() => void props.store.share(props.callRef, 'listener', props.callTitle)}>
            Share invite link
          </button>
        </Show>
        <Show when={props.canManage}>
          <button type="button" class="button button-secondary" disabled={s().busy} onClick={() => void props.store.copy(props.callRef, 'speaker')}>
            Copy speaker link
          </button>
          <Show when={props.store.canShare}>
            <button type="button" class="button button-secondary" disabled={s().busy} onClick={() => void props.store.share(props.callRef, 'speaker', props.callTitle)}>
              Share speaker link
            </button>
          </Show>
          <button type="button" class="button button-secondary" disabled={s().busy} onClick={() => void props.store.revokeSpeakerLinks(props.callRef)}>
            Revoke speaker links
          </button>
        </Show>
      </div>
      <Show when={props.canManage}>
        <p class="hint">A speaker link lets people speak even when only admins can speak; an invite link makes them listeners.</p>
      </Show>
      <Show when={s().link}>
        {(link) => (
          <div class={styles.field}>
            <label for={`${id}-link`}>{s().kind === 'speaker' ? 'Speaker link' : 'Invite link'}</label>
            <input id={`${id}-link`} type="text" readOnly value={link()} onFocus={(e) => e.currentTarget.select()} />
          </div>
        )}
      </Show>
      <Show when={s().status}>
        <p class="hint" role="status">
          {s().status}
        </p>
      </Show>
      <ErrorText message={s().error} />
    </section>
  );
}
