// Who is signed in and the sign-in conversation (phone → code → password or sign-up). Owns the Backend: it builds one
// from the settings, rebuilds it when the settings change, and exposes its connection state for the banner.
import { createSignal, onCleanup } from 'solid-js';
import { createStore } from 'solid-js/store';
import { isRpcErrorLike, isSignedOutError, messageForError } from '../errorMessages';
import type {
  Backend,
  CodeDelivery,
  CodeOutcome,
  ConnectionState,
  FloodWaitNotice,
  NextDelivery,
  SelfUser,
  TermsOfService,
} from './backend';
import { apiCredentialProblems, type Settings, type SettingsStore } from './settingsStore';

export type SessionPhase = 'starting' | 'signedOut' | 'signedIn';
/** emailSetup / emailSetupCode: Telegram wants a login email first (auth.sentCodeTypeSetUpEmailRequired). */
export type AuthStep = 'phone' | 'code' | 'emailSetup' | 'emailSetupCode' | 'password' | 'signUp';

export interface SessionState {
  phase: SessionPhase;
  user: SelfUser | null;
  step: AuthStep;
  /** Digits only, as sent to the server. */
  phone: string;
  phoneCodeHash: string;
  /** How the current code was sent (auth.sentCode.type). */
  delivery: CodeDelivery | null;
  /** The other way auth.resendCode would use (next_type), or null. */
  next: NextDelivery | null;
  /** When (Date.now() ms) asking for `next` makes sense (sentCode.timeout); null = now. */
  nextAt: number | null;
  /** The masked address a login-email setup code went to. */
  setupEmailPattern: string;
  /** Terms shown at sign-up, which must be accepted to create the account. */
  termsOfService: TermsOfService | null;
  passwordHint: string;
  busy: boolean;
  /** A sentence for the person, or null. */
  error: string | null;
  /** The raw error type behind `error` (e.g. PHONE_CODE_EXPIRED), so a screen can offer the right way out. */
  errorType: string | null;
  connection: ConnectionState;
  /** Calls waiting out a FLOOD_WAIT_X now (the backend's floodWaits), for the countdown under the connection banner. */
  floodWaits: FloodWaitNotice[];
}

export interface SessionDeps {
  settings: SettingsStore;
  connect: (settings: Settings) => Backend;
}

/** Spaces, dashes, brackets and a leading + are how people write numbers; the server wants the digits. */
export function normalisePhone(input: string): string {
  return input.replace(/[\s\-().+]/g, '');
}

const initialAuth = {
  step: 'phone' as AuthStep,
  phoneCodeHash: '',
  delivery: null,
  next: null,
  nextAt: null,
  setupEmailPattern: '',
  termsOfService: null,
  passwordHint: '',
  busy: false,
  error: null,
  errorType: null,
};

export function createSessionStore(deps: SessionDeps) {
  const [state, setState] = createStore<SessionState>({
    phase: 'starting',
    user: null,
    phone: '',
    connection: 'connecting',
    floodWaits: [],
    ...initialAuth,
  });
  const [backend, setBackend] = createSignal<Backend>(deps.connect(deps.settings.settings));
  let unsubscribeConnection: () => void = () => {};
  let startAttempt = 0;

  function useBackend(next: Backend): void {
    unsubscribeConnection();
    if (next !== backend()) setBackend(() => next);
    setState('connection', next.connection.state);
    const unsubscribeState = next.connection.subscribe((connection) => {
      setState('connection', connection);
      // A start that failed because the server was unreachable is retried as soon as the connection is back.
      if (connection === 'ready' && state.phase === 'starting' && state.error) void start();
    });
    setState('floodWaits', [...(next.floodWaits?.state ?? [])]);
    const unsubscribeWaits = next.floodWaits?.subscribe((waits) => setState('floodWaits', [...waits]));
    unsubscribeConnection = () => {
      unsubscribeState();
      unsubscribeWaits?.();
    };
  }

  function fail(error: unknown): void {
    setState({ busy: false, error: messageForError(error), errorType: isRpcErrorLike(error) ? error.type : null });
  }

  /** A code on its way (to the code step, or the email setup first), or Telegram signed the device straight in. */
  function codeOutcome(sent: CodeOutcome | undefined): void {
    if (!sent) return;
    if (sent.kind === 'signedIn') {
      signedIn(sent.user);
      return;
    }
    setState({
      step: sent.delivery.kind === 'setUpEmail' ? 'emailSetup' : 'code',
      phoneCodeHash: sent.phoneCodeHash,
      delivery: sent.delivery,
      next: sent.next,
      nextAt: sent.timeoutSeconds === null ? null : Date.now() + sent.timeoutSeconds * 1000,
    });
  }

  function signedIn(user: SelfUser): void {
    setState({ phase: 'signedIn', user, ...initialAuth });
  }

  function signedOut(): void {
    setState({ phase: 'signedOut', user: null, ...initialAuth });
  }

  /** Telegram without an api_id / api_hash: nothing is asked of the server until Settings has them. */
  const setupNeeded = () => apiCredentialProblems(deps.settings.settings).length > 0;

  /** Ask the server who we are: a persisted auth key may still be signed in. */
  async function start(): Promise<void> {
    const attempt = ++startAttempt;
    if (setupNeeded()) {
      signedOut();
      return;
    }
    setState({ phase: 'starting', error: null, errorType: null });
    try {
      const user = await backend().getSelf();
      if (attempt !== startAttempt) return;
      if (user) signedIn(user);
      else signedOut();
    } catch (error) {
      if (attempt !== startAttempt) return;
      if (isSignedOutError(error)) signedOut();
      else fail(error);
    }
  }

  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    setState({ busy: true, error: null, errorType: null });
    try {
      const result = await action();
      setState('busy', false);
      return result;
    } catch (error) {
      fail(error);
      return undefined;
    }
  }

  useBackend(backend());
  onCleanup(() => {
    unsubscribeConnection();
    backend().dispose();
  });

  return {
    state,
    backend,
    start,

    /** What Settings must still get before Telegram can be asked anything (empty for the local server). */
    credentialProblems: () => apiCredentialProblems(deps.settings.settings),

    async submitPhone(input: string): Promise<void> {
      const phone = normalisePhone(input);
      setState('phone', phone);
      if (setupNeeded()) return;
      codeOutcome(await run(() => backend().sendCode(phone)));
    },

    /** "Send the code another way": auth.resendCode, which uses next_type. */
    async resendCode(): Promise<void> {
      codeOutcome(await run(() => backend().resendCode(state.phone, state.phoneCodeHash)));
    },

    async submitCode(code: string): Promise<void> {
      const entry = state.delivery?.kind === 'email' ? { emailCode: code.trim() } : { code: code.trim() };
      const outcome = await run(() => backend().signIn(state.phone, state.phoneCodeHash, entry));
      if (!outcome) return;
      if (outcome.kind === 'signedIn') signedIn(outcome.user);
      else if (outcome.kind === 'passwordNeeded') setState({ step: 'password', passwordHint: outcome.hint });
      else setState({ step: 'signUp', termsOfService: outcome.termsOfService });
    },

    /** Login email setup, step 1: the address. */
    async submitLoginEmail(email: string): Promise<void> {
      const sent = await run(() => backend().sendLoginEmailCode(state.phone, state.phoneCodeHash, email.trim()));
      if (sent) setState({ step: 'emailSetupCode', setupEmailPattern: sent.emailPattern });
    },

    /** Step 2: the code from that email; then the login code comes the way Telegram says. */
    async submitLoginEmailCode(code: string): Promise<void> {
      codeOutcome(await run(() => backend().verifyLoginEmail(state.phone, state.phoneCodeHash, code.trim())));
    },

    async submitPassword(password: string): Promise<void> {
      const user = await run(() => backend().checkPassword(password));
      if (user) signedIn(user);
    },

    /** `acceptedTerms`: the person ticked "I accept" for the terms shown (required when there are any). */
    async submitSignUp(firstName: string, lastName: string, acceptedTerms = false): Promise<void> {
      const terms = state.termsOfService;
      if (terms && !acceptedTerms) {
        setState({ error: 'Accept the Terms of Service to create your account.', errorType: 'TERMS_NOT_ACCEPTED' });
        return;
      }
      const user = await run(() =>
        backend().signUp(state.phone, state.phoneCodeHash, firstName.trim(), lastName.trim(), terms),
      );
      if (user) signedIn(user);
    },

    /** "Retry now" from the connection banner. */
    reconnectNow(): void {
      backend().reconnectNow();
    },

    /** Back to the phone step, keeping the number typed so far; a code on its way is cancelled (auth.cancelCode). */
    changePhone(): void {
      const { phone, phoneCodeHash, step } = state;
      if (phoneCodeHash !== '' && step !== 'password') {
        backend()
          .cancelCode(phone, phoneCodeHash)
          // Going back works whatever the server says; an expired code needs no cancelling.
          .catch((error: unknown) => console.debug('auth.cancelCode failed', error));
      }
      setState({ ...initialAuth });
    },

    async signOut(): Promise<void> {
      setState({ busy: true, error: null, errorType: null });
      try {
        await backend().logOut();
      } catch (error) {
        // Signing out locally is what the person asked for; the server forgets the key when it can.
        if (!isSignedOutError(error)) console.warn('auth.logOut failed; signing out locally', error);
      }
      signedOut();
    },

    /** Any call that finds the session gone (revoked elsewhere) sends the person back to sign-in. */
    noticeError(error: unknown): void {
      if (isSignedOutError(error)) signedOut();
    },

    /** Save new settings; a new endpoint or api_id means a new backend and a fresh session check. */
    applySettings(next: Settings): void {
      const current = deps.settings.settings;
      const changed =
        next.endpoint !== current.endpoint || next.apiId !== current.apiId || next.apiHash !== current.apiHash;
      deps.settings.save(next);
      if (!changed) return;
      const old = backend();
      useBackend(deps.connect(next));
      old.dispose();
      void start();
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
