// Sign-in helpers for the UI, over any TelegramApi: send the code, sign in / up, the 2FA password (SRP), log out,
// and "who am I". Expected outcomes (sign-up needed, password needed) are values; everything else is an RpcError.
import type { TelegramApi } from './api';
import type { AuthSentCode, TypeAuthAuthorization, TypeCodeSettings, TypeUser, User } from './tl/api.generated';
import { RpcError } from './rpcError';
import { computePasswordCheck, type SrpDeps } from './srp';

export type SendCodeResult =
  | { kind: 'codeSent'; phoneCodeHash: string; sentCode: AuthSentCode }
  | { kind: 'signedIn'; user: User };

export type SignInResult = { kind: 'signedIn'; user: User } | { kind: 'signUpRequired' } | { kind: 'passwordNeeded' };

function signedInUser(authorization: TypeAuthAuthorization): SignInResult {
  if (authorization._ === 'auth.authorizationSignUpRequired') return { kind: 'signUpRequired' };
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
    settings: request.settings ?? { _: 'codeSettings' },
  });
  if (sent._ === 'auth.sentCodeSuccess') {
    const result = signedInUser(sent.authorization);
    if (result.kind !== 'signedIn') throw new RpcError(-500, 'UNEXPECTED_SENT_CODE_SUCCESS');
    return result;
  }
  return { kind: 'codeSent', phoneCodeHash: sent.phone_code_hash, sentCode: sent };
}

export async function signIn(
  api: TelegramApi,
  request: { phone: string; phoneCodeHash: string; code: string },
): Promise<SignInResult> {
  try {
    const authorization = await api.call('auth.signIn', {
      phone_number: request.phone,
      phone_code_hash: request.phoneCodeHash,
      phone_code: request.code,
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
export async function checkPassword(api: TelegramApi, password: string, deps?: SrpDeps): Promise<{ kind: 'signedIn'; user: User }> {
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
