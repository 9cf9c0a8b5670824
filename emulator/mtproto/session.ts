// Sessions: what the server keeps per (auth key, session id) — messages received (for duplicates, msgs_state_req and
// rpc_drop_answer), messages sent and not yet acknowledged (re-sent on a new connection), acks to send — and the table of
// them, capped per key and swept of those whose connection closed long ago.
import type { Connection } from './connection';
import {
  MAX_REMEMBERED_MSG_IDS,
  MAX_SESSIONS_PER_KEY,
  SESSION_DETACHED_MS,
  SESSION_IDLE_MS,
  SWEEP_EVERY_MS,
} from './limits';
import type { MtprotoLog } from './types';

export interface OutMsg {
  msgId: bigint;
  seqNo: number;
  body: Uint8Array;
  content: boolean;
}

export interface Received {
  state: 'service' | 'running' | 'done';
  answer?: OutMsg;
  done?: Promise<void>;
  dropped?: boolean;
}

export class Session {
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

  /** seq_no of the next message sent in this session (content-related ones are odd and count). */
  nextSeqNo(content: boolean): number {
    return content ? this.sentContent++ * 2 + 1 : this.sentContent * 2;
  }
}

/** Every live session, by (auth key, session id) and by auth key. */
export class SessionTable {
  private readonly sessions = new Map<string, Session>();
  private readonly byKey = new Map<bigint, Set<Session>>();
  private lastSweep: number;

  constructor(
    private readonly now: () => number,
    private readonly log: MtprotoLog,
    /** told when a session that had a connection is evicted (the dispatcher's onDisconnect) */
    private readonly onEvicted: (s: Session) => void,
  ) {
    this.lastSweep = now();
  }

  get size(): number {
    return this.sessions.size;
  }

  get(authKeyId: bigint, sessionId: bigint): Session | undefined {
    return this.sessions.get(`${authKeyId}:${sessionId}`);
  }

  /** The sessions of one auth key (none: undefined). */
  ofKey(authKeyId: bigint): ReadonlySet<Session> | undefined {
    return this.byKey.get(authKeyId);
  }

  /** The session, made (and, past the cap, another of the key evicted) when new. */
  obtain(authKeyId: bigint, sessionId: bigint, authKey: Uint8Array): Session {
    const k = `${authKeyId}:${sessionId}`;
    let s = this.sessions.get(k);
    if (!s) {
      if (this.now() - this.lastSweep >= SWEEP_EVERY_MS) this.sweep();
      let set = this.byKey.get(authKeyId);
      if (!set) this.byKey.set(authKeyId, (set = new Set()));
      if (set.size >= MAX_SESSIONS_PER_KEY) this.evictLeastRecentlyUsed(set);
      s = new Session(authKeyId, sessionId, authKey, this.now());
      this.sessions.set(k, s);
      set.add(s);
    }
    return s;
  }

  /**
   * Forgets sessions (all, or one key's) while their sockets stay open, leaving their `conn` as it is (see
   * MtprotoServer.forgetSessions).
   */
  forgetAll(filter?: { authKeyId?: bigint }): number {
    let n = 0;
    for (const [key, s] of [...this.sessions]) {
      if (filter?.authKeyId !== undefined && s.authKeyId !== filter.authKeyId) continue;
      this.sessions.delete(key);
      this.byKey.get(s.authKeyId)?.delete(s);
      s.conn?.sessions.delete(s);
      n++;
    }
    return n;
  }

  forget(s: Session): void {
    this.sessions.delete(`${s.authKeyId}:${s.sessionId}`);
    const set = this.byKey.get(s.authKeyId);
    set?.delete(s);
    if (set?.size === 0) this.byKey.delete(s.authKeyId);
    s.conn?.sessions.delete(s);
    s.conn = undefined;
  }

  /** Drops sessions whose connection closed SESSION_DETACHED_MS ago or more, or unused for SESSION_IDLE_MS. */
  sweep(): void {
    const t = this.now();
    this.lastSweep = t;
    for (const s of [...this.sessions.values()]) {
      if (s.conn) continue;
      const detachedLongAgo = s.detachedAt !== undefined && t - s.detachedAt >= SESSION_DETACHED_MS;
      if (detachedLongAgo || t - s.lastUsed >= SESSION_IDLE_MS) this.forget(s);
    }
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
    this.forget(victim);
    if (hadConnection) this.onEvicted(victim);
  }
}
