// The seam between the MTProto layer and the API / world (emulator/api, emulator/world, emulator/server.ts).
import type { TlObject, TlValue } from '../tl/codec';
import type { FloodLimits } from './floodControl';

export type { TlObject, TlValue };

/** Persistence of auth keys. The world implements it on sqlite; MemoryAuthKeyStore is the in-memory one. */
export interface AuthKeyStore {
  load(authKeyId: bigint): Uint8Array | undefined;
  save(authKeyId: bigint, authKey: Uint8Array): void;
}

/** What a method handler knows about the call. */
export interface RpcContext {
  /** signed 64-bit, as decoded from the wire */
  authKeyId: bigint;
  sessionId: bigint;
  /** the transport connection the call arrived on */
  connectionId: number;
  /** from invokeWithLayer (remembered per auth key + session; undefined if the client never sent one) */
  layer: number | undefined;
  /** from initConnection (remembered per auth key + session) */
  apiId: number | undefined;
  /** msg_id of the message carrying the call */
  clientMsgId: bigint;
}

export interface RpcDispatcher {
  /**
   * Run one API method (already unwrapped from invokeWithLayer / initConnection / invokeWithoutUpdates / invokeAfterMsg).
   * The result is encoded with the function's declared result type. Throw RpcError for Telegram errors; any other throw
   * becomes 500 INTERNAL.
   */
  invoke(ctx: RpcContext, method: TlObject): Promise<TlValue>;
  /** told when a transport to an auth key closes (so the API can mark users offline) */
  onDisconnect?(authKeyId: bigint, sessionId: bigint): void;
}

export class MemoryAuthKeyStore implements AuthKeyStore {
  private readonly keys = new Map<bigint, Uint8Array>();

  load(authKeyId: bigint): Uint8Array | undefined {
    return this.keys.get(authKeyId);
  }

  save(authKeyId: bigint, authKey: Uint8Array): void {
    this.keys.set(authKeyId, authKey);
  }

  get size(): number {
    return this.keys.size;
  }
}

export type MtprotoLog = (event: string, detail?: Record<string, unknown>) => void;

export interface MtprotoServerOptions {
  /** PKCS#1 or PKCS#8 PEM of the server's RSA key (emulator/keys/private.pem) */
  rsaPrivateKeyPem: string;
  authKeys: AuthKeyStore;
  dispatcher: RpcDispatcher;
  /** milliseconds since the epoch; defaults to Date.now */
  now?: () => number;
  log?: MtprotoLog;
  /** flood control per connection, in cost units (floodControl.ts; default DEFAULT_FLOOD_LIMITS); over it: -429, close */
  flood?: FloodLimits;
  /** open WebSocket connections at most; more are refused with 503 (default 1000) */
  maxConnections?: number;
  /** when the server closes a socket that does not talk (milliseconds; defaults in server.ts) */
  timeouts?: Partial<ConnectionTimeouts>;
}

export interface ConnectionTimeouts {
  /** from the WebSocket's opening to its first whole MTProto packet (a socket that sends only its init) */
  firstPacketMs: number;
  /** from the first byte of a packet (or of the init) to its last (slow-loris) */
  packetMs: number;
  /** with no whole packet received (clients ping: the app every 30 s, GramJS every 60 s) */
  idleMs: number;
}
