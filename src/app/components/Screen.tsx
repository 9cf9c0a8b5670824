// The frame of every screen: a header with the screen's title (h1) and actions, and the main content in a card.
import { createEffect, onMount, Show, type JSX } from 'solid-js';
import styles from './Screen.module.css';

export interface ScreenProps {
  title: string;
  /** Links / buttons at the right of the header. */
  actions?: JSX.Element;
  /** Narrow card for forms (sign-in), wide for lists, call for the call screen (stage and people side by side). */
  width?: 'narrow' | 'wide' | 'call';
  children: JSX.Element;
}

export function Screen(props: ScreenProps): JSX.Element {
  // Screen readers announce the page title on navigation; keep it in step with the screen.
  createEffect(() => {
    document.title = props.title === 'tgcall' ? 'tgcall' : `${props.title} · tgcall`;
  });
  let heading: HTMLHeadingElement | undefined;
  // A new screen: focus its title (as a screen reader expects after navigation), unless something on it already took
  // focus (a form's first field, the call's microphone button). Without this, focus falls to the page's body.
  onMount(() => {
    requestAnimationFrame(() => {
      const active = document.activeElement;
      if (active === null || active === document.body || !active.isConnected) heading?.focus({ preventScroll: true });
    });
  });
  return (
    <main class={styles.screen} data-width={props.width ?? 'wide'}>
      <header class={styles.header}>
        <h1 ref={heading} class={styles.title} tabindex="-1">
          {props.title}
        </h1>
        <Show when={props.actions}>
          <nav class={styles.actions} aria-label={`${props.title} actions`}>
            {props.actions}
          </nav>
        </Show>
      </header>
      <div class={styles.card}>{props.children}</div>
    </main>
  );
}
