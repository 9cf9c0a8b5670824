// A bar on every other screen while the person is in a call: which call, and a way back to it; and, on every screen,
// invitations to other calls (InvitationBanner).
import { A, useLocation } from '@solidjs/router';
import { Show, type JSX } from 'solid-js';
import { useCall } from '../../stores/context';
import styles from './ActiveCallBar.module.css';
import { InvitationBanner } from './InvitationBanner';

export function ActiveCallBar(): JSX.Element {
  const call = useCall();
  const location = useLocation();
  const href = () => (call.state.chatKey === null ? '' : `/chat/${encodeURIComponent(call.state.chatKey)}`);
  const inCall = () => call.state.status === 'joining' || call.state.status === 'connected' || call.state.status === 'reconnecting';
  const elsewhere = () => call.state.chatKey !== null && inCall() && decodeURIComponent(location.pathname) !== decodeURIComponent(href());
  return (
    <>
      <Show when={elsewhere()}>
        <aside class={styles.bar} aria-label="Current call">
          <span>
            In a call: <strong>{call.state.title || 'Video chat'}</strong>
          </span>
          <A href={href()} class={styles.link}>
            Back to the call
          </A>
        </aside>
      </Show>
      <InvitationBanner />
    </>
  );
}
