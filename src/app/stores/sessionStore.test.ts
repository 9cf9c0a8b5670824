import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createFakeBackend, type FakeBackend } from '../testing/fakeBackend';
import { createSessionStore, normalisePhone } from './sessionStore';
import {
  apiCredentialProblems,
  apiCredentialsFor,
  createSettingsStore,
  defaultSettings,
  parseSettings,
  type KeyValueStorage,
} from './settingsStore';

function memoryStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

function setup(backend: FakeBackend = createFakeBackend()) {
  const storage = memoryStorage();
  const built: FakeBackend[] = [];
  return createRoot(() => {
    const settings = createSettingsStore(storage, defaultSettings({}));
    const session = createSessionStore({
      settings,
      connect: () => {
        const next = built.length === 0 ? backend : createFakeBackend();
        built.push(next);
        return next;
      },
    });
    return { session, settings, storage, built };
  });
}

describe('session store', () => {
  it('starts signed out without a session and signed in with one', async () => {
    const out = setup();
    await out.session.start();
    expect(out.session.state.phase).toBe('signedOut');

    const signedIn = setup(
      createFakeBackend({ signedIn: { id: '1', firstName: 'A', lastName: '', phone: '9996610001' } }),
    );
    await signedIn.session.start();
    expect(signedIn.session.state.phase).toBe('signedIn');
    expect(signedIn.session.state.user?.firstName).toBe('A');
  });

  it('walks phone → code, keeps the step on a wrong code with a sentence, then signs in', async () => {
    const { session } = setup();
    await session.start();
    await session.submitPhone('+999 661-0001');
    expect(session.state.phone).toBe('9996610001');
    expect(session.state.step).toBe('code');

    await session.submitCode('12345');
    expect(session.state.step).toBe('code');
    expect(session.state.errorType).toBe('PHONE_CODE_INVALID');
    expect(session.state.error).toMatch(/code is not right/);
    expect(session.state.busy).toBe(false);

    await session.submitCode('11111');
    expect(session.state.phase).toBe('signedIn');
    expect(session.state.error).toBeNull();
  });

  it('asks for the password and then for nothing else', async () => {
    const { session } = setup();
    await session.start();
    await session.submitPhone('9996630000');
    await session.submitCode('33333');
    expect(session.state.step).toBe('password');
    expect(session.state.passwordHint).toBe('the usual');
    await session.submitPassword('wrong');
    expect(session.state.error).toMatch(/password is not right/);
    await session.submitPassword('secret');
    expect(session.state.phase).toBe('signedIn');
  });

  it('signs up a new number', async () => {
    const { session } = setup();
    await session.start();
    await session.submitPhone('9996620000');
    await session.submitCode('22222');
    expect(session.state.step).toBe('signUp');
    await session.submitSignUp(' Dana ', 'Doe', true);
    expect(session.state.user).toMatchObject({ firstName: 'Dana', lastName: 'Doe' });
  });

  it('follows the connection state and rebuilds the backend when the endpoint changes', async () => {
    const { session, storage, built } = setup();
    await session.start();
    built[0].setConnection('waiting-to-reconnect');
    expect(session.state.connection).toBe('waiting-to-reconnect');

    session.applySettings({ endpoint: 'test', apiId: 42, apiHash: 'abc' });
    expect(built).toHaveLength(2);
    expect(session.backend()).toBe(built[1]);
    expect(session.state.connection).toBe('ready');
    expect(JSON.parse(storage.map.get('tgcall:settings')!)).toEqual({ endpoint: 'test', apiId: 42, apiHash: 'abc' });

    session.applySettings({ endpoint: 'test', apiId: 42, apiHash: 'abc' });
    expect(built).toHaveLength(2);
  });

  it('Telegram without api_id / api_hash asks the server nothing: signed out at once, no code sent', async () => {
    const backend = createFakeBackend({ signedIn: { id: '1', firstName: 'A', lastName: '', phone: '1' } });
    let asked = 0;
    backend.getSelf = async () => {
      asked++;
      return null;
    };
    backend.sendCode = async () => {
      asked++;
      throw new Error('must not be called');
    };
    const { session, settings } = setup(backend);
    settings.save({ endpoint: 'production', apiId: null, apiHash: '' });
    await session.start();
    expect(session.state.phase).toBe('signedOut');
    expect(session.credentialProblems()).toEqual(['api_id missing', 'api_hash missing']);
    await session.submitPhone('+44 20 7946 0000');
    expect(session.state.step).toBe('phone');
    expect(asked).toBe(0);
  });

  it('follows how the code was sent: SMS with a call after 60 s, resend, cancel on going back', async () => {
    const backend = createFakeBackend();
    const { session } = setup(backend);
    await session.start();
    await session.submitPhone('9996610102');
    expect(session.state).toMatchObject({ step: 'code', delivery: { kind: 'sms', length: 5 }, next: 'call' });
    expect(session.state.nextAt).toBeGreaterThan(Date.now() + 59_000);
    await session.resendCode();
    expect(session.state).toMatchObject({ step: 'code', delivery: { kind: 'call' }, next: null, nextAt: null });
    session.changePhone();
    expect(backend.cancelledCodes).toBe(1);
    expect(session.state.step).toBe('phone');
  });

  it('sets up a login email first when Telegram asks, then signs in with the code from the email', async () => {
    const { session } = setup();
    await session.start();
    await session.submitPhone('9996610108');
    expect(session.state.step).toBe('emailSetup');
    await session.submitLoginEmail('nope');
    expect(session.state.errorType).toBe('EMAIL_INVALID');
    await session.submitLoginEmail('ann@example.com');
    expect(session.state).toMatchObject({ step: 'emailSetupCode', setupEmailPattern: 'a***@example.com' });
    await session.submitLoginEmailCode('11111');
    expect(session.state).toMatchObject({ step: 'code', delivery: { kind: 'email' } });
    await session.submitCode('11111');
    expect(session.state.phase).toBe('signedIn');
  });

  it('shows the terms at sign-up and will not create the account until they are accepted', async () => {
    const backend = createFakeBackend();
    const { session } = setup(backend);
    await session.start();
    await session.submitPhone('9996620000');
    await session.submitCode('22222');
    expect(session.state).toMatchObject({ step: 'signUp', termsOfService: { text: 'Be kind.' } });
    await session.submitSignUp('Tess', '');
    expect(session.state.errorType).toBe('TERMS_NOT_ACCEPTED');
    expect(session.state.phase).toBe('signedOut');
    await session.submitSignUp('Tess', '', true);
    expect(session.state.phase).toBe('signedIn');
    expect(backend.acceptedTerms?.id).toBe('{"v":1}');
  });

  it('a server that could not prove itself (SERVER_KEY_UNTRUSTED) is said in words on the starting screen', async () => {
    const backend = createFakeBackend();
    backend.getSelf = async () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- what @mtproto/core rejects with: a plain object
      throw { code: -500, type: 'SERVER_KEY_UNTRUSTED' };
    };
    const { session } = setup(backend);
    await session.start();
    expect(session.state.phase).toBe('starting');
    expect(session.state.errorType).toBe('SERVER_KEY_UNTRUSTED');
    expect(session.state.error).toMatch(/could not prove it is the one chosen in Settings/);
  });

  it('signs out', async () => {
    const { session } = setup(createFakeBackend({ signedIn: { id: '1', firstName: 'A', lastName: '', phone: '1' } }));
    await session.start();
    await session.signOut();
    expect(session.state.phase).toBe('signedOut');
    expect(session.state.user).toBeNull();
  });
});

describe('settings', () => {
  it('reads what it wrote and survives junk', () => {
    const defaults = defaultSettings({ VITE_TG_API_ID: '123', VITE_TG_API_HASH: 'h' });
    expect(defaults).toEqual({ endpoint: 'local', apiId: 123, apiHash: 'h' });
    expect(parseSettings('{not json', defaults)).toEqual(defaults);
    expect(parseSettings('{"endpoint":"mars","apiId":-1,"apiHash":5}', defaults)).toEqual(defaults);
    expect(parseSettings('{"endpoint":"production","apiId":7,"apiHash":"x"}', defaults)).toEqual({
      endpoint: 'production',
      apiId: 7,
      apiHash: 'x',
    });
  });

  it('has no api_id unless one is given; Telegram endpoints need both values, the local server neither', () => {
    expect(defaultSettings({})).toEqual({ endpoint: 'local', apiId: null, apiHash: '' });
    expect(
      parseSettings('{"endpoint":"test","apiId":null,"apiHash":""}', defaultSettings({ VITE_TG_API_ID: '5' })),
    ).toMatchObject({ apiId: null });
    const hash = '0123456789abcdef0123456789ABCDEF';
    expect(apiCredentialProblems({ endpoint: 'local', apiId: null, apiHash: '' })).toEqual([]);
    expect(apiCredentialProblems({ endpoint: 'production', apiId: null, apiHash: '' })).toEqual([
      'api_id missing',
      'api_hash missing',
    ]);
    expect(apiCredentialProblems({ endpoint: 'test', apiId: 12345, apiHash: 'not-a-hash' })).toEqual([
      'api_hash malformed',
    ]);
    expect(apiCredentialProblems({ endpoint: 'production', apiId: 12345, apiHash: ` ${hash} ` })).toEqual([]);
    expect(apiCredentialsFor({ endpoint: 'production', apiId: 12345, apiHash: ` ${hash} ` })).toEqual({
      apiId: 12345,
      apiHash: hash,
    });
    expect(apiCredentialsFor({ endpoint: 'production', apiId: null, apiHash: '' }).apiId).toBeNull();
    expect(apiCredentialsFor({ endpoint: 'local', apiId: null, apiHash: '' }).apiId).toBeGreaterThan(0);
  });

  it('normalises phone numbers as people type them', () => {
    expect(normalisePhone('+1 (555) 010-9999')).toBe('15550109999');
  });
});
