// Sign-in helpers for the UI, over any TelegramApi: send the code, sign in / up, the 2FA password (SRP), log out,
// and "who am I". Expected outcomes (sign-up needed, password needed) are values; everything else is an RpcError.
import type { TelegramApi } from './api';
import type { TypeAuthAuthorization, TypeAuthSentCode, TypeCodeSettings, TypeUser, User } from './tl/api.generated';
import { RpcError } from './rpcError';
import { sentCodeInfo, type SentCodeInfo } from './sentCode';
import { computePasswordCheck, type SrpDeps } from './srp';

export type SendCodeResult = ({ kind: 'codeSent' } & SentCodeInfo) | { kind: 'signedIn'; user: User };

/** Telegram's terms a new account must accept (auth.authorizationSignUpRequired.terms_of_service). */
export interface TermsOfService {
  /** The DataJSON id to give back in help.acceptTermsOfService. */
  id: string;
  text: string;
  /** The person must confirm being at least this old, when given. */
  minAge: number | null;
}

export type SignInResult =
  | { kind: 'signedIn'; user: User }
  | { kind: 'signUpRequired'; termsOfService: TermsOfService | null }
  | { kind: 'passwordNeeded' };

/** What the person entered: a code from a phone channel, or a code from an email (auth.signIn email_verification). */
export type CodeEntry = { code: string } | { emailCode: string };

/**
 * The code settings this client sends: a person can read a flash call's or missed call's number on their phone and type
 * it, so both are allowed; nothing else (no app hash, no Firebase: a browser cannot do them).
 */
export const CODE_SETTINGS: TypeCodeSettings = { _: 'codeSettings', allow_flashcall: true, allow_missed_call: true };

function signedInUser(authorization: TypeAuthAuthorization): SignInResult {
  if (authorization._ === 'auth.authorizationSignUpRequired') {
    const terms = authorization.terms_of_service;
    return {
      kind: 'signUpRequired',
      termsOfService: terms ? { id: terms.id.data, text: terms.text, minAge: terms.min_age_confirm ?? null } : null,
    };
  }
  const user: TypeUser = authorization.user;
  if (user._ !== 'user') throw new RpcError(-500, 'AUTHORIZATION_WITHOUT_USER');
  return { kind: 'signedIn', user };
}

export async function sendCode(
  api: TelegramApi,
  request: { phone: string; apiId: number; apiHash: string; settings?: TypeCodeSettings },
): Promise<SendCodeResult> {
  const sent = await api.call('auth.sendCode', {
    phone_number: request.phone,
    api_id: request.apiId,
    api_hash: request.apiHash,
    settings: request.settings ?? CODE_SETTINGS,
  });
  return sendCodeResult(sent, 'UNEXPECTED_SENT_CODE_SUCCESS');
}

function sendCodeResult(sent: TypeAuthSentCode, unexpected: string): SendCodeResult {
  if (sent._ === 'auth.sentCodeSuccess') {
    const result = signedInUser(sent.authorization);
    if (result.kind !== 'signedIn') throw new RpcError(-500, unexpected);
    return result;
  }
  return { kind: 'codeSent', ...sentCodeInfo(sent) };
}

/** auth.resendCode: the code again, the way next_type said (SEND_CODE_UNAVAILABLE when there is none). */
export async function resendCode(
  api: TelegramApi,
  request: { phone: string; phoneCodeHash: string },
): Promise<SendCodeResult> {
  const sent = await api.call('auth.resendCode', {
    phone_number: request.phone,
    phone_code_hash: request.phoneCodeHash,
  });
  return sendCodeResult(sent, 'UNEXPECTED_SENT_CODE_SUCCESS');
}

/** auth.cancelCode: the person went back; the code stops working. */
export async function cancelCode(api: TelegramApi, request: { phone: string; phoneCodeHash: string }): Promise<void> {
  await api.call('auth.cancelCode', { phone_number: request.phone, phone_code_hash: request.phoneCodeHash });
}

/** Login email setup, step 1: a code to `email` (account.sendVerifyEmailCode, purpose emailVerifyPurposeLoginSetup). */
export async function sendLoginEmailCode(
  api: TelegramApi,
  request: { phone: string; phoneCodeHash: string; email: string },
): Promise<{ emailPattern: string; length: number }> {
  const sent = await api.call('account.sendVerifyEmailCode', {
    purpose: { _: 'emailVerifyPurposeLoginSetup', phone_number: request.phone, phone_code_hash: request.phoneCodeHash },
    email: request.email,
  });
  return { emailPattern: sent.email_pattern, length: sent.length };
}

/** Login email setup, step 2: the code from that email; Telegram then sends the login code (to the email, usually). */
export async function verifyLoginEmail(
  api: TelegramApi,
  request: { phone: string; phoneCodeHash: string; code: string },
): Promise<SendCodeResult> {
  const verified = await api.call('account.verifyEmail', {
    purpose: { _: 'emailVerifyPurposeLoginSetup', phone_number: request.phone, phone_code_hash: request.phoneCodeHash },
    verification: { _: 'emailVerificationCode', code: request.code },
  });
  if (verified._ !== 'account.emailVerifiedLogin') throw new RpcError(-500, 'EMAIL_VERIFIED_WITHOUT_LOGIN_CODE');
  return sendCodeResult(verified.sent_code, 'UNEXPECTED_SENT_CODE_SUCCESS');
}

/** help.acceptTermsOfService, after a sign-up that showed them. */
export async function acceptTermsOfService(api: TelegramApi, terms: TermsOfService): Promise<void> {
  await api.call('help.acceptTermsOfService', { id: { _: 'dataJSON', data: terms.id } });
}

export async function signIn(
  api: TelegramApi,
  request: { phone: string; phoneCodeHash: string } & CodeEntry,
): Promise<SignInResult> {
  try {
    const authorization = await api.call('auth.signIn', {
      phone_number: request.phone,
      phone_code_hash: request.phoneCodeHash,
      ...('emailCode' in request
        ? { email_verification: { _: 'emailVerificationCode' as const, code: request.emailCode } }
        : { phone_code: request.code }),
    });
    return signedInUser(authorization);
  } catch (error) {
    const rpcError = RpcError.from(error);
    if (rpcError.type === 'SESSION_PASSWORD_NEEDED') return { kind: 'passwordNeeded' };
    throw rpcError;
  }
}

export async function signUp(
  api: TelegramApi,
  request: { phone: string; phoneCodeHash: string; firstName: string; lastName?: string },
): Promise<{ kind: 'signedIn'; user: User }> {
  const authorization = await api.call('auth.signUp', {
    phone_number: request.phone,
    phone_code_hash: request.phoneCodeHash,
    first_name: request.firstName,
    last_name: request.lastName ?? '',
  });
  const result = signedInUser(authorization);
  if (result.kind !== 'signedIn') throw new RpcError(-500, 'SIGN_UP_WITHOUT_USER');
  return result;
}

/** account.getPassword → SRP → auth.checkPassword; a stale SRP id (SRP_ID_INVALID) is retried once with fresh values. */
export async function checkPassword(
  api: TelegramApi,
  password: string,
  deps?: SrpDeps,
): Promise<{ kind: 'signedIn'; user: User }> {
  for (let attempt = 0; ; attempt++) {
    const accountPassword = await api.call('account.getPassword', {});
    const check = await computePasswordCheck(password, accountPassword, deps);
    try {
      const result = signedInUser(await api.call('auth.checkPassword', { password: check }));
      if (result.kind !== 'signedIn') throw new RpcError(-500, 'PASSWORD_CHECK_WITHOUT_USER');
      return result;
    } catch (error) {
      const rpcError = RpcError.from(error);
      if (rpcError.type === 'SRP_ID_INVALID' && attempt === 0) continue;
      throw rpcError;
    }
  }
}

export async function logOut(api: TelegramApi): Promise<void> {
  await api.call('auth.logOut', {});
}

/** The signed-in user, or null when this session is not signed in (401). */
export async function getSelf(api: TelegramApi): Promise<User | null> {
  try {
    const users = await api.call('users.getUsers', { id: [{ _: 'inputUserSelf' }] });
    const self = users[0];
    return self && self._ === 'user' ? self : null;
  } catch (error) {
    const rpcError = RpcError.from(error);
    if (rpcError.code === 401) return null;
    throw rpcError;
  }
}
