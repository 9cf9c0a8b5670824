import { describe, expect, it } from 'vitest';
import { RpcError } from './rpcError';

describe('RpcError', () => {
  it('maps the library rejection object, reading seconds from FLOOD_WAIT_X', () => {
    const error = RpcError.from({ _: 'mt_rpc_error', error_code: 420, error_message: 'FLOOD_WAIT_7' });
    expect(error).toBeInstanceOf(RpcError);
    expect([error.code, error.type, error.seconds, error.isFloodWait]).toEqual([420, 'FLOOD_WAIT_7', 7, true]);
  });

  it('reads the DC from *_MIGRATE_X', () => {
    const error = RpcError.from({ _: 'mt_rpc_error', error_code: 303, error_message: 'PHONE_MIGRATE_4' });
    expect([error.migrateKind, error.migrateDc, error.seconds]).toEqual(['PHONE', 4, undefined]);
    expect(RpcError.from({ _: 'mt_rpc_error', error_code: 303, error_message: 'FILE_MIGRATE_5' }).migrateKind).toBe(
      'FILE',
    );
  });

  it('keeps plain errors as they are', () => {
    const error = RpcError.from({ _: 'mt_rpc_error', error_code: 400, error_message: 'PHONE_CODE_INVALID' });
    expect([error.code, error.type, error.seconds, error.migrateDc, error.isFloodWait]).toEqual([
      400,
      'PHONE_CODE_INVALID',
      undefined,
      undefined,
      false,
    ]);
  });

  it('turns library crashes into INTERNAL with the original as cause', () => {
    const crash = new TypeError("Cannot read properties of undefined (reading 'reject')");
    const error = RpcError.from(crash);
    expect([error.code, error.type]).toEqual([-500, 'INTERNAL']);
    expect((error.cause as Error).cause).toBe(crash);
    expect(RpcError.from('weird').type).toBe('INTERNAL');
  });

  it('has named factories and passes RpcErrors through', () => {
    const timeout = RpcError.timeout();
    expect([timeout.code, timeout.type]).toEqual([-503, 'TIMEOUT']);
    expect(RpcError.from(timeout)).toBe(timeout);
    expect(RpcError.closed().type).toBe('CLIENT_CLOSED');
  });
});
