// A modal dialog as the app's dialogs behave: opened on mount (showModal: the rest of the page is inert), a heading
// that names it, Esc or a click on the backdrop cancels, and on close focus goes back to what opened it (or, when that
// element is gone — a re-rendered row — to what `fallbackFocus` finds).
import { createUniqueId, onCleanup, onMount, untrack, type JSX } from 'solid-js';
import styles from './Dialog.module.css';

export interface DialogProps {
  /** The heading (h2) that names the dialog. */
  title: JSX.Element;
  /** Esc, or a click on the backdrop. */
  onCancel(): void;
  /** Where focus goes back to when the dialog closes; by default what had focus when it opened. */
  opener?: HTMLElement | null;
  fallbackFocus?: () => HTMLElement | null;
  /** Extra class for the dialog box (a narrower menu, a wider form). */
  class?: string;
  children: JSX.Element;
}

export function Dialog(props: DialogProps): JSX.Element {
  let dialog: HTMLDialogElement | undefined;
  const titleId = createUniqueId();
  // Read once, when the dialog opens: focus goes back to what opened it.
  const given = untrack(() => props.opener);
  const opener =
    given !== undefined
      ? given
      : document.activeElement instanceof HTMLElement && document.activeElement !== document.body
        ? document.activeElement
        : null;
  const fallbackFocus = untrack(() => props.fallbackFocus);
  onMount(() => dialog?.showModal());
  onCleanup(() => {
    // Close first: while the modal dialog is open, everything outside it is inert and cannot take focus.
    dialog?.close();
    const target = opener?.isConnected ? opener : (fallbackFocus?.() ?? null);
    target?.focus();
  });
  /** A click on the ::backdrop reaches the dialog element itself, outside its box. */
  const onClick = (e: MouseEvent) => {
    if (dialog === undefined || e.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside = e.clientX >= box.left && e.clientX <= box.right && e.clientY >= box.top && e.clientY <= box.bottom;
    if (!inside) props.onCancel();
  };
  return (
    <dialog
      ref={dialog}
      class={props.class ? `${styles.dialog} ${props.class}` : styles.dialog}
      aria-labelledby={titleId}
      onCancel={(e) => (e.preventDefault(), props.onCancel())}
      onClick={onClick}
    >
      <h2 id={titleId} class={styles.heading}>
        {props.title}
      </h2>
      {props.children}
    </dialog>
  );
}
