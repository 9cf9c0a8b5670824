/* eslint-disable @typescript-eslint/only-throw-error -- @mtproto/core rejects with plain mt_rpc_error objects; these fakes do as it does */
import { describe, expect, it } from 'vitest';
import { callWithRetries, withTimeout, type RetryRules } from './retry';
import { RpcError } from './rpcError';
import { FakeClock, flushMicrotasks } from './testing/fakeClock';

const libraryError = (code: number, type: string) => ({ _: 'mt_rpc_error', error_code: code, error_message: type });

function rules(clock: FakeClock, overrides: Partial<RetryRules> = {}): RetryRules {
  return { maxFloodWaitSeconds: 10, maxRetries: 4, timers: clock, migrate: async () => false, ...overrides };
}

describe('callWithRetries', () => {
  it('waits out FLOOD_WAIT_X (on the clock) and retries', async () => {
    const clock = new FakeClock();
    const outcomes = [libraryError(420, 'FLOOD_WAIT_3'), 'ok'];
    let attempts = 0;
    const result = callWithRetries(
      'm',
      async () => {
        const next = outcomes[attempts++];
        if (typeof next !== 'string') throw next;
        return next;
      },
      rules(clock),
    );
    await clock.advance(2_999);
    expect(attempts).toBe(1);
    await clock.advance(1);
    await expect(result).resolves.toBe('ok');
    expect(attempts).toBe(2);
  });

  it('tells onFloodWait when a wait starts and when it is over, before the call is tried again', async () => {
    const clock = new FakeClock();
    const outcomes = [libraryError(420, 'FLOOD_WAIT_2'), libraryError(420, 'FLOOD_WAIT_1'), 'ok'];
    const log: string[] = [];
    let attempts = 0;
    const result = callWithRetries(
      'phone.joinGroupCall',
      async () => {
        log.push(`attempt ${attempts + 1} at ${clock.now}`);
        const next = outcomes[attempts++];
        if (typeof next !== 'string') throw next;
        return next;
      },
      rules(clock, {
        onFloodWait: (label, seconds) => {
          log.push(`wait ${label} ${seconds} s at ${clock.now}`);
          return () => log.push(`waited at ${clock.now}`);
        },
      }),
    );
    await clock.advance(5_000);
    await expect(result).resolves.toBe('ok');
    expect(log).toEqual([
      'attempt 1 at 0',
      'wait phone.joinGroupCall 2 s at 0',
      'waited at 2000',
      'attempt 2 at 2000',
      'wait phone.joinGroupCall 1 s at 2000',
      'waited at 3000',
      'attempt 3 at 3000',
    ]);
  });

  it('rejects FLOOD_WAIT longer than the limit at once, with seconds', async () => {
    const clock = new FakeClock();
    const error = await callWithRetries(
      'm',
      async () => {
        throw libraryError(420, 'FLOOD_WAIT_60');
      },
      rules(clock),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).seconds).toBe(60);
    expect(clock.scheduled()).toEqual([]);
  });

  it("repeats a server's 500 and -503 after 1 s and 3 s, then gives up; our own TIMEOUT is not repeated", async () => {
    const clock = new FakeClock();
    const outcomes: unknown[] = [libraryError(500, 'INTERNAL'), libraryError(-503, 'Timeout'), 'ok'];
    let attempts = 0;
    const result = callWithRetries(
      'm',
      async () => {
        const next = outcomes[attempts++];
        if (typeof next !== 'string') throw next;
        return next;
      },
      rules(clock),
    );
    await clock.advance(999);
    expect(attempts).toBe(1);
    await clock.advance(1);
    expect(attempts).toBe(2);
    await clock.advance(2_999);
    expect(attempts).toBe(2);
    await clock.advance(1);
    await expect(result).resolves.toBe('ok');

    let failing = 0;
    const givesUp = callWithRetries(
      'm',
      async () => {
        failing++;
        throw libraryError(500, 'NEED_MEMBER_INVALID');
      },
      rules(clock),
    ).catch((error: unknown) => error);
    await clock.advance(5_000);
    expect(await givesUp).toMatchObject({ code: 500, type: 'NEED_MEMBER_INVALID' });
    expect(failing).toBe(3);

    let timeouts = 0;
    const ownTimeout = callWithRetries(
      'm',
      async () => {
        timeouts++;
        throw RpcError.timeout();
      },
      rules(clock),
    ).catch((error: unknown) => error);
    expect(await ownTimeout).toMatchObject({ code: -503, type: 'TIMEOUT' });
    expect(timeouts).toBe(1);
  });

  it('stops after maxRetries', async () => {
    const clock = new FakeClock();
    let attempts = 0;
    const result = callWithRetries(
      'm',
      async () => {
        attempts++;
        throw libraryError(420, 'FLOOD_WAIT_0');
      },
      rules(clock, { maxRetries: 2 }),
    );
    await clock.advance(10);
    await expect(result).rejects.toMatchObject({ type: 'FLOOD_WAIT_0' });
    expect(attempts).toBe(3);
  });

  it('migrates on PHONE_MIGRATE_X when allowed, and not on FILE_MIGRATE_X', async () => {
    const clock = new FakeClock();
    const migrations: number[] = [];
    let attempts = 0;
    const migrate = async (dc: number) => {
      migrations.push(dc);
      return true;
    };
    await expect(
      callWithRetries(
        'm',
        async () => {
          if (attempts++ === 0) throw libraryError(303, 'PHONE_MIGRATE_4');
          return 'signed';
        },
        rules(clock, { migrate }),
      ),
    ).resolves.toBe('signed');
    expect(migrations).toEqual([4]);
    await expect(
      callWithRetries(
        'm',
        async () => {
          throw libraryError(303, 'FILE_MIGRATE_5');
        },
        rules(clock, { migrate }),
      ),
    ).rejects.toMatchObject({ migrateDc: 5, migrateKind: 'FILE' });
    expect(migrations).toEqual([4]);
  });

  it('does not retry other errors', async () => {
    let attempts = 0;
    await expect(
      callWithRetries(
        'm',
        async () => {
          attempts++;
          throw libraryError(400, 'PHONE_CODE_INVALID');
        },
        rules(new FakeClock()),
      ),
    ).rejects.toMatchObject({ code: 400, type: 'PHONE_CODE_INVALID' });
    expect(attempts).toBe(1);
  });
});

describe('withTimeout', () => {
  it('rejects with TIMEOUT after the deadline and abandons the request; a late answer changes nothing', async () => {
    const clock = new FakeClock();
    let resolveLate: (value: string) => void = () => {};
    let abandoned = 0;
    const result = withTimeout(
      new Promise<string>((resolve) => {
        resolveLate = resolve;
      }),
      1000,
      clock,
      () => abandoned++,
    );
    const seen = result.catch((e: unknown) => e);
    await clock.advance(999);
    expect(abandoned).toBe(0);
    await clock.advance(1);
    expect(await seen).toMatchObject({ code: -503, type: 'TIMEOUT' });
    expect(abandoned).toBe(1);
    resolveLate('late');
    await flushMicrotasks();
    expect(abandoned).toBe(1);
  });

  it('resolves with the answer and clears its timer', async () => {
    const clock = new FakeClock();
    await expect(withTimeout(Promise.resolve(5), 1000, clock, () => {})).resolves.toBe(5);
    expect(clock.scheduled()).toEqual([]);
  });

  it('can be aborted early through the tracker', async () => {
    const clock = new FakeClock();
    const tracked = new Set<(error: RpcError) => void>();
    const result = withTimeout(new Promise<never>(() => {}), 1000, clock, () => {}, tracked);
    expect(tracked.size).toBe(1);
    for (const abort of tracked) abort(RpcError.closed());
    await expect(result).rejects.toMatchObject({ type: 'CLIENT_CLOSED' });
    expect(tracked.size).toBe(0);
  });
});
