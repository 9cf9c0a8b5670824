import { describe, expect, it } from 'vitest';
import type { CallOptions, ConnectionState, TelegramApi, UpdateEvent } from './api';
import type { MethodName, MethodParams, MethodResult, User } from './tl/api.generated';
import {
  acceptTermsOfService,
  cancelCode,
  getSelf,
  resendCode,
  sendCode,
  sendLoginEmailCode,
  signIn,
  verifyLoginEmail,
} from './auth';
import { sentCodeInfo } from './sentCode';
import { RpcError } from './rpcError';
import { Emitter } from './subscribable';

type Handler = (params: unknown) => unknown;

/** A TelegramApi answering from a table of handlers; unknown methods fail loudly. */
const READY: ConnectionState = 'ready';

function scripted(handlers: Partial<Record<MethodName, Handler>>): TelegramApi & { calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  return {
    calls,
    async call<M extends MethodName>(
      method: M,
      params: MethodParams<M>,
      _options?: CallOptions,
    ): Promise<MethodResult<M>> {
      calls.push([method, params]);
      const handler = handlers[method];
      if (!handler) throw new Error(`unscripted ${method}`);
      return handler(params);
    },
    updates: new Emitter<UpdateEvent>(),
    connection: Object.assign(new Emitter<ConnectionState>(), { state: READY }),
  };
}

const user: User = { _: 'user', id: '10', self: true, first_name: 'Ann' };

describe('auth helpers', () => {
  it('sendCode passes the credentials and returns the code hash', async () => {
    const api = scripted({
      'auth.sendCode': () => ({
        _: 'auth.sentCode',
        type: { _: 'auth.sentCodeTypeApp', length: 5 },
        phone_code_hash: 'h1',
      }),
    });
    const result = await sendCode(api, { phone: '9996611111', apiId: 7, apiHash: 'abc' });
    expect(result).toEqual({
      kind: 'codeSent',
      phoneCodeHash: 'h1',
      delivery: { kind: 'app', length: 5 },
      next: null,
      timeoutSeconds: null,
    });
    expect(api.calls[0]).toEqual([
      'auth.sendCode',
      {
        phone_number: '9996611111',
        api_id: 7,
        api_hash: 'abc',
        settings: { _: 'codeSettings', allow_flashcall: true, allow_missed_call: true },
      },
    ]);
  });

  it('signIn maps the three outcomes and passes other errors on', async () => {
    const signedIn = scripted({ 'auth.signIn': () => ({ _: 'auth.authorization', user }) });
    expect(await signIn(signedIn, { phone: 'p', phoneCodeHash: 'h', code: '1' })).toEqual({ kind: 'signedIn', user });
    const signUp = scripted({ 'auth.signIn': () => ({ _: 'auth.authorizationSignUpRequired' }) });
    expect(await signIn(signUp, { phone: 'p', phoneCodeHash: 'h', code: '1' })).toEqual({
      kind: 'signUpRequired',
      termsOfService: null,
    });
    const password = scripted({
      'auth.signIn': () => {
        throw new RpcError(401, 'SESSION_PASSWORD_NEEDED');
      },
    });
    expect(await signIn(password, { phone: 'p', phoneCodeHash: 'h', code: '1' })).toEqual({ kind: 'passwordNeeded' });
    const invalid = scripted({
      'auth.signIn': () => {
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- @mtproto/core throws plain mt_rpc_error objects
        throw { _: 'mt_rpc_error', error_code: 400, error_message: 'PHONE_CODE_INVALID' };
      },
    });
    await expect(signIn(invalid, { phone: 'p', phoneCodeHash: 'h', code: '1' })).rejects.toMatchObject({
      type: 'PHONE_CODE_INVALID',
    });
  });

  it('getSelf is null when not signed in', async () => {
    expect(await getSelf(scripted({ 'users.getUsers': () => [user] }))).toEqual(user);
    expect(
      await getSelf(
        scripted({
          'users.getUsers': () => {
            throw new RpcError(401, 'AUTH_KEY_UNREGISTERED');
          },
        }),
      ),
    ).toBeNull();
    await expect(
      getSelf(
        scripted({
          'users.getUsers': () => {
            throw new RpcError(500, 'INTERNAL');
          },
        }),
      ),
    ).rejects.toMatchObject({ code: 500 });
  });

  it('resendCode, cancelCode, the email setup and the terms pass what Telegram documents', async () => {
    const api = scripted({
      'auth.resendCode': () => ({
        _: 'auth.sentCode',
        type: { _: 'auth.sentCodeTypeCall', length: 5 },
        phone_code_hash: 'h1',
      }),
      'auth.cancelCode': () => true,
      'account.sendVerifyEmailCode': () => ({ _: 'account.sentEmailCode', email_pattern: 'a***@b.c', length: 6 }),
      'account.verifyEmail': () => ({
        _: 'account.emailVerifiedLogin',
        email: 'ann@b.c',
        sent_code: {
          _: 'auth.sentCode',
          type: { _: 'auth.sentCodeTypeEmailCode', email_pattern: 'a***@b.c', length: 6 },
          phone_code_hash: 'h2',
        },
      }),
      'auth.signIn': () => ({
        _: 'auth.authorizationSignUpRequired',
        terms_of_service: {
          _: 'help.termsOfService',
          id: { _: 'dataJSON', data: '{"v":1}' },
          text: 'Be nice.',
          entities: [],
          min_age_confirm: 16,
        },
      }),
      'help.acceptTermsOfService': () => true,
    });
    const who = { phone: '9996610101', phoneCodeHash: 'h1' };
    expect(await resendCode(api, who)).toMatchObject({ kind: 'codeSent', delivery: { kind: 'call', length: 5 } });
    await cancelCode(api, who);
    expect(await sendLoginEmailCode(api, { ...who, email: 'ann@b.c' })).toEqual({
      emailPattern: 'a***@b.c',
      length: 6,
    });
    expect(await verifyLoginEmail(api, { ...who, code: '123456' })).toMatchObject({
      phoneCodeHash: 'h2',
      delivery: { kind: 'email', emailPattern: 'a***@b.c', length: 6 },
    });
    const result = await signIn(api, { phone: who.phone, phoneCodeHash: 'h2', emailCode: '123456' });
    expect(result).toEqual({ kind: 'signUpRequired', termsOfService: { id: '{"v":1}', text: 'Be nice.', minAge: 16 } });
    if (result.kind === 'signUpRequired' && result.termsOfService)
      await acceptTermsOfService(api, result.termsOfService);
    const purpose = { _: 'emailVerifyPurposeLoginSetup', phone_number: '9996610101', phone_code_hash: 'h1' };
    expect(api.calls.map(([method, params]) => [method, params])).toEqual([
      ['auth.resendCode', { phone_number: '9996610101', phone_code_hash: 'h1' }],
      ['auth.cancelCode', { phone_number: '9996610101', phone_code_hash: 'h1' }],
      ['account.sendVerifyEmailCode', { purpose, email: 'ann@b.c' }],
      ['account.verifyEmail', { purpose, verification: { _: 'emailVerificationCode', code: '123456' } }],
      [
        'auth.signIn',
        {
          phone_number: '9996610101',
          phone_code_hash: 'h2',
          email_verification: { _: 'emailVerificationCode', code: '123456' },
        },
      ],
      ['help.acceptTermsOfService', { id: { _: 'dataJSON', data: '{"v":1}' } }],
    ]);
  });

  it('sentCodeInfo reads every auth.SentCodeType, next_type and timeout', () => {
    const info = (type: object, extra: object = {}) =>
      sentCodeInfo({ _: 'auth.sentCode', type, phone_code_hash: 'h', ...extra } as never);
    expect(
      info({ _: 'auth.sentCodeTypeSms', length: 5 }, { next_type: { _: 'auth.codeTypeCall' }, timeout: 60 }),
    ).toEqual({
      phoneCodeHash: 'h',
      delivery: { kind: 'sms', length: 5 },
      next: 'call',
      timeoutSeconds: 60,
    });
    expect(info({ _: 'auth.sentCodeTypeFlashCall', pattern: '99966*****' }).delivery).toEqual({
      kind: 'flashCall',
      pattern: '99966*****',
    });
    expect(
      info({ _: 'auth.sentCodeTypeMissedCall', prefix: '+99966', length: 5 }, { next_type: { _: 'auth.codeTypeSms' } }),
    ).toMatchObject({
      delivery: { kind: 'missedCall', prefix: '+99966', length: 5 },
      next: 'sms',
    });
    expect(info({ _: 'auth.sentCodeTypeSetUpEmailRequired', google_signin_allowed: true }).delivery).toEqual({
      kind: 'setUpEmail',
    });
    expect(info({ _: 'auth.sentCodeTypeFragmentSms', url: 'https://fragment.com/x', length: 5 }).delivery).toEqual({
      kind: 'fragmentSms',
      url: 'https://fragment.com/x',
      length: 5,
    });
    expect(
      info({ _: 'auth.sentCodeTypeFirebaseSms', length: 6 }, { next_type: { _: 'auth.codeTypeSms' } }),
    ).toMatchObject({ delivery: { kind: 'firebaseSms', length: 6 }, next: 'sms' });
    expect(
      info({ _: 'auth.sentCodeTypeApp', length: 5 }, { next_type: { _: 'auth.codeTypeFragmentSms' }, timeout: 0 }),
    ).toMatchObject({ next: 'fragmentSms', timeoutSeconds: null });
  });
});
