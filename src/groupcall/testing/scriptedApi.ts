// A TelegramApi for tests: each method answers through a handler the test registers; every call is recorded; updates
// are pushed by the test. Unscripted methods reject with RpcError 400 METHOD_NOT_SCRIPTED, so nothing passes by accident.

import type { ConnectionState, Subscribable, TelegramApi, UpdateEvent } from '../../telegram/api';
import { RpcError } from '../../telegram/rpcError';
import { Emitter } from '../../telegram/subscribable';
import type { MethodName, MethodParams, MethodResult, TypeUpdate } from '../../telegram/tl/api.generated';

type Handler<M extends MethodName> = (
  params: MethodParams<M>,
  callIndex: number,
) => MethodResult<M> | Promise<MethodResult<M>>;

export interface RecordedCall {
  method: MethodName;
  params: unknown;
}

export class ScriptedApi implements TelegramApi {
  readonly recorded: RecordedCall[] = [];
  private readonly handlers = new Map<MethodName, Handler<MethodName>>();
  private readonly updateEmitter = new Emitter<UpdateEvent>((error) => {
    throw error;
  });
  readonly updates: Subscribable<UpdateEvent> = this.updateEmitter;
  private readonly connectionEmitter = new Emitter<ConnectionState>((error) => {
    throw error;
  });
  private connectionState: ConnectionState = 'ready';
  readonly connection: Subscribable<ConnectionState> & { readonly state: ConnectionState };

  constructor() {
    const connectionState = () => this.connectionState;
    this.connection = {
      get state() {
        return connectionState();
      },
      subscribe: (listener) => this.connectionEmitter.subscribe(listener),
    };
  }

  on<M extends MethodName>(method: M, handler: Handler<M>): this {
    this.handlers.set(method, handler as unknown as Handler<MethodName>);
    return this;
  }

  async call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const index = this.callsOf(method).length;
    this.recorded.push({ method, params });
    const handler = this.handlers.get(method) as unknown as Handler<M> | undefined;
    if (handler === undefined) throw new RpcError(400, 'METHOD_NOT_SCRIPTED');
    return handler(params, index);
  }

  callsOf<M extends MethodName>(method: M): MethodParams<M>[] {
    return this.recorded.filter((c) => c.method === method).map((c) => c.params as MethodParams<M>);
  }

  /** Telegram's connection as the client reports it. */
  setConnection(state: ConnectionState): void {
    this.connectionState = state;
    this.connectionEmitter.emit(state);
  }

  push(update: TypeUpdate): void {
    this.updateEmitter.emit({ update, users: [], chats: [] });
  }

  get subscribers(): number {
    return this.updateEmitter.size;
  }
}
