import { describe, expect, it } from 'vitest';
import type { CallOptions, ConnectionState, TelegramApi, UpdateEvent } from './api';
import type { MethodName, MethodParams, MethodResult, User } from './tl/api.generated';
import { getSelf, sendCode, signIn } from './auth';
import { RpcError } from './rpcError';
import { Emitter } from './subscribable';

type Handler = (params: unknown) => unknown;

/** A TelegramApi answering from a table of handlers; unknown methods fail loudly. */
function scripted(handlers: Partial<Record<MethodName, Handler>>): TelegramApi & { calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  return {
    calls,
    async call<M extends MethodName>(method: M, params: MethodParams<M>, _options?: CallOptions): Promise<MethodResult<M>> {
      calls.push([method, params]);
      const handler = handlers[method];
      if (!handler) throw new Error(`unscripted ${method}`);
      return handler(params) as MethodResult<M>;
    },
    updates: new Emitter<UpdateEvent>(),
    connection: Object.assign(new Emitter<ConnectionState>(), { state: 'ready' as ConnectionState }),
  };
}

const user: User = { _: 'user', id: '10', self: true, first_name: 'Ann' };

describe('auth helpers', () => {
  it('sendCode passes the credentials and returns the code hash', async () => {
    const api = scripted({ 'auth.sendCode': () => ({ _: 'auth.sentCode', type: { _: 'auth.sentCodeTypeApp', length: 5 }, phone_code_hash: 'h1' }) });
    const result = await sendCode(api, { phone: '9996611111', apiId: 7, apiHash: 'abc' });
    expect(result).toMatchObject({ kind: 'codeSent', phoneCodeHash: 'h1' });
    expect(api.calls[0]).toEqual(['auth.sendCode', { phone_number: '9996611111', api_id: 7, api_hash: 'abc', settings: { _: 'codeSettings' } }]);
  });

  it('signIn maps the three outcomes and passes other errors on', async () => {
    const signedIn = scripted({ 'auth.signIn': () => ({ _: 'auth.authorization', user }) });
    expect(await signIn(signedIn, { phone: 'p', phoneCodeHash: 'h', code: '1' })).toEqual({ kind: 'signedIn', user });
    const signUp = scripted({ 'auth.signIn': () => ({ _: 'auth.authorizationSignUpRequired' }) });
    expect(await signIn(signUp, { phone: 'p', phoneCodeHash: 'h', code: '1' })).toEqual({ kind: 'signUpRequired' });
    const password = scripted({ 'auth.signIn': () => { throw new RpcError(401, 'SESSION_PASSWORD_NEEDED'); } });
    expect(await signIn(password, { phone: 'p', phoneCodeHash: 'h', code: '1' })).toEqual({ kind: 'passwordNeeded' });
    const invalid = scripted({ 'auth.signIn': () => { throw { _: 'mt_rpc_error', error_code: 400, error_message: 'PHONE_CODE_INVALID' }; } });
    await expect(signIn(invalid, { phone: 'p', phoneCodeHash: 'h', code: '1' })).rejects.toMatchObject({ type: 'PHONE_CODE_INVALID' });
  });

  it('getSelf is null when not signed in', async () => {
    expect(await getSelf(scripted({ 'users.getUsers': () => [user] }))).toEqual(user);
    expect(await getSelf(scripted({ 'users.getUsers': () => { throw new RpcError(401, 'AUTH_KEY_UNREGISTERED'); } }))).toBeNull();
    await expect(getSelf(scripted({ 'users.getUsers': () => { throw new RpcError(500, 'INTERNAL'); } }))).rejects.toMatchObject({ code: 500 });
  });
});
