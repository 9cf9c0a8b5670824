// Messages: each user's own box (private chats and basic groups, ids and pts per user) and per-channel histories.
// Service messages keep their MessageAction as stored TL; the api layer turns rows into TL `message`/`messageService`.
import type { Db } from './db';
import { tlFromJson, tlToJson, isTlObject, type TlObject } from './tlValue';

export type BoxPeer = { type: 'user' | 'chat'; id: number };

export interface BoxMessage {
  ownerId: number;
  id: number;
  peer: BoxPeer;
  fromId: number;
  out: boolean;
  date: number;
  text: string;
  action: TlObject | null;
  pts: number;
}

export interface ChannelMessage {
  channelId: number;
  id: number;
  fromId: number;
  date: number;
  text: string;
  action: TlObject | null;
  pts: number;
}

interface RawBox {
  owner_id: number;
  id: number;
  peer_type: 'user' | 'chat';
  peer_id: number;
  from_id: number;
  out: number;
  date: number;
  text: string;
  action: string | null;
  pts: number;
}

interface RawChannelMsg {
  channel_id: number;
  id: number;
  from_id: number;
  date: number;
  text: string;
  action: string | null;
  pts: number;
}

function action(text: string | null): TlObject | null {
  if (text === null) return null;
  const v = tlFromJson(text);
  return isTlObject(v) ? v : null;
}

const boxFromRaw = (r: RawBox): BoxMessage => ({
  ownerId: r.owner_id,
  id: r.id,
  peer: { type: r.peer_type, id: r.peer_id },
  fromId: r.from_id,
  out: r.out === 1,
  date: r.date,
  text: r.text,
  action: action(r.action),
  pts: r.pts,
});

const channelFromRaw = (r: RawChannelMsg): ChannelMessage => ({
  channelId: r.channel_id,
  id: r.id,
  fromId: r.from_id,
  date: r.date,
  text: r.text,
  action: action(r.action),
  pts: r.pts,
});

export class MessageStore {
  constructor(private readonly db: Db) {}

  insertBox(m: BoxMessage): void {
    this.db
      .prepare(
        `INSERT INTO messages (owner_id, id, peer_type, peer_id, from_id, out, date, text, action, pts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        m.ownerId,
        m.id,
        m.peer.type,
        m.peer.id,
        m.fromId,
        m.out ? 1 : 0,
        m.date,
        m.text,
        m.action ? tlToJson(m.action) : null,
        m.pts,
      );
  }

  insertChannel(m: ChannelMessage): void {
    this.db
      .prepare(
        `INSERT INTO channel_messages (channel_id, id, from_id, date, text, action, pts) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(m.channelId, m.id, m.fromId, m.date, m.text, m.action ? tlToJson(m.action) : null, m.pts);
  }

  /** The newest message of each conversation in the user's box. */
  lastPerPeer(ownerId: number): BoxMessage[] {
    const rows = this.db
      .prepare(
        `SELECT m.* FROM messages m JOIN (SELECT peer_type, peer_id, MAX(id) AS id FROM messages WHERE owner_id = ? GROUP BY peer_type, peer_id) t
         ON m.owner_id = ? AND m.id = t.id ORDER BY m.id DESC`,
      )
      .all(ownerId, ownerId) as RawBox[];
    return rows.map(boxFromRaw);
  }

  boxHistory(ownerId: number, peer: BoxPeer, beforeId: number, limit: number): BoxMessage[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM messages WHERE owner_id = ? AND peer_type = ? AND peer_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
      )
      .all(ownerId, peer.type, peer.id, beforeId, limit) as RawBox[];
    return rows.map(boxFromRaw);
  }

  lastOfChannel(channelId: number): ChannelMessage | undefined {
    const r = this.db
      .prepare('SELECT * FROM channel_messages WHERE channel_id = ? ORDER BY id DESC LIMIT 1')
      .get(channelId) as RawChannelMsg | undefined;
    return r ? channelFromRaw(r) : undefined;
  }

  channelHistory(channelId: number, beforeId: number, limit: number): ChannelMessage[] {
    const rows = this.db
      .prepare('SELECT * FROM channel_messages WHERE channel_id = ? AND id < ? ORDER BY id DESC LIMIT ?')
      .all(channelId, beforeId, limit) as RawChannelMsg[];
    return rows.map(channelFromRaw);
  }

  /** Channel messages with pts in (afterPts, …], oldest first, at most `limit`. */
  channelSince(channelId: number, afterPts: number, limit: number): ChannelMessage[] {
    const rows = this.db
      .prepare('SELECT * FROM channel_messages WHERE channel_id = ? AND pts > ? ORDER BY pts LIMIT ?')
      .all(channelId, afterPts, limit) as RawChannelMsg[];
    return rows.map(channelFromRaw);
  }
}
