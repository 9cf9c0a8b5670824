// Under the connection banner while Telegram makes a call wait (FLOOD_WAIT_X): which step waits and a countdown, so
// that a join, the participant list or an invitation that seems stuck is explained. Empty otherwise.
import { createSignal, onCleanup, Show, type JSX } from 'solid-js';
import type { FloodWaitNotice } from '../stores/backend';
import { floodWaitCountdown, floodWaitSentence } from '../floodWaitText';
import styles from './ConnectionBanner.module.css';

export function FloodWaitBanner(props: { waits: readonly FloodWaitNotice[] }): JSX.Element {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 250);
  onCleanup(() => clearInterval(timer));
  return (
    <div class={styles.banner} data-state={props.waits.length > 0 ? 'waiting' : 'ready'}>
      {/* The live region stays in the page so that a new wait is announced; the ticking timer inside is not (role=timer). */}
      <p role="status" class={styles.text}>
        <Show when={props.waits.length > 0}>
          {floodWaitSentence(props.waits.map((w) => w.method))}{' '}
          <span role="timer">
            {floodWaitCountdown(
              props.waits.map((w) => w.until),
              now(),
            )}
          </span>
        </Show>
      </p>
    </div>
  );
}
