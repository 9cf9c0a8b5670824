// Accounts: phone, names, username, about, the 2FA SRP verifier, and each user's message-box counters (pts, next id).
import type { Db } from './db';
import { nextId, randomAccessHash } from './ids';

export interface PasswordSettings {
  salt1: Uint8Array;
  salt2: Uint8Array;
  verifier: Uint8Array; // g^x mod p, 256 bytes: the only thing stored about the password
  hint: string;
}

export interface UserRow {
  id: number;
  accessHash: bigint;
  phone: string;
  firstName: string;
  lastName: string;
  username: string | null;
  about: string;
  createdAt: number;
  password: PasswordSettings | null;
}

interface RawUser {
  id: number;
  access_hash: string;
  phone: string;
  first_name: string;
  last_name: string;
  username: string | null;
  about: string;
  created_at: number;
  pwd_salt1: Buffer | null;
  pwd_salt2: Buffer | null;
  pwd_verifier: Buffer | null;
  pwd_hint: string | null;
}

const USER_ID_BASE = 1_000_000;

function fromRaw(r: RawUser): UserRow {
  return {
    id: r.id,
    accessHash: BigInt(r.access_hash),
    phone: r.phone,
    firstName: r.first_name,
    lastName: r.last_name,
    username: r.username,
    about: r.about,
    createdAt: r.created_at,
    password:
      r.pwd_salt1 && r.pwd_salt2 && r.pwd_verifier
        ? {
            salt1: new Uint8Array(r.pwd_salt1),
            salt2: new Uint8Array(r.pwd_salt2),
            verifier: new Uint8Array(r.pwd_verifier),
            hint: r.pwd_hint ?? '',
          }
        : null,
  };
}

export class UserStore {
  constructor(private readonly db: Db) {}

  create(input: {
    phone: string;
    firstName: string;
    lastName?: string;
    username?: string | null;
    about?: string;
    now: number;
  }): UserRow {
    const id = nextId(this.db, 'users', USER_ID_BASE);
    this.db
      .prepare(
        `INSERT INTO users (id, access_hash, phone, first_name, last_name, username, about, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        randomAccessHash().toString(),
        input.phone,
        input.firstName,
        input.lastName ?? '',
        input.username ?? null,
        input.about ?? '',
        input.now,
      );
    return this.get(id)!;
  }

  get(id: number): UserRow | undefined {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as RawUser | undefined;
    return r ? fromRaw(r) : undefined;
  }

  byPhone(phone: string): UserRow | undefined {
    const r = this.db.prepare('SELECT * FROM users WHERE phone = ?').get(phone) as RawUser | undefined;
    return r ? fromRaw(r) : undefined;
  }

  byUsername(username: string): UserRow | undefined {
    const r = this.db.prepare('SELECT * FROM users WHERE username = ? COLLATE NOCASE').get(username) as
      RawUser | undefined;
    return r ? fromRaw(r) : undefined;
  }

  all(): UserRow[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY id').all() as RawUser[]).map(fromRaw);
  }

  /** Users whose name or username contains `q` (case-insensitive), for contacts.search. */
  search(q: string, limit: number): UserRow[] {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = this.db
      .prepare(
        `SELECT * FROM users WHERE username LIKE ? ESCAPE '\\' OR first_name LIKE ? ESCAPE '\\' OR last_name LIKE ? ESCAPE '\\'
         OR (first_name || ' ' || last_name) LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?`,
      )
      .all(like, like, like, like, limit) as RawUser[];
    return rows.map(fromRaw);
  }

  setUsername(id: number, username: string | null): void {
    this.db.prepare('UPDATE users SET username = ? WHERE id = ?').run(username, id);
  }

  setProfile(id: number, p: { firstName?: string; lastName?: string; about?: string }): void {
    const u = this.get(id);
    if (!u) return;
    this.db
      .prepare('UPDATE users SET first_name = ?, last_name = ?, about = ? WHERE id = ?')
      .run(p.firstName ?? u.firstName, p.lastName ?? u.lastName, p.about ?? u.about, id);
  }

  setPassword(id: number, pwd: PasswordSettings | null): void {
    this.db
      .prepare('UPDATE users SET pwd_salt1 = ?, pwd_salt2 = ?, pwd_verifier = ?, pwd_hint = ? WHERE id = ?')
      .run(
        pwd ? Buffer.from(pwd.salt1) : null,
        pwd ? Buffer.from(pwd.salt2) : null,
        pwd ? Buffer.from(pwd.verifier) : null,
        pwd ? pwd.hint : null,
        id,
      );
  }

  /** The user's common-box pts (last update applied). */
  pts(id: number): number {
    const r = this.db.prepare('SELECT pts FROM users WHERE id = ?').get(id) as { pts: number } | undefined;
    return r?.pts ?? 0;
  }

  /** Advances the box pts by `count` and returns the new value. */
  bumpPts(id: number, count: number): number {
    this.db.prepare('UPDATE users SET pts = pts + ? WHERE id = ?').run(count, id);
    return this.pts(id);
  }

  /** Takes the next message id in the user's own box. */
  takeMessageId(id: number): number {
    const r = this.db
      .prepare('UPDATE users SET next_msg_id = next_msg_id + 1 WHERE id = ? RETURNING next_msg_id - 1 AS id')
      .get(id) as { id: number } | undefined;
    if (!r) throw new Error(`takeMessageId: no user ${id}`);
    return r.id;
  }
}
