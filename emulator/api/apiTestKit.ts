// Test helper (not a test): a world + api pair driven directly, with a recorder for pushed updates and short-hands to
// call methods as a given auth key and to sign a test phone in. Used by the *.test.ts files of api/, world/, control/.
import { RpcError } from '../rpcError';
import { World } from '../world/world';
import { seedWorld } from '../world/seed';
import { createApi, type Api } from './index';
import type { ApiDepsInput } from './options';
import { testLoginCode } from './phones';
import type { RpcContext, TlObject, TlValue } from './types';

export interface Pushed {
  authKeyId: bigint;
  updates: TlObject;
}

export interface Kit {
  world: World;
  api: Api;
  pushed: Pushed[];
  clock: { now: number };
  ctx(authKeyId: bigint): RpcContext;
  call(authKeyId: bigint, method: string, params?: Record<string, TlValue>): Promise<TlValue>;
  /** Calls and expects an RpcError; returns it (fails the test with the result otherwise). */
  fail(authKeyId: bigint, method: string, params?: Record<string, TlValue>): Promise<RpcError>;
  /** sendCode + signIn (+ signUp for new numbers) on `authKeyId`; returns the user object. */
  signIn(authKeyId: bigint, phone: string, name?: { first: string; last?: string }): Promise<TlObject>;
  close(): void;
}

export function makeKit(opts: { dataDir?: string; seed?: boolean; deps?: Partial<ApiDepsInput> } = {}): Kit {
  const clock = { now: 1_700_000_000 };
  const world = World.open(opts.dataDir ?? ':memory:', { now: () => clock.now });
  if (opts.seed !== false) seedWorld(world);
  const pushed: Pushed[] = [];
  const api = createApi(world, {
    push: (authKeyId, updates) => pushed.push({ authKeyId, updates }),
    now: () => clock.now,
    ...opts.deps,
  });
  return { world, api, pushed, clock, ...apiInvoker(api), close: () => world.close() };
}

/** Calling an API directly as a given auth key: the short-hands both test kits (api/, calls/) use. */
export function apiInvoker(api: Api): Pick<Kit, 'ctx' | 'call' | 'fail' | 'signIn'> {
  let msgId = 1n;
  const ctx = (authKeyId: bigint): RpcContext => ({
    authKeyId,
    sessionId: 1n,
    connectionId: 1,
    layer: 158,
    apiId: 1,
    clientMsgId: msgId++,
  });
  const call = (authKeyId: bigint, method: string, params: Record<string, TlValue> = {}) =>
    api.invoke(ctx(authKeyId), { _: method, ...params });
  const fail = async (authKeyId: bigint, method: string, params: Record<string, TlValue> = {}) => {
    let result: TlValue;
    try {
      result = await call(authKeyId, method, params);
    } catch (e) {
      if (e instanceof RpcError) return e;
      throw e;
    }
    throw new Error(
      `${method} was expected to fail but returned ${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`,
    );
  };
  const signIn = async (authKeyId: bigint, phone: string, name?: { first: string; last?: string }) => {
    const sent = (await call(authKeyId, 'auth.sendCode', {
      phone_number: phone,
      api_id: 1,
      api_hash: 'x',
      settings: { _: 'codeSettings' },
    })) as TlObject;
    const hash = sent.phone_code_hash as string;
    let auth = (await call(authKeyId, 'auth.signIn', {
      phone_number: phone,
      phone_code_hash: hash,
      phone_code: testLoginCode(phone)!,
    })) as TlObject;
    if (auth._ === 'auth.authorizationSignUpRequired') {
      auth = (await call(authKeyId, 'auth.signUp', {
        phone_number: phone,
        phone_code_hash: hash,
        first_name: name?.first ?? 'Test',
        last_name: name?.last ?? 'Person',
      })) as TlObject;
    }
    return auth.user as TlObject;
  };
  return { ctx, call, fail, signIn };
}
