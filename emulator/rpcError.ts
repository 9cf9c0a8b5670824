// An API error as the server sends it: Telegram's numeric code and its error type ("PHONE_CODE_INVALID").
// Handlers throw it; the MTProto layer turns it into rpc_error. FLOOD_WAIT_X and *_MIGRATE_X carry the number in the type.
export class RpcError extends Error {
  constructor(
    readonly code: number,
    readonly type: string,
  ) {
    super(`${code} ${type}`);
    this.name = 'RpcError';
  }

  static badRequest(type: string): RpcError {
    return new RpcError(400, type);
  }

  static unauthorized(type: string): RpcError {
    return new RpcError(401, type);
  }

  static forbidden(type: string): RpcError {
    return new RpcError(403, type);
  }

  static floodWait(seconds: number): RpcError {
    return new RpcError(420, `FLOOD_WAIT_${seconds}`);
  }

  static internal(type = 'INTERNAL'): RpcError {
    return new RpcError(500, type);
  }
}
