// Leaving as an admin asks, as Telegram's apps do: just leave (the call goes on without you), or end the video chat for
// everyone. People who cannot end the call leave at once, without this question.
import { onCleanup, onMount, untrack, type JSX } from 'solid-js';
import styles from './StartCallDialog.module.css';

export function LeaveCallDialog(props: {
  onLeave(): void;
  onEnd(): void;
  onCancel(): void;
  opener?: HTMLElement | null;
}): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  // Read once: focus goes back to what opened the dialog.
  const opener = untrack(() => props.opener ?? null);
  onMount(() => dialog?.showModal());
  onCleanup(() => {
    dialog?.close();
    if (opener?.isConnected) opener.focus();
  });
  return (
    <dialog
      ref={dialog}
      class={styles.dialog}
      aria-labelledby="leave-call-title"
      onCancel={(e) => (e.preventDefault(), props.onCancel())}
    >
      <h2 id="leave-call-title" class={styles.heading}>
        Leave the video chat?
      </h2>
      <p class="hint">You are an admin: you can leave and let it go on, or end it for everyone.</p>
      <div class={styles.buttons} style={{ 'margin-top': '1rem', 'flex-wrap': 'wrap' }}>
        <button type="button" class="button button-secondary" onClick={() => props.onCancel()}>
          Cancel
        </button>
        <button type="button" class="button button-danger" onClick={() => props.onEnd()}>
          End video chat for everyone
        </button>
        <button type="button" class="button button-primary" autofocus onClick={() => props.onLeave()}>
          Leave
        </button>
      </div>
    </dialog>
  );
}
