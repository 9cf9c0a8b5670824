// The bytes of encrypted messages and of the bodies the server builds: decrypting and checking a client packet
// (msg_key, lengths, padding), sealing an outgoing message, the unencrypted handshake reply, containers and rpc_result.
import { gzipSync } from 'node:zlib';
import { TlReader, TlWriter } from '../tl/codec';
import {
  aesIgeDecrypt,
  aesIgeEncrypt,
  concat,
  equalBytes,
  longBytes,
  messageKey,
  messageKeys,
  randomBytes,
} from './crypto';
import { GZIP_THRESHOLD, ID } from './limits';
import type { OutMsg } from './session';

/** The encrypted part's length of a packet (transport padding cut for 'padded'), or null when it cannot be valid. */
export function encryptedLength(packet: Uint8Array, padded: boolean): number | null {
  let encLen = packet.length - 24;
  if (padded) encLen -= encLen % 16; // transport padding
  return encLen < 48 || encLen % 16 !== 0 ? null : encLen;
}

export type Opened =
  | { ok: true; salt: bigint; sessionId: bigint; msgId: bigint; seqNo: number; body: Uint8Array }
  | { ok: false; event: 'msg.bad_msg_key'; reason: string }
  | { ok: false; event: 'msg.bad_padding'; reason: string; length: number; padding: number };

/** Decrypts a client packet (MTProto 2.0, x = 0) and checks its msg_key and the message's length and padding. */
export function openMessage(authKey: Uint8Array, packet: Uint8Array, encLen: number): Opened {
  const msgKey = packet.subarray(8, 24);
  const { key, iv } = messageKeys(authKey, msgKey, 0);
  const plain = aesIgeDecrypt(packet.subarray(24, 24 + encLen), key, iv);
  if (!equalBytes(messageKey(authKey, plain, 0), msgKey))
    return { ok: false, event: 'msg.bad_msg_key', reason: 'bad msg_key' };
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  const length = view.getInt32(28, true);
  const padding = plain.length - 32 - length;
  if (length < 4 || length % 4 !== 0 || padding < 12 || padding > 1024)
    return { ok: false, event: 'msg.bad_padding', reason: 'bad message length / padding', length, padding };
  return {
    ok: true,
    salt: view.getBigInt64(0, true),
    sessionId: view.getBigInt64(8, true),
    msgId: view.getBigInt64(16, true),
    seqNo: view.getInt32(24, true),
    body: plain.subarray(32, 32 + length),
  };
}

/** An outgoing message encrypted for the client (x = 8), with its auth_key_id and msg_key in front. */
export function sealMessage(
  authKey: Uint8Array,
  authKeyId: bigint,
  salt: bigint,
  sessionId: bigint,
  msg: OutMsg,
): Uint8Array {
  const len = 32 + msg.body.length;
  const padding = 12 + ((16 - ((len + 12) % 16)) % 16);
  const plain = new Uint8Array(len + padding);
  const v = new DataView(plain.buffer);
  v.setBigUint64(0, BigInt.asUintN(64, salt), true);
  v.setBigUint64(8, BigInt.asUintN(64, sessionId), true);
  v.setBigUint64(16, BigInt.asUintN(64, msg.msgId), true);
  v.setInt32(24, msg.seqNo, true);
  v.setInt32(28, msg.body.length, true);
  plain.set(msg.body, 32);
  plain.set(randomBytes(padding), len);
  const msgKey = messageKey(authKey, plain, 8);
  const { key, iv } = messageKeys(authKey, msgKey, 8);
  return concat(longBytes(authKeyId), msgKey, aesIgeEncrypt(plain, key, iv));
}

/** An unencrypted message (auth_key_id 0): the handshake's reply. */
export function plainMessage(msgId: bigint, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(20 + body.length);
  const ov = new DataView(out.buffer);
  ov.setBigUint64(8, BigInt.asUintN(64, msgId), true);
  ov.setUint32(16, body.length, true);
  out.set(body, 20);
  return out;
}

/** A msg_container body of these messages. */
export function containerBody(msgs: readonly OutMsg[]): Uint8Array {
  let len = 8;
  for (const m of msgs) len += 16 + m.body.length;
  const body = new Uint8Array(len);
  const v = new DataView(body.buffer);
  v.setUint32(0, ID.msg_container, true);
  v.setInt32(4, msgs.length, true);
  let o = 8;
  for (const m of msgs) {
    v.setBigUint64(o, BigInt.asUintN(64, m.msgId), true);
    v.setInt32(o + 8, m.seqNo, true);
    v.setInt32(o + 12, m.body.length, true);
    body.set(m.body, o + 16);
    o += 16 + m.body.length;
  }
  return body;
}

/** rpc_result for `reqMsgId` around an encoded result (gzip_packed when that is smaller, past GZIP_THRESHOLD). */
export function rpcResultBody(reqMsgId: bigint, result: Uint8Array): Uint8Array {
  let payload = result;
  if (result.length > GZIP_THRESHOLD) {
    const packed = gzipSync(result);
    if (packed.length + 8 < result.length) {
      const w = new TlWriter(packed.length + 16);
      w.uint(ID.gzip_packed);
      w.bytes(packed);
      payload = w.toBytes();
    }
  }
  const out = new Uint8Array(12 + payload.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, ID.rpc_result, true);
  v.setBigUint64(4, BigInt.asUintN(64, reqMsgId), true);
  out.set(payload, 12);
  return out;
}

/** The lowest msg_id of a message or of the messages of a container (new_session_created's first_msg_id). */
export function lowestMsgId(body: Uint8Array, msgId: bigint): bigint {
  if (body.length >= 8 && new DataView(body.buffer, body.byteOffset).getUint32(0, true) === ID.msg_container) {
    let lowest = msgId;
    try {
      const r = new TlReader(body, 4);
      const n = r.int();
      for (let i = 0; i < n; i++) {
        const id = r.long();
        if (id < lowest) lowest = id;
        r.int();
        const len = r.int();
        r.offset += len;
      }
    } catch {
      // the container is checked later
    }
    return lowest;
  }
  return msgId;
}
