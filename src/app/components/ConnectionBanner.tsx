// A thin bar that says the app is not connected and what it is doing about it; hidden while connected.
import { Show, type JSX } from 'solid-js';
import type { ConnectionState } from '../stores/backend';
import styles from './ConnectionBanner.module.css';

const texts: Record<Exclude<ConnectionState, 'ready'>, string> = {
  connecting: 'Connecting…',
  'waiting-to-reconnect': 'Waiting for network…',
  closed: 'Disconnected',
};

export function ConnectionBanner(props: { state: ConnectionState }): JSX.Element {
  return (
    <div role="status" class={styles.region}>
      <Show when={props.state !== 'ready'}>
        <p class={styles.banner} data-state={props.state}>
          {texts[props.state as Exclude<ConnectionState, 'ready'>]}
        </p>
      </Show>
    </div>
  );
}
