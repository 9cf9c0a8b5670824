// An error sentence announced to screen readers as it appears (role=alert); renders nothing when there is none.
import { Show, type JSX } from 'solid-js';

export function ErrorText(props: { message: string | null | undefined; id?: string }): JSX.Element {
  return (
    <Show when={props.message}>
      <p class="error" role="alert" id={props.id}>
        {props.message}
      </p>
    </Show>
  );
}
