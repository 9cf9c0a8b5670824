// "Open profile" from a participant's menu: the person's name, username and bio (users.getFullUser), or for a channel
// or group taking part in the call its title, username, description and a way to its chat, as Telegram opens them.
import { A } from '@solidjs/router';
import { createResource, Show, untrack, type JSX } from 'solid-js';
import { messageForError } from '../../errorMessages';
import { useSession } from '../../stores/context';
import { Dialog } from '../Dialog';
import { ErrorText } from '../ErrorText';
import styles from './PersonMenu.module.css';

export interface ProfileDialogProps {
  peerId: string;
  /** The name the call shows, until the profile is loaded. */
  name: string;
  opener: HTMLElement | null;
  onClose(): void;
}

export function ProfileDialog(props: ProfileDialogProps): JSX.Element {
  const session = useSession();
  // Read once: the dialog shows the person it was opened for.
  const peerId = untrack(() => props.peerId);
  const [profile] = createResource(() => session.backend().getProfile(peerId));
  return (
    <Dialog
      title={profile()?.name ?? props.name}
      onCancel={() => props.onClose()}
      opener={props.opener}
      fallbackFocus={() => document.querySelector<HTMLElement>(`button[data-menu-for="${CSS.escape(peerId)}"]`)}
      class={styles.dialog}
    >
      <div class={styles.items}>
        <Show when={profile.loading}>
          <p class="hint" role="status">
            Loading the profile…
          </p>
        </Show>
        <ErrorText message={profile.error !== undefined ? messageForError(profile.error) : null} />
        <Show when={!profile.loading && profile.error === undefined ? profile() : undefined}>
          {(p) => (
            <dl class={styles.profile}>
              <dt>Username</dt>
              <dd>{p().username !== null ? `@${p().username}` : 'None'}</dd>
              <dt>{p().kind === 'user' ? 'Bio' : 'Description'}</dt>
              <dd>{p().about !== '' ? p().about : p().kind === 'user' ? 'No bio' : 'No description'}</dd>
            </dl>
          )}
        </Show>
        <Show when={profile.error === undefined ? profile()?.chatKey : null}>
          {(key) => (
            <A class="button button-secondary" href={`/chat/${encodeURIComponent(key())}`}>
              Open the chat
            </A>
          )}
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
