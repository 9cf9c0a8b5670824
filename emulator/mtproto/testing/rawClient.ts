// A minimal MTProto client written from the spec, for protocol tests that a real client would never do: any framing,
// either RSA padding, crafted msg_ids / salts / seq_nos, tampering, split and joined WS messages.
import WebSocket from 'ws';
import { TlReader, decodeObject, encodeObject, type TlObject } from '../../tl/codec';
import {
  AesCtr,
  DH_PRIME_BYTES,
  aesIgeDecrypt,
  aesIgeEncrypt,
  authKeyIdOf,
  bigIntToBytes,
  bytesToBigInt,
  concat,
  dhPublic,
  dhShared,
  equalBytes,
  longBytes,
  messageKey,
  messageKeys,
  randomBytes,
  readLong,
  sha1,
  sha256,
  xor,
} from '../crypto';
import type { FramingProtocol } from '../transport';

const TAG: Record<FramingProtocol, number> = { abridged: 0xefefefef, intermediate: 0xeeeeeeee, padded: 0xdddddddd };

export type Incoming =
  | { kind: 'transportError'; code: number }
  | { kind: 'plain'; obj: TlObject }
  | {
      kind: 'message';
      msgId: bigint;
      seqNo: number;
      /** decoded body; for rpc_result: {_: 'rpc_result', req_msg_id, result?} with `resultBytes` raw */
      obj: TlObject;
      resultBytes?: Uint8Array;
      /** the server's salt / session as sent */
      salt: bigint;
      sessionId: bigint;
    };

const isPlain = (m: Incoming): m is Extract<Incoming, { kind: 'plain' }> => m.kind === 'plain';

export interface RawKey {
  authKey: Uint8Array;
  authKeyId: bigint;
  salt: bigint;
}

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

export class RawClient {
  readonly inbox: Incoming[] = [];
  private waiters: Array<() => void> = [];
  private enc!: AesCtr;
  private dec!: AesCtr;
  private rx: Uint8Array = new Uint8Array(0);
  private lastMsgId = 0n;
  /** held framed packets (sendPacket with hold) */
  private held: Uint8Array[] = [];
  closed = false;
  readonly closedPromise: Promise<void>;
  key: RawKey | undefined;
  sessionId = readLong(randomBytes(8), 0);
  private contentSent = 0;
  /** seconds added to the clock for msg_ids */
  timeOffset = 0;

  private constructor(
    readonly ws: WebSocket,
    readonly protocol: FramingProtocol,
  ) {
    this.closedPromise = new Promise((resolve) =>
      ws.on('close', () => {
        this.closed = true;
        this.wake();
        resolve();
      }),
    );
    ws.on('message', (data: Buffer) => this.onData(new Uint8Array(data)));
  }

  /** Open the socket; `sendInit: false` leaves the 64-byte init to the caller (see initBytes / sendRawWs). */
  static async connect(url: string, protocol: FramingProtocol = 'intermediate', sendInit = true): Promise<RawClient> {
    const ws = new WebSocket(url, 'binary');
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const c = new RawClient(ws, protocol);
    const init = c.makeInit();
    if (sendInit) ws.send(init);
    else c.pendingInit = init;
    return c;
  }

  /** the init bytes when connect(..., sendInit = false) */
  pendingInit: Uint8Array | undefined;

  private makeInit(): Uint8Array {
    let init: Uint8Array;
    for (;;) {
      init = randomBytes(64);
      const v = new DataView(init.buffer);
      const first = v.getUint32(0, true);
      if (init[0] === 0xef) continue;
      if ([0x44414548, 0x54534f50, 0x20544547, 0x4954504f, 0xdddddddd, 0xeeeeeeee, 0x02010316].includes(first))
        continue;
      if (v.getUint32(4, true) === 0) continue;
      v.setUint32(56, TAG[this.protocol], true);
      v.setInt16(60, 2, true);
      break;
    }
    const rev = init.slice().reverse();
    this.enc = new AesCtr(init.subarray(8, 40), init.subarray(40, 56));
    this.dec = new AesCtr(rev.subarray(8, 40), rev.subarray(40, 56));
    const encrypted = this.enc.update(init);
    const out = init.slice();
    out.set(encrypted.subarray(56, 64), 56);
    return out;
  }

  sendRawWs(bytes: Uint8Array): void {
    this.ws.send(bytes);
  }

  /** Frame + obfuscate a payload. */
  frame(payload: Uint8Array): Uint8Array {
    let framed: Uint8Array;
    if (this.protocol === 'abridged') {
      const words = payload.length / 4;
      framed =
        words < 0x7f
          ? concat(new Uint8Array([words]), payload)
          : concat(new Uint8Array([0x7f, words & 0xff, (words >> 8) & 0xff, (words >> 16) & 0xff]), payload);
    } else {
      const padding = this.protocol === 'padded' ? randomBytes(randomBytes(1)[0] % 16) : new Uint8Array(0);
      const len = new Uint8Array(4);
      new DataView(len.buffer).setUint32(0, payload.length + padding.length, true);
      framed = concat(len, payload, padding);
    }
    return this.enc.update(framed);
  }

  /**
   * Send one packet. `chunks`: split the obfuscated bytes into WS messages of these sizes (the rest in a last one);
   * `hold`: keep it to be sent joined with later ones by flushHeld().
   */
  sendPacket(payload: Uint8Array, opts: { chunks?: number[]; hold?: boolean } = {}): void {
    let bytes = this.frame(payload);
    if (opts.hold) {
      this.held.push(bytes);
      return;
    }
    if (opts.chunks) {
      for (const n of opts.chunks) {
        this.ws.send(bytes.subarray(0, n));
        bytes = bytes.subarray(n);
      }
    }
    if (bytes.length) this.ws.send(bytes);
  }

  flushHeld(prefix?: Uint8Array): void {
    const all = concat(...(prefix ? [prefix] : []), ...this.held);
    this.held = [];
    this.ws.send(all);
  }

  close(): void {
    this.ws.close();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // receiving

  private onData(data: Uint8Array): void {
    this.rx = concat(this.rx, this.dec.update(data));
    for (;;) {
      let header: number;
      let len: number;
      if (this.protocol === 'abridged') {
        if (this.rx.length < 1) return;
        if (this.rx[0] < 0x7f) {
          header = 1;
          len = this.rx[0] * 4;
        } else {
          if (this.rx.length < 4) return;
          header = 4;
          len = (this.rx[1] | (this.rx[2] << 8) | (this.rx[3] << 16)) * 4;
        }
      } else {
        if (this.rx.length < 4) return;
        header = 4;
        len = new DataView(this.rx.buffer, this.rx.byteOffset).getUint32(0, true);
      }
      if (this.rx.length < header + len) return;
      const packet = this.rx.slice(header, header + len);
      this.rx = this.rx.slice(header + len);
      this.onPacket(packet);
    }
  }

  private onPacket(packet: Uint8Array): void {
    if (packet.length < 20) {
      this.push({ kind: 'transportError', code: new DataView(packet.buffer).getInt32(0, true) });
      return;
    }
    const authKeyId = readLong(packet, 0);
    if (authKeyId === 0n) {
      const len = new DataView(packet.buffer).getUint32(16, true);
      this.push({ kind: 'plain', obj: decodeObject(new TlReader(packet, 20, 20 + len)) });
      return;
    }
    if (!this.key || authKeyId !== this.key.authKeyId) throw new Error('message for another auth key');
    const msgKey = packet.subarray(8, 24);
    let encLen = packet.length - 24;
    encLen -= encLen % 16;
    const { key, iv } = messageKeys(this.key.authKey, msgKey, 8);
    const plain = aesIgeDecrypt(packet.subarray(24, 24 + encLen), key, iv);
    if (!equalBytes(messageKey(this.key.authKey, plain, 8), msgKey)) throw new Error('server msg_key mismatch');
    const v = new DataView(plain.buffer);
    const salt = v.getBigInt64(0, true);
    const sessionId = v.getBigInt64(8, true);
    const msgId = v.getBigInt64(16, true);
    const seqNo = v.getInt32(24, true);
    const length = v.getInt32(28, true);
    const padding = plain.length - 32 - length;
    if (padding < 12 || padding > 1024) throw new Error(`server padding ${padding}`);
    this.onMessage(msgId, seqNo, plain.subarray(32, 32 + length), salt, sessionId);
  }

  private onMessage(msgId: bigint, seqNo: number, body: Uint8Array, salt: bigint, sessionId: bigint): void {
    const id = new DataView(body.buffer, body.byteOffset).getUint32(0, true);
    if (id === 0x73f1f8dc) {
      const r = new TlReader(body, 4);
      const n = r.int();
      for (let i = 0; i < n; i++) {
        const mid = r.long();
        const sq = r.int();
        const len = r.int();
        this.onMessage(mid, sq, r.raw(len), salt, sessionId);
      }
      this.push({ kind: 'message', msgId, seqNo, obj: { _: 'msg_container', count: n }, salt, sessionId });
      return;
    }
    if (id === 0xf35c6d01) {
      const reqMsgId = readLong(body, 4);
      const resultBytes = body.slice(12);
      let result: TlObject | undefined;
      try {
        result = decodeObject(new TlReader(resultBytes));
      } catch {
        result = undefined;
      }
      this.push({
        kind: 'message',
        msgId,
        seqNo,
        obj: { _: 'rpc_result', req_msg_id: reqMsgId, result },
        resultBytes,
        salt,
        sessionId,
      });
      return;
    }
    this.push({ kind: 'message', msgId, seqNo, obj: decodeObject(new TlReader(body)), salt, sessionId });
  }

  private push(m: Incoming): void {
    this.inbox.push(m);
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Wait for (and remove) the first incoming item that matches. */
  async next<T extends Incoming>(pred: (m: Incoming) => m is T, timeoutMs?: number): Promise<T>;
  async next(pred?: (m: Incoming) => boolean, timeoutMs?: number): Promise<Incoming>;
  async next(pred: (m: Incoming) => boolean = () => true, timeoutMs = 3000): Promise<Incoming> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex(pred);
      if (i >= 0) return this.inbox.splice(i, 1)[0];
      if (this.closed) throw new Error('connection closed while waiting');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a message');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Wait for a decoded service/content message with this constructor. */
  nextObject(name: string, timeoutMs?: number): Promise<Extract<Incoming, { kind: 'message' }>> {
    return this.next(
      (m): m is Extract<Incoming, { kind: 'message' }> => m.kind === 'message' && m.obj._ === name,
      timeoutMs,
    );
  }

  /** Wait for the rpc_result of a request. */
  result(reqMsgId: bigint, timeoutMs?: number): Promise<Extract<Incoming, { kind: 'message' }>> {
    return this.next(
      (m): m is Extract<Incoming, { kind: 'message' }> =>
        m.kind === 'message' && m.obj._ === 'rpc_result' && m.obj.req_msg_id === reqMsgId,
      timeoutMs,
    );
  }

  // ---------------------------------------------------------------------------------------------------------------
  // handshake

  sendPlain(obj: TlObject, opts: { chunks?: number[]; hold?: boolean } = {}): void {
    const body = encodeObject(obj);
    const out = new Uint8Array(20 + body.length);
    const v = new DataView(out.buffer);
    v.setBigUint64(8, BigInt.asUintN(64, this.newMsgId()), true);
    v.setUint32(16, body.length, true);
    out.set(body, 20);
    this.sendPacket(out, opts);
  }

  async handshake(
    publicKey: { fingerprint: bigint; modulusHex: string; exponentHex: string },
    opts: { padding?: 'sha1' | 'rsa_pad'; innerType?: string; method?: 'req_pq' | 'req_pq_multi' } = {},
  ): Promise<RawKey> {
    const nonce = randomBytes(16);
    this.sendPlain({ _: opts.method ?? 'req_pq_multi', nonce });
    const resPQ = await this.next(isPlain);
    const res = resPQ.obj;
    if (res._ !== 'resPQ' || !equalBytes(res.nonce as Uint8Array, nonce)) throw new Error('bad resPQ');
    const fps = res.server_public_key_fingerprints as bigint[];
    if (!fps.includes(publicKey.fingerprint)) throw new Error('fingerprint not offered');
    const pq = bytesToBigInt(res.pq as Uint8Array);
    let p = 2n;
    while (pq % p !== 0n) p++;
    const q = pq / p;
    const serverNonce = res.server_nonce as Uint8Array;
    const newNonce = randomBytes(32);
    const innerType = opts.innerType ?? 'p_q_inner_data_dc';
    const inner = encodeObject({
      _: innerType,
      pq: res.pq,
      p: bigIntToBytes(p),
      q: bigIntToBytes(q),
      nonce,
      server_nonce: serverNonce,
      new_nonce: newNonce,
      dc: 2,
      expires_in: 3600,
    });
    const n = BigInt('0x' + publicKey.modulusHex);
    const e = BigInt('0x' + publicKey.exponentHex);
    let encrypted: Uint8Array;
    if ((opts.padding ?? 'rsa_pad') === 'sha1') {
      const data = concat(sha1(inner), inner, randomBytes(255 - 20 - inner.length));
      encrypted = bigIntToBytes(modPow(bytesToBigInt(data), e, n), 256);
    } else {
      for (;;) {
        const dataWithPadding = concat(inner, randomBytes(192 - inner.length));
        const reversed = dataWithPadding.slice().reverse();
        const tempKey = randomBytes(32);
        const dataWithHash = concat(reversed, sha256(tempKey, dataWithPadding));
        const aesEncrypted = aesIgeEncrypt(dataWithHash, tempKey, new Uint8Array(32));
        const keyAesEncrypted = concat(xor(tempKey, sha256(aesEncrypted)), aesEncrypted);
        const m = bytesToBigInt(keyAesEncrypted);
        if (m >= n) continue;
        encrypted = bigIntToBytes(modPow(m, e, n), 256);
        break;
      }
    }
    this.sendPlain({
      _: 'req_DH_params',
      nonce,
      server_nonce: serverNonce,
      p: bigIntToBytes(p),
      q: bigIntToBytes(q),
      public_key_fingerprint: publicKey.fingerprint,
      encrypted_data: encrypted,
    });
    const dhParams = (await this.next(isPlain)).obj;
    if (dhParams._ !== 'server_DH_params_ok') throw new Error(`got ${dhParams._}`);
    const h1 = sha1(newNonce, serverNonce);
    const h2 = sha1(serverNonce, newNonce);
    const tmpKey = concat(h1, h2.subarray(0, 12));
    const tmpIv = concat(h2.subarray(12, 20), sha1(newNonce, newNonce), newNonce.subarray(0, 4));
    const answer = aesIgeDecrypt(dhParams.encrypted_answer as Uint8Array, tmpKey, tmpIv);
    const r = new TlReader(answer, 20);
    const dhInner = decodeObject(r);
    if (!equalBytes(sha1(answer.subarray(20, r.offset)), answer.subarray(0, 20))) throw new Error('bad answer hash');
    if (dhInner.g !== 3 || !equalBytes(dhInner.dh_prime as Uint8Array, DH_PRIME_BYTES)) throw new Error('bad DH group');
    const gA = dhInner.g_a as Uint8Array;
    if (gA.length !== 256) throw new Error(`g_a of ${gA.length} bytes`);
    const b = randomBytes(256);
    const gB = dhPublic(b);
    const authKey = dhShared(b, gA);
    const clientInner = encodeObject({
      _: 'client_DH_inner_data',
      nonce,
      server_nonce: serverNonce,
      retry_id: 0n,
      g_b: gB,
    });
    const withHash = concat(sha1(clientInner), clientInner);
    const data = concat(withHash, randomBytes((16 - (withHash.length % 16)) % 16));
    this.sendPlain({
      _: 'set_client_DH_params',
      nonce,
      server_nonce: serverNonce,
      encrypted_data: aesIgeEncrypt(data, tmpKey, tmpIv),
    });
    const gen = (await this.next(isPlain)).obj;
    if (gen._ !== 'dh_gen_ok') throw new Error(`got ${gen._}`);
    const aux = sha1(authKey).subarray(0, 8);
    if (!equalBytes(gen.new_nonce_hash1 as Uint8Array, sha1(newNonce, new Uint8Array([1]), aux).subarray(4, 20)))
      throw new Error('bad new_nonce_hash1');
    this.key = {
      authKey,
      authKeyId: authKeyIdOf(authKey),
      salt: readLong(xor(newNonce.subarray(0, 8), serverNonce.subarray(0, 8)), 0),
    };
    return this.key;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // encrypted messages

  newMsgId(): bigint {
    const ms = Date.now() + this.timeOffset * 1000;
    let id = (BigInt(Math.floor(ms / 1000)) << 32n) | (BigInt(Math.floor(((ms % 1000) / 1000) * 2 ** 32)) & ~3n);
    if (id <= this.lastMsgId) id = this.lastMsgId + 4n;
    this.lastMsgId = id;
    return id;
  }

  seqNo(content: boolean): number {
    return content ? this.contentSent++ * 2 + 1 : this.contentSent * 2;
  }

  /** Build an encrypted packet. */
  encrypt(
    body: Uint8Array,
    o: { msgId: bigint; seqNo: number; salt?: bigint; sessionId?: bigint; padding?: number },
  ): Uint8Array {
    if (!this.key) throw new Error('no auth key');
    const len = 32 + body.length;
    const padding = o.padding ?? 12 + ((16 - ((len + 12) % 16)) % 16);
    const plain = new Uint8Array(len + padding);
    const v = new DataView(plain.buffer);
    v.setBigUint64(0, BigInt.asUintN(64, o.salt ?? this.key.salt), true);
    v.setBigUint64(8, BigInt.asUintN(64, o.sessionId ?? this.sessionId), true);
    v.setBigUint64(16, BigInt.asUintN(64, o.msgId), true);
    v.setInt32(24, o.seqNo, true);
    v.setInt32(28, body.length, true);
    plain.set(body, 32);
    plain.set(randomBytes(padding), len);
    const msgKey = messageKey(this.key.authKey, plain, 0);
    const { key, iv } = messageKeys(this.key.authKey, msgKey, 0);
    return concat(longBytes(this.key.authKeyId), msgKey, aesIgeEncrypt(plain, key, iv));
  }

  /** Send an object (or raw body) encrypted; returns its msg_id and the packet (for replays). */
  send(
    obj: TlObject | Uint8Array,
    o: {
      content?: boolean;
      msgId?: bigint;
      seqNo?: number;
      salt?: bigint;
      sessionId?: bigint;
      chunks?: number[];
      hold?: boolean;
      tamper?: (packet: Uint8Array) => void;
    } = {},
  ): { msgId: bigint; packet: Uint8Array } {
    const body = obj instanceof Uint8Array ? obj : encodeObject(obj);
    const msgId = o.msgId ?? this.newMsgId();
    const seqNo = o.seqNo ?? this.seqNo(o.content ?? true);
    const packet = this.encrypt(body, { msgId, seqNo, salt: o.salt, sessionId: o.sessionId });
    o.tamper?.(packet);
    this.sendPacket(packet, { chunks: o.chunks, hold: o.hold });
    return { msgId, packet };
  }

  /** Wrap a call as @mtproto/core does: invokeWithLayer(158, initConnection(...)). */
  static wrap(query: TlObject, apiId = 1): TlObject {
    return {
      _: 'invokeWithLayer',
      layer: 158,
      query: {
        _: 'initConnection',
        api_id: apiId,
        device_model: 'raw',
        system_version: '1',
        app_version: '1',
        system_lang_code: 'en',
        lang_pack: '',
        lang_code: 'en',
        query,
      },
    };
  }

  /** Build a msg_container body from [msgId, seqNo, body] items. */
  static container(items: Array<{ msgId: bigint; seqNo: number; body: Uint8Array }>): Uint8Array {
    const parts: Uint8Array[] = [];
    const head = new Uint8Array(8);
    new DataView(head.buffer).setUint32(0, 0x73f1f8dc, true);
    new DataView(head.buffer).setInt32(4, items.length, true);
    parts.push(head);
    for (const it of items) {
      const h = new Uint8Array(16);
      const v = new DataView(h.buffer);
      v.setBigUint64(0, BigInt.asUintN(64, it.msgId), true);
      v.setInt32(8, it.seqNo, true);
      v.setInt32(12, it.body.length, true);
      parts.push(h, it.body);
    }
    return concat(...parts);
  }
}
