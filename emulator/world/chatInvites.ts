// Chat invite links (https://t.me/+<hash>) of basic groups and channels: who made each, its limits and how often it
// was used, and the pending join requests of links that need an admin's approval. One permanent ("primary") link per
// admin and chat at a time; any number of additional links.
import crypto from 'node:crypto';
import type { Db } from './db';

export type InvitePeer = { type: 'chat' | 'channel'; id: number };

export interface ChatInviteRow {
  hash: string;
  peer: InvitePeer;
  adminId: number;
  date: number;
  permanent: boolean;
  revoked: boolean;
  expireDate: number | null;
  usageLimit: number | null;
  usage: number;
  requestNeeded: boolean;
  title: string | null;
}

interface RawInvite {
  hash: string;
  peer_type: 'chat' | 'channel';
  peer_id: number;
  admin_id: number;
  date: number;
  permanent: number;
  revoked: number;
  expire_date: number | null;
  usage_limit: number | null;
  usage: number;
  request_needed: number;
  title: string | null;
}

/** Telegram's invite hashes are URL-safe base64 of random bytes; only these characters come in a hash. */
export const INVITE_HASH_PATTERN = /^[A-Za-z0-9_-]+$/;

/** A fresh hash: 16 random bytes as base64url without padding (22 characters). */
export function randomInviteHash(): string {
  return crypto.randomBytes(16).toString('base64url');
}

export function inviteLink(hash: string): string {
  return `https://t.me/+${hash}`;
}

function fromRaw(r: RawInvite): ChatInviteRow {
  return {
    hash: r.hash,
    peer: { type: r.peer_type, id: r.peer_id },
    adminId: r.admin_id,
    date: r.date,
    permanent: r.permanent === 1,
    revoked: r.revoked === 1,
    expireDate: r.expire_date,
    usageLimit: r.usage_limit,
    usage: r.usage,
    requestNeeded: r.request_needed === 1,
    title: r.title,
  };
}

/** Why a link can no longer be used, if it cannot: revoked, past its expire date, or its usage limit reached. */
export function inviteUnusable(row: ChatInviteRow, now: number): 'revoked' | 'expired' | 'used_up' | undefined {
  if (row.revoked) return 'revoked';
  if (row.expireDate !== null && row.expireDate <= now) return 'expired';
  if (row.usageLimit !== null && row.usage >= row.usageLimit) return 'used_up';
  return undefined;
}

export class ChatInviteStore {
  constructor(private readonly db: Db) {}

  create(input: {
    peer: InvitePeer;
    adminId: number;
    now: number;
    permanent?: boolean;
    expireDate?: number | null;
    usageLimit?: number | null;
    requestNeeded?: boolean;
    title?: string | null;
    /** A fixed hash (the seed's documented links); default a random one. */
    hash?: string;
  }): ChatInviteRow {
    const hash = input.hash ?? randomInviteHash();
    if (!INVITE_HASH_PATTERN.test(hash))
      throw new Error(`invite hash ${JSON.stringify(hash)} has characters outside [A-Za-z0-9_-]`);
    this.db
      .prepare(
        `INSERT INTO chat_invites (hash, peer_type, peer_id, admin_id, date, permanent, expire_date, usage_limit, request_needed, title)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        hash,
        input.peer.type,
        input.peer.id,
        input.adminId,
        input.now,
        input.permanent ? 1 : 0,
        input.expireDate ?? null,
        input.usageLimit ?? null,
        input.requestNeeded ? 1 : 0,
        input.title ?? null,
      );
    return this.get(hash)!;
  }

  get(hash: string): ChatInviteRow | undefined {
    const r = this.db.prepare('SELECT * FROM chat_invites WHERE hash = ?').get(hash) as RawInvite | undefined;
    return r ? fromRaw(r) : undefined;
  }

  /** The admin's current (not revoked) permanent link of a chat. */
  permanentOf(peer: InvitePeer, adminId: number): ChatInviteRow | undefined {
    const r = this.db
      .prepare(
        'SELECT * FROM chat_invites WHERE peer_type = ? AND peer_id = ? AND admin_id = ? AND permanent = 1 AND revoked = 0 ORDER BY date DESC LIMIT 1',
      )
      .get(peer.type, peer.id, adminId) as RawInvite | undefined;
    return r ? fromRaw(r) : undefined;
  }

  revoke(hash: string): void {
    this.db.prepare('UPDATE chat_invites SET revoked = 1 WHERE hash = ?').run(hash);
  }

  /** One more person joined through the link. */
  countUse(hash: string): void {
    this.db.prepare('UPDATE chat_invites SET usage = usage + 1 WHERE hash = ?').run(hash);
  }

  /** Records (or renews) `userId`'s request to join through a request_needed link. */
  addRequest(hash: string, userId: number, now: number): void {
    const invite = this.get(hash);
    if (!invite) throw new Error(`addRequest: no invite ${hash}`);
    this.db
      .prepare(
        `INSERT INTO chat_join_requests (peer_type, peer_id, user_id, hash, date) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (peer_type, peer_id, user_id) DO UPDATE SET hash = excluded.hash, date = excluded.date`,
      )
      .run(invite.peer.type, invite.peer.id, userId, hash, now);
  }

  /** Pending join requests of a chat, newest first. */
  requests(peer: InvitePeer): { userId: number; hash: string; date: number }[] {
    const rows = this.db
      .prepare(
        'SELECT user_id, hash, date FROM chat_join_requests WHERE peer_type = ? AND peer_id = ? ORDER BY date DESC, user_id',
      )
      .all(peer.type, peer.id) as { user_id: number; hash: string; date: number }[];
    return rows.map((r) => ({ userId: r.user_id, hash: r.hash, date: r.date }));
  }

  /** Pending join requests made through one link. */
  requestCount(hash: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM chat_join_requests WHERE hash = ?').get(hash) as { n: number })
      .n;
  }

  /** Drops `userId`'s pending request (they joined some other way). */
  dropRequest(peer: InvitePeer, userId: number): void {
    this.db
      .prepare('DELETE FROM chat_join_requests WHERE peer_type = ? AND peer_id = ? AND user_id = ?')
      .run(peer.type, peer.id, userId);
  }
}
