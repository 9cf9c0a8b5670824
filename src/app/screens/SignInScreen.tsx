// Sign in: phone → code → (two-step password | new-account name). Each step is a small form; the session store does the
// talking and keeps what was typed, so a failed attempt can be corrected and retried.
import { A } from '@solidjs/router';
import { createSignal, Match, onMount, Show, Switch, type JSX } from 'solid-js';
import { ErrorText } from '../components/ErrorText';
import { TextField } from '../components/TextField';
import { Screen } from '../components/Screen';
import { useSession, useSettings } from '../stores/context';
import { linkOfRoute, linkSubject } from '../stores/linkStore';
import { pendingLink } from '../stores/pendingLink';
import styles from './SignInScreen.module.css';

const ERROR_ID = 'sign-in-error';

/** Whether the sign-in's last step failed (its sentence is in the element ERROR_ID). */
function useHasError(): () => boolean {
  const session = useSession();
  return () => session.state.error !== null && session.state.error !== '';
}

function focusOnMount(): (el: HTMLInputElement) => void {
  return (el) => onMount(() => el.focus());
}

function SubmitButton(props: { busy: boolean; label: string; busyLabel: string }): JSX.Element {
  return (
    <button type="submit" class="button button-primary" disabled={props.busy} aria-busy={props.busy}>
      {props.busy ? props.busyLabel : props.label}
    </button>
  );
}

function LocalServerHint(): JSX.Element {
  return (
    <aside class={styles.hint} aria-label="How to sign in on the local server">
      <p>
        <strong>Local server.</strong> Use a test phone number <code>99966XYYYY</code>: X is 1, 2 or 3, Y any digits.
        The code is X five times.
      </p>
      <p>
        For example <code>9996610001</code> with code <code>11111</code>. A number nobody has used yet creates a new
        account.
      </p>
    </aside>
  );
}

function PhoneStep(): JSX.Element {
  const session = useSession();
  const hasError = useHasError();
  const settings = useSettings();
  const [phone, setPhone] = createSignal(session.state.phone);
  return (
    <form
      class={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        void session.submitPhone(phone());
      }}
    >
      <p class="hint">Enter your phone number with the country code.</p>
      <TextField
        id="phone"
        label="Phone number"
        type="tel"
        autocomplete="tel"
        inputmode="tel"
        required
        value={phone()}
        onValue={setPhone}
        invalid={hasError()}
        describedBy={[hasError() && ERROR_ID]}
        ref={focusOnMount()}
      />
      <ErrorText id={ERROR_ID} message={session.state.error} />
      <SubmitButton busy={session.state.busy} label="Send code" busyLabel="Sending code…" />
      <Show when={settings.settings.endpoint === 'local'}>
        <LocalServerHint />
      </Show>
    </form>
  );
}

function CodeStep(): JSX.Element {
  const session = useSession();
  const hasError = useHasError();
  const [code, setCode] = createSignal('');
  return (
    <form
      class={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        void session.submitCode(code());
      }}
    >
      <p>
        We sent a code to <strong>+{session.state.phone}</strong>.
      </p>
      <TextField
        id="code"
        label="Code"
        inputmode="numeric"
        autocomplete="one-time-code"
        required
        value={code()}
        onValue={setCode}
        invalid={hasError()}
        describedBy={[hasError() && ERROR_ID]}
        ref={focusOnMount()}
      />
      <ErrorText id={ERROR_ID} message={session.state.error} />
      <SubmitButton busy={session.state.busy} label="Sign in" busyLabel="Signing in…" />
      <div class={styles.secondary}>
        <Show when={session.state.errorType === 'PHONE_CODE_EXPIRED'}>
          <button
            type="button"
            class="button button-secondary"
            disabled={session.state.busy}
            onClick={() => {
              setCode('');
              void session.submitPhone(session.state.phone);
            }}
          >
            Send a new code
          </button>
        </Show>
        <button type="button" class="button button-secondary" onClick={() => session.changePhone()}>
          Change number
        </button>
      </div>
    </form>
  );
}

function PasswordStep(): JSX.Element {
  const session = useSession();
  const hasError = useHasError();
  const [password, setPassword] = createSignal('');
  return (
    <form
      class={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        void session.submitPassword(password());
      }}
    >
      <p>This account is protected with an additional password.</p>
      {/* Lets password managers file the password under the phone number. */}
      <input type="text" autocomplete="username" value={`+${session.state.phone}`} hidden readOnly />
      <TextField
        id="password"
        label="Password"
        type="password"
        autocomplete="current-password"
        required
        value={password()}
        onValue={setPassword}
        invalid={hasError()}
        describedBy={[session.state.passwordHint !== '' && 'password-hint', hasError() && ERROR_ID]}
        ref={focusOnMount()}
      >
        <Show when={session.state.passwordHint}>
          <p id="password-hint" class="hint">
            Hint: {session.state.passwordHint}
          </p>
        </Show>
      </TextField>
      <ErrorText id={ERROR_ID} message={session.state.error} />
      <SubmitButton busy={session.state.busy} label="Continue" busyLabel="Checking…" />
      <div class={styles.secondary}>
        <button type="button" class="button button-secondary" onClick={() => session.changePhone()}>
          Use another number
        </button>
      </div>
    </form>
  );
}

function SignUpStep(): JSX.Element {
  const session = useSession();
  const hasError = useHasError();
  const [firstName, setFirstName] = createSignal('');
  const [lastName, setLastName] = createSignal('');
  return (
    <form
      class={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        void session.submitSignUp(firstName(), lastName());
      }}
    >
      <p>There is no account with +{session.state.phone} yet. Enter your name to create one.</p>
      <TextField
        id="first-name"
        label="First name"
        autocomplete="given-name"
        required
        maxlength={64}
        value={firstName()}
        onValue={setFirstName}
        describedBy={[hasError() && ERROR_ID]}
        ref={focusOnMount()}
      />
      <TextField id="last-name" label="Last name (optional)" autocomplete="family-name" maxlength={64} value={lastName()} onValue={setLastName} />
      <ErrorText id={ERROR_ID} message={session.state.error} />
      <SubmitButton busy={session.state.busy} label="Create account" busyLabel="Creating account…" />
      <div class={styles.secondary}>
        <button type="button" class="button button-secondary" onClick={() => session.changePhone()}>
          Use another number
        </button>
      </div>
    </form>
  );
}

const titles = {
  phone: 'Sign in',
  code: 'Enter the code',
  password: 'Two-step verification',
  signUp: 'Create your account',
} as const;

/** Why sign-in is asked for, when the person came from a link (kept by the /join route). */
function pendingLinkNote(): string | null {
  const route = pendingLink();
  if (route === null) return null;
  const parsed = linkOfRoute(route);
  if (!('link' in parsed)) return null;
  const what = parsed.link.kind === 'call' ? `the video chat of ${linkSubject(parsed.link)}` : 'a group’s invite link';
  return `You opened a link to ${what}. Sign in to open it; you will be asked before joining.`;
}

export function SignInScreen(): JSX.Element {
  const session = useSession();
  return (
    <Screen
      title={titles[session.state.step]}
      width="narrow"
      actions={
        <A href="/settings" class="button button-secondary">
          Settings
        </A>
      }
    >
      <Show when={pendingLinkNote()}>
        {(note) => (
          <p class={styles.pending} role="note">
            {note()}
          </p>
        )}
      </Show>
      <Switch>
        <Match when={session.state.step === 'phone'}>
          <PhoneStep />
        </Match>
        <Match when={session.state.step === 'code'}>
          <CodeStep />
        </Match>
        <Match when={session.state.step === 'password'}>
          <PasswordStep />
        </Match>
        <Match when={session.state.step === 'signUp'}>
          <SignUpStep />
        </Match>
      </Switch>
    </Screen>
  );
}
