// The MTProto 2.0 server: obfuscated transports over WebSocket, auth key creation, encrypted messages, sessions,
// service messages, and RPC dispatch to the API (RpcDispatcher).
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { WebSocketServer, type WebSocket } from 'ws';
import { RpcError } from '../rpcError';
import {
  MAX_INFLATED_BYTES,
  TlError,
  TlReader,
  TlWriter,
  decodeObject,
  encodeObject,
  writeResult,
  type InflateBudget,
  type TlObject,
  type TlValue,
} from '../tl/codec';
import { getSchema } from '../tl/schema';
import {
  aesIgeDecrypt,
  aesIgeEncrypt,
  concat,
  equalBytes,
  loadRsaKey,
  longBytes,
  messageKey,
  messageKeys,
  randomBytes,
  readLong,
  sha256,
  warmUpDh,
  type RsaKey,
} from './crypto';
import { DEFAULT_FLOOD_LIMITS, FloodBudget, FloodCost, FloodError, type FloodLimits } from './floodControl';
import { HandshakeError, Handshaker } from './handshake';
import { loopbackRefusal } from './loopbackGuard';
import { ObfuscatedTransport, TransportError } from './transport';
import type {
  AuthKeyStore,
  ConnectionTimeouts,
  MtprotoLog,
  MtprotoServerOptions,
  RpcContext,
  RpcDispatcher,
} from './types';

const ID = {
  msg_container: 0x73f1f8dc,
  rpc_result: 0xf35c6d01,
  gzip_packed: 0x3072cfa1,
  msgs_ack: 0x62d6b459,
};

/** Wrappers unwrapped before dispatch. */
const WRAPPERS = new Set([
  'invokeWithLayer',
  'initConnection',
  'invokeWithoutUpdates',
  'invokeAfterMsg',
  'invokeAfterMsgs',
  'invokeWithMessagesRange',
  'invokeWithTakeout',
]);

/** Client messages that are not content-related (must carry an even seq_no). */
const NON_CONTENT = new Set(['msgs_ack', 'msg_container', 'http_wait']);

/** A service-message fault for the next call of a method (see MtprotoServerImpl.armServiceFault). */
export type ServiceFault =
  | { kind: 'detailed-info'; method: string }
  | { kind: 'bad-msg'; method: string; code: 32 | 33 | 64 }
  /** The rpc_result goes out twice, in two messages (as after a resend): the client must take the first only. */
  | { kind: 'duplicate-result'; method: string };

export const SALT_PERIOD_SECONDS = 1800;
const MSG_TOO_OLD_SECONDS = 300;
const MSG_TOO_NEW_SECONDS = 30;
const MAX_REMEMBERED_MSG_IDS = 2000;
const MAX_UNACKED = 1000;
const SESSION_IDLE_MS = 60 * 60 * 1000;
/** a session whose connection closed is kept this long for the client to come back (and get what it missed) */
const SESSION_DETACHED_MS = 5 * 60 * 1000;
/** sessions one auth key may have; a new one past this evicts the least recently used */
export const MAX_SESSIONS_PER_KEY = 64;
const SWEEP_EVERY_MS = 60 * 1000;
/** the largest packet accepted, and what gzip_packed in one may inflate to in all */
const MAX_PACKET_BYTES = 4 * 1024 * 1024;
/** packets of one connection worked on before the others get a turn */
const PACKETS_PER_TURN = 32;
const DEFAULT_MAX_CONNECTIONS = 1000;
const DEFAULT_TIMEOUTS: ConnectionTimeouts = { firstPacketMs: 10_000, packetMs: 30_000, idleMs: 5 * 60_000 };
/** the handshake's plain requests, by constructor id, and what each costs */
const PLAIN_COSTS = new Map<number, number>([
  [0x60469778, FloodCost.reqPq], // req_pq
  [0xbe7e8ef1, FloodCost.reqPq], // req_pq_multi
  [0xd712e4be, FloodCost.dhStep], // req_DH_params
  [0xf5045f1f, FloodCost.dhStep], // set_client_DH_params
]);
const GZIP_THRESHOLD = 16 * 1024;
const MAX_CONTAINER_BYTES = 512 * 1024;

/** bad_msg_notification error codes */
export const BadMsg = {
  MSG_ID_TOO_LOW: 16,
  MSG_ID_TOO_HIGH: 17,
  MSG_ID_BAD_BITS: 18,
  CONTAINER_MSG_ID_DUPLICATE: 19,
  MSG_TOO_OLD: 20,
  SEQNO_TOO_LOW: 32,
  SEQNO_TOO_HIGH: 33,
  SEQNO_EXPECTED_EVEN: 34,
  SEQNO_EXPECTED_ODD: 35,
  BAD_SERVER_SALT: 48,
  INVALID_CONTAINER: 64,
} as const;

interface OutMsg {
  msgId: bigint;
  seqNo: number;
  body: Uint8Array;
  content: boolean;
}

interface Received {
  state: 'service' | 'running' | 'done';
  answer?: OutMsg;
  done?: Promise<void>;
  dropped?: boolean;
}

interface AuthKeyState {
  key: Uint8Array;
  /** the handshake's salt, accepted until `initialSaltUntil` (ms) */
  initialSalt?: bigint;
  initialSaltUntil?: number;
  layer?: number;
  apiId?: number;
}

class Session {
  conn: Connection | undefined;
  /** content-related messages sent so far (seq_no = 2n + 1) */
  sentContent = 0;
  readonly received = new Map<bigint, Received>();
  /** the largest msg_id forgotten from `received` */
  forgottenBelow = 0n;
  readonly unacked = new Map<bigint, OutMsg>();
  pendingAcks: bigint[] = [];
  layer: number | undefined;
  apiId: number | undefined;
  announced = false;
  /** the connection on which the un-acknowledged messages were last re-sent */
  resentOn = 0;
  lastUsed: number;
  /** when its connection closed (undefined while it has one, or before its first) */
  detachedAt: number | undefined;

  constructor(
    readonly authKeyId: bigint,
    readonly sessionId: bigint,
    readonly authKey: Uint8Array,
    now: number,
  ) {
    this.lastUsed = now;
  }

  remember(msgId: bigint, r: Received): void {
    this.received.set(msgId, r);
    if (this.received.size > MAX_REMEMBERED_MSG_IDS) {
      for (const [id, info] of this.received) {
        if (info.state === 'running') continue;
        this.received.delete(id);
        if (id > this.forgottenBelow) this.forgottenBelow = id;
        if (this.received.size <= MAX_REMEMBERED_MSG_IDS * 0.75) break;
      }
    }
  }
}

class Connection {
  readonly transport = new ObfuscatedTransport();
  readonly sessions = new Set<Session>();
  readonly authKeyIds = new Set<bigint>();
  outbox: Array<{ session: Session; msg: OutMsg }> = [];
  flushScheduled = false;
  closed = false;
  pingDisconnectTimer: NodeJS.Timeout | undefined;
  readonly flood: FloodBudget;
  /** whole packets received and not yet worked on (worked on a few per turn) */
  queue: Uint8Array[] = [];
  working = false;
  /** close a socket that has not completed its first packet / the packet it started / any packet for a while */
  firstPacketTimer: NodeJS.Timeout | undefined;
  packetTimer: NodeJS.Timeout | undefined;
  idleTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: number,
    readonly ws: WebSocket,
    readonly handshaker: Handshaker,
    flood: FloodLimits,
    now: number,
  ) {
    this.flood = new FloodBudget(flood, now);
  }

  clearTimers(): void {
    for (const t of [this.pingDisconnectTimer, this.firstPacketTimer, this.packetTimer, this.idleTimer])
      if (t) clearTimeout(t);
  }
}

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
  private readonly sessions = new Map<string, Session>();
  private readonly sessionsByKey = new Map<bigint, Set<Session>>();
  private readonly serviceFaults: ServiceFault[] = [];
  private readonly authKeys = new Map<bigint, AuthKeyState>();
  private readonly saltSecret = randomBytes(32);
  private readonly attached: Array<{
    server: HttpServer;
    listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  }> = [];
  private nextConnectionId = 1;
  private lastMsgIdBase = 0n;
  private lastSweep: number;
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
    this.lastSweep = this.now();
    this.wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: false,
      maxPayload: MAX_PACKET_BYTES + 64,
      handleProtocols: (protocols) => (protocols.has('binary') ? 'binary' : false),
    });
    warmUpDh();
    this.sweepTimer = setInterval(() => this.sweepSessions(), SWEEP_EVERY_MS);
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
    const sessions = this.sessionsByKey.get(authKeyId);
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
    let n = 0;
    for (const [key, s] of [...this.sessions]) {
      if (filter?.authKeyId !== undefined && s.authKeyId !== filter.authKeyId) continue;
      this.sessions.delete(key);
      this.sessionsByKey.get(s.authKeyId)?.delete(s);
      s.conn?.sessions.delete(s);
      n++;
    }
    return n;
  }

  /**
   * Arm a service-message fault for the next call of `method` (test control): 'detailed-info' keeps the answer back and
   * sends msg_detailed_info instead (the client must ask with msg_resend_req); 'bad-msg' refuses the call with
   * bad_msg_notification `code` (32 / 33: seq_no too low / high, 64: invalid container), which a client answers with a
   * new session.
   */
  armServiceFault(fault: ServiceFault): void {
    this.serviceFaults.push({ ...fault });
  }

  clearServiceFaults(): void {
    this.serviceFaults.length = 0;
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
      try {
        this.dispatcher.onDisconnect?.(s.authKeyId, s.sessionId);
      } catch (e) {
        this.log('dispatcher.onDisconnect.error', { error: String(e) });
      }
    }
    conn.sessions.clear();
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
    conn.flood.charge(PLAIN_COSTS.get(view.getUint32(20, true)) ?? FloodCost.message);
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
    const replyBytes = encodeObject(reply);
    const out = new Uint8Array(20 + replyBytes.length);
    const ov = new DataView(out.buffer);
    ov.setBigUint64(8, BigInt.asUintN(64, this.nextMsgId(1)), true);
    ov.setUint32(16, replyBytes.length, true);
    out.set(replyBytes, 20);
    this.sendRaw(conn, out);
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
    const msgKey = packet.subarray(8, 24);
    let encLen = packet.length - 24;
    if (conn.transport.protocol === 'padded') encLen -= encLen % 16; // transport padding
    if (encLen < 48 || encLen % 16 !== 0) {
      this.log('msg.bad_length', { connectionId: conn.id, length: packet.length });
      return this.closeConnection(conn, 'bad encrypted length');
    }
    conn.flood.charge(FloodCost.packetPer64KiB * Math.ceil(encLen / 65536));
    const { key, iv } = messageKeys(authKey, msgKey, 0);
    const plain = aesIgeDecrypt(packet.subarray(24, 24 + encLen), key, iv);
    if (!equalBytes(messageKey(authKey, plain, 0), msgKey)) {
      this.log('msg.bad_msg_key', { connectionId: conn.id, authKeyId: authKeyId.toString() });
      return this.closeConnection(conn, 'bad msg_key');
    }
    const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
    const salt = view.getBigInt64(0, true);
    const sessionId = view.getBigInt64(8, true);
    const msgId = view.getBigInt64(16, true);
    const seqNo = view.getInt32(24, true);
    const length = view.getInt32(28, true);
    const padding = plain.length - 32 - length;
    if (length < 4 || length % 4 !== 0 || padding < 12 || padding > 1024) {
      this.log('msg.bad_padding', { connectionId: conn.id, length, padding });
      return this.closeConnection(conn, 'bad message length / padding');
    }
    const body = plain.subarray(32, 32 + length);

    const session = this.session(authKeyId, sessionId, authKey);
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
        this.sendNewSessionCreated(session, this.lowestMsgId(body, msgId));
      }
      // what gzip_packed in this packet may inflate to, in all
      this.onMessage(session, msgId, seqNo, body, false, { remaining: MAX_INFLATED_BYTES });
    }

    // acks for what this packet carried, then whatever the client has not acknowledged yet (a reconnect)
    this.flushAcks(session);
    this.scheduleFlush(conn);
  }

  private lowestMsgId(body: Uint8Array, msgId: bigint): bigint {
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

  private session(authKeyId: bigint, sessionId: bigint, authKey: Uint8Array): Session {
    const k = `${authKeyId}:${sessionId}`;
    let s = this.sessions.get(k);
    if (!s) {
      if (this.now() - this.lastSweep >= SWEEP_EVERY_MS) this.sweepSessions();
      let set = this.sessionsByKey.get(authKeyId);
      if (!set) this.sessionsByKey.set(authKeyId, (set = new Set()));
      if (set.size >= MAX_SESSIONS_PER_KEY) this.evictLeastRecentlyUsed(set);
      s = new Session(authKeyId, sessionId, authKey, this.now());
      this.sessions.set(k, s);
      set.add(s);
    }
    return s;
  }

  /** Makes room for a new session of a key: the one used longest ago goes, preferring those without a connection. */
  private evictLeastRecentlyUsed(set: Set<Session>): void {
    let victim: Session | undefined;
    for (const s of set) {
      const better =
        victim === undefined ||
        (victim.conn !== undefined && s.conn === undefined) ||
        ((victim.conn === undefined) === (s.conn === undefined) && s.lastUsed < victim.lastUsed);
      if (better) victim = s;
    }
    if (!victim) return;
    this.log('session.evicted', { authKeyId: victim.authKeyId.toString(), sessionId: victim.sessionId.toString() });
    const hadConnection = victim.conn !== undefined;
    this.forgetSession(victim);
    if (hadConnection) {
      try {
        this.dispatcher.onDisconnect?.(victim.authKeyId, victim.sessionId);
      } catch (e) {
        this.log('dispatcher.onDisconnect.error', { error: String(e) });
      }
    }
  }

  private forgetSession(s: Session): void {
    this.sessions.delete(`${s.authKeyId}:${s.sessionId}`);
    const set = this.sessionsByKey.get(s.authKeyId);
    set?.delete(s);
    if (set?.size === 0) this.sessionsByKey.delete(s.authKeyId);
    s.conn?.sessions.delete(s);
    s.conn = undefined;
  }

  /** Drops sessions whose connection closed SESSION_DETACHED_MS ago or more, or unused for SESSION_IDLE_MS. */
  private sweepSessions(): void {
    const t = this.now();
    this.lastSweep = t;
    for (const s of [...this.sessions.values()]) {
      if (s.conn) continue;
      const detachedLongAgo = s.detachedAt !== undefined && t - s.detachedAt >= SESSION_DETACHED_MS;
      if (detachedLongAgo || t - s.lastUsed >= SESSION_IDLE_MS) this.forgetSession(s);
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // checks

  /** msg_id time window and low bits; duplicates. Sends bad_msg_notification and returns false when rejected. */
  private checkMsgId(session: Session, msgId: bigint, seqNo: number): boolean {
    const nowSec = this.now() / 1000;
    const msgSec = Number(msgId >> 32n);
    let code: number | undefined;
    if (msgId % 4n !== 0n) code = BadMsg.MSG_ID_BAD_BITS;
    else if (msgSec < nowSec - MSG_TOO_OLD_SECONDS) code = BadMsg.MSG_ID_TOO_LOW;
    else if (msgSec > nowSec + MSG_TOO_NEW_SECONDS) code = BadMsg.MSG_ID_TOO_HIGH;
    else if (msgId <= session.forgottenBelow && !session.received.has(msgId)) code = BadMsg.MSG_TOO_OLD;
    if (code !== undefined) {
      this.sendBadMsg(session, msgId, seqNo, code);
      return false;
    }
    return true;
  }

  private saltFor(authKeyId: bigint, period: number): bigint {
    const h = sha256(this.saltSecret, longBytes(authKeyId), longBytes(BigInt(period)));
    return readLong(h, 0);
  }

  private currentSalt(authKeyId: bigint): bigint {
    return this.saltFor(authKeyId, Math.floor(this.now() / 1000 / SALT_PERIOD_SECONDS));
  }

  private checkSalt(session: Session, keyState: AuthKeyState, salt: bigint, msgId: bigint, seqNo: number): boolean {
    const period = Math.floor(this.now() / 1000 / SALT_PERIOD_SECONDS);
    if (salt === this.saltFor(session.authKeyId, period) || salt === this.saltFor(session.authKeyId, period - 1))
      return true;
    if (
      keyState.initialSalt !== undefined &&
      salt === keyState.initialSalt &&
      this.now() < (keyState.initialSaltUntil ?? 0)
    )
      return true;
    this.log('msg.bad_server_salt', { authKeyId: session.authKeyId.toString(), msgId: msgId.toString() });
    this.sendMessage(
      session,
      encodeObject({
        _: 'bad_server_salt',
        bad_msg_id: msgId,
        bad_msg_seqno: seqNo,
        error_code: BadMsg.BAD_SERVER_SALT,
        new_server_salt: this.saltFor(session.authKeyId, period),
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
        this.sendRpcError(session, msgId, new RpcError(400, known ? 'INPUT_REQUEST_INVALID' : 'INPUT_METHOD_INVALID'));
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
    switch (obj._) {
      case 'msgs_ack':
        for (const id of obj.msg_ids as bigint[]) session.unacked.delete(id);
        session.remember(msgId, { state: 'service' });
        return;
      case 'ping':
      case 'ping_delay_disconnect': {
        session.remember(msgId, { state: 'done' });
        if (obj._ === 'ping_delay_disconnect') this.armPingDisconnect(session, obj.disconnect_delay as number);
        this.sendMessage(session, encodeObject({ _: 'pong', msg_id: msgId, ping_id: obj.ping_id }), false, true);
        return;
      }
      case 'get_future_salts': {
        session.remember(msgId, { state: 'done' });
        const num = Math.max(1, Math.min(64, obj.num as number));
        const nowSec = Math.floor(this.now() / 1000);
        const first = Math.floor(nowSec / SALT_PERIOD_SECONDS);
        const salts: TlObject[] = [];
        for (let i = 0; i < num; i++) {
          const p = first + i;
          salts.push({
            _: 'future_salt',
            valid_since: p * SALT_PERIOD_SECONDS,
            valid_until: (p + 2) * SALT_PERIOD_SECONDS,
            salt: this.saltFor(session.authKeyId, p),
          });
        }
        this.sendMessage(
          session,
          encodeObject({ _: 'future_salts', req_msg_id: msgId, now: nowSec, salts }),
          false,
          true,
        );
        return;
      }
      case 'destroy_session': {
        const target = obj.session_id as bigint;
        const victim = this.sessions.get(`${session.authKeyId}:${target}`);
        let result: TlObject;
        if (victim && target !== session.sessionId) {
          this.forgetSession(victim);
          result = { _: 'destroy_session_ok', session_id: target };
        } else {
          result = { _: 'destroy_session_none', session_id: target };
        }
        this.answer(session, msgId, encodeObject(result));
        return;
      }
      case 'msgs_state_req': {
        session.remember(msgId, { state: 'done' });
        const ids = obj.msg_ids as bigint[];
        const info = new Uint8Array(ids.map((id) => this.msgState(session, id)));
        this.sendMessage(session, encodeObject({ _: 'msgs_state_info', req_msg_id: msgId, info }), false, true);
        return;
      }
      case 'msg_resend_req':
      case 'msg_resend_ans_req': {
        session.remember(msgId, { state: 'done' });
        for (const id of obj.msg_ids as bigint[]) {
          const m = session.unacked.get(id);
          if (m && session.conn) this.enqueue(session.conn, session, m);
        }
        return;
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
        this.answer(session, msgId, encodeObject(result));
        return;
      }
      case 'http_wait':
        session.remember(msgId, { state: 'service' });
        return;
      default:
        if (isApiCall) return this.invoke(session, msgId, obj);
        // any other object from a client: nothing to do
        session.remember(msgId, { state: 'done' });
        this.log('msg.ignored', { constructor: obj._ });
    }
  }

  private msgState(session: Session, id: bigint): number {
    const r = session.received.get(id);
    if (r) {
      let v = 4; // received
      if (r.state === 'service') v |= 16;
      if (r.state === 'running') v |= 32;
      if (r.state === 'done') v |= 32 | (r.answer ? 64 : 0);
      return v;
    }
    const sec = Number(id >> 32n);
    const nowSec = this.now() / 1000;
    if (sec < nowSec - MSG_TOO_OLD_SECONDS || id <= session.forgottenBelow) return 1;
    if (sec > nowSec + MSG_TOO_NEW_SECONDS) return 3;
    return 2;
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
  // RPC

  private invoke(session: Session, msgId: bigint, call: TlObject): void {
    const entry: Received = { state: 'running' };
    session.remember(msgId, entry);
    let query = call;
    const after: bigint[] = [];
    while (WRAPPERS.has(query._)) {
      if (query._ === 'invokeWithLayer') {
        session.layer = query.layer as number;
        this.authKeys.get(session.authKeyId)!.layer = session.layer;
      } else if (query._ === 'initConnection') {
        session.apiId = query.api_id as number;
        this.authKeys.get(session.authKeyId)!.apiId = session.apiId;
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
      this.log('fault.bad_msg', { method: query._, code: fault.code });
      this.sendBadMsg(session, msgId, 0, fault.code);
      return;
    }
    const fn = this.schema.functionsByName.get(query._);
    const keyState = this.authKeys.get(session.authKeyId);
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
        body = this.rpcErrorBody(msgId, new RpcError(400, 'INPUT_METHOD_INVALID'));
      } else {
        try {
          const result: TlValue = await this.dispatcher.invoke(ctx, query);
          const w = new TlWriter();
          writeResult(w, fn, result, this.schema);
          body = this.rpcResultBody(msgId, w.toBytes());
        } catch (e) {
          if (e instanceof RpcError) {
            body = this.rpcErrorBody(msgId, e);
          } else {
            this.log('rpc.internal_error', { method: query._, error: String(e), stack: (e as Error)?.stack });
            body = this.rpcErrorBody(msgId, new RpcError(500, 'INTERNAL'));
          }
        }
      }
      entry.state = 'done';
      if (entry.dropped) return;
      if (fault?.kind === 'detailed-info') {
        // The answer exists (kept for msg_resend_req) but only its description goes out.
        entry.answer = this.sendMessage(session, body, true, true, false);
        this.log('fault.detailed_info', { method: query._, answerMsgId: entry.answer.msgId.toString() });
        this.sendMessage(
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
      entry.answer = this.sendMessage(session, body, true, true);
      if (fault?.kind === 'duplicate-result') {
        const again = this.sendMessage(session, body, true, true);
        this.log('fault.duplicate_result', { method: query._, msgIds: [entry.answer.msgId, again.msgId].map(String) });
      }
    };
    // always asynchronous, so that the msgs_ack for this packet goes out before any answer
    entry.done = Promise.resolve()
      .then(run)
      .catch((e) => this.log('rpc.crash', { error: String(e) }));
  }

  private rpcResultBody(reqMsgId: bigint, result: Uint8Array): Uint8Array {
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

  private rpcErrorBody(reqMsgId: bigint, e: RpcError): Uint8Array {
    return this.rpcResultBody(reqMsgId, encodeObject({ _: 'rpc_error', error_code: e.code, error_message: e.type }));
  }

  private sendRpcError(session: Session, reqMsgId: bigint, e: RpcError): void {
    this.sendMessage(session, this.rpcErrorBody(reqMsgId, e), true, true);
  }

  /** An rpc_result for a service request (destroy_session, rpc_drop_answer). */
  private answer(session: Session, reqMsgId: bigint, result: Uint8Array): void {
    const entry: Received = { state: 'done' };
    session.remember(reqMsgId, entry);
    entry.answer = this.sendMessage(session, this.rpcResultBody(reqMsgId, result), true, true);
  }

  private sendNewSessionCreated(session: Session, firstMsgId: bigint): void {
    const uniqueId = readLong(randomBytes(8), 0);
    this.sendMessage(
      session,
      encodeObject({
        _: 'new_session_created',
        first_msg_id: firstMsgId,
        unique_id: uniqueId,
        server_salt: this.currentSalt(session.authKeyId),
      }),
      true,
      true,
    );
  }

  // ------------------------------------------------------------------------------------------------------------
  // outgoing

  /** Server msg_id: time-based, strictly increasing, ≡ 1 (mod 4) for answers and 3 for other messages. */
  private nextMsgId(kind: 1 | 3): bigint {
    const ms = this.now();
    const sec = BigInt(Math.floor(ms / 1000));
    const frac = BigInt(Math.floor(((ms % 1000) / 1000) * 2 ** 32)) & ~3n;
    let base = (sec << 32n) | frac;
    if (base <= this.lastMsgIdBase) base = this.lastMsgIdBase + 4n;
    this.lastMsgIdBase = base;
    return base | BigInt(kind);
  }

  private nextSeqNo(session: Session, content: boolean): number {
    return content ? session.sentContent++ * 2 + 1 : session.sentContent * 2;
  }

  /** Queue a message to the session's current connection (content ones are kept until acknowledged). */
  private sendMessage(session: Session, body: Uint8Array, content: boolean, isAnswer: boolean, deliver = true): OutMsg {
    const msg: OutMsg = {
      msgId: this.nextMsgId(isAnswer ? 1 : 3),
      seqNo: this.nextSeqNo(session, content),
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
    return { msgId: this.nextMsgId(3), seqNo: this.nextSeqNo(session, false), body, content: false };
  }

  private sendEncrypted(conn: Connection, session: Session, msg: OutMsg): void {
    const authKey = session.authKey;
    const len = 32 + msg.body.length;
    const padding = 12 + ((16 - ((len + 12) % 16)) % 16);
    const plain = new Uint8Array(len + padding);
    const v = new DataView(plain.buffer);
    v.setBigUint64(0, BigInt.asUintN(64, this.currentSalt(session.authKeyId)), true);
    v.setBigUint64(8, BigInt.asUintN(64, session.sessionId), true);
    v.setBigUint64(16, BigInt.asUintN(64, msg.msgId), true);
    v.setInt32(24, msg.seqNo, true);
    v.setInt32(28, msg.body.length, true);
    plain.set(msg.body, 32);
    plain.set(randomBytes(padding), len);
    const msgKey = messageKey(authKey, plain, 8);
    const { key, iv } = messageKeys(authKey, msgKey, 8);
    this.sendRaw(conn, concat(longBytes(session.authKeyId), msgKey, aesIgeEncrypt(plain, key, iv)));
  }
}
