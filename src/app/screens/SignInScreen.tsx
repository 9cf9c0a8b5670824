// Sign in: phone → code → (two-step password | new-account name). Each step is a small form; the session store does the
// talking and keeps what was typed, so a failed attempt can be corrected and retried.
import { A } from '@solidjs/router';
import { createSignal, Match, onCleanup, onMount, Show, Switch, untrack, type JSX } from 'solid-js';
import { ErrorText } from '../components/ErrorText';
import { TextField, type TextFieldProps } from '../components/TextField';
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
  const settings = useSettings();
  return (
    <CodeFormStep
      id="phone"
      lead="Enter your phone number with the country code."
      leadIsHint
      label="Phone number"
      initial={session.state.phone}
      field={{ type: 'tel', autocomplete: 'tel', inputmode: 'tel' }}
      submitLabel="Send code"
      busyLabel="Sending code…"
      onSubmit={(phone) => void session.submitPhone(phone)}
      after={
        <Show when={settings.settings.endpoint === 'local'}>
          <LocalServerHint />
        </Show>
      }
    />
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

/**
 * One step of the sign-in that asks for one thing (the phone number, a code, an email, the password): a lead that says
 * why, the field (focused, marked invalid and described by the error when the step failed), the error, the submit
 * button, and the step's other ways out.
 */
function CodeFormStep(props: {
  /** The field's id; the lead is `${id}-lead`. */
  id: string;
  lead: JSX.Element;
  /** The lead is a hint (smaller) rather than the step's question. */
  leadIsHint?: boolean;
  label: string;
  initial?: string;
  field?: Pick<TextFieldProps, 'type' | 'autocomplete' | 'inputmode' | 'maxlength'>;
  /** Shown under the field (a hint whose id is in `describedBy`). */
  fieldHint?: JSX.Element;
  describedBy?: ReadonlyArray<string | false | null | undefined>;
  /** Before the field (a hidden username for password managers). */
  before?: JSX.Element;
  submitLabel: string;
  busyLabel: string;
  onSubmit(value: string): void;
  /** Under the submit button (a hint). */
  after?: JSX.Element;
  secondary?: JSX.Element;
}): JSX.Element {
  const session = useSession();
  const hasError = useHasError();
  const [value, setValue] = createSignal(props.initial ?? '');
  const leadId = `${untrack(() => props.id)}-lead`;
  return (
    <form
      class={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit(value());
      }}
    >
      <p id={leadId} class={props.leadIsHint ? 'hint' : undefined}>
        {props.lead}
      </p>
      {props.before}
      <TextField
        id={props.id}
        label={props.label}
        {...(props.field ?? {})}
        required
        value={value()}
        onValue={setValue}
        invalid={hasError()}
        describedBy={[leadId, ...(props.describedBy ?? []), hasError() && ERROR_ID]}
        ref={focusOnMount()}
      >
        {props.fieldHint}
      </TextField>
      <ErrorText id={ERROR_ID} message={session.state.error} />
      <SubmitButton busy={session.state.busy} label={props.submitLabel} busyLabel={props.busyLabel} />
      {props.after}
      <Show when={props.secondary}>
        <div class={styles.secondary}>{props.secondary}</div>
      </Show>
    </form>
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
  return (
    <CodeFormStep
      id="login-email"
      lead={
        <>
          Before it sends a code to +{session.state.phone}, Telegram asks for an email address for your login codes.
          Enter one you can read now: we will send a code there to check it.
        </>
      }
      label="Email"
      field={{ type: 'email', autocomplete: 'email' }}
      submitLabel="Send code to this email"
      busyLabel="Sending…"
      onSubmit={(email) => void session.submitLoginEmail(email)}
      secondary={<ChangeNumberButton />}
    />
  );
}

function EmailSetupCodeStep(): JSX.Element {
  const session = useSession();
  return (
    <CodeFormStep
      id="login-email-code"
      lead={<>We sent a code to {session.state.setupEmailPattern} to check the address.</>}
      label="Code from the email"
      field={{ inputmode: 'numeric', autocomplete: 'one-time-code' }}
      submitLabel="Confirm email"
      busyLabel="Checking…"
      onSubmit={(code) => void session.submitLoginEmailCode(code)}
      secondary={<ChangeNumberButton />}
    />
  );
}

function PasswordStep(): JSX.Element {
  const session = useSession();
  return (
    <CodeFormStep
      id="password"
      lead="This account is protected with an additional password."
      label="Password"
      field={{ type: 'password', autocomplete: 'current-password' }}
      // Lets password managers file the password under the phone number.
      before={<input type="text" autocomplete="username" value={`+${session.state.phone}`} hidden readOnly />}
      fieldHint={
        <Show when={session.state.passwordHint}>
          <p id="password-hint" class="hint">
            Hint: {session.state.passwordHint}
          </p>
        </Show>
      }
      describedBy={[session.state.passwordHint !== '' && 'password-hint']}
      submitLabel="Continue"
      busyLabel="Checking…"
      onSubmit={(password) => void session.submitPassword(password)}
      secondary={<ChangeNumberButton label="Use another number" />}
    />
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
        <ChangeNumberButton label="Use another number" />
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
