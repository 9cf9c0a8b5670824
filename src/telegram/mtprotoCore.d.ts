// Types for the parts of @mtproto/core 6.3.0 (plain CommonJS, no typings) that src/telegram reaches into.
// Only what we use is declared; the shapes were read from the package source (src/rpc, src/tl, src/crypto).

declare module '@mtproto/core/src/index.js' {
  import type { EventEmitter } from 'events';

  export interface LibraryDc {
    id: number;
    ip: string;
    port: number;
    test?: boolean;
  }
  export interface LibraryRsaKey {
    fingerprint: string;
    modulus: string;
    exponent: string;
  }
  export interface LibraryCrypto {
    SHA1(data: Uint8Array): Promise<Uint8Array>;
    SHA256(data: Uint8Array): Promise<Uint8Array>;
    PBKDF2(password: Uint8Array, salt: Uint8Array, iterations: number): Promise<Uint8Array>;
    getRandomBytes: (length: number) => Uint8Array;
    rsa: {
      getRsaKeyByFingerprints(fingerprints: string[]): Promise<LibraryRsaKey | null>;
      encrypt(key: { modulus: string; exponent: string }, bytes: Uint8Array): Uint8Array;
    };
  }
  export interface LibraryStorageBackend {
    get(key: string): string | null | undefined | Promise<string | null | undefined>;
    set(key: string, value: string): unknown;
  }
  export interface LibraryStorage {
    get(key: string): Promise<unknown>;
    set(key: string, value: unknown): Promise<unknown>;
  }
  export interface LibraryEnv {
    SHA1(data: Uint8Array): Promise<Uint8Array>;
    SHA256(data: Uint8Array): Promise<Uint8Array>;
    PBKDF2(password: Uint8Array, salt: Uint8Array, iterations: number): Promise<Uint8Array>;
    getRandomBytes: (length: number) => Uint8Array;
    getLocalStorage(): LibraryStorageBackend;
    createTransport(dc: LibraryDc, crypto: LibraryCrypto): EventEmitter;
  }
  export interface LibraryClientOptions {
    api_id: number;
    api_hash: string;
    test?: boolean;
    storageOptions?: { instance?: LibraryStorageBackend };
  }
  export interface LibraryClient {
    api_id: number;
    api_hash: string;
    dcList: LibraryDc[];
    crypto: LibraryCrypto;
    storage: LibraryStorage;
    updates: EventEmitter;
    rpcs: Map<number, unknown>;
    initConnectionParams: Record<string, unknown>;
    getRPC(dcId: number): unknown;
    syncAuth(dcId: number): Promise<unknown>;
    setDefaultDc(dcId: number): Promise<unknown>;
  }
  export type LibraryClientClass = new (options: LibraryClientOptions) => LibraryClient;
  const makeMTProto: (env: LibraryEnv) => LibraryClientClass;
  export default makeMTProto;
}

declare module '@mtproto/core/src/rpc/index.js' {
  import type { EventEmitter } from 'events';
  import type { LibraryClient, LibraryCrypto, LibraryDc } from '@mtproto/core/src/index.js';
  /** big-integer instances; we only read them as hex. */
  interface LibraryBigInt {
    toString(radix: number): string;
  }

  export interface WaitingMessage {
    method: string;
    params: Record<string, unknown>;
    resolve: (value: unknown) => void;
    reject: (reason: unknown) => void;
    isAck: boolean;
  }

  class RPC {
    constructor(options: { dc: LibraryDc; context: LibraryClient; transport: EventEmitter });
    dc: LibraryDc;
    crypto: LibraryCrypto;
    context: LibraryClient;
    transport: EventEmitter & { readonly isAvailable: boolean; send(bytes: Uint8Array): void };
    isAuth: boolean;
    readonly isReady: boolean;
    messagesWaitAuth: WaitingMessage[];
    messagesWaitResponse: Map<string, WaitingMessage>;
    handleMessage: (buffer: ArrayBuffer) => Promise<void>;
    nonce: Uint8Array;
    serverNonce: Uint8Array;
    newNonce: Uint8Array;
    tmpAesKey: Uint8Array;
    tmpAesIV: Uint8Array;
    dhPrime: LibraryBigInt;
    g: LibraryBigInt;
    gA: LibraryBigInt;
    authKeyAuxHash: number[];
    handleTransportOpen(): Promise<void>;
    handleTransportError(payload: { type: string; code?: number }): Promise<void>;
    handleTransportMessage(buffer: ArrayBuffer): Promise<void>;
    handlePQResponse(buffer: ArrayBuffer): Promise<void>;
    handleDHParams(buffer: ArrayBuffer): Promise<void>;
    handleDHAnswer(buffer: ArrayBuffer): Promise<void>;
    handleEncryptedMessage(buffer: ArrayBuffer): Promise<void>;
    handleDecryptedMessage(
      message: Record<string, unknown>,
      params?: { messageId?: string; seqNo?: number },
    ): Promise<void>;
    generateDH(retryId?: unknown): Promise<void>;
    sendWaitMessages(): Promise<void>;
    sendEncryptedMessage(data: Uint8Array, options?: { isContentRelated?: boolean }): Promise<[number, number]>;
    sendPlainMessage(fn: unknown, params: Record<string, unknown>): Promise<void>;
    ackMessage(messageId: string): void;
    call(method: string, params?: Record<string, unknown>): Promise<unknown>;
    sessionId: Uint8Array;
    getMessageId(): Promise<[number, number]>;
    /** [seconds, low 32 bits] of the last msg_id handed out; reset to [0, 0] by bad_msg_notification 16/17. */
    lastMessageId: [number, number];
    /** A new session: random session_id, seq_no 0, msg_id ordering restarted. */
    updateSession(): void;
    getSeqNo(isContentRelated?: boolean): number;
    getAESInstance(
      authKey: Uint8Array,
      messageKey: Uint8Array,
      isServer: boolean,
    ): Promise<{ encrypt(bytes: Uint8Array): Uint8Array; decrypt(bytes: Uint8Array): Uint8Array }>;
    setStorageItem(key: string, value: unknown): Promise<unknown>;
    getStorageItem(key: string): Promise<unknown>;
  }
  export default RPC;
}

declare module '@mtproto/core/src/tl/parser/index.js' {
  type ParserFn = (this: import('@mtproto/core/src/tl/deserializer/index.js').default) => unknown;
  const parserMap: Map<number, ParserFn>;
  export default parserMap;
}

declare module '@mtproto/core/src/tl/deserializer/index.js' {
  class Deserializer {
    constructor(buffer: ArrayBuffer);
    offset: number;
    byteView: Uint8Array;
    dataView: DataView;
    uint32(): number;
    int32(): number;
    int(): number;
    long(): string;
    bytes(): Uint8Array;
    vector<T>(fn: (this: Deserializer) => T, bare?: boolean): T[];
    predicate(): unknown;
  }
  export default Deserializer;
}

declare module '@mtproto/core/src/tl/builder/index.js' {
  const builderMap: Record<string, unknown>;
  export default builderMap;
}

declare module '@mtproto/core/src/tl/serializer/index.js' {
  class Serializer {
    constructor(fn: unknown, params?: Record<string, unknown>);
    getBytes(): Uint8Array;
    getBuffer(): ArrayBuffer;
  }
  export default Serializer;
}

declare module '@mtproto/core/src/crypto/aes/index.js' {
  interface BlockMode {
    encrypt(bytes: Uint8Array | number[]): Uint8Array;
    decrypt(bytes: Uint8Array | number[]): Uint8Array;
  }
  const AES: {
    CTR: new (key: Uint8Array, iv: Uint8Array) => BlockMode;
    IGE: new (key: Uint8Array, iv: Uint8Array) => BlockMode;
  };
  export default AES;
}

declare module '@mtproto/core/envs/browser/sha1.js' {
  const fn: (data: Uint8Array) => Promise<Uint8Array>;
  export default fn;
}
declare module '@mtproto/core/envs/browser/sha256.js' {
  const fn: (data: Uint8Array) => Promise<Uint8Array>;
  export default fn;
}
declare module '@mtproto/core/envs/browser/pbkdf2.js' {
  const fn: (password: Uint8Array, salt: Uint8Array, iterations: number) => Promise<Uint8Array>;
  export default fn;
}
declare module '@mtproto/core/envs/browser/get-random-bytes.js' {
  const fn: (length: number) => Uint8Array;
  export default fn;
}

declare module '@mtproto/core/src/crypto/index.js' {
  import type { LibraryEnv } from '@mtproto/core/src/index.js';
  class Crypto {
    constructor(env: Pick<LibraryEnv, 'SHA1' | 'SHA256' | 'PBKDF2' | 'getRandomBytes'>);
    getSRPParams(input: {
      g: number;
      p: Uint8Array;
      salt1: Uint8Array;
      salt2: Uint8Array;
      gB: Uint8Array;
      password: string;
    }): Promise<{ A: Uint8Array; M1: Uint8Array }>;
  }
  export default Crypto;
}
