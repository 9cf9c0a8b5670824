// Sign in: phone → code → (two-step password | new-account name). Each step is a small form; the session store does the
// talking and keeps what was typed, so a failed attempt can be corrected and retried.
import { A } from '@solidjs/router';
import { createSignal, Match, onCleanup, onMount, Show, Switch, type JSX } from 'solid-js';
import { ErrorText } from '../components/ErrorText';
import { TextField } from '../components/TextField';
import { Screen } from '../components/Screen';
import { useSession, useSettings } from '../stores/context';
import { linkOfRoute, linkSubject } from '../stores/linkStore';
import { pendingLink } from '../stores/pendingLink';
import styles from './SignInScreen.module.css';
import { MY_TELEGRAM_STEPS } from '../apiCredentialsText';
import { codeStepText, countdownText, nextDeliveryLabel } from '../codeDeliveryText';

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

/** Telegram without an api_id / api_hash: say where they come from instead of sending a code that cannot work. */
function SetupNeeded(): JSX.Element {
  return (
    <section class={styles.form} aria-labelledby="setup-heading">
      <h2 id="setup-heading">Telegram needs an api_id and api_hash first</h2>
      <p>Telegram gives every app its own pair at my.telegram.org; there is none that works for everybody.</p>
      <p>{MY_TELEGRAM_STEPS} Enter them in Settings; the local server needs neither.</p>
      <A href="/settings" class="button button-primary">
        Open Settings
      </A>
    </section>
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

/** Date.now(), updated every second while mounted: for the "send the code another way" countdown. */
function useNow(): () => number {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 1000);
  onCleanup(() => clearInterval(timer));
  return now;
}

/** "Send the code by SMS" (auth.resendCode, next_type), disabled with a countdown until sentCode.timeout has passed. */
function ResendButton(props: { onResend(): void }): JSX.Element {
  const session = useSession();
  const now = useNow();
  const msLeft = () => (session.state.nextAt === null ? 0 : session.state.nextAt - now());
  return (
    <Show when={session.state.next}>
      {(next) => (
        <button
          type="button"
          class="button button-secondary"
          disabled={session.state.busy || msLeft() > 0}
          onClick={() => props.onResend()}
        >
          {nextDeliveryLabel(next())}
          {msLeft() > 0 ? ` (in ${countdownText(msLeft())})` : ''}
        </button>
      )}
    </Show>
  );
}

function ChangeNumberButton(props: { label?: string }): JSX.Element {
  const session = useSession();
  return (
    <button type="button" class="button button-secondary" onClick={() => session.changePhone()}>
      {props.label ?? 'Change number'}
    </button>
  );
}

function CodeStep(): JSX.Element {
  const session = useSession();
  const hasError = useHasError();
  const [code, setCode] = createSignal('');
  const text = () => codeStepText(session.state.delivery ?? { kind: 'app', length: 5 }, session.state.phone);
  return (
    <form
      class={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        void session.submitCode(code());
      }}
    >
      <p id="code-lead">{text().lead}</p>
      <Show when={text().link}>
        {(link) => (
          <a href={link().href} target="_blank" rel="noopener noreferrer">
            {link().label}
          </a>
        )}
      </Show>
      <Show when={text().fieldLabel}>
        {(label) => (
          <>
            <TextField
              id="code"
              label={label()}
              inputmode="numeric"
              autocomplete="one-time-code"
              required
              value={code()}
              onValue={setCode}
              invalid={hasError()}
              describedBy={['code-lead', hasError() && ERROR_ID]}
              ref={focusOnMount()}
            />
          </>
        )}
      </Show>
      <ErrorText id={ERROR_ID} message={session.state.error} />
      <Show when={text().fieldLabel}>
        <SubmitButton busy={session.state.busy} label="Sign in" busyLabel="Signing in…" />
      </Show>
      <div class={styles.secondary}>
        <ResendButton
          onResend={() => {
            setCode('');
            void session.resendCode();
          }}
        />
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
        <ChangeNumberButton />
      </div>
    </form>
  );
}

/** auth.sentCodeTypeSetUpEmailRequired: Telegram wants an email address for login codes before it sends one. */
function EmailSetupStep(): JSX.Element {
  const session = useSession();
  const hasError = useHasError();
  const [email, setEmail] = createSignal('');
  return (
    <form
      class={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        void session.submitLoginEmail(email());
      }}
    >
      <p id="email-lead">
        Before it sends a code to +{session.state.phone}, Telegram asks for an email address for your login codes. Enter
        one you can read now: we will send a code there to check it.
      </p>
      <TextField
        id="login-email"
        label="Email"
        type="email"
        autocomplete="email"
        required
        value={email()}
        onValue={setEmail}
        invalid={hasError()}
        describedBy={['email-lead', hasError() && ERROR_ID]}
        ref={focusOnMount()}
      />
      <ErrorText id={ERROR_ID} message={session.state.error} />
      <SubmitButton busy={session.state.busy} label="Send code to this email" busyLabel="Sending…" />
      <div class={styles.secondary}>
        <ChangeNumberButton />
      </div>
    </form>
  );
}

function EmailSetupCodeStep(): JSX.Element {
  const session = useSession();
  const hasError = useHasError();
  const [code, setCode] = createSignal('');
  return (
    <form
      class={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        void session.submitLoginEmailCode(code());
      }}
    >
      <p id="email-code-lead">We sent a code to {session.state.setupEmailPattern} to check the address.</p>
      <TextField
        id="login-email-code"
        label="Code from the email"
        inputmode="numeric"
        autocomplete="one-time-code"
        required
        value={code()}
        onValue={setCode}
        invalid={hasError()}
        describedBy={['email-code-lead', hasError() && ERROR_ID]}
        ref={focusOnMount()}
      />
      <ErrorText id={ERROR_ID} message={session.state.error} />
      <SubmitButton busy={session.state.busy} label="Confirm email" busyLabel="Checking…" />
      <div class={styles.secondary}>
        <ChangeNumberButton />
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
  const [accepted, setAccepted] = createSignal(false);
  return (
    <form
      class={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        void session.submitSignUp(firstName(), lastName(), accepted());
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
      <TextField
        id="last-name"
        label="Last name (optional)"
        autocomplete="family-name"
        maxlength={64}
        value={lastName()}
        onValue={setLastName}
      />
      <Show when={session.state.termsOfService}>
        {(terms) => (
          <section class={styles.terms} aria-labelledby="terms-heading">
            <h2 id="terms-heading">Terms of Service</h2>
            {/* Focusable so that the text can be scrolled from the keyboard. */}
            <div class={styles.termsText} tabindex="0" role="document" aria-labelledby="terms-heading">
              {terms().text}
            </div>
            <label class={styles.accept}>
              <input
                type="checkbox"
                required
                checked={accepted()}
                onChange={(event) => setAccepted(event.currentTarget.checked)}
              />
              {terms().minAge === null
                ? 'I accept the Terms of Service'
                : `I accept the Terms of Service and I am at least ${terms().minAge} years old`}
            </label>
          </section>
        )}
      </Show>
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
  emailSetup: 'Add a login email',
  emailSetupCode: 'Check your email',
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
        <Match when={session.state.step === 'phone' && session.credentialProblems().length > 0}>
          <SetupNeeded />
        </Match>
        <Match when={session.state.step === 'phone'}>
          <PhoneStep />
        </Match>
        <Match when={session.state.step === 'code'}>
          <CodeStep />
        </Match>
        <Match when={session.state.step === 'emailSetup'}>
          <EmailSetupStep />
        </Match>
        <Match when={session.state.step === 'emailSetupCode'}>
          <EmailSetupCodeStep />
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
