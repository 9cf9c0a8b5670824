// The real @mtproto/core 6.3.0 client in Node against a local server: makeMTProto from `@mtproto/core/src` with the
// Node crypto envs, an in-memory storage, and a transport over the `ws` package speaking obfuscated intermediate to a
// URL of ours (what envs/browser/transport.js does with the browser's WebSocket). For tests (and the API engineer's).
import { createRequire } from 'node:module';
import WebSocket from 'ws';

const require = createRequire(import.meta.url);

// @mtproto/core's internals are untyped CommonJS. What the tests touch of the client is typed below (CoreInstance,
// CoreObject); the transport subclass and the handshake patch work on the library's own objects, typed `Any`, and
// the unsafe-any rules are off for those two blocks only.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** A TL object as @mtproto/core decodes it (`_` and its fields). */
export interface CoreObject {
  [field: string]: unknown;
}

/** The @mtproto/core instance, as far as the tests and this file use it. */
export interface CoreInstance {
  call(method: string, params?: Record<string, unknown>, options?: Record<string, unknown>): Promise<CoreObject>;
  updates: { on(event: string, listener: (update: CoreObject) => void): void };
  dcList: { id: number; ip: string; port: number }[];
  crypto: { rsa: { getRsaKeyByFingerprints: (fingerprints: string[]) => Promise<unknown> } };
}

const makeMTProto = require('@mtproto/core/src') as (
  env: Record<string, unknown>,
) => new (opts: Record<string, unknown>) => CoreInstance;
const Obfuscated = require('@mtproto/core/src/transport/obfuscated') as new () => Any;
const RPC = require('@mtproto/core/src/rpc') as { prototype: Any };
const AES = require('@mtproto/core/src/crypto/aes') as { IGE: new (key: Any, iv: Any) => Any };
const builderMap = require('@mtproto/core/src/tl/builder') as Record<string, unknown>;
const Serializer = require('@mtproto/core/src/tl/serializer') as new (fn: unknown, params: unknown) => Any;
const common = require('@mtproto/core/src/utils/common') as Record<string, (...args: Any[]) => Any>;

export interface LocalPublicKey {
  fingerprint: bigint;
  modulusHex: string;
  exponentHex: string;
}

export interface CoreClientOptions {
  url: string;
  publicKey: LocalPublicKey;
  /** shared storage (to reuse an auth key across clients); a fresh Map when omitted */
  storage?: Map<string, string>;
  api_id?: number;
  api_hash?: string;
  /** reconnect after the socket closes, as the browser transport does (but after `reconnectDelayMs`, default 20) */
  reconnect?: boolean;
  reconnectDelayMs?: number;
  /** apply mendHandshakePadding() (default true) */
  mendHandshake?: boolean;
}

/** Transport errors and socket events seen by the transports of this process (for assertions). */
export interface TransportEvents {
  transportErrors: number[];
  opens: number;
  closes: number;
}

/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return -- the library's own objects (see the top) */
class WsTransport extends Obfuscated {
  socket!: WebSocket;
  closedByUser = false;
  constructor(
    readonly dc: Any,
    readonly crypto: Any,
    readonly url: string,
    readonly events: TransportEvents,
    readonly reconnect: boolean,
    readonly reconnectDelayMs: number,
  ) {
    super();
    this.connect();
  }

  get isAvailable(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  connect(): void {
    this.socket = new WebSocket(this.url, 'binary');
    this.socket.binaryType = 'arraybuffer';
    this.socket.on('open', () => void this.handleOpen());
    this.socket.on('message', (data: ArrayBuffer) => void this.handleMessage(data));
    this.socket.on('close', () => this.handleClose());
    this.socket.on('error', () => this.emit('error', { type: 'socket' }));
  }

  async handleOpen(): Promise<void> {
    const initialMessage = await this.generateObfuscationKeys();
    this.socket.send(initialMessage);
    this.events.opens++;
    this.emit('open');
  }

  handleClose(): void {
    this.events.closes++;
    if (this.closedByUser || !this.reconnect) return;
    setTimeout(() => {
      if (!this.closedByUser) this.connect();
    }, this.reconnectDelayMs);
  }

  async handleMessage(data: ArrayBuffer): Promise<void> {
    const bytes = await this.deobfuscate(new Uint8Array(data));
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
    if (length === 4) {
      // a transport error: @mtproto/core's own transport emits it *and* passes the 4 bytes on as a message (which then
      // throws inside the library); here only the error is emitted
      const code = new DataView(bytes.buffer, bytes.byteOffset).getInt32(4, true);
      this.events.transportErrors.push(code);
      this.emit('error', { type: 'transport', code: -code });
      return;
    }
    this.emit('message', bytes.slice(4).buffer);
  }

  async send(bytes: Uint8Array): Promise<void> {
    const intermediate = this.getIntermediateBytes(bytes);
    const { buffer } = await this.obfuscate(intermediate);
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(buffer);
  }

  close(): void {
    this.closedByUser = true;
    this.socket.close();
  }
}

let mended = false;

/**
 * @mtproto/core 6.3.0 does not left-pad the auth key to 256 bytes (src/rpc/index.js generateDH), so ~1 handshake in 256
 * derives a different key than the server ("Invalid hash in mt_dh_gen_ok"). This replaces RPC.prototype.generateDH with
 * the same code plus the padding (of the auth key and of g_b). Process-wide, idempotent.
 */
export function mendHandshakePadding(): void {
  if (mended) return;
  mended = true;
  const { bytesToBigInt, bigIntToBytes, xorBytes, bytesToBytesRaw, concatBytes } = common;
  RPC.prototype.generateDH = async function generateDH(this: Any, retryId = 0) {
    const b = bytesToBigInt(this.crypto.getRandomBytes(256));
    const authKey = bigIntToBytes(this.gA.modPow(b, this.dhPrime), 256);
    const serverSalt = xorBytes(this.newNonce.slice(0, 8), this.serverNonce.slice(0, 8));
    await this.setStorageItem('authKey', bytesToBytesRaw(authKey));
    await this.setStorageItem('serverSalt', bytesToBytesRaw(serverSalt));
    this.authKeyAuxHash = bytesToBytesRaw((await this.crypto.SHA1(authKey)).slice(0, 8));
    const serializer = new Serializer(builderMap.mt_client_DH_inner_data, {
      nonce: this.nonce,
      server_nonce: this.serverNonce,
      retry_id: retryId,
      g_b: bigIntToBytes(this.g.modPow(b, this.dhPrime), 256),
    });
    const innerData = serializer.getBytes();
    const innerDataHash = await this.crypto.SHA1(innerData);
    const paddingLength = 16 - ((innerDataHash.length + innerData.length) % 16);
    const encryptedData = new AES.IGE(this.tmpAesKey, this.tmpAesIV).encrypt(
      concatBytes(innerDataHash, innerData, this.crypto.getRandomBytes(paddingLength)),
    );
    this.sendPlainMessage(builderMap.mt_set_client_DH_params, {
      nonce: this.nonce,
      server_nonce: this.serverNonce,
      encrypted_data: encryptedData,
    });
    this.handleMessage = this.handleDHAnswer;
  };
}
/* eslint-enable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return */

export interface CoreClient {
  /** the @mtproto/core instance: call(method, params, options), updates */
  mtproto: CoreInstance;
  storage: Map<string, string>;
  events: TransportEvents;
  call(method: string, params?: Record<string, unknown>): Promise<CoreObject>;
  /** the auth key the client stored (dc 2), as bytes */
  authKey(): Uint8Array | undefined;
  /** the current transport (created on the first call) */
  transport(): WsTransport | undefined;
  close(): void;
}

export function createCoreClient(opts: CoreClientOptions): CoreClient {
  if (opts.mendHandshake !== false) mendHandshakePadding();
  const storage = opts.storage ?? new Map<string, string>();
  const events: TransportEvents = { transportErrors: [], opens: 0, closes: 0 };
  const transports: WsTransport[] = [];
  const MTProto = makeMTProto({
    SHA1: require('@mtproto/core/envs/node/sha1'),
    SHA256: require('@mtproto/core/envs/node/sha256'),
    PBKDF2: require('@mtproto/core/envs/node/pbkdf2'),
    getRandomBytes: require('@mtproto/core/envs/node/get-random-bytes'),
    getLocalStorage: () => {
      throw new Error('storageOptions.instance is always given');
    },
    createTransport: (dc: unknown, crypto: unknown) => {
      const t = new WsTransport(dc, crypto, opts.url, events, opts.reconnect ?? false, opts.reconnectDelayMs ?? 20);
      transports.push(t);
      return t;
    },
  });
  const mtproto = new MTProto({
    api_id: opts.api_id ?? 1,
    api_hash: opts.api_hash ?? 'local',
    storageOptions: {
      instance: {
        get: (k: string) => Promise.resolve(storage.get(k) ?? null),
        set: (k: string, v: string) => Promise.resolve(void storage.set(k, v)),
      },
    },
  });
  mtproto.dcList = [{ id: 2, ip: '127.0.0.1', port: 0 }];
  const key = {
    fingerprint: BigInt.asUintN(64, opts.publicKey.fingerprint).toString(),
    modulus: opts.publicKey.modulusHex,
    exponent: opts.publicKey.exponentHex,
  };
  mtproto.crypto.rsa.getRsaKeyByFingerprints = (fingerprints: string[]) => {
    const want = BigInt.asUintN(64, opts.publicKey.fingerprint);
    return Promise.resolve(fingerprints.some((f) => BigInt(f) === want) ? key : null);
  };
  return {
    mtproto,
    storage,
    events,
    call: (method, params = {}) => mtproto.call(method, params),
    authKey: () => {
      const raw = storage.get('2authKey');
      if (!raw) return undefined;
      const arr = JSON.parse(raw) as number[] | null;
      return arr ? new Uint8Array(arr) : undefined;
    },
    transport: () => transports[transports.length - 1],
    close: () => {
      for (const t of transports) t.close();
    },
  };
}
