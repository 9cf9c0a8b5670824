// Signing in and out: the auth.* conversation in the app's words, and a sign-out the server did not hear (offline)
// finished on the next start, so that it does not come undone when getSelf finds the auth key still signed in.
import {
  RpcError,
  acceptTermsOfService,
  cancelCode,
  checkPassword,
  getSelf,
  resendCode,
  sendCode,
  sendLoginEmailCode,
  signIn,
  signUp,
  verifyLoginEmail,
  type SendCodeResult,
} from '../../../telegram';
import type { User } from '../../../telegram/tl/api.generated';
import { isSignedOutError } from '../../errorMessages';
import type { Backend, CodeOutcome, SelfUser } from '../backend';
import { selfFromTl } from '../fromTl';
import { apiCredentialsFor, type Settings } from '../settingsStore';
import type { BackendContext } from './peers';

const LOG_OUT_TIMEOUT_MS = 4_000;

export type AuthPart = Pick<
  Backend,
  | 'getSelf'
  | 'sendCode'
  | 'resendCode'
  | 'cancelCode'
  | 'sendLoginEmailCode'
  | 'verifyLoginEmail'
  | 'signIn'
  | 'signUp'
  | 'checkPassword'
  | 'logOut'
>;

export function authPart({ api, peers }: BackendContext, settings: Settings): AuthPart {
  const credentials = apiCredentialsFor(settings);
  const pendingLogOutKey = `tgcall:pending-logout:${settings.endpoint}`;
  const pendingLogOut = {
    get: () => window.localStorage.getItem(pendingLogOutKey) === '1',
    set: () => window.localStorage.setItem(pendingLogOutKey, '1'),
    clear: () => window.localStorage.removeItem(pendingLogOutKey),
  };
  /** True once the server has forgotten the session (or never had it). */
  async function tryLogOut(): Promise<boolean> {
    try {
      // Short: the person asked to sign out and should not wait for a server that is away.
      await api.call('auth.logOut', {}, { timeoutMs: LOG_OUT_TIMEOUT_MS });
      return true;
    } catch (error) {
      return isSignedOutError(error);
    }
  }
  function signedInAs(user: User): SelfUser {
    pendingLogOut.clear();
    peers.selfId = user.id;
    return selfFromTl(user);
  }

  function codeOutcome(sent: SendCodeResult): CodeOutcome {
    return sent.kind === 'signedIn' ? { kind: 'signedIn', user: signedInAs(sent.user) } : sent;
  }

  /** The hint the person set with their password; only a help, so a failure to fetch it is not an error. */
  async function passwordHint(): Promise<string> {
    try {
      const password = await api.call('account.getPassword', {});
      return password.hint ?? '';
    } catch (error) {
      console.debug('[tgcall] no password hint', error);
      return '';
    }
  }

  return {
    async getSelf() {
      if (pendingLogOut.get()) {
        if (await tryLogOut()) pendingLogOut.clear();
        return null;
      }
      try {
        const user = await getSelf(api);
        return user ? signedInAs(user) : null;
      } catch (error) {
        if (isSignedOutError(error)) return null;
        throw error;
      }
    },

    async sendCode(phone) {
      if (credentials.apiId === null) throw RpcError.apiIdMissing();
      return codeOutcome(await sendCode(api, { phone, apiId: credentials.apiId, apiHash: credentials.apiHash }));
    },

    async resendCode(phone, phoneCodeHash) {
      return codeOutcome(await resendCode(api, { phone, phoneCodeHash }));
    },

    async cancelCode(phone, phoneCodeHash) {
      await cancelCode(api, { phone, phoneCodeHash });
    },

    sendLoginEmailCode: (phone, phoneCodeHash, email) => sendLoginEmailCode(api, { phone, phoneCodeHash, email }),

    async verifyLoginEmail(phone, phoneCodeHash, code) {
      return codeOutcome(await verifyLoginEmail(api, { phone, phoneCodeHash, code }));
    },

    async signIn(phone, phoneCodeHash, entry) {
      const result = await signIn(api, { phone, phoneCodeHash, ...entry });
      if (result.kind === 'signedIn') return { kind: 'signedIn', user: signedInAs(result.user) };
      if (result.kind === 'passwordNeeded') return { kind: 'passwordNeeded', hint: await passwordHint() };
      return result;
    },

    async signUp(phone, phoneCodeHash, firstName, lastName, acceptedTerms) {
      const user = signedInAs((await signUp(api, { phone, phoneCodeHash, firstName, lastName })).user);
      // Telegram's apps accept the shown terms right after the account exists (help.acceptTermsOfService).
      if (acceptedTerms) await acceptTermsOfService(api, acceptedTerms);
      return user;
    },

    async checkPassword(password) {
      return signedInAs((await checkPassword(api, password)).user);
    },

    async logOut() {
      if (!(await tryLogOut())) pendingLogOut.set();
    },
  };
}
