// The MTProto 2.0 server: obfuscated transports over WebSocket, auth key creation, encrypted messages, sessions,
// service messages, and RPC dispatch to the API (RpcDispatcher). This file holds the connections and the flow of a
// packet through them; its parts live beside it: connection.ts and session.ts (state), floodControl.ts, envelope.ts
// (decryption, encryption, bodies), msgRules.ts (msg_id and salt rules), serviceMessages.ts and rpc.ts.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { RpcError } from '../rpcError';
import {
  MAX_INFLATED_BYTES,
  TlError,
  TlReader,
  decodeObject,
  encodeObject,
  type InflateBudget,
  type TlObject,
} from '../tl/codec';
import { getSchema } from '../tl/schema';
import { Connection } from './connection';
import { equalBytes, loadRsaKey, randomBytes, readLong, warmUpDh, type RsaKey } from './crypto';
import { containerBody, encryptedLength, lowestMsgId, openMessage, plainMessage, sealMessage } from './envelope';
import { DEFAULT_FLOOD_LIMITS, FloodCost, FloodError, plainMessageCost, type FloodLimits } from './floodControl';
import { HandshakeError, Handshaker } from './handshake';
import {
  BadMsg,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_TIMEOUTS,
  ID,
  MAX_CONTAINER_BYTES,
  MAX_PACKET_BYTES,
  MAX_UNACKED,
  NON_CONTENT,
  PACKETS_PER_TURN,
  SALT_PERIOD_SECONDS,
  SWEEP_EVERY_MS,
} from './limits';
import { loopbackRefusal } from './loopbackGuard';
import { MsgIdClock, ServerSalts, msgIdProblem, type AuthKeyState } from './msgRules';
import { RpcRunner, type ServiceFault } from './rpc';
import { handleServiceMessage } from './serviceMessages';
import { SessionTable, type OutMsg, type Received, type Session } from './session';
import { TransportError } from './transport';
import type { AuthKeyStore, ConnectionTimeouts, MtprotoLog, MtprotoServerOptions, RpcDispatcher } from './types';

export { BadMsg, MAX_SESSIONS_PER_KEY, SALT_PERIOD_SECONDS } from './limits';
export type { ServiceFault } from './rpc';

export class MtprotoServer {
  private readonly rsa: RsaKey;
  private readonly store: AuthKeyStore;
  private readonly dispatcher: RpcDispatcher;
  private readonly now: () => number;
  private readonly log: MtprotoLog;
  private readonly flood: FloodLimits;
  private readonly maxConnections: number;
  private readonly timeouts: ConnectionTimeouts;
  private readonly wss: WebSocketServer;
  private readonly schema = getSchema();
  private readonly connections = new Map<number, Connection>();
  private readonly sessions: SessionTable;
  private readonly authKeys = new Map<bigint, AuthKeyState>();
  private readonly salts: ServerSalts;
  private readonly msgIds: MsgIdClock;
  private readonly rpc: RpcRunner;
  private readonly attached: Array<{
    server: HttpServer;
    listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  }> = [];
  private nextConnectionId = 1;
  private readonly sweepTimer: NodeJS.Timeout;

  constructor(opts: MtprotoServerOptions) {
    this.rsa = loadRsaKey(opts.rsaPrivateKeyPem);
    this.store = opts.authKeys;
    this.dispatcher = opts.dispatcher;
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => {});
    this.flood = opts.flood ?? DEFAULT_FLOOD_LIMITS;
    this.maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    this.sessions = new SessionTable(this.now, this.log, (s) => this.tellDisconnect(s));
    this.salts = new ServerSalts(this.now);
    this.msgIds = new MsgIdClock(this.now);
    this.rpc = new RpcRunner({
      dispatcher: this.dispatcher,
      schema: this.schema,
      authKeys: this.authKeys,
      log: this.log,
      send: (session, body, content, isAnswer, deliver) => this.sendMessage(session, body, content, isAnswer, deliver),
      sendBadMsg: (session, msgId, seqNo, code) => this.sendBadMsg(session, msgId, seqNo, code),
    });
    this.wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      maxPayload: MAX_PACKET_BYTES + 64,
      handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
    });
    warmUpDh();
    this.sweepTimer = setInterval(() => this.sessions.sweep(), SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  /** The RSA key's fingerprint and hex modulus / exponent (for clients' key tables). */
  get publicKey(): { fingerprint: bigint; modulusHex: string; exponentHex: string } {
    return { fingerprint: this.rsa.fingerprint, modulusHex: this.rsa.modulusHex, exponentHex: this.rsa.exponentHex };
  }

  attach(server: HttpServer, path = '/apiws'): void {
    const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (pathname !== path) return; // someone else's upgrade
      const refusal = loopbackRefusal(req);
      if (refusal) return this.refuseUpgrade(socket, 403, 'Forbidden', refusal);
      if (this.connections.size >= this.maxConnections) {
        return this.refuseUpgrade(socket, 503, 'Service Unavailable', `${this.connections.size} connections open`);
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, req));
    };
    server.on('upgrade', listener);
    this.attached.push({ server, listener });
  }

  private refuseUpgrade(socket: Duplex, status: number, text: string, reason: string): void {
    this.log('connection.refused', { status, reason });
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
  }

  /** Live sessions, over all auth keys. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Push an Updates object to every live session of that auth key (a plain message, not an rpc_result). */
  sendToAuthKey(authKeyId: bigint, updates: TlObject): number {
    const sessions = this.sessions.ofKey(authKeyId);
    if (!sessions) return 0;
    let body: Uint8Array | undefined;
    let reached = 0;
    for (const s of sessions) {
      if (!s.conn || s.conn.closed) continue;
      body ??= encodeObject(updates);
      this.sendMessage(s, body, true, false);
      reached++;
    }
    return reached;
  }

  /**
   * Forget sessions (all, or one key's) while their sockets stay open, as Telegram does when a session moves between its
   * servers: the next message on one starts a new session, announced with new_session_created, and whatever the old
   * one had queued for the client is gone (the client should fetch updates.getDifference).
   */
  forgetSessions(filter?: { authKeyId?: bigint }): number {
    return this.sessions.forgetAll(filter);
  }

  /**
   * Arm a service-message fault for the next call of `method` (test control): 'detailed-info' keeps the answer back and
   * sends msg_detailed_info instead (the client must ask with msg_resend_req); 'bad-msg' refuses the call with
   * bad_msg_notification `code` (32 / 33: seq_no too low / high, 64: invalid container), which a client answers with a
   * new session; 'duplicate-result' sends the rpc_result twice.
   */
  armServiceFault(fault: ServiceFault): void {
    this.rpc.armServiceFault(fault);
  }

  clearServiceFaults(): void {
    this.rpc.clearServiceFaults();
  }

  /** Close sockets (all, or those that carried the given auth key). */
  dropConnections(filter?: { authKeyId?: bigint }): number {
    let n = 0;
    for (const c of [...this.connections.values()]) {
      if (filter?.authKeyId !== undefined && !c.authKeyIds.has(filter.authKeyId)) continue;
      this.closeConnection(c, 'dropped', true);
      n++;
    }
    return n;
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    for (const { server, listener } of this.attached) server.off('upgrade', listener);
    this.attached.length = 0;
    for (const c of [...this.connections.values()]) this.closeConnection(c, 'server closing', true);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  /** Number of open transport connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  // ------------------------------------------------------------------------------------------------------------
  // connections

  private onConnection(ws: WebSocket, req: IncomingMessage): void {
    const id = this.nextConnectionId++;
    const handshaker = new Handshaker(
      this.rsa,
      () => Math.floor(this.now() / 1000),
      (authKeyId, key) => {
        const existing = this.authKeys.get(authKeyId)?.key ?? this.store.load(authKeyId);
        return existing !== undefined && !equalBytes(existing, key);
      },
    );
    const conn = new Connection(id, ws, handshaker, this.flood, this.now());
    this.connections.set(id, conn);
    conn.firstPacketTimer = this.closeAfter(conn, this.timeouts.firstPacketMs, 'no packet in time');
    this.log('connection.open', { connectionId: id, remote: req.socket.remoteAddress });
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      if (conn.closed) return;
      if (!isBinary) return this.closeConnection(conn, 'text frame');
      const bytes = Array.isArray(data)
        ? new Uint8Array(Buffer.concat(data))
        : data instanceof ArrayBuffer
          ? new Uint8Array(data)
          : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      this.onData(conn, bytes);
    });
    ws.on('close', () => this.closeConnection(conn, 'socket closed'));
    ws.on('error', (err) => this.log('connection.error', { connectionId: id, error: String(err) }));
  }

  private closeAfter(conn: Connection, ms: number, reason: string): NodeJS.Timeout {
    const t = setTimeout(() => this.closeConnection(conn, reason, true), ms);
    t.unref();
    return t;
  }

  private onData(conn: Connection, data: Uint8Array): void {
    let packets: Uint8Array[];
    try {
      packets = conn.transport.push(data);
    } catch (e) {
      this.log('transport.invalid', { connectionId: conn.id, error: String(e) });
      return this.closeConnection(conn, 'bad transport data');
    }
    // the time since the last arrival refills the flood budget; the time spent on the packets below does not
    conn.flood.refill(this.now());
    if (packets.length) {
      if (conn.firstPacketTimer) clearTimeout(conn.firstPacketTimer);
      conn.firstPacketTimer = undefined;
      if (conn.packetTimer) clearTimeout(conn.packetTimer);
      conn.packetTimer = undefined;
      if (conn.idleTimer) conn.idleTimer.refresh();
      else conn.idleTimer = this.closeAfter(conn, this.timeouts.idleMs, 'idle');
    }
    // a packet (or the init) begun must be completed in time, however slowly its bytes keep coming
    if (conn.transport.buffered > 0 && !conn.packetTimer) {
      conn.packetTimer = this.closeAfter(conn, this.timeouts.packetMs, 'packet not completed in time');
    }
    for (const p of packets) conn.queue.push(p);
    this.work(conn);
  }

  /** Works through a connection's queued packets a few at a time, letting other sockets have their turn between. */
  private work(conn: Connection): void {
    if (conn.working || conn.closed) return;
    conn.working = true;
    try {
      for (let n = 0; n < PACKETS_PER_TURN && conn.queue.length && !conn.closed; n++) {
        const packet = conn.queue.shift()!;
        try {
          this.onPacket(conn, packet);
        } catch (e) {
          if (e instanceof FloodError) {
            this.log('transport.flood', { connectionId: conn.id });
            this.flush(conn);
            this.sendTransportError(conn, -429);
            return this.closeConnection(conn, 'flood');
          }
          if (e instanceof TransportError || e instanceof HandshakeError || e instanceof TlError) {
            this.log('packet.invalid', { connectionId: conn.id, error: String(e) });
          } else {
            this.log('packet.crash', { connectionId: conn.id, error: String(e), stack: (e as Error)?.stack });
          }
          return this.closeConnection(conn, 'bad packet');
        }
      }
    } finally {
      conn.working = false;
    }
    if (conn.closed) return;
    if (conn.queue.length) {
      conn.ws.pause(); // read no more from this socket until its backlog is worked through
      setImmediate(() => this.work(conn));
    } else {
      conn.ws.resume();
    }
  }

  private sendRaw(conn: Connection, payload: Uint8Array): void {
    if (conn.closed) return;
    conn.ws.send(conn.transport.frame(payload));
  }

  private sendTransportError(conn: Connection, code: number): void {
    if (conn.closed || !conn.transport.started) return;
    conn.ws.send(conn.transport.frameError(code));
  }

  private closeConnection(conn: Connection, reason: string, abrupt = false): void {
    if (conn.closed) return;
    this.flush(conn);
    conn.closed = true;
    this.connections.delete(conn.id);
    conn.clearTimers();
    conn.queue = [];
    try {
      conn.ws.resume(); // a paused socket would never read the client's answer to the close
      if (abrupt) conn.ws.terminate();
      else conn.ws.close();
    } catch {
      // already gone
    }
    this.log('connection.close', { connectionId: conn.id, reason });
    for (const s of conn.sessions) {
      if (s.conn !== conn) continue;
      s.conn = undefined;
      s.detachedAt = this.now();
      this.tellDisconnect(s);
    }
    conn.sessions.clear();
  }

  /** The dispatcher's onDisconnect for a session that lost its connection (closed, or the session evicted). */
  private tellDisconnect(s: Session): void {
    try {
      this.dispatcher.onDisconnect?.(s.authKeyId, s.sessionId);
    } catch (e) {
      this.log('dispatcher.onDisconnect.error', { error: String(e) });
    }
  }

  private armPingDisconnect(session: Session, delaySeconds: number): void {
    const conn = session.conn;
    if (!conn) return;
    if (conn.pingDisconnectTimer) clearTimeout(conn.pingDisconnectTimer);
    conn.pingDisconnectTimer = setTimeout(
      () => this.closeConnection(conn, 'ping_delay_disconnect expired', true),
      delaySeconds * 1000,
    );
    conn.pingDisconnectTimer.unref?.();
  }

  // ------------------------------------------------------------------------------------------------------------
  // packets

  private onPacket(conn: Connection, packet: Uint8Array): void {
    if (packet.length < 8) throw new TransportError(`packet of ${packet.length} bytes`);
    const authKeyId = readLong(packet, 0);
    if (authKeyId === 0n) return this.onPlainPacket(conn, packet);
    const keyState = this.authKeyState(authKeyId);
    if (!keyState) {
      this.log('auth_key.unknown', { connectionId: conn.id, authKeyId: authKeyId.toString() });
      this.sendTransportError(conn, -404);
      return this.closeConnection(conn, 'unknown auth key');
    }
    conn.authKeyIds.add(authKeyId);
    this.onEncryptedPacket(conn, authKeyId, keyState, packet);
  }

  private onPlainPacket(conn: Connection, packet: Uint8Array): void {
    if (packet.length < 20) throw new TransportError('short unencrypted message');
    const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
    const length = view.getUint32(16, true);
    if (length > packet.length - 20 || length < 4) throw new TransportError('bad unencrypted message length');
    conn.flood.charge(plainMessageCost(view.getUint32(20, true)));
    // only the handshake travels unencrypted, and never gzip_packed (Telegram refuses it there too)
    const body = decodeObject(new TlReader(packet, 20, 20 + length, 'refused'));
    const { reply, created } = conn.handshaker.handle(body);
    if (created) {
      this.store.save(created.authKeyId, created.authKey);
      this.authKeys.set(created.authKeyId, {
        key: created.authKey,
        initialSalt: created.serverSalt,
        initialSaltUntil: this.now() + SALT_PERIOD_SECONDS * 1000,
      });
      this.log('auth_key.created', {
        connectionId: conn.id,
        authKeyId: created.authKeyId.toString(),
        padding: created.padding,
        innerType: created.innerType,
      });
    }
    this.sendRaw(conn, plainMessage(this.msgIds.next(1), encodeObject(reply)));
  }

  private authKeyState(authKeyId: bigint): AuthKeyState | undefined {
    let st = this.authKeys.get(authKeyId);
    if (!st) {
      const key = this.store.load(authKeyId);
      if (!key) return undefined;
      st = { key };
      this.authKeys.set(authKeyId, st);
    }
    return st;
  }

  private onEncryptedPacket(conn: Connection, authKeyId: bigint, keyState: AuthKeyState, packet: Uint8Array): void {
    const authKey = keyState.key;
    const encLen = encryptedLength(packet, conn.transport.protocol === 'padded');
    if (encLen === null) {
      this.log('msg.bad_length', { connectionId: conn.id, length: packet.length });
      return this.closeConnection(conn, 'bad encrypted length');
    }
    conn.flood.charge(FloodCost.packetPer64KiB * Math.ceil(encLen / 65536));
    const opened = openMessage(authKey, packet, encLen);
    if (!opened.ok) {
      if (opened.event === 'msg.bad_msg_key')
        this.log(opened.event, { connectionId: conn.id, authKeyId: authKeyId.toString() });
      else this.log(opened.event, { connectionId: conn.id, length: opened.length, padding: opened.padding });
      return this.closeConnection(conn, opened.reason);
    }
    const { salt, sessionId, msgId, seqNo, body } = opened;

    const session = this.sessions.obtain(authKeyId, sessionId, authKey);
    session.lastUsed = this.now();
    if (session.conn !== conn) {
      session.conn = conn;
      session.detachedAt = undefined;
      conn.sessions.add(session);
    }

    // msg_id / salt checks on the outer message
    if (this.checkMsgId(session, msgId, seqNo) && this.checkSalt(session, keyState, salt, msgId, seqNo)) {
      if (!session.announced) {
        session.announced = true;
        this.sendNewSessionCreated(session, lowestMsgId(body, msgId));
      }
      // what gzip_packed in this packet may inflate to, in all
      this.onMessage(session, msgId, seqNo, body, false, { remaining: MAX_INFLATED_BYTES });
    }

    // acks for what this packet carried, then whatever the client has not acknowledged yet (a reconnect)
    this.flushAcks(session);
    this.scheduleFlush(conn);
  }

  // ------------------------------------------------------------------------------------------------------------
  // checks

  /** msg_id time window and low bits; duplicates. Sends bad_msg_notification and returns false when rejected. */
  private checkMsgId(session: Session, msgId: bigint, seqNo: number): boolean {
    const code = msgIdProblem(session, msgId, this.now());
    if (code !== undefined) {
      this.sendBadMsg(session, msgId, seqNo, code);
      return false;
    }
    return true;
  }

  private checkSalt(session: Session, keyState: AuthKeyState, salt: bigint, msgId: bigint, seqNo: number): boolean {
    if (this.salts.accepts(session.authKeyId, keyState, salt)) return true;
    this.log('msg.bad_server_salt', { authKeyId: session.authKeyId.toString(), msgId: msgId.toString() });
    this.sendMessage(
      session,
      encodeObject({
        _: 'bad_server_salt',
        bad_msg_id: msgId,
        bad_msg_seqno: seqNo,
        error_code: BadMsg.BAD_SERVER_SALT,
        new_server_salt: this.salts.current(session.authKeyId),
      }),
      false,
      true,
    );
    return false;
  }

  private sendBadMsg(session: Session, msgId: bigint, seqNo: number, code: number): void {
    this.log('msg.bad_msg_notification', { msgId: msgId.toString(), seqNo, code });
    this.sendMessage(
      session,
      encodeObject({ _: 'bad_msg_notification', bad_msg_id: msgId, bad_msg_seqno: seqNo, error_code: code }),
      false,
      true,
    );
  }

  // ------------------------------------------------------------------------------------------------------------
  // messages

  private onMessage(
    session: Session,
    msgId: bigint,
    seqNo: number,
    body: Uint8Array,
    inContainer: boolean,
    inflate: InflateBudget,
  ): void {
    session.conn?.flood.charge(FloodCost.message);
    const dup = session.received.get(msgId);
    if (dup) return this.onDuplicate(session, msgId, dup);
    if (body.length < 4) return;
    const ctorId = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0, true);
    if (ctorId === ID.msg_container) {
      if (inContainer) return this.sendBadMsg(session, msgId, seqNo, BadMsg.INVALID_CONTAINER);
      return this.onContainer(session, msgId, seqNo, body, inflate);
    }

    let obj: TlObject;
    try {
      obj = decodeObject(new TlReader(body, 0, body.length, inflate));
    } catch (e) {
      this.log('msg.undecodable', { msgId: msgId.toString(), error: String(e) });
      if (seqNo % 2 === 1) {
        session.remember(msgId, { state: 'done' });
        session.pendingAcks.push(msgId);
        const known = this.schema.functionsById.has(ctorId);
        this.rpc.sendRpcError(
          session,
          msgId,
          new RpcError(400, known ? 'INPUT_REQUEST_INVALID' : 'INPUT_METHOD_INVALID'),
        );
      }
      return;
    }
    const content = !NON_CONTENT.has(obj._);
    if (!content && seqNo % 2 === 1) return this.sendBadMsg(session, msgId, seqNo, BadMsg.SEQNO_EXPECTED_EVEN);
    const fn = this.schema.functionsByName.get(obj._);
    const isApiCall = fn !== undefined && fn.section === 'api';
    if (isApiCall && seqNo % 2 === 0) return this.sendBadMsg(session, msgId, seqNo, BadMsg.SEQNO_EXPECTED_ODD);

    if (content) session.pendingAcks.push(msgId);
    this.onObject(session, msgId, obj, isApiCall);
  }

  private onContainer(session: Session, msgId: bigint, seqNo: number, body: Uint8Array, inflate: InflateBudget): void {
    if (seqNo % 2 === 1) return this.sendBadMsg(session, msgId, seqNo, BadMsg.SEQNO_EXPECTED_EVEN);
    const r = new TlReader(body, 4);
    const items: Array<{ msgId: bigint; seqNo: number; body: Uint8Array }> = [];
    try {
      const n = r.int();
      if (n < 0 || n > 1024) throw new TlError(`container of ${n} messages`);
      for (let i = 0; i < n; i++) {
        const id = r.long();
        const sq = r.int();
        const len = r.int();
        if (len < 0 || len % 4 !== 0) throw new TlError('bad message length in container');
        items.push({ msgId: id, seqNo: sq, body: r.raw(len) });
      }
    } catch {
      return this.sendBadMsg(session, msgId, seqNo, BadMsg.INVALID_CONTAINER);
    }
    const ids = new Set<bigint>();
    for (const it of items) {
      if (it.msgId >= msgId || ids.has(it.msgId))
        return this.sendBadMsg(session, msgId, seqNo, BadMsg.INVALID_CONTAINER);
      if (it.msgId === msgId) return this.sendBadMsg(session, msgId, seqNo, BadMsg.CONTAINER_MSG_ID_DUPLICATE);
      ids.add(it.msgId);
    }
    session.remember(msgId, { state: 'service' });
    for (const it of items) {
      if (this.checkMsgId(session, it.msgId, it.seqNo))
        this.onMessage(session, it.msgId, it.seqNo, it.body, true, inflate);
    }
  }

  private onDuplicate(session: Session, msgId: bigint, r: Received): void {
    this.log('msg.duplicate', { msgId: msgId.toString(), state: r.state });
    // a resent request whose answer exists: send the answer again; while it runs, the answer will come
    if (r.answer && !r.dropped && session.conn) this.enqueue(session.conn, session, r.answer);
  }

  private onObject(session: Session, msgId: bigint, obj: TlObject, isApiCall: boolean): void {
    const handled = handleServiceMessage(
      {
        sessions: this.sessions,
        salts: this.salts,
        now: this.now,
        send: (s, body, content, isAnswer) => this.sendMessage(s, body, content, isAnswer),
        answer: (s, reqMsgId, result) => this.rpc.answer(s, reqMsgId, result),
        resend: (s, m) => {
          if (s.conn) this.enqueue(s.conn, s, m);
        },
        armPingDisconnect: (s, delaySeconds) => this.armPingDisconnect(s, delaySeconds),
      },
      session,
      msgId,
      obj,
    );
    if (handled) return;
    if (isApiCall) return this.rpc.invoke(session, msgId, obj);
    // any other object from a client: nothing to do
    session.remember(msgId, { state: 'done' });
    this.log('msg.ignored', { constructor: obj._ });
  }

  private sendNewSessionCreated(session: Session, firstMsgId: bigint): void {
    const uniqueId = readLong(randomBytes(8), 0);
    this.sendMessage(
      session,
      encodeObject({
        _: 'new_session_created',
        first_msg_id: firstMsgId,
        unique_id: uniqueId,
        server_salt: this.salts.current(session.authKeyId),
      }),
      true,
      true,
    );
  }

  // ------------------------------------------------------------------------------------------------------------
  // outgoing

  /** Queue a message to the session's current connection (content ones are kept until acknowledged). */
  private sendMessage(session: Session, body: Uint8Array, content: boolean, isAnswer: boolean, deliver = true): OutMsg {
    const msg: OutMsg = {
      msgId: this.msgIds.next(isAnswer ? 1 : 3),
      seqNo: session.nextSeqNo(content),
      body,
      content,
    };
    if (content) {
      session.unacked.set(msg.msgId, msg);
      if (session.unacked.size > MAX_UNACKED) session.unacked.delete(session.unacked.keys().next().value as bigint);
    }
    if (deliver && session.conn && !session.conn.closed) this.enqueue(session.conn, session, msg);
    return msg;
  }

  private flushAcks(session: Session): void {
    if (!session.pendingAcks.length) return;
    const ids = session.pendingAcks;
    session.pendingAcks = [];
    this.sendMessage(session, encodeObject({ _: 'msgs_ack', msg_ids: ids }), false, true);
  }

  private enqueue(conn: Connection, session: Session, msg: OutMsg): void {
    conn.outbox.push({ session, msg });
    this.scheduleFlush(conn);
  }

  private scheduleFlush(conn: Connection): void {
    if (conn.flushScheduled || conn.closed) return;
    // re-send what a session has not had acknowledged when it shows up on a new connection
    for (const s of conn.sessions) {
      if (s.conn === conn && s.resentOn !== conn.id) {
        s.resentOn = conn.id;
        const queued = new Set(conn.outbox.map((o) => o.msg));
        for (const m of s.unacked.values()) if (!queued.has(m)) conn.outbox.push({ session: s, msg: m });
      }
    }
    if (!conn.outbox.length) return;
    conn.flushScheduled = true;
    setImmediate(() => {
      conn.flushScheduled = false;
      this.flush(conn);
    });
  }

  private flush(conn: Connection): void {
    if (conn.closed || !conn.outbox.length) return;
    const outbox = conn.outbox;
    conn.outbox = [];
    const bySession = new Map<Session, OutMsg[]>();
    for (const { session, msg } of outbox) {
      let list = bySession.get(session);
      if (!list) bySession.set(session, (list = []));
      if (!list.includes(msg)) list.push(msg);
    }
    for (const [session, msgs] of bySession) {
      let batch: OutMsg[] = [];
      let size = 0;
      const sendBatch = () => {
        if (batch.length === 1) this.sendEncrypted(conn, session, batch[0]);
        else if (batch.length > 1) this.sendEncrypted(conn, session, this.container(session, batch));
        batch = [];
        size = 0;
      };
      for (const m of msgs) {
        if (size + m.body.length + 16 > MAX_CONTAINER_BYTES) sendBatch();
        batch.push(m);
        size += m.body.length + 16;
      }
      sendBatch();
    }
  }

  private container(session: Session, msgs: OutMsg[]): OutMsg {
    const body = containerBody(msgs);
    return { msgId: this.msgIds.next(3), seqNo: session.nextSeqNo(false), body, content: false };
  }

  private sendEncrypted(conn: Connection, session: Session, msg: OutMsg): void {
    const salt = this.salts.current(session.authKeyId);
    this.sendRaw(conn, sealMessage(session.authKey, session.authKeyId, salt, session.sessionId, msg));
  }
}
