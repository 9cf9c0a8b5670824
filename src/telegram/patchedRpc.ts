// @mtproto/core's per-DC RPC engine with its defects mended in a subclass (dependency-facts.md, defects 3-5):
// the DH auth key and g_b are padded to 256 bytes, no handler error escapes as an unhandled rejection (handshake
// failures clear the half-made key and ask for a reconnect), replies for unknown msg_ids are dropped, un-acked calls are
// resent once per reconnect — with their original msg_id inside a new container, so a server that already ran one
// answers it again instead of running it twice — abandoned calls can be cancelled, pings are sent raw, msg_ids follow
// server time, and the service messages the library ignores (msg_detailed_info, bad_msg_notification 32/33/64, a
// later new_session_created) are handled.
import RPC, { type WaitingMessage } from '@mtproto/core/src/rpc/index.js';
import type { LibraryClient, LibraryDc } from '@mtproto/core/src/index.js';
import type { EventEmitter } from 'events';
import AES from '@mtproto/core/src/crypto/aes/index.js';
import builderMap from '@mtproto/core/src/tl/builder/index.js';
import Serializer from '@mtproto/core/src/tl/serializer/index.js';
import { bigIntToBytes, bytesToBigInt, concatBytes, modPow, xorBytes } from './bigMath';
import { BARE_VECTOR_RESULTS, expectBareVectorResult, forgetRequest, installVectorResultFix } from './vectorResultFix';
import { installFalsyFlagsFix } from './falsyFlagsFix';

export interface RpcHooks {
  onPong: (pingId: string) => void;
  /** The handshake failed; the stored key was cleared. The owner should reconnect. */
  onHandshakeFailure: (error: unknown) => void;
  /** Handling an encrypted message threw (its reply, if any, is lost: the call times out). */
  onMessageFailure: (error: unknown) => void;
  onDiagnostic: (message: string) => void;
  /**
   * The server started a new session for us (new_session_created): whatever the old one had queued for us (updates)
   * is lost, so the owner should fetch the difference. Not called for the first session of this connection object.
   */
  onNewSession: () => void;
}

/** Thrown into a cancelled call's library promise (nobody awaits it any more, it only has to settle). */
export class CancelledCall extends Error {
  constructor() {
    super('call cancelled');
    this.name = 'CancelledCall';
  }
}

/** A content message as first sent, kept so that a resend can reuse its msg_id and seq_no. */
interface SentMessage {
  data: Uint8Array;
  messageId: [number, number];
  seqNo: number;
  sentAt: number;
}

/** Future salts asked for at a time, and how long before a salt's end we move to the next one. */
const FUTURE_SALTS = 8;
const SALT_SWITCH_MARGIN_S = 60;

/** A TL long given as a decimal string, as the 8 little-endian bytes MTProto puts on the wire. */
function longBytes(decimal: string): Uint8Array {
  let value = BigInt.asUintN(64, BigInt(decimal));
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++, value >>= 8n) out[i] = Number(value & 0xffn);
  return out;
}

/** bad_msg_notification codes after which a session cannot go on (seq_no too low / too high, invalid container). */
const SESSION_BROKEN_CODES = new Set([32, 33, 64]);

/** Resending with the original msg_id only makes sense while servers still accept it (Telegram: 300 s). */
const SAME_ID_RESEND_MS = 240_000;

/** Resent messages per msg_container (Telegram accepts up to 1024; a resend is rarely more than a few). */
const CONTAINER_MAX_MESSAGES = 100;

/** msg_container#73f1f8dc messages:vector<%Message>, Message = msg_id:long seqno:int bytes:int body:Object. */
function containerOf(messages: readonly SentMessage[]): Uint8Array {
  const size = 8 + messages.reduce((sum, m) => sum + 16 + m.data.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x73f1f8dc, true);
  view.setUint32(4, messages.length, true);
  let offset = 8;
  for (const m of messages) {
    view.setUint32(offset, m.messageId[1] >>> 0, true);
    view.setUint32(offset + 4, m.messageId[0] >>> 0, true);
    view.setUint32(offset + 8, m.seqNo, true);
    view.setUint32(offset + 12, m.data.length, true);
    out.set(m.data, offset + 16);
    offset += 16 + m.data.length;
  }
  return out;
}

/** The 64-bit msg_id as the decimal string the library keys its maps with ([seconds, low bits]). */
function msgIdKey(messageId: [number, number]): string {
  return ((BigInt(messageId[0]) << 32n) + BigInt(messageId[1] >>> 0)).toString();
}

/**
 * messagesWaitResponse that also tells the vector fix which requests expect a bare Vector<int|long>, and forgets the
 * stored bytes of a request once it is settled.
 */
class RequestMap extends Map<string, WaitingMessage> {
  constructor(private readonly onForget: (msgId: string) => void) {
    super();
  }
  override set(msgId: string, message: WaitingMessage): this {
    const kind = message && typeof message.method === 'string' ? BARE_VECTOR_RESULTS[message.method] : undefined;
    if (kind) expectBareVectorResult(msgId, kind);
    return super.set(msgId, message);
  }
  override delete(msgId: string): boolean {
    forgetRequest(msgId);
    this.onForget(msgId);
    return super.delete(msgId);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export class PatchedRpc extends RPC {
  private readonly cancelled = new WeakSet<object>();
  private readonly sent = new Map<string, SentMessage>();
  private pingCounter = 0;
  /** Server salts to come (get_future_salts), oldest first: switched to before the current one expires. */
  private futureSalts: Array<{ validSince: number; validUntil: number; salt: Uint8Array }> = [];
  private saltsRequested = false;
  /** A new_session_created arrived for the current session id (reset when we start a new session ourselves). */
  private sessionAnnounced = false;
  /** Local − server clock, seconds, as last read for a msg_id (the library's stored `timeOffset`); 0 until then. */
  private skewSeconds = 0;

  constructor(
    options: { dc: LibraryDc; context: LibraryClient; transport: EventEmitter },
    private readonly hooks: RpcHooks,
  ) {
    super(options);
    installVectorResultFix();
    installFalsyFlagsFix();
    this.messagesWaitResponse = new RequestMap((msgId) => this.sent.delete(msgId));
  }

  override call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    if (this.cancelled.has(params)) return Promise.reject(new CancelledCall());
    return super.call(method, params);
  }

  /** Forget a call we gave up on, so that it is neither resent after a reconnect nor resolved late. */
  cancel(params: Record<string, unknown>): void {
    this.cancelled.add(params);
    for (const [msgId, message] of this.messagesWaitResponse) {
      if (message.params === params) this.messagesWaitResponse.delete(msgId);
    }
    this.messagesWaitAuth = this.messagesWaitAuth.filter((message) => message.params !== params);
  }

  /**
   * msg_id from server time. The library stores timeOffset as local − server (handshake server_time, and
   * bad_msg_notification 16/17) but then ADDS it to the local clock, doubling any skew: a device clock 40 s fast got
   * msg_ids 80 s ahead, bad_msg_notification 17 again, and every call hung until its timeout. We subtract it.
   */
  override async getMessageId(): Promise<[number, number]> {
    const stored: unknown = await this.context.storage.get('timeOffset');
    const offset = Number(stored ?? 0); // a number, or its text in a storage that keeps strings
    const skew = Number.isFinite(offset) ? offset : 0;
    this.skewSeconds = skew;
    const now = Date.now();
    const seconds = Math.floor(now / 1000) - skew;
    // Low 32 bits: milliseconds in the top bits, random in the middle, 0b00 at the bottom (client ids are divisible by 4).
    let messageId: [number, number] = [
      seconds,
      (((now % 1000) << 21) | (Math.floor(Math.random() * 0x10000) << 3) | 4) >>> 0,
    ];
    const [lastSeconds, lastLow] = this.lastMessageId;
    if (lastSeconds > messageId[0] || (lastSeconds === messageId[0] && lastLow >= messageId[1])) {
      messageId = [lastSeconds, lastLow + 4];
    }
    this.lastMessageId = messageId;
    return messageId;
  }

  /**
   * How far the device clock is ahead of the server's, in seconds (negative when behind), as the session last measured
   * it (the handshake's server_time, bad_msg_notification 16/17): read synchronously for server-time comparisons.
   */
  get clockSkewSeconds(): number {
    return this.skewSeconds;
  }

  /** Sends ping_delay_disconnect; the pong comes back through hooks.onPong. False when not connected. */
  async sendPing(disconnectDelaySeconds: number): Promise<string | null> {
    if (!this.isReady) return null;
    this.pingCounter += 1;
    const pingId = String(Date.now() * 1000 + (this.pingCounter % 1000));
    const bytes = new Serializer(builderMap.mt_ping_delay_disconnect, {
      ping_id: pingId,
      disconnect_delay: disconnectDelaySeconds,
    }).getBytes();
    // Not remembered for resending: a ping from a dead connection is worthless on the next one.
    await this.encryptAndSend(bytes, await this.getMessageId(), this.getSeqNo(true));
    return pingId;
  }

  override async handleTransportOpen(): Promise<void> {
    try {
      // After a -404 the library clears the key but leaves isAuth set, and would encrypt calls with no key.
      if (!(await this.getStorageItem('authKey'))) this.isAuth = false;
      await super.handleTransportOpen();
      // A connection with a key: learn the salts to come, so that none of our messages meets bad_server_salt.
      if (this.isAuth) {
        this.saltsRequested = false;
        this.requestFutureSalts();
      }
    } catch (error) {
      this.fail('handshake', error);
    }
  }

  override async handleTransportError(payload: { type: string; code?: number }): Promise<void> {
    try {
      if (payload.type === 'transport' && payload.code === 404) {
        this.isAuth = false;
        this.futureSalts = [];
      }
      await super.handleTransportError(payload);
    } catch (error) {
      this.hooks.onMessageFailure(error);
    }
  }

  override async handleTransportMessage(buffer: ArrayBuffer): Promise<void> {
    const handler = this.handleMessage;
    if (typeof handler !== 'function') return;
    const phase = handler === this.handleEncryptedMessage ? 'message' : 'handshake';
    try {
      await handler.call(this, buffer);
    } catch (error) {
      this.fail(phase, error);
    }
  }

  override async handleDecryptedMessage(
    message: Record<string, unknown>,
    params: { messageId?: string; seqNo?: number } = {},
  ): Promise<void> {
    try {
      if (!isRecord(message)) {
        this.hooks.onDiagnostic('undecodable message dropped');
        return;
      }
      if (message._ === 'mt_pong') {
        this.hooks.onPong(String(message.ping_id));
        return;
      }
      if (message._ === 'mt_future_salts' && Array.isArray(message.salts)) {
        if (params.messageId) this.ackMessage(params.messageId);
        this.saltsRequested = false;
        this.futureSalts = (message.salts as Array<Record<string, unknown>>)
          .map((s) => ({
            validSince: Number(s.valid_since),
            validUntil: Number(s.valid_until),
            salt: longBytes(String(s.salt)),
          }))
          .sort((a, b) => a.validSince - b.validSince);
        return;
      }
      if (message._ === 'mt_bad_server_salt') {
        // The salt changed under us: the future salts we kept are no longer the server's (it restarted, or forgot them),
        // and switching back to one of them would refuse every message again. Forget them and learn the next ones.
        this.futureSalts = [];
        this.saltsRequested = false;
        this.requestFutureSalts();
      }
      if (message._ === 'mt_msg_detailed_info' || message._ === 'mt_msg_new_detailed_info') {
        await this.handleDetailedInfo(message);
        return;
      }
      if (message._ === 'mt_bad_msg_notification' && SESSION_BROKEN_CODES.has(Number(message.error_code))) {
        this.startNewSession(`bad_msg_notification ${String(message.error_code)}`);
        return;
      }
      if (message._ === 'mt_new_session_created') {
        await super.handleDecryptedMessage(message, params); // acks it and takes the server salt
        // The first announcement is just our own session starting; any later one means the server lost the old one.
        if (this.sessionAnnounced) this.hooks.onNewSession();
        this.sessionAnnounced = true;
        return;
      }
      if (message._ === 'mt_rpc_result') {
        const reqMsgId = String(message.req_msg_id);
        if (!this.messagesWaitResponse.has(reqMsgId)) {
          // A late reply (we timed out), a duplicate, or a pong wrapped as a result: ack it and move on.
          if (params.messageId) this.ackMessage(params.messageId);
          const result = message.result;
          if (isRecord(result) && result._ === 'mt_pong') this.hooks.onPong(String(result.ping_id));
          else this.hooks.onDiagnostic(`rpc_result for unknown msg_id ${reqMsgId} dropped`);
          return;
        }
      }
      if (message._ === 'mt_msgs_ack' && Array.isArray(message.msg_ids)) {
        // The library records acks for unknown ids as method-less entries that would linger forever.
        for (const msgId of message.msg_ids as string[]) {
          const waiting = this.messagesWaitResponse.get(msgId);
          if (waiting) this.messagesWaitResponse.set(msgId, { ...waiting, isAck: true });
        }
        return;
      }
      await super.handleDecryptedMessage(message, params);
    } catch (error) {
      this.fail('message', error);
    }
  }

  /**
   * After a reconnect: resend each un-acked call once (the library resent every old copy too: 2, 4, 8... times). A
   * recent one goes out again with its original msg_id and seq_no, which MTProto servers recognise as a resend (they
   * answer it again rather than executing it twice); an old one gets a new msg_id.
   */
  override async sendWaitMessages(): Promise<void> {
    try {
      const renumbered: WaitingMessage[] = [];
      const originals: SentMessage[] = [];
      const now = Date.now();
      for (const [msgId, message] of [...this.messagesWaitResponse]) {
        if (message.isAck) continue;
        const original = this.sent.get(msgId);
        if (original && now - original.sentAt < SAME_ID_RESEND_MS) {
          originals.push(original);
          continue;
        }
        this.messagesWaitResponse.delete(msgId);
        renumbered.push(message);
      }
      // msg_ids must rise within a session, so an old one may only travel inside a container with a new, larger msg_id
      // (core.telegram.org/mtproto/description); the server still sees the original id and answers it as a resend.
      for (let i = 0; i < originals.length; i += CONTAINER_MAX_MESSAGES) {
        await this.encryptAndSend(
          containerOf(originals.slice(i, i + CONTAINER_MAX_MESSAGES)),
          await this.getMessageId(),
          this.getSeqNo(false),
        );
      }
      const waitingAuth = this.messagesWaitAuth;
      this.messagesWaitAuth = [];
      for (const message of [...renumbered, ...waitingAuth]) {
        if (typeof message.method !== 'string') continue;
        this.call(message.method, message.params).then(message.resolve, message.reject);
      }
    } catch (error) {
      this.fail('message', error);
    }
  }

  /** The library's sendEncryptedMessage, remembering content messages so that they can be resent as they were. */
  override async sendEncryptedMessage(
    data: Uint8Array,
    options: { isContentRelated?: boolean } = {},
  ): Promise<[number, number]> {
    const isContentRelated = options.isContentRelated ?? true;
    const messageId = await this.getMessageId();
    const seqNo = this.getSeqNo(isContentRelated);
    if (isContentRelated) this.sent.set(msgIdKey(messageId), { data, messageId, seqNo, sentAt: Date.now() });
    await this.encryptAndSend(data, messageId, seqNo);
    return messageId;
  }

  // https://core.telegram.org/mtproto/description: salt, session_id, msg_id, seq_no, length, data, 12..1024 bytes of
  // padding to a multiple of 16; msg_key = SHA256(auth_key[88..120] + plaintext)[8..24]; AES-256-IGE from msg_key.
  private async encryptAndSend(data: Uint8Array, messageId: [number, number], seqNo: number): Promise<void> {
    await this.useCurrentSalt(messageId[0]);
    const authKey = new Uint8Array((await this.getStorageItem('authKey')) as number[]);
    const serverSalt = new Uint8Array((await this.getStorageItem('serverSalt')) as number[]);
    const unpadded = (32 + data.length + 12) % 16;
    const padding = 12 + (unpadded ? 16 - unpadded : 0);
    const header = new Uint8Array(32);
    const view = new DataView(header.buffer);
    header.set(serverSalt, 0);
    header.set(this.sessionId, 8);
    view.setUint32(16, messageId[1] >>> 0, true);
    view.setUint32(20, messageId[0] >>> 0, true);
    view.setUint32(24, seqNo, true);
    view.setUint32(28, data.length, true);
    const plain = concatBytes(header, data, this.crypto.getRandomBytes(padding));
    const messageKey = (await this.crypto.SHA256(concatBytes(authKey.slice(88, 120), plain))).slice(8, 24);
    const encrypted = (await this.getAESInstance(authKey, messageKey, false)).encrypt(plain);
    const authKeyId = (await this.crypto.SHA1(authKey)).slice(-8);
    this.transport.send(concatBytes(authKeyId, messageKey, encrypted));
  }

  /**
   * The library's generateDH with the auth key and g_b left-padded to 256 bytes (core.telegram.org/mtproto/auth_key:
   * both are 2048-bit numbers sent/used as 256 bytes). Unpadded, ~1 in 256 keys hashes differently from the server's.
   */
  override async generateDH(retryId: unknown = 0): Promise<void> {
    try {
      const dhPrime = BigInt(`0x${this.dhPrime.toString(16)}`);
      const g = BigInt(`0x${this.g.toString(16)}`);
      const gA = BigInt(`0x${this.gA.toString(16)}`);
      const b = bytesToBigInt(this.crypto.getRandomBytes(256));
      const authKey = bigIntToBytes(modPow(gA, b, dhPrime), 256);
      const gB = bigIntToBytes(modPow(g, b, dhPrime), 256);
      const serverSalt = xorBytes(this.newNonce.slice(0, 8), this.serverNonce.slice(0, 8));

      await this.setStorageItem('authKey', Array.from(authKey));
      await this.setStorageItem('serverSalt', Array.from(serverSalt));
      // Salts belong to an auth key: those kept for the old key would be refused under the new one.
      this.futureSalts = [];
      this.saltsRequested = false;
      this.authKeyAuxHash = Array.from((await this.crypto.SHA1(authKey)).slice(0, 8));

      const innerData = new Serializer(builderMap.mt_client_DH_inner_data, {
        nonce: this.nonce,
        server_nonce: this.serverNonce,
        retry_id: retryId,
        g_b: gB,
      }).getBytes();
      const innerHash = await this.crypto.SHA1(innerData);
      const paddingLength = (16 - ((innerHash.length + innerData.length) % 16)) % 16;
      const encrypted = new AES.IGE(this.tmpAesKey, this.tmpAesIV).encrypt(
        concatBytes(innerHash, innerData, this.crypto.getRandomBytes(paddingLength)),
      );
      this.handleMessage = (buffer) => this.handleDHAnswer(buffer);
      await this.sendPlainMessage(builderMap.mt_set_client_DH_params, {
        nonce: this.nonce,
        server_nonce: this.serverNonce,
        encrypted_data: new Uint8Array(encrypted),
      });
    } catch (error) {
      this.fail('handshake', error);
    }
  }

  /**
   * Salts change every half hour or so; a message with an old one costs a bad_server_salt round trip. Like Telegram's
   * own clients we keep the server's future salts (get_future_salts) and switch to the one valid at `serverSeconds`
   * (the msg_id's time) a minute before the old one runs out; when fewer than two are left, more are asked for.
   */
  private async useCurrentSalt(serverSeconds: number): Promise<void> {
    if (this.futureSalts.length === 0) return;
    this.futureSalts = this.futureSalts.filter((s) => s.validUntil - SALT_SWITCH_MARGIN_S > serverSeconds);
    const current = this.futureSalts.find((s) => s.validSince <= serverSeconds);
    if (current) {
      const stored = (await this.getStorageItem('serverSalt')) as number[] | null;
      if (!stored || stored.some((byte, i) => byte !== current.salt[i]))
        await this.setStorageItem('serverSalt', Array.from(current.salt));
    }
    if (this.futureSalts.length < 2) this.requestFutureSalts();
  }

  /** get_future_salts, once at a time; sent after whatever is being encrypted now (never from inside encryptAndSend). */
  private requestFutureSalts(): void {
    if (this.saltsRequested || !this.isAuth) return;
    this.saltsRequested = true;
    const bytes = new Serializer(builderMap.mt_get_future_salts, { num: FUTURE_SALTS }).getBytes();
    queueMicrotask(() => {
      void (async () => this.encryptAndSend(bytes, await this.getMessageId(), this.getSeqNo(true)))().catch(
        (error: unknown) => {
          this.saltsRequested = false;
          this.hooks.onDiagnostic(`get_future_salts failed: ${String(error)}`);
        },
      );
    });
  }

  /**
   * msg_detailed_info: the answer to our msg_id exists as answer_msg_id but was not sent (it was big, or sent before).
   * If we still wait for that call, ask for it (msg_resend_req); otherwise just acknowledge it, so the server can forget
   * it. msg_new_detailed_info names no request of ours: ask for it when we wait for anything at all.
   */
  private async handleDetailedInfo(message: Record<string, unknown>): Promise<void> {
    const answerId = String(message.answer_msg_id);
    const waiting =
      message._ === 'mt_msg_detailed_info'
        ? this.messagesWaitResponse.has(String(message.msg_id))
        : [...this.messagesWaitResponse.values()].some((entry) => typeof entry.method === 'string');
    if (!waiting) {
      this.ackMessage(answerId);
      return;
    }
    this.hooks.onDiagnostic(`${String(message._).slice(3)} for ${answerId}: asking for it with msg_resend_req`);
    const bytes = new Serializer(builderMap.mt_msg_resend_req, { msg_ids: [answerId] }).getBytes();
    await this.encryptAndSend(bytes, await this.getMessageId(), this.getSeqNo(false));
  }

  /**
   * bad_msg_notification 32 / 33 (seq_no too low / high) or 64 (invalid container): this session's numbering is beyond
   * repair, as Web K and tdesktop treat it. Start a new session (new session_id, seq_no from 0), send every call that
   * was not acknowledged again in it with a new msg_id, and tell the owner: updates of the old session are lost.
   */
  private startNewSession(reason: string): void {
    this.hooks.onDiagnostic(`${reason}: starting a new session`);
    this.updateSession();
    this.sessionAnnounced = false;
    const resend: WaitingMessage[] = [];
    for (const [msgId, message] of [...this.messagesWaitResponse]) {
      if (message.isAck || typeof message.method !== 'string') continue;
      this.messagesWaitResponse.delete(msgId);
      resend.push(message);
    }
    for (const message of resend) this.call(message.method, message.params).then(message.resolve, message.reject);
    this.hooks.onNewSession();
  }

  private fail(phase: 'handshake' | 'message', error: unknown): void {
    if (phase === 'message') {
      this.hooks.onMessageFailure(error);
      return;
    }
    // A key the server never confirmed must not be used on the next connection.
    this.isAuth = false;
    Promise.all([this.setStorageItem('authKey', null), this.setStorageItem('serverSalt', null)])
      .catch((storageError: unknown) =>
        this.hooks.onDiagnostic(`clearing the auth key failed: ${String(storageError)}`),
      )
      .finally(() => this.hooks.onHandshakeFailure(error));
  }
}
