// "Open a link" on the chat list: a pasted call link or group invite link goes to the join screen (which asks before
// joining); a plain t.me/<group> link opens that chat; anything else is refused beside the field, which keeps what was
// typed. Also offers to open web+tg: links with this app.
import { useNavigate } from '@solidjs/router';
import { createSignal, createUniqueId, Show, type JSX } from 'solid-js';
import { openLinkTarget } from '../joinRouteForText';
import { personLinkMessage, unknownUsernameMessage } from '../linkMessages';
import { canRegisterProtocolHandler, registerWebTgHandler } from '../protocolHandler';
import { messageForCallError } from '../stores/callMessages';
import { useSession } from '../stores/context';
import styles from './OpenLinkForm.module.css';

export function OpenLinkForm(): JSX.Element {
  const id = createUniqueId();
  const navigate = useNavigate();
  const session = useSession();
  const [text, setText] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [handlerStatus, setHandlerStatus] = createSignal<string | null>(null);

  function registerHandler(): void {
    try {
      registerWebTgHandler();
      setHandlerStatus('Your browser will ask whether tgcall may open web+tg: links.');
    } catch (e) {
      console.debug('[tgcall] registerProtocolHandler refused', e);
      setHandlerStatus('This browser did not let tgcall open web+tg: links.');
    }
  }

  async function open(): Promise<void> {
    setError(null);
    const target = openLinkTarget(text(), window.location.origin);
    if (target.kind === 'invalid') return void setError(target.message);
    if (target.kind === 'route') return navigate(target.route);
    setBusy(true);
    try {
      const found = await session.backend().resolveCallLink(target.username);
      if (found.kind === 'unknown-username') return void setError(unknownUsernameMessage(target.username));
      if (found.kind === 'not-a-chat') return void setError(personLinkMessage(target.username));
      navigate(`/chat/${encodeURIComponent(found.chatKey)}`);
    } catch (e) {
      setError(messageForCallError(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      class={styles.form}
      onSubmit={(e) => {
        e.preventDefault();
        if (text().trim() !== '') void open();
      }}
    >
      <label for={id}>Open a link</label>
      <div class={styles.row}>
        <input
          id={id}
          type="text"
          inputmode="url"
          placeholder="https://t.me/groupname?videochat=…"
          class={styles.input}
          value={text()}
          aria-invalid={error() !== null}
          aria-describedby={error() !== null ? `${id}-error` : undefined}
          onInput={(e) => {
            setText(e.currentTarget.value);
            setError(null);
          }}
        />
        <button type="submit" class="button button-secondary" disabled={text().trim() === '' || busy()}>
          Open
        </button>
      </div>
      <Show when={error()}>
        <p id={`${id}-error`} class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={canRegisterProtocolHandler()}>
        <button type="button" class={`button button-secondary ${styles.handler}`} onClick={registerHandler}>
          Open web+tg links with tgcall
        </button>
      </Show>
      <Show when={handlerStatus()}>
        <p class="hint" role="status">
          {handlerStatus()}
        </p>
      </Show>
    </form>
  );
}
