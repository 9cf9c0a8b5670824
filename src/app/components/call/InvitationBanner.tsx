// "X invites you to the voice chat in G — Join", on every screen, for each invitation the person has not answered.
import { useNavigate } from '@solidjs/router';
import { For, Show, type JSX } from 'solid-js';
import { ErrorText } from '../ErrorText';
import type { CallInvitation } from '../../stores/backend';
import { useInvitations } from '../../stores/context';
import styles from './InvitationBanner.module.css';

export function InvitationBanner(): JSX.Element {
  const invitations = useInvitations();
  const navigate = useNavigate();
  function join(invitation: CallInvitation): void {
    navigate(`/chat/${encodeURIComponent(invitation.chatKey)}`);
    void invitations.accept(invitation);
  }
  return (
    <>
      <For each={invitations.state.pending}>
        {(invitation) => (
          <aside class={styles.banner} aria-label={`Invitation to the voice chat in ${invitation.chatTitle}`}>
            <p class={styles.text}>
              <strong>{invitation.inviterName}</strong> invites you to the voice chat in <strong>{invitation.chatTitle}</strong>
            </p>
            <div class={styles.buttons}>
              <button type="button" class="button button-primary" onClick={() => join(invitation)}>
                Join
              </button>
              <button type="button" class="button button-secondary" onClick={() => invitations.dismiss(invitation.chatKey)}>
                Not now
              </button>
            </div>
          </aside>
        )}
      </For>
      <Show when={invitations.state.error}>
        <div class={styles.banner}>
          <ErrorText message={invitations.state.error} />
          <button type="button" class="button button-secondary" onClick={() => invitations.clearError()}>
            OK
          </button>
        </div>
      </Show>
    </>
  );
}
