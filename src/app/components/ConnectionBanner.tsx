// A thin bar that says the app is not connected and what it is doing about it, with "Retry now" while it waits out a
// reconnect delay; empty while connected.
import { Show, type JSX } from 'solid-js';
import type { ConnectionState } from '../stores/backend';
import styles from './ConnectionBanner.module.css';

const texts: Record<ConnectionState, string> = {
  ready: '',
  connecting: 'Connecting…',
  'waiting-to-reconnect': 'Waiting for network…',
  closed: 'Disconnected',
};

export function ConnectionBanner(props: { state: ConnectionState; onRetryNow(): void }): JSX.Element {
  return (
    <div class={styles.banner} data-state={props.state}>
      {/* The live region stays in the page (empty when connected) so that screen readers announce each change. */}
      <p role="status" class={styles.text}>
        {texts[props.state]}
      </p>
      <Show when={props.state === 'waiting-to-reconnect'}>
        <button type="button" class={styles.retry} onClick={() => props.onRetryNow()}>
          Retry now
        </button>
      </Show>
    </div>
  );
}
