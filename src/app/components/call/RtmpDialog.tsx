// "Stream with RTMP": where the owner's encoder sends the stream (phone.getGroupCallStreamRtmpUrl), with Copy buttons,
// reachable again from the chat's page at any time, and "Revoke key" (revoke: true) when the key leaked.
import { onCleanup, onMount, Show, untrack, type JSX } from 'solid-js';
import { ErrorText } from '../ErrorText';
import { CopyField } from './CopyField';
import styles from './StartCallDialog.module.css';

export interface RtmpDialogProps {
  rtmp: { url: string; key: string } | null;
  busy: boolean;
  error: string | null;
  onRevoke(): void;
  onClose(): void;
  /** Where focus goes back to when the dialog closes. */
  opener?: HTMLElement | null;
}

export function RtmpDialog(props: RtmpDialogProps): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  // Read once: focus goes back to what opened the dialog.
  const opener = untrack(() => props.opener ?? null);
  onMount(() => dialog?.showModal());
  onCleanup(() => {
    // Close first: while the modal dialog is open, everything outside it is inert and cannot take focus.
    dialog?.close();
    if (opener?.isConnected) opener.focus();
  });
  return (
    <dialog
      ref={dialog}
      class={styles.dialog}
      aria-labelledby="rtmp-title"
      onCancel={(e) => (e.preventDefault(), props.onClose())}
    >
      <h2 id="rtmp-title" class={styles.heading}>
        Stream with RTMP
      </h2>
      <div class={styles.form}>
        <Show
          when={props.rtmp}
          fallback={
            <p class="hint" role="status">
              {props.busy ? 'Getting the server URL and key…' : ''}
            </p>
          }
        >
          {(rtmp) => (
            <>
              <p class="hint">
                Give these to your streaming app (OBS or another encoder). Keep the key secret: anyone with it can
                stream here.
              </p>
              <CopyField label="Server URL" copyLabel="Copy server URL" value={rtmp().url} />
              <CopyField label="Stream key" copyLabel="Copy stream key" value={rtmp().key} />
            </>
          )}
        </Show>
        <ErrorText message={props.error} />
        <div class={styles.buttons}>
          <button
            type="button"
            class="button button-danger"
            disabled={props.busy || props.rtmp === null}
            onClick={() => props.onRevoke()}
          >
            Revoke key
          </button>
          <button type="button" class="button button-primary" onClick={() => props.onClose()}>
            Done
          </button>
        </div>
        <p class="hint">Revoking gives a new key; the old one stops working at once.</p>
      </div>
    </dialog>
  );
}
