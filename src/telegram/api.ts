// The seam between the app / call engine and Telegram: everything above src/telegram depends on this interface only,
// so unit tests hand in a scripted implementation and the app hands in the real client (TelegramClient).
import type { MethodName, MethodParams, MethodResult, TypeUpdate, TypeUser, TypeChat } from './tl/api.generated';

export interface CallOptions {
  /** Give up after this long (ms); the call rejects with RpcError {code: -503, type: 'TIMEOUT'}. */
  timeoutMs?: number;
  /** FLOOD_WAIT_X up to this many seconds is waited out and the call retried; longer ones reject. */
  maxFloodWaitSeconds?: number;
}

/** One normalised update, whichever of the seven Updates constructors it came in, with the users/chats that came with it. */
export interface UpdateEvent {
  update: TypeUpdate;
  users: TypeUser[];
  chats: TypeChat[];
}

/** A call waiting out a FLOOD_WAIT_X before it is tried again (TelegramClient.floodWaits). */
export interface FloodWait {
  /** The method, e.g. 'phone.joinGroupCall'. */
  method: string;
  seconds: number;
  /** When the call is tried again, in the client clock's milliseconds (Date.now() unless a test gives a clock). */
  until: number;
}

export type ConnectionState = 'connecting' | 'ready' | 'waiting-to-reconnect' | 'closed';

export interface Subscribable<T> {
  subscribe(listener: (value: T) => void): () => void;
}

export interface TelegramApi {
  call<M extends MethodName>(method: M, params: MethodParams<M>, options?: CallOptions): Promise<MethodResult<M>>;
  /** Every update, in pts/seq order, after gaps were filled with updates.getDifference. */
  readonly updates: Subscribable<UpdateEvent>;
  readonly connection: Subscribable<ConnectionState> & { readonly state: ConnectionState };
}
