// API calls: the wrappers (invokeWithLayer, initConnection, invokeAfterMsg…) unwrapped, the call run by the dispatcher,
// its rpc_result or rpc_error sent, and the service-message faults a test may arm for a method's next call.
import { RpcError } from '../rpcError';
import { encodeObject, TlWriter, writeResult, type TlObject, type TlValue } from '../tl/codec';
import type { TlSchema } from '../tl/schema';
import { rpcResultBody } from './envelope';
import { WRAPPERS } from './limits';
import type { AuthKeyState } from './msgRules';
import type { OutMsg, Received, Session } from './session';
import type { MtprotoLog, RpcContext, RpcDispatcher } from './types';

/** A service-message fault for the next call of a method (see MtprotoServer.armServiceFault). */
export type ServiceFault =
  | { kind: 'detailed-info'; method: string }
  | { kind: 'bad-msg'; method: string; code: 32 | 33 | 64 }
  /** The rpc_result goes out twice, in two messages (as after a resend): the client must take the first only. */
  | { kind: 'duplicate-result'; method: string };

export interface RpcHost {
  readonly dispatcher: RpcDispatcher;
  readonly schema: TlSchema;
  readonly authKeys: Map<bigint, AuthKeyState>;
  readonly log: MtprotoLog;
  /** Queues a message in the session (see MtprotoServer.sendMessage). */
  send(session: Session, body: Uint8Array, content: boolean, isAnswer: boolean, deliver?: boolean): OutMsg;
  sendBadMsg(session: Session, msgId: bigint, seqNo: number, code: number): void;
}

export function rpcErrorBody(reqMsgId: bigint, e: RpcError): Uint8Array {
  return rpcResultBody(reqMsgId, encodeObject({ _: 'rpc_error', error_code: e.code, error_message: e.type }));
}

export class RpcRunner {
  private readonly serviceFaults: ServiceFault[] = [];

  constructor(private readonly host: RpcHost) {}

  armServiceFault(fault: ServiceFault): void {
    this.serviceFaults.push({ ...fault });
  }

  clearServiceFaults(): void {
    this.serviceFaults.length = 0;
  }

  sendRpcError(session: Session, reqMsgId: bigint, e: RpcError): void {
    this.host.send(session, rpcErrorBody(reqMsgId, e), true, true);
  }

  /** An rpc_result for a service request (destroy_session, rpc_drop_answer). */
  answer(session: Session, reqMsgId: bigint, result: Uint8Array): void {
    const entry: Received = { state: 'done' };
    session.remember(reqMsgId, entry);
    entry.answer = this.host.send(session, rpcResultBody(reqMsgId, result), true, true);
  }

  invoke(session: Session, msgId: bigint, call: TlObject): void {
    const host = this.host;
    const entry: Received = { state: 'running' };
    session.remember(msgId, entry);
    let query = call;
    const after: bigint[] = [];
    while (WRAPPERS.has(query._)) {
      if (query._ === 'invokeWithLayer') {
        session.layer = query.layer as number;
        host.authKeys.get(session.authKeyId)!.layer = session.layer;
      } else if (query._ === 'initConnection') {
        session.apiId = query.api_id as number;
        host.authKeys.get(session.authKeyId)!.apiId = session.apiId;
      } else if (query._ === 'invokeAfterMsg') {
        after.push(query.msg_id as bigint);
      } else if (query._ === 'invokeAfterMsgs') {
        after.push(...(query.msg_ids as bigint[]));
      }
      const inner = query.query;
      if (!inner || typeof inner !== 'object' || Array.isArray(inner) || inner instanceof Uint8Array) break;
      query = inner;
    }
    const faultAt = this.serviceFaults.findIndex((f) => f.method === query._);
    const fault = faultAt >= 0 ? this.serviceFaults.splice(faultAt, 1)[0] : undefined;
    if (fault?.kind === 'bad-msg') {
      // Refused as a message: never run, and forgotten, so that only a new message (in a new session) brings it back.
      session.received.delete(msgId);
      host.log('fault.bad_msg', { method: query._, code: fault.code });
      host.sendBadMsg(session, msgId, 0, fault.code);
      return;
    }
    const fn = host.schema.functionsByName.get(query._);
    const keyState = host.authKeys.get(session.authKeyId);
    const ctx: RpcContext = {
      authKeyId: session.authKeyId,
      sessionId: session.sessionId,
      connectionId: session.conn?.id ?? 0,
      layer: session.layer ?? keyState?.layer,
      apiId: session.apiId ?? keyState?.apiId,
      clientMsgId: msgId,
    };
    const waitFor = after
      .map((id) => session.received.get(id)?.done)
      .filter((p): p is Promise<void> => p !== undefined);
    const run = async (): Promise<void> => {
      if (waitFor.length) await Promise.allSettled(waitFor);
      let body: Uint8Array;
      if (!fn || fn.section !== 'api' || WRAPPERS.has(query._)) {
        body = rpcErrorBody(msgId, new RpcError(400, 'INPUT_METHOD_INVALID'));
      } else {
        try {
          const result: TlValue = await host.dispatcher.invoke(ctx, query);
          const w = new TlWriter();
          writeResult(w, fn, result, host.schema);
          body = rpcResultBody(msgId, w.toBytes());
        } catch (e) {
          if (e instanceof RpcError) {
            body = rpcErrorBody(msgId, e);
          } else {
            host.log('rpc.internal_error', { method: query._, error: String(e), stack: (e as Error)?.stack });
            body = rpcErrorBody(msgId, new RpcError(500, 'INTERNAL'));
          }
        }
      }
      entry.state = 'done';
      if (entry.dropped) return;
      if (fault?.kind === 'detailed-info') {
        // The answer exists (kept for msg_resend_req) but only its description goes out.
        entry.answer = host.send(session, body, true, true, false);
        host.log('fault.detailed_info', { method: query._, answerMsgId: entry.answer.msgId.toString() });
        host.send(
          session,
          encodeObject({
            _: 'msg_detailed_info',
            msg_id: msgId,
            answer_msg_id: entry.answer.msgId,
            bytes: body.length,
            status: 0,
          }),
          false,
          false,
        );
        return;
      }
      entry.answer = host.send(session, body, true, true);
      if (fault?.kind === 'duplicate-result') {
        const again = host.send(session, body, true, true);
        host.log('fault.duplicate_result', { method: query._, msgIds: [entry.answer.msgId, again.msgId].map(String) });
      }
    };
    // always asynchronous, so that the msgs_ack for this packet goes out before any answer
    entry.done = Promise.resolve()
      .then(run)
      .catch((e) => host.log('rpc.crash', { error: String(e) }));
  }
}
