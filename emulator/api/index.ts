// The API dispatcher: routes each decoded method to its handler module, enforces sign-in (401 AUTH_KEY_UNREGISTERED),
// and maps failures to Telegram's error shapes. createApi is what the MTProto layer (or a test) invokes.
import { RpcError } from '../rpcError';
import type { World } from '../world/world';
import { accountHandlers } from './account';
import { AuthState, authHandlers } from './auth';
import { channelsHandlers } from './channels';
import { chatInvitesHandlers } from './chatInvites';
import { contactsHandlers } from './contacts';
import { Events } from './events';
import { helpHandlers } from './help';
import { messagesHandlers } from './messages';
import { methodId } from './methodIds';
import { apiOptions, type ApiDepsInput, type ApiOptions } from './options';
import { updatesHandlers } from './updates';
import { usersHandlers } from './users';
import {
  ParamError,
  isObject,
  type Call,
  type HandlerMap,
  type RpcContext,
  type RpcDispatcher,
  type TlObject,
  type TlValue,
} from './types';

export type { ApiDepsInput as ApiDeps, ApiHooks } from './options';
export type { Call, Handler, HandlerEntry, HandlerMap, RpcContext, RpcDispatcher, TlObject, TlValue } from './types';
export { Events, UpdateBatch } from './events';
export { resolveInputChannel, resolveInputPeer, resolveInputUser, type Peer } from './peers';
export { Refs, userTl, chatTl, channelTl, peerUser, peerChat, peerChannel } from './views';
export { postServiceMessage, sendText, type Ops } from './operations';

export interface Api extends RpcDispatcher {
  readonly world: World;
  readonly events: Events;
  readonly options: ApiOptions;
  /** The user signed in on a key (for logs and the control API). */
  userOf: (authKeyId: bigint) => number | undefined;
  /** Method names this dispatcher serves. */
  methods(): string[];
}

/** Wrappers the MTProto layer may pass through as-is; the inner query is what counts. */
const WRAPPERS = new Set([
  'invokeWithoutUpdates',
  'invokeWithLayer',
  'initConnection',
  'invokeWithMessagesRange',
  'invokeWithTakeout',
]);

export function createApi(world: World, deps: ApiDepsInput): Api {
  const options = apiOptions(deps);
  const events = new Events(world, deps.push);
  const authState = new AuthState(options);
  const handlers: HandlerMap = {
    ...helpHandlers(options),
    ...authHandlers(options, authState),
    ...accountHandlers(),
    ...usersHandlers(),
    ...contactsHandlers(),
    ...messagesHandlers(options),
    ...channelsHandlers(options),
    ...chatInvitesHandlers(),
    ...updatesHandlers(),
  };
  for (const [name, h] of Object.entries(deps.extraHandlers ?? {})) {
    handlers[name] = typeof h === 'function' ? { handler: h } : h;
  }

  async function invoke(ctx: RpcContext, method: TlObject): Promise<TlValue> {
    if (WRAPPERS.has(method._) && isObject(method.query)) return invoke(ctx, method.query);
    const entry = handlers[method._];
    if (!entry) throw RpcError.badRequest(`INPUT_METHOD_INVALID_${methodId(method._) ?? 0}`);
    const userId = world.authKeys.userOf(ctx.authKeyId);
    if (!entry.anonymous && userId === undefined) throw RpcError.unauthorized('AUTH_KEY_UNREGISTERED');
    const call: Call = {
      ctx,
      world,
      events,
      now: options.now(),
      userId,
      requireUser() {
        if (userId === undefined) throw RpcError.unauthorized('AUTH_KEY_UNREGISTERED');
        return userId;
      },
    };
    try {
      return await entry.handler(call, method);
    } catch (e) {
      if (e instanceof RpcError) throw e;
      if (e instanceof ParamError) throw RpcError.badRequest('INPUT_REQUEST_INVALID');
      throw e;
    }
  }

  return {
    world,
    events,
    options,
    invoke,
    userOf: (authKeyId) => world.authKeys.userOf(authKeyId),
    methods: () => Object.keys(handlers).sort(),
  };
}
