// The call's keyboard shortcuts, listed (opened with "Shortcuts" or "?").
import { onCleanup, onMount, untrack, type JSX, For } from 'solid-js';
import styles from './StartCallDialog.module.css';

export const CALL_SHORTCUTS: ReadonlyArray<{ keys: string; action: string }> = [
  { keys: 'M', action: 'Mute or unmute the microphone' },
  { keys: 'Hold Space', action: 'Talk while you hold it (push to talk), when muted' },
  { keys: '?', action: 'Show these shortcuts' },
  { keys: 'Esc', action: 'Close a dialog or a menu' },
];

export function ShortcutsDialog(props: { onClose(): void; opener: HTMLElement | null }): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  // Read once: focus goes back to what opened the dialog.
  const opener = untrack(() => props.opener);
  onMount(() => dialog?.showModal());
  onCleanup(() => {
    dialog?.close();
    if (opener?.isConnected) opener.focus();
  });
  return (
    <dialog
      ref={dialog}
      class={styles.dialog}
      aria-labelledby="shortcuts-title"
      onCancel={(e) => (e.preventDefault(), props.onClose())}
    >
      <h2 id="shortcuts-title" class={styles.heading}>
        Keyboard shortcuts
      </h2>
      <dl class={styles.shortcuts}>
        <For each={CALL_SHORTCUTS}>
          {(s) => (
            <>
              <dt>
                <kbd>{s.keys}</kbd>
              </dt>
              <dd>{s.action}</dd>
            </>
          )}
        </For>
      </dl>
      <div class={styles.buttons}>
        <button type="button" class="button button-primary" onClick={() => props.onClose()}>
          Close
        </button>
      </div>
    </dialog>
  );
}
