// "End the call for everyone?" — the one confirmation before an admin ends a call.
import type { JSX } from 'solid-js';
import { Dialog } from '../Dialog';
import styles from './StartCallDialog.module.css';

export function ConfirmEndDialog(props: { onConfirm(): void; onCancel(): void }): JSX.Element {
  return (
    <Dialog title="End the call for everyone?" onCancel={() => props.onCancel()}>
      <p class="hint">Everyone in the call is disconnected, and the call cannot be rejoined.</p>
      <div class={styles.buttons} style={{ 'margin-top': '1rem' }}>
        <button type="button" class="button button-secondary" onClick={() => props.onCancel()}>
          Cancel
        </button>
        <button type="button" class="button button-danger" onClick={() => props.onConfirm()}>
          End call
        </button>
      </div>
    </Dialog>
  );
}
