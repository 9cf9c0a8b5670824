// Settings: which server (local / Telegram / Telegram test DCs), api_id and api_hash, appearance (system / light /
// dark), the microphone, speaker and camera (with a level meter), and signing out.
import { A, useNavigate } from '@solidjs/router';
import { createSignal, For, Show, type JSX } from 'solid-js';
import { Screen } from '../components/Screen';
import { DevicePanel } from '../components/devices/DevicePanel';
import { TextField } from '../components/TextField';
import type { EndpointKind } from '../stores/backend';
import { apiCredentialProblems, type ApiCredentialProblem } from '../stores/settingsStore';
import { MY_TELEGRAM_STEPS } from '../apiCredentialsText';
import { useCall, useDevices, useSession, useSettings } from '../stores/context';
import { saveTheme, storedTheme, type ThemeChoice } from '../theme';
import styles from './SettingsScreen.module.css';

const endpoints: { kind: EndpointKind; label: string; description: string }[] = [
  { kind: 'local', label: 'Local server', description: 'The bundled server: test accounts, no internet needed.' },
  { kind: 'production', label: 'Telegram', description: 'Your real Telegram account. Needs your api_id and api_hash.' },
  {
    kind: 'test',
    label: 'Telegram test DC',
    description: "Telegram's test servers, with test accounts. Needs your api_id and api_hash.",
  },
];

function problemSentence(problems: readonly ApiCredentialProblem[]): string {
  const missing = problems.filter((p) => p.endsWith('missing')).map((p) => p.split(' ')[0]);
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`Telegram needs your own ${missing.join(' and ')} from my.telegram.org.`);
  if (problems.includes('api_hash malformed'))
    parts.push('That api_hash is not 32 letters and digits: copy “App api_hash” whole.');
  // The steps themselves are in the hint just above the fields (api-help), which the fields also point to.
  return parts.join(' ');
}

const themes: { choice: ThemeChoice; label: string }[] = [
  { choice: 'system', label: 'As the system' },
  { choice: 'light', label: 'Light' },
  { choice: 'dark', label: 'Dark' },
];

export function SettingsScreen(): JSX.Element {
  const settings = useSettings();
  const devices = useDevices();
  const call = useCall();
  const [theme, setTheme] = createSignal<ThemeChoice>(storedTheme(window.localStorage));
  const session = useSession();
  const navigate = useNavigate();
  const [endpoint, setEndpoint] = createSignal<EndpointKind>(settings.settings.endpoint);
  const [apiId, setApiId] = createSignal(settings.settings.apiId === null ? '' : String(settings.settings.apiId));
  const [apiHash, setApiHash] = createSignal(settings.settings.apiHash);
  const [status, setStatus] = createSignal('');
  const [apiIdError, setApiIdError] = createSignal<string | null>(null);
  const [setupError, setSetupError] = createSignal<string | null>(null);

  function save(): void {
    setStatus('');
    const text = apiId().trim();
    const id = text === '' ? null : Number(text);
    if (id !== null && (!Number.isInteger(id) || id <= 0)) {
      setApiIdError('api_id is a positive whole number (from my.telegram.org).');
      return;
    }
    setApiIdError(null);
    const next = { endpoint: endpoint(), apiId: id, apiHash: apiHash().trim() };
    const problems = apiCredentialProblems(next);
    if (problems.length > 0) {
      setSetupError(problemSentence(problems));
      return;
    }
    setSetupError(null);
    session.applySettings(next);
    setStatus('Settings saved.');
  }

  const backHref = () => (session.state.phase === 'signedIn' ? '/' : '/sign-in');

  return (
    <Screen
      title="Settings"
      actions={
        <A href={backHref()} class="button button-secondary">
          Back
        </A>
      }
    >
      <form
        class={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <fieldset class={styles.group}>
          <legend>Server</legend>
          <For each={endpoints}>
            {(option) => (
              <label class={styles.option}>
                <input
                  type="radio"
                  name="endpoint"
                  value={option.kind}
                  checked={endpoint() === option.kind}
                  onChange={() => setEndpoint(option.kind)}
                  aria-labelledby={`endpoint-${option.kind}-label`}
                  aria-describedby={`endpoint-${option.kind}-description`}
                />
                <span>
                  <span id={`endpoint-${option.kind}-label`} class={styles.optionLabel}>
                    {option.label}
                  </span>
                  <span id={`endpoint-${option.kind}-description`} class="hint">
                    {option.description}
                  </span>
                </span>
              </label>
            )}
          </For>
        </fieldset>
        <div class={styles.row}>
          <TextField
            id="api-id"
            label="api_id"
            inputmode="numeric"
            value={apiId()}
            onValue={setApiId}
            invalid={apiIdError() !== null || setupError() !== null}
            describedBy={[apiIdError() !== null ? 'api-id-error' : 'api-help', setupError() !== null && 'setup-error']}
          />
          <TextField
            id="api-hash"
            label="api_hash"
            autocomplete="off"
            spellcheck={false}
            value={apiHash()}
            onValue={setApiHash}
            invalid={setupError() !== null}
            describedBy={['api-help', setupError() !== null && 'setup-error']}
          />
        </div>
        <p id="api-help" class="hint">
          {endpoint() === 'local'
            ? 'The local server accepts any values: leave them empty.'
            : `Your own, from my.telegram.org: Telegram has none that work for everybody. ${MY_TELEGRAM_STEPS}`}
        </p>
        <Show when={setupError()}>
          <p id="setup-error" class="error" role="alert">
            {setupError()}
          </p>
        </Show>
        <Show when={apiIdError()}>
          <p id="api-id-error" class="error" role="alert">
            {apiIdError()}
          </p>
        </Show>
        <div class={styles.actions}>
          <button type="submit" class="button button-primary">
            Save
          </button>
          <span role="status" class={styles.status}>
            {status()}
          </span>
        </div>
      </form>

      <div class={styles.section}>
        <fieldset class={styles.group}>
          <legend>Appearance</legend>
          <div class={styles.themes}>
            <For each={themes}>
              {(option) => (
                <label class={styles.option}>
                  <input
                    type="radio"
                    name="theme"
                    value={option.choice}
                    checked={theme() === option.choice}
                    onChange={() => {
                      setTheme(option.choice);
                      saveTheme(option.choice, window.localStorage);
                    }}
                  />
                  <span class={styles.optionLabel}>{option.label}</span>
                </label>
              )}
            </For>
          </div>
        </fieldset>
      </div>

      <section class={styles.section} aria-labelledby="devices-heading">
        <h2 id="devices-heading">Microphone, speaker and camera</h2>
        <DevicePanel
          devices={devices}
          idPrefix="settings"
          withTest
          onMicrophone={(id) => void call.chooseMicrophone(id)}
          onSpeaker={(id) => void call.chooseSpeaker(id)}
        />
      </section>

      <Show when={session.state.phase === 'signedIn' && session.state.user}>
        {(user) => (
          <section class={styles.account} aria-labelledby="account-heading">
            <h2 id="account-heading">Account</h2>
            <p>
              Signed in as <strong>{[user().firstName, user().lastName].filter(Boolean).join(' ')}</strong>
              <Show when={user().phone}> (+{user().phone})</Show>
            </p>
            <button
              type="button"
              class="button button-danger"
              disabled={session.state.busy}
              onClick={() => {
                void session.signOut().then(() => navigate('/sign-in', { replace: true }));
              }}
            >
              Sign out
            </button>
          </section>
        )}
      </Show>
    </Screen>
  );
}
