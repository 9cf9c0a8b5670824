// "End the call for everyone?" — the one confirmation before an admin ends a call.
import { onMount, type JSX } from 'solid-js';
import styles from './StartCallDialog.module.css';

export function ConfirmEndDialog(props: { onConfirm(): void; onCancel(): void }): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  onMount(() => dialog?.showModal());
  return (
    <dialog ref={dialog} class={styles.dialog} aria-labelledby="end-call-title" onCancel={() => props.onCancel()}>
      <h2 id="end-call-title" class={styles.heading}>
        End the call for everyone?
      </h2>
      <p class="hint">Everyone in the call is disconnected, and the call cannot be rejoined.</p>
      <div class={styles.buttons} style={{ 'margin-top': '1rem' }}>
        <button type="button" class="button button-secondary" onClick={() => props.onCancel()}>
          Cancel
        </button>
        <button type="button" class="button button-danger" onClick={() => props.onConfirm()}>
          End call
        </button>
      </div>
    </dialog>
  );
}
