// "X invites you to the voice chat in G — Join", on every screen, for each invitation the person has not answered; a
// system notification too when the tab is hidden (the banner offers to allow them, the moment an invitation is shown).
import { useNavigate } from '@solidjs/router';
import { createEffect, createSignal, For, Show, type JSX } from 'solid-js';
import { askNotificationPermission, notificationPermission, notifyInvitation } from '../../invitationNotifier';
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
  const [permission, setPermission] = createSignal(notificationPermission());
  // Each invitation once: a notification when it arrives while the tab is hidden.
  const notified = new Set<CallInvitation>();
  createEffect(() => {
    for (const invitation of invitations.state.pending) {
      if (notified.has(invitation)) continue;
      notified.add(invitation);
      notifyInvitation(invitation, () => join(invitation));
    }
  });
  return (
    <>
      <For each={invitations.state.pending}>
        {(invitation) => (
          <aside class={styles.banner} aria-label={`Invitation to the voice chat in ${invitation.chatTitle}`}>
            <p class={styles.text}>
              <strong>{invitation.inviterName}</strong> invites you to the voice chat in{' '}
              <strong>{invitation.chatTitle}</strong>
            </p>
            <div class={styles.buttons}>
              <button type="button" class="button button-primary" onClick={() => join(invitation)}>
                Join
              </button>
              <button
                type="button"
                class="button button-secondary"
                onClick={() => invitations.dismiss(invitation.chatKey)}
              >
                Not now
              </button>
              <Show when={permission() === 'default'}>
                <button
                  type="button"
                  class="button button-secondary"
                  onClick={() => void askNotificationPermission().then(setPermission)}
                >
                  Notify me when tgcall is in the background
                </button>
              </Show>
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
