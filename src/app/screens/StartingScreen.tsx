// Shown while the app asks the server whether the saved session is still signed in, or when it cannot reach it.
import { A } from '@solidjs/router';
import { Show, type JSX } from 'solid-js';
import { ErrorText } from '../components/ErrorText';
import { Screen } from '../components/Screen';
import { useSession } from '../stores/context';

export function StartingScreen(): JSX.Element {
  const session = useSession();
  return (
    <Screen title="tgcall" width="narrow">
      <Show
        when={session.state.error}
        fallback={
          <p class="hint" role="status">
            Checking your session…
          </p>
        }
      >
        <ErrorText message={session.state.error} />
        <p style={{ display: 'flex', gap: '0.5rem', 'margin-top': '1rem' }}>
          <button type="button" class="button button-primary" onClick={() => void session.start()}>
            Try again
          </button>
          <A href="/settings" class="button button-secondary">
            Settings
          </A>
        </p>
      </Show>
    </Screen>
  );
}
