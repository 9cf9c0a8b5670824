// The handler signature every api/*.ts module uses, and the MTProto layer's contract (RpcContext, RpcDispatcher)
// re-exported from emulator/mtproto so that handlers name one type.
import type { TlObject, TlValue } from '../world/tlValue';
import type { World } from '../world/world';
import type { Events } from './events';

export type { TlObject, TlValue };
export type { RpcContext, RpcDispatcher } from '../mtproto/types';
import type { RpcContext } from '../mtproto/types';

/** Sends an `Updates` object to every live connection of one auth key. */
export type PushUpdates = (authKeyId: bigint, updates: TlObject) => void;

/** What a handler gets for one call. */
export interface Call {
  readonly ctx: RpcContext;
  readonly world: World;
  readonly events: Events;
  readonly now: number;
  /** The user signed in on the calling key, if any. */
  readonly userId: number | undefined;
  /** The signed-in user, or 401 AUTH_KEY_UNREGISTERED. */
  requireUser(): number;
}

export type Handler = (call: Call, params: TlObject) => TlValue | Promise<TlValue>;

export interface HandlerEntry {
  handler: Handler;
  /** Allowed on a key no one is signed in on (auth.*, help.*, account.getPassword during 2FA). */
  anonymous?: boolean;
}

export type HandlerMap = Record<string, HandlerEntry>;

/** Reads a field the schema says is there; a missing one is the client's fault (400 INPUT_REQUEST_INVALID). */
export function field<T extends TlValue>(params: TlObject, name: string, check: (v: TlValue) => v is T): T {
  const v = params[name];
  if (!check(v)) throw new ParamError(params._, name);
  return v;
}

export class ParamError extends Error {
  constructor(
    readonly method: string,
    readonly fieldName: string,
  ) {
    super(`${method}: field ${fieldName} is missing or of the wrong type`);
    this.name = 'ParamError';
  }
}

export const isString = (v: TlValue): v is string => typeof v === 'string';
export const isNumber = (v: TlValue): v is number => typeof v === 'number';
export const isBigint = (v: TlValue): v is bigint => typeof v === 'bigint';
export const isBytes = (v: TlValue): v is Uint8Array => v instanceof Uint8Array;
export const isObject = (v: TlValue): v is TlObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && typeof v._ === 'string';
export const isArray = (v: TlValue): v is TlValue[] => Array.isArray(v);

/** A TL `long` id as the world's numeric id (ids stay well below 2^53). */
export function idOf(v: TlValue): number {
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return NaN;
}
