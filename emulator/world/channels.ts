// Channels (broadcast) and supergroups (megagroup): title, username, creator, admins and members, and the channel pts.
import type { Db } from './db';
import { nextId, randomAccessHash } from './ids';

export type ChannelRole = 'creator' | 'admin' | 'member';

export interface ChannelRow {
  id: number;
  accessHash: bigint;
  title: string;
  about: string;
  username: string | null;
  megagroup: boolean;
  creatorId: number;
  date: number;
  pts: number;
}

export interface ChannelMember {
  userId: number;
  inviterId: number;
  date: number;
  role: ChannelRole;
}

interface RawChannel {
  id: number;
  access_hash: string;
  title: string;
  about: string;
  username: string | null;
  megagroup: number;
  creator_id: number;
  date: number;
  pts: number;
}

const CHANNEL_ID_BASE = 3_000_000;

function fromRaw(r: RawChannel): ChannelRow {
  return {
    id: r.id,
    accessHash: BigInt(r.access_hash),
    title: r.title,
    about: r.about,
    username: r.username,
    megagroup: r.megagroup === 1,
    creatorId: r.creator_id,
    date: r.date,
    pts: r.pts,
  };
}

export class ChannelStore {
  constructor(private readonly db: Db) {}

  create(input: {
    title: string;
    about: string;
    megagroup: boolean;
    creatorId: number;
    username?: string | null;
    now: number;
  }): ChannelRow {
    const id = nextId(this.db, 'channels', CHANNEL_ID_BASE);
    this.db
      .prepare(
        `INSERT INTO channels (id, access_hash, title, about, username, megagroup, creator_id, date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        randomAccessHash().toString(),
        input.title,
        input.about,
        input.username ?? null,
        input.megagroup ? 1 : 0,
        input.creatorId,
        input.now,
      );
    this.db
      .prepare(
        `INSERT INTO channel_participants (channel_id, user_id, inviter_id, date, role) VALUES (?, ?, ?, ?, 'creator')`,
      )
      .run(id, input.creatorId, input.creatorId, input.now);
    return this.get(id)!;
  }

  get(id: number): ChannelRow | undefined {
    const r = this.db.prepare('SELECT * FROM channels WHERE id = ?').get(id) as RawChannel | undefined;
    return r ? fromRaw(r) : undefined;
  }

  byUsername(username: string): ChannelRow | undefined {
    const r = this.db.prepare('SELECT * FROM channels WHERE username = ? COLLATE NOCASE').get(username) as
      RawChannel | undefined;
    return r ? fromRaw(r) : undefined;
  }

  search(q: string, limit: number): ChannelRow[] {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = this.db
      .prepare(
        `SELECT * FROM channels WHERE username IS NOT NULL AND (username LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\') ORDER BY id LIMIT ?`,
      )
      .all(like, like, limit) as RawChannel[];
    return rows.map(fromRaw);
  }

  setUsername(id: number, username: string | null): void {
    this.db.prepare('UPDATE channels SET username = ? WHERE id = ?').run(username, id);
  }

  members(channelId: number): ChannelMember[] {
    const rows = this.db
      .prepare(
        'SELECT user_id, inviter_id, date, role FROM channel_participants WHERE channel_id = ? ORDER BY date, user_id',
      )
      .all(channelId) as { user_id: number; inviter_id: number; date: number; role: ChannelRole }[];
    return rows.map((r) => ({ userId: r.user_id, inviterId: r.inviter_id, date: r.date, role: r.role }));
  }

  member(channelId: number, userId: number): ChannelMember | undefined {
    const r = this.db
      .prepare('SELECT user_id, inviter_id, date, role FROM channel_participants WHERE channel_id = ? AND user_id = ?')
      .get(channelId, userId) as { user_id: number; inviter_id: number; date: number; role: ChannelRole } | undefined;
    return r ? { userId: r.user_id, inviterId: r.inviter_id, date: r.date, role: r.role } : undefined;
  }

  memberCount(channelId: number): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM channel_participants WHERE channel_id = ?').get(channelId) as {
        n: number;
      }
    ).n;
  }

  addMember(channelId: number, userId: number, inviterId: number, now: number, role: ChannelRole = 'member'): void {
    this.db
      .prepare('INSERT INTO channel_participants (channel_id, user_id, inviter_id, date, role) VALUES (?, ?, ?, ?, ?)')
      .run(channelId, userId, inviterId, now, role);
  }

  setRole(channelId: number, userId: number, role: ChannelRole): void {
    this.db
      .prepare('UPDATE channel_participants SET role = ? WHERE channel_id = ? AND user_id = ?')
      .run(role, channelId, userId);
  }

  ofUser(userId: number): number[] {
    return (
      this.db
        .prepare('SELECT channel_id FROM channel_participants WHERE user_id = ? ORDER BY channel_id')
        .all(userId) as { channel_id: number }[]
    ).map((r) => r.channel_id);
  }

  /** Takes the next message id and pts of the channel (one message = one pts step). */
  takeMessageSlot(channelId: number): { id: number; pts: number } {
    const r = this.db
      .prepare(
        'UPDATE channels SET next_msg_id = next_msg_id + 1, pts = pts + 1 WHERE id = ? RETURNING next_msg_id - 1 AS id, pts',
      )
      .get(channelId) as { id: number; pts: number } | undefined;
    if (!r) throw new Error(`takeMessageSlot: no channel ${channelId}`);
    return r;
  }
}
