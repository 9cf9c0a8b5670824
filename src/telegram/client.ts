// TelegramClient: the TelegramApi the app and the call engine use, built on @mtproto/core with our transport, our
// patched RPC and per-endpoint storage. It adds what the library lacks: request timeouts, FLOOD_WAIT retries,
// *_MIGRATE handling, keepalive pings that reconnect a dead socket, and ordered updates (updates.ts).
import makeMTProto, {
  type LibraryClient,
  type LibraryDc,
  type LibraryRsaKey,
  type LibraryStorageBackend,
} from '@mtproto/core/src/index.js';
import SHA1 from '@mtproto/core/envs/browser/sha1.js';
import SHA256 from '@mtproto/core/envs/browser/sha256.js';
import PBKDF2 from '@mtproto/core/envs/browser/pbkdf2.js';
import getRandomBytes from '@mtproto/core/envs/browser/get-random-bytes.js';
import type { CallOptions, ConnectionState, FloodWait, Subscribable, TelegramApi, UpdateEvent } from './api';
import type { MethodName, MethodParams, MethodResult } from './tl/api.generated';
import type { ReconnectPolicy } from './backoff';
import {
  dcsFor,
  endpointStorageName,
  trustedKeysFor,
  type DcAddress,
  type Endpoint,
  type RsaPublicKey,
  type WebHostGeneration,
} from './endpoints';
import { PatchedRpc } from './patchedRpc';
import { RpcError } from './rpcError';
import { namespacedStorage, type KeyValueStorage } from './storage';
import { Emitter } from './subscribable';
import { callWithRetries, withTimeout } from './retry';
import { realTimers, type Timers } from './timers';
import { WebSocketTransport, type WebSocketFactory } from './transport';
import { isUpdates, UpdatesManager } from './updates';
import { Keepalive } from './keepalive';
import { withPresentFalsyFlags } from './falsyFlagsFix';

export interface TelegramClientOptions {
  endpoint: Endpoint;
  /**
   * The app's api_id from my.telegram.org. null = none yet: every call then rejects with API_ID_MISSING before anything
   * is sent (initConnection would carry it), so a Telegram server never sees a made-up one.
   */
  apiId: number | null;
  apiHash: string;
  /** Where sessions are kept (localStorage in the browser); keys are namespaced by endpoint. */
  storage: KeyValueStorage;
  deviceModel?: string;
  systemVersion?: string;
  appVersion?: string;
  langCode?: string;
  /** Per-attempt request timeout (default 15 000 ms). */
  requestTimeoutMs?: number;
  /** FLOOD_WAIT_X up to this many seconds is waited out and retried (default 10). */
  maxFloodWaitSeconds?: number;
  /** Bound on retries (flood waits + migrations) per call (default 4). */
  maxRetries?: number;
  reconnectPolicy?: ReconnectPolicy;
  /** WebSocket constructor; defaults to the browser's. Node tests pass the `ws` package. */
  createWebSocket?: WebSocketFactory;
  timers?: Timers;
  /** The clock of FloodWait.until (default Date.now). */
  now?: () => number;
  /** Keepalive: ping_delay_disconnect every this many ms while connected (default 30 000; 0 disables). */
  pingIntervalMs?: number;
  /** disconnect_delay sent with each ping (default 75 s): the server closes the socket if pings stop. */
  pingDisconnectDelaySeconds?: number;
  /** No pong within this long ⇒ the socket is considered dead and replaced (default 15 000 ms). */
  pongTimeoutMs?: number;
  updates?: { gapWaitMs?: number; maxDifferenceRounds?: number };
  /** Things worth logging that are not errors of a call: reconnect reasons, dropped late replies, update gaps. */
  onDiagnostic?(message: string, detail?: unknown): void;
  /** The RSA keys a server may prove itself with; default: the ones pinned for `endpoint` (endpoints.ts trustedKeysFor). */
  trustedKeys?: readonly RsaPublicKey[];
  /** Which generation of Telegram's WebSocket host names to dial (endpoints.ts WEB_HOSTS; default the current 'kws'). */
  webHosts?: WebHostGeneration;
}

export interface ClientCallOptions extends CallOptions {
  /** Send to this DC instead of the default one (after FILE_MIGRATE_X, for example). */
  dcId?: number;
}

/** Fingerprints arrive as unsigned decimal strings; compare numerically (the library's hex lookup loses leading zeros). */
export function findTrustedKey(keys: readonly RsaPublicKey[], fingerprints: string[]): LibraryRsaKey | null {
  for (const fingerprint of fingerprints) {
    const wanted = BigInt.asUintN(64, BigInt(fingerprint));
    const key = keys.find((candidate) => BigInt(`0x${candidate.fingerprintHex}`) === wanted);
    if (key) return { fingerprint, modulus: key.modulus, exponent: key.exponent };
  }
  return null;
}

type AbortCall = (error: RpcError) => void;

/** One DC's socket and RPC engine, its calls in flight, and the error that ended it for good (an untrusted server key). */
interface DcConnection {
  rpc: PatchedRpc;
  transport: WebSocketTransport;
  pending: Set<AbortCall>;
  fatal: RpcError | null;
}

export class TelegramClient implements TelegramApi {
  readonly updates: Subscribable<UpdateEvent>;
  readonly connection: Subscribable<ConnectionState> & { readonly state: ConnectionState };
  /** The calls waiting out a FLOOD_WAIT_X right now, told at each change (for a countdown on the screen). */
  readonly floodWaits: Subscribable<readonly FloodWait[]> & { readonly state: readonly FloodWait[] };
  /** Exposed for tests and diagnostics; the app uses `updates`. */
  readonly updatesManager: UpdatesManager;

  private readonly mtproto: LibraryClient;
  private readonly dcs: DcAddress[];
  private readonly rpcs = new Map<number, DcConnection>();
  private readonly connectionEmitter = new Emitter<ConnectionState>();
  private connectionState: ConnectionState = 'connecting';
  private readonly floodWaitEmitter = new Emitter<readonly FloodWait[]>();
  private waits: readonly FloodWait[] = [];
  private unwatchDefault: (() => void) | null = null;
  private watchedDc: number | null = null;
  private openedOnce = false;
  private closed = false;
  private readonly timers: Timers;
  private defaultDc: number;
  private readonly keepalive: Keepalive;
  /** DCs the current authorization has been imported into (the default DC has it by signing in). */
  private readonly authorizedDcs = new Map<number, Promise<void>>();

  constructor(private readonly options: TelegramClientOptions) {
    this.timers = options.timers ?? realTimers;
    this.dcs = dcsFor(options.endpoint, options.webHosts);
    const storage = namespacedStorage(options.storage, endpointStorageName(options.endpoint));
    const backend: LibraryStorageBackend = {
      get: (key) => storage.get(key),
      set: (key, value) => storage.set(key, value),
    };
    const Library = makeMTProto({
      SHA1,
      SHA256,
      PBKDF2,
      getRandomBytes,
      getLocalStorage: () => backend,
      // Never used: getRPC below builds our transport itself; the library only insists that the method exists.
      createTransport: () => {
        throw new Error('TelegramClient: library transport requested; getRPC should have been replaced');
      },
    });
    this.mtproto = new Library({
      api_id: options.apiId ?? 0, // never sent while null: call() refuses first
      api_hash: options.apiHash,
      test: options.endpoint.kind === 'test',
      storageOptions: { instance: backend },
    });
    this.mtproto.dcList = this.dcs.map<LibraryDc>(({ id, ip, port, test }) => ({ id, ip, port, test }));
    this.mtproto.initConnectionParams = {
      device_model: options.deviceModel ?? 'tgcall',
      system_version: options.systemVersion ?? 'web',
      app_version: options.appVersion ?? '0.1.0',
      system_lang_code: options.langCode ?? 'en',
      lang_code: options.langCode ?? 'en',
    };
    const trusted = options.trustedKeys ?? trustedKeysFor(options.endpoint);
    // Always our lookup: the library's would fall back to its 2014 keys and, finding none, crash on a null key.
    this.mtproto.crypto.rsa.getRsaKeyByFingerprints = (fingerprints) => {
      const key = findTrustedKey(trusted, fingerprints);
      return key ? Promise.resolve(key) : Promise.reject(RpcError.untrustedServerKey(fingerprints));
    };
    this.mtproto.getRPC = (dcId: number) => this.rpcFor(dcId).rpc;
    for (const name of [
      'updates',
      'updatesCombined',
      'updateShort',
      'updateShortMessage',
      'updateShortChatMessage',
      'updateShortSentMessage',
      'updatesTooLong',
    ]) {
      this.mtproto.updates.on(name, (value: unknown) => {
        if (isUpdates(value))
          void this.updatesManager.process(value).catch((error: unknown) => this.diagnostic('update failed', error));
      });
    }

    this.keepalive = new Keepalive({
      timers: this.timers,
      intervalMs: options.pingIntervalMs ?? 30_000,
      pongTimeoutMs: options.pongTimeoutMs ?? 15_000,
      sendPing: () => this.rpcFor(this.defaultDc).rpc.sendPing(options.pingDisconnectDelaySeconds ?? 75),
      onDead: () => this.rpcFor(this.defaultDc).transport.reconnect('no pong'),
      onError: (error) => this.diagnostic('sending ping failed', error),
    });
    this.updatesManager = new UpdatesManager(this, {
      timers: this.timers,
      gapWaitMs: options.updates?.gapWaitMs,
      maxDifferenceRounds: options.updates?.maxDifferenceRounds,
      onError: (message, error) => this.diagnostic(message, error),
    });
    this.updates = this.updatesManager.events;
    const currentState = () => this.connectionState;
    this.connection = {
      subscribe: (listener) => this.connectionEmitter.subscribe(listener),
      get state() {
        return currentState();
      },
    };
    const currentWaits = () => this.waits;
    this.floodWaits = {
      subscribe: (listener) => this.floodWaitEmitter.subscribe(listener),
      get state() {
        return currentWaits();
      },
    };
    const storedDefault = Number(storage.get('defaultDcId') ?? 'NaN');
    this.defaultDc = this.dcs.some((dc) => dc.id === storedDefault)
      ? storedDefault
      : (this.dcs.find((dc) => dc.id === 2) ?? this.dcs[0]).id;
    this.watchDefaultDc();
  }

  async call<M extends MethodName>(
    method: M,
    params: MethodParams<M>,
    options: ClientCallOptions = {},
  ): Promise<MethodResult<M>> {
    if (this.options.apiId === null) throw RpcError.apiIdMissing();
    let usedDc = this.defaultDc;
    const result = await this.watchAuthorization(
      method,
      callWithRetries(
        method,
        () => {
          if (this.closed) return Promise.reject(RpcError.closed());
          usedDc = options.dcId ?? this.defaultDc;
          const dcId = usedDc;
          if (dcId === this.defaultDc || method.startsWith('auth.'))
            return this.invokeOnce(method, params, dcId, options.timeoutMs);
          return this.authorizeOn(dcId).then(() => this.invokeOnce(method, params, dcId, options.timeoutMs));
        },
        {
          maxFloodWaitSeconds: options.maxFloodWaitSeconds ?? this.options.maxFloodWaitSeconds ?? 10,
          maxRetries: this.options.maxRetries ?? 4,
          timers: this.timers,
          migrate: async (dcId) => {
            // An explicit dcId (FILE_MIGRATE handling by the caller) or an unknown DC is the caller's business.
            if (options.dcId !== undefined || !this.dcs.some((dc) => dc.id === dcId)) return false;
            await this.setDefaultDc(dcId);
            return true;
          },
          onDiagnostic: (message) => this.diagnostic(message),
          onFloodWait: (label, seconds) => this.beginFloodWait(label, seconds),
        },
      ),
    );
    this.afterResult(result, usedDc);
    return result;
  }

  private beginFloodWait(method: string, seconds: number): () => void {
    const wait: FloodWait = { method, seconds, until: (this.options.now ?? Date.now)() + seconds * 1000 };
    this.waits = [...this.waits, wait];
    this.floodWaitEmitter.emit(this.waits);
    return () => {
      this.waits = this.waits.filter((w) => w !== wait);
      this.floodWaitEmitter.emit(this.waits);
    };
  }

  /** Stop for good: pending calls reject with CLIENT_CLOSED, sockets close, no reconnects. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.keepalive.stop();
    this.updatesManager.stop();
    for (const { transport, pending } of this.rpcs.values()) {
      for (const abort of [...pending]) abort(RpcError.closed());
      pending.clear();
      transport.close();
    }
    this.unwatchDefault?.();
    this.setConnectionState('closed');
  }

  /** When the last keepalive pong arrived (Date.now()), or null: for diagnostics and tests. */
  get lastPongAt(): number | null {
    return this.keepalive.lastPongAt;
  }

  /**
   * Now by Telegram's clock, in milliseconds: the device clock corrected by the skew the default DC's session measured
   * (dates the server sends, such as a participant's active_date, compare with this, not with Date.now()).
   */
  serverNow(): number {
    return serverClockNow(Date.now(), this.rpcs.get(this.defaultDc)?.rpc.clockSkewSeconds ?? 0);
  }

  /** Force the default DC's socket to be replaced (e.g. the app noticed the network came back). */
  reconnect(reason = 'requested'): void {
    this.rpcFor(this.defaultDc).transport.reconnect(reason);
  }

  /** While the default DC's connection waits out a backoff delay, try it now (someone is waiting); otherwise nothing. */
  reconnectNow(reason = 'requested'): void {
    this.rpcFor(this.defaultDc).transport.reconnectNow(reason);
  }

  private invokeOnce(method: string, params: unknown, dcId: number, timeoutMs?: number): Promise<unknown> {
    const { rpc, pending, fatal } = this.rpcFor(dcId);
    if (fatal) return Promise.reject(fatal);
    // A fresh object per attempt: its identity is how PatchedRpc.cancel finds this call's library entries.
    // withPresentFalsyFlags also keeps false / 0 in conditional fields, which the library would drop (falsyFlagsFix.ts).
    const sent = withPresentFalsyFlags(method, params as Record<string, unknown>);
    return withTimeout(
      rpc.call(method, sent),
      timeoutMs ?? this.options.requestTimeoutMs ?? 15_000,
      this.timers,
      () => rpc.cancel(sent),
      pending,
    );
  }

  /** Copy the authorization to another DC (auth.exportAuthorization → auth.importAuthorization), once per DC. */
  private authorizeOn(dcId: number): Promise<void> {
    const known = this.authorizedDcs.get(dcId);
    if (known) return known;
    const attempt = (async () => {
      const exported = await this.call('auth.exportAuthorization', { dc_id: dcId });
      await this.call('auth.importAuthorization', { id: exported.id, bytes: exported.bytes }, { dcId });
    })();
    this.authorizedDcs.set(dcId, attempt);
    // A failed copy is retried by the next call to that DC.
    attempt.catch(() => this.authorizedDcs.delete(dcId));
    return attempt;
  }

  /** Signing out, or learning that the session was revoked, ends update ordering until the next sign-in. */
  private async watchAuthorization<T>(method: string, pending: Promise<T>): Promise<T> {
    try {
      const result = await pending;
      if (method === 'auth.logOut') {
        this.authorizedDcs.clear();
        void this.updatesManager.reset();
      }
      return result;
    } catch (error) {
      const rpcError = RpcError.from(error);
      if (rpcError.code === 401 && rpcError.type !== 'SESSION_PASSWORD_NEEDED' && this.updatesManager.started) {
        void this.updatesManager.reset();
      }
      throw rpcError;
    }
  }

  private afterResult(result: unknown, dcId: number): void {
    if (typeof result !== 'object' || result === null) return;
    if (Array.isArray(result)) {
      // users.getUsers([inputUserSelf]) (getSelf) tells us who "out" short messages are from.
      const self = result.find(
        (user: { _?: string; self?: boolean; id?: unknown }) => user?._ === 'user' && user.self === true,
      ) as { id?: unknown } | undefined;
      if (typeof self?.id === 'string') this.updatesManager.setSelfId(self.id);
      return;
    }
    const r = result as { _?: string; user?: { id?: unknown } };
    if (r._ === 'auth.authorization') {
      if (typeof r.user?.id === 'string') this.updatesManager.setSelfId(r.user.id);
      // The library would now export the authorization to every other DC (a socket each); we do it per DC on first use.
      this.authorizedDcs.clear();
      this.authorizedDcs.set(dcId, Promise.resolve());
      if (this.dcs.length > 1 && dcId !== this.defaultDc) void this.setDefaultDc(dcId);
      this.updatesManager
        .start()
        .catch((error: unknown) => this.diagnostic('updates.getState after sign-in failed', error));
      return;
    }
    if (isUpdates(result)) {
      this.updatesManager
        .process(result)
        .catch((error: unknown) => this.diagnostic('method result updates failed', error));
    }
  }

  private async setDefaultDc(dcId: number): Promise<void> {
    this.defaultDc = dcId;
    await this.mtproto.setDefaultDc(dcId);
    this.watchDefaultDc();
  }

  private rpcFor(dcId: number): DcConnection {
    const existing = this.rpcs.get(dcId);
    if (existing) return existing;
    const dc = this.dcs.find((candidate) => candidate.id === dcId);
    if (!dc) throw new RpcError(-500, `UNKNOWN_DC_${dcId}`);
    const transport = new WebSocketTransport({
      url: dc.url,
      getRandomBytes,
      reconnectPolicy: this.options.reconnectPolicy,
      createWebSocket: this.options.createWebSocket,
      timers: this.timers,
      onDiagnostic: (message, detail) => this.diagnostic(`dc${dcId} transport: ${message}`, detail),
    });
    const rpc = new PatchedRpc(
      { dc: { id: dc.id, ip: dc.ip, port: dc.port, test: dc.test }, context: this.mtproto, transport },
      {
        onPong: (pingId) => this.keepalive.pong(pingId),
        onHandshakeFailure: (error) => {
          if (error instanceof RpcError && error.type === 'SERVER_KEY_UNTRUSTED') {
            this.giveUpOn(entry, error);
            return;
          }
          this.diagnostic(`dc${dcId}: handshake failed, reconnecting`, error);
          transport.reconnect('handshake failed');
        },
        onMessageFailure: (error) => {
          this.diagnostic(`dc${dcId}: handling a message failed, reconnecting`, error);
          transport.reconnect('message handling failed');
        },
        onDiagnostic: (message) => this.diagnostic(`dc${dcId}: ${message}`),
        onNewSession: () => {
          this.diagnostic(`dc${dcId}: the server started a new session; fetching the difference`);
          if (dcId === this.defaultDc && this.updatesManager.started) {
            this.updatesManager
              .recover()
              .catch((error: unknown) => this.diagnostic('getDifference after new_session_created failed', error));
          }
        },
      },
    );
    const entry: DcConnection = { rpc, transport, pending: new Set(), fatal: null };
    this.rpcs.set(dcId, entry);
    this.mtproto.rpcs.set(dcId, rpc);
    return entry;
  }

  /**
   * A server that cannot prove itself with a trusted key is not Telegram (or not the endpoint chosen): reconnecting would
   * meet the same key, so the DC's socket closes for good and every call on it, waiting or new, rejects with the reason.
   */
  private giveUpOn(entry: DcConnection, error: RpcError): void {
    this.diagnostic(`dc${entry.rpc.dc.id}: ${error.message}; not reconnecting`, error.cause);
    entry.fatal = error;
    entry.transport.close();
    for (const abort of [...entry.pending]) abort(error);
    entry.pending.clear();
  }

  private watchDefaultDc(): void {
    if (this.closed || this.watchedDc === this.defaultDc) return;
    this.unwatchDefault?.();
    this.watchedDc = this.defaultDc;
    const { transport } = this.rpcFor(this.defaultDc);
    this.setConnectionState(transport.connectionState);
    this.unwatchDefault = transport.state.subscribe((state) => this.handleDefaultState(state));
  }

  private handleDefaultState(state: ConnectionState): void {
    this.setConnectionState(state);
    if (state !== 'ready') {
      this.keepalive.stop();
      return;
    }
    this.keepalive.start();
    const reopened = this.openedOnce;
    this.openedOnce = true;
    if (this.updatesManager.started) {
      if (reopened)
        this.updatesManager
          .recover()
          .catch((error: unknown) => this.diagnostic('getDifference after reconnect failed', error));
      return;
    }
    // A stored session is signed in already: start ordering now. Without one this fails with 401, and sign-in starts it.
    this.updatesManager.start().catch((error: unknown) => {
      const rpcError = RpcError.from(error);
      if (rpcError.code !== 401) this.diagnostic('updates.getState failed', rpcError);
    });
  }

  private setConnectionState(state: ConnectionState): void {
    if (this.closed && state !== 'closed') return;
    if (state === this.connectionState) return;
    this.connectionState = state;
    this.connectionEmitter.emit(state);
  }

  private diagnostic(message: string, detail?: unknown): void {
    this.options.onDiagnostic?.(message, detail);
  }
}

export function createTelegramClient(options: TelegramClientOptions): TelegramClient {
  return new TelegramClient(options);
}

/**
 * The server's clock from the device's (ms) and the skew the session measured (local − server, whole seconds). The
 * handshake measures in whole seconds, so ±1 s is within its error (rounding, the network): the device clock is kept
 * then, and only a real difference moves it.
 */
export function serverClockNow(deviceNowMs: number, skewSeconds: number): number {
  return Math.abs(skewSeconds) <= 1 ? deviceNowMs : deviceNowMs - skewSeconds * 1000;
}
