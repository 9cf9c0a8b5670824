// Fault injection as a dispatcher wrapper: answer the next `times` calls of a method with a given error (e.g. 420
// FLOOD_WAIT_5), optionally after a delay, or answer them late (type LATE: the real answer after `delayMs`), and record
// every call in the CallLog. The wrapped dispatcher never sees a call answered with an injected error.
import { RpcError } from '../rpcError';
import type { RpcContext, RpcDispatcher, TlObject, TlValue } from '../api/types';
import type { CallLog } from './callLog';

export interface Fault {
  method: string;
  code: number;
  /** the error type, or LATE_ANSWER: no error, the real answer `delayMs` late */
  type: string;
  times: number;
  /** hold the call this long before answering (ms) */
  delayMs?: number;
  /** only calls of this user (the key's signed-in user); any caller when absent */
  userId?: number;
}

export const LATE_ANSWER = 'LATE_ANSWER';

export class FaultTable {
  private faults: Fault[] = [];

  add(f: Fault): void {
    this.faults.push({ ...f });
  }

  /** Takes one use of the first fault armed for `method` (and for this caller, when the fault names one). */
  take(method: string, userId?: number): Fault | undefined {
    const f = this.faults.find(
      (x) => x.method === method && x.times > 0 && (x.userId === undefined || x.userId === userId),
    );
    if (!f) return undefined;
    f.times -= 1;
    this.faults = this.faults.filter((x) => x.times > 0);
    return f;
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }
}

const WRAPPERS = new Set([
  'invokeWithoutUpdates',
  'invokeWithLayer',
  'initConnection',
  'invokeWithMessagesRange',
  'invokeWithTakeout',
]);

function innerMethod(m: TlObject): string {
  let cur: TlValue = m;
  for (let depth = 0; depth < 8; depth++) {
    const o = cur as TlObject;
    if (!WRAPPERS.has(o._) || typeof o.query !== 'object' || o.query === null) return o._;
    cur = o.query;
  }
  return (cur as TlObject)._;
}

export function withControl(
  inner: RpcDispatcher,
  deps: { faults: FaultTable; log: CallLog; userOf: (authKeyId: bigint) => number | undefined },
): RpcDispatcher {
  return {
    async invoke(ctx: RpcContext, method: TlObject): Promise<TlValue> {
      const name = innerMethod(method);
      const base = {
        method: name,
        userId: deps.userOf(ctx.authKeyId) ?? null,
        authKeyId: ctx.authKeyId.toString(),
        at: Date.now(),
      };
      const fault = deps.faults.take(name, base.userId ?? undefined);
      if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault && fault.type !== LATE_ANSWER) {
        deps.log.add({ ...base, error: fault.type, injected: true });
        throw new RpcError(fault.code, fault.type);
      }
      const late = fault ? { delayedMs: fault.delayMs } : {};
      try {
        const result = await inner.invoke(ctx, method);
        deps.log.add({ ...base, ...late });
        return result;
      } catch (e) {
        deps.log.add({ ...base, ...late, error: e instanceof RpcError ? e.type : 'INTERNAL' });
        throw e;
      }
    },
    onDisconnect: inner.onDisconnect?.bind(inner),
  };
}
