// The service messages a client may send besides API calls (msgs_ack, ping, ping_delay_disconnect, get_future_salts,
// destroy_session, msgs_state_req, msg_resend_req, rpc_drop_answer, http_wait) and the server's answer to each.
import { encodeObject, type TlObject } from '../tl/codec';
import { SALT_PERIOD_SECONDS } from './limits';
import { msgStateOf, type ServerSalts } from './msgRules';
import type { OutMsg, Session, SessionTable } from './session';

export interface ServiceHost {
  readonly sessions: SessionTable;
  readonly salts: ServerSalts;
  now(): number;
  send(session: Session, body: Uint8Array, content: boolean, isAnswer: boolean): OutMsg;
  /** An rpc_result for a service request. */
  answer(session: Session, reqMsgId: bigint, result: Uint8Array): void;
  /** Sends an earlier message again on the session's connection. */
  resend(session: Session, msg: OutMsg): void;
  armPingDisconnect(session: Session, delaySeconds: number): void;
}

/** Handles `obj` when it is a service message; false when it is not one (an API call, or something to ignore). */
export function handleServiceMessage(host: ServiceHost, session: Session, msgId: bigint, obj: TlObject): boolean {
  switch (obj._) {
    case 'msgs_ack':
      for (const id of obj.msg_ids as bigint[]) session.unacked.delete(id);
      session.remember(msgId, { state: 'service' });
      return true;
    case 'ping':
    case 'ping_delay_disconnect': {
      session.remember(msgId, { state: 'done' });
      if (obj._ === 'ping_delay_disconnect') host.armPingDisconnect(session, obj.disconnect_delay as number);
      host.send(session, encodeObject({ _: 'pong', msg_id: msgId, ping_id: obj.ping_id }), false, true);
      return true;
    }
    case 'get_future_salts': {
      session.remember(msgId, { state: 'done' });
      const num = Math.max(1, Math.min(64, obj.num as number));
      const nowSec = Math.floor(host.now() / 1000);
      const first = Math.floor(nowSec / SALT_PERIOD_SECONDS);
      const salts: TlObject[] = [];
      for (let i = 0; i < num; i++) {
        const p = first + i;
        salts.push({
          _: 'future_salt',
          valid_since: p * SALT_PERIOD_SECONDS,
          valid_until: (p + 2) * SALT_PERIOD_SECONDS,
          salt: host.salts.saltFor(session.authKeyId, p),
        });
      }
      host.send(session, encodeObject({ _: 'future_salts', req_msg_id: msgId, now: nowSec, salts }), false, true);
      return true;
    }
    case 'destroy_session': {
      const target = obj.session_id as bigint;
      const victim = host.sessions.get(session.authKeyId, target);
      let result: TlObject;
      if (victim && target !== session.sessionId) {
        host.sessions.forget(victim);
        result = { _: 'destroy_session_ok', session_id: target };
      } else {
        result = { _: 'destroy_session_none', session_id: target };
      }
      host.answer(session, msgId, encodeObject(result));
      return true;
    }
    case 'msgs_state_req': {
      session.remember(msgId, { state: 'done' });
      const ids = obj.msg_ids as bigint[];
      const info = new Uint8Array(ids.map((id) => msgStateOf(session, id, host.now())));
      host.send(session, encodeObject({ _: 'msgs_state_info', req_msg_id: msgId, info }), false, true);
      return true;
    }
    case 'msg_resend_req':
    case 'msg_resend_ans_req': {
      session.remember(msgId, { state: 'done' });
      for (const id of obj.msg_ids as bigint[]) {
        const m = session.unacked.get(id);
        if (m && session.conn) host.resend(session, m);
      }
      return true;
    }
    case 'rpc_drop_answer': {
      const target = session.received.get(obj.req_msg_id as bigint);
      let result: TlObject;
      if (target?.state === 'running') {
        target.dropped = true;
        result = { _: 'rpc_answer_dropped_running' };
      } else if (target?.state === 'done' && target.answer) {
        result = {
          _: 'rpc_answer_dropped',
          msg_id: target.answer.msgId,
          seq_no: target.answer.seqNo,
          bytes: target.answer.body.length,
        };
      } else {
        result = { _: 'rpc_answer_unknown' };
      }
      host.answer(session, msgId, encodeObject(result));
      return true;
    }
    case 'http_wait':
      session.remember(msgId, { state: 'service' });
      return true;
    default:
      return false;
  }
}
