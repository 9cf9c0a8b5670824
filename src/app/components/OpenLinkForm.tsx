// "Open a link" on the chat list: a pasted t.me / tg: / web+tg: link (or this app's own /join address) goes to the join
// screen, which resolves it or says why it cannot. Also offers to open web+tg: links with this app.
import { useNavigate } from '@solidjs/router';
import { createSignal, createUniqueId, Show, type JSX } from 'solid-js';
import { joinRouteForText } from '../joinRouteForText';
import { canRegisterProtocolHandler, registerWebTgHandler } from '../protocolHandler';

export function OpenLinkForm(): JSX.Element {
  const id = createUniqueId();
  const navigate = useNavigate();
  const [text, setText] = createSignal('');
  const [handlerStatus, setHandlerStatus] = createSignal<string | null>(null);

  function registerHandler(): void {
    try {
      registerWebTgHandler();
      setHandlerStatus('Your browser will ask whether tgcall may open web+tg: links.');
    } catch (error) {
      console.debug('[tgcall] registerProtocolHandler refused', error);
      setHandlerStatus('This browser did not let tgcall open web+tg: links.');
    }
  }

  return (
    <form
      style={{ display: 'flex', 'flex-direction': 'column', gap: '0.4rem', 'margin-bottom': '1rem', 'padding-bottom': '1rem', 'border-bottom': '1px solid #eef1f3' }}
      onSubmit={(e) => {
        e.preventDefault();
        if (text().trim() !== '') navigate(joinRouteForText(text(), window.location.origin));
      }}
    >
      <label for={id}>Open a link</label>
      <div style={{ display: 'flex', gap: '0.5rem' }}>
        <input
          id={id}
          type="text"
          inputmode="url"
          placeholder="https://t.me/groupname?videochat=…"
          style={{ flex: '1', 'min-width': '0' }}
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" class="button button-secondary" disabled={text().trim() === ''}>
          Open
        </button>
      </div>
      <Show when={canRegisterProtocolHandler()}>
        <button type="button" class="button button-secondary" style={{ 'align-self': 'flex-start' }} onClick={registerHandler}>
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
