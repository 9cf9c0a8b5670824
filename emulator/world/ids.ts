// Fresh identifiers for world rows: numeric ids that grow from a per-table base, and random 63-bit access hashes.
import crypto from 'node:crypto';
import type { Db } from './db';

/** The next id for `table`: one past the largest, never below `base` (keeps users, chats, channels in distinct ranges). */
export function nextId(db: Db, table: 'users' | 'chats' | 'channels', base: number): number {
  const row = db.prepare(`SELECT MAX(id) AS m FROM ${table}`).get() as { m: number | null };
  return Math.max(base, (row.m ?? 0) + 1);
}

/** A positive signed-64-bit access hash (Telegram's are opaque longs; positive keeps decimal text simple). */
export function randomAccessHash(): bigint {
  return crypto.randomBytes(8).readBigUInt64BE() >> 1n;
}
