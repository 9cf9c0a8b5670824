// RpcError: the one error type a TelegramApi call rejects with, whatever went wrong (server error, timeout, closed
// client, a library failure). Callers match on `type` (Telegram's error string), never on message text.

/** A library rejection as @mtproto/core produces it (a plain object, not an Error). */
interface LibraryRpcError {
  _: 'mt_rpc_error';
  error_code: number;
  error_message: string;
}

function isLibraryRpcError(value: unknown): value is LibraryRpcError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v._ === 'mt_rpc_error' && typeof v.error_code === 'number' && typeof v.error_message === 'string';
}

/** Error types that end in a number of seconds to wait. */
const WAIT_TYPES = /^(FLOOD_WAIT|FLOOD_PREMIUM_WAIT|SLOWMODE_WAIT|FLOOD_TEST_PHONE_WAIT|TAKEOUT_INIT_DELAY)_(\d+)$/;
/** Error types that name the DC to go to. */
const MIGRATE_TYPES = /^(PHONE|USER|NETWORK|FILE|STATS)_MIGRATE_(\d+)$/;

export type MigrateKind = 'PHONE' | 'USER' | 'NETWORK' | 'FILE' | 'STATS';

export class RpcError extends Error {
  /** Seconds to wait, for FLOOD_WAIT_X and the other *_WAIT_X types. */
  readonly seconds?: number;
  /** Target DC for *_MIGRATE_X. */
  readonly migrateDc?: number;
  readonly migrateKind?: MigrateKind;

  constructor(
    readonly code: number,
    readonly type: string,
    override readonly cause?: unknown,
  ) {
    super(`${code} ${type}`);
    this.name = 'RpcError';
    const wait = WAIT_TYPES.exec(type);
    if (wait) this.seconds = Number(wait[2]);
    const migrate = MIGRATE_TYPES.exec(type);
    if (migrate) {
      this.migrateKind = migrate[1] as MigrateKind;
      this.migrateDc = Number(migrate[2]);
    }
  }

  /** The server answered with this rpc_error (not a timeout, closed client or library failure of ours). */
  get isFromServer(): boolean {
    return isLibraryRpcError(this.cause);
  }

  /**
   * Telegram's "try again later" answers: 500 (INTERNAL and the like: "the client can repeat the request") and -503
   * (Timeout: the server gave up waiting for an internal answer). Our own -503 TIMEOUT is not one of them.
   */
  get isTransientServerError(): boolean {
    return this.isFromServer && (this.code === 500 || this.code === -503);
  }

  /** True for FLOOD_WAIT_X (and FLOOD_PREMIUM_WAIT_X), the errors a client may wait out and retry. */
  get isFloodWait(): boolean {
    return this.code === 420 && this.seconds !== undefined;
  }

  /** Anything a call can reject with, turned into an RpcError; unknown shapes keep the original as `cause`. */
  static from(error: unknown): RpcError {
    if (error instanceof RpcError) return error;
    if (isLibraryRpcError(error)) return new RpcError(error.error_code, error.error_message, error);
    const detail = error instanceof Error ? error.message : String(error);
    return new RpcError(-500, 'INTERNAL', new Error(`library failure: ${detail}`, { cause: error }));
  }

  /** The request got no answer in time. */
  static timeout(): RpcError {
    return new RpcError(-503, 'TIMEOUT');
  }

  /**
   * The server's handshake offered none of the RSA keys trusted for the endpoint (resPQ fingerprints, as unsigned
   * decimals): it cannot be Telegram, or the endpoint chosen is not the one it serves. Permanent; never retried.
   */
  static untrustedServerKey(fingerprints: readonly string[]): RpcError {
    const hex = fingerprints.map((fingerprint) =>
      BigInt.asUintN(64, BigInt(fingerprint)).toString(16).padStart(16, '0'),
    );
    return new RpcError(
      -500,
      'SERVER_KEY_UNTRUSTED',
      new Error(`the server offered RSA keys ${hex.join(', ') || '(none)'}, none of them trusted`),
    );
  }

  /** No api_id was given: every request carries one (initConnection), and Telegram has none that works for everybody. */
  static apiIdMissing(): RpcError {
    return new RpcError(-400, 'API_ID_MISSING');
  }

  /** The client was closed while the request was pending, or after. */
  static closed(): RpcError {
    return new RpcError(-503, 'CLIENT_CLOSED');
  }
}
