// Per-user log of delivered updates, so that updates.getDifference can answer from persisted state after a restart.
// Rows carry the user's pts after the update (an update without pts shares the pts of its batch's pts update, with
// pts_count 0) and the peers the update mentions, so users and chats can be re-read when answering.
import type { Db } from './db';
import { tlFromJson, tlToJson, isTlObject, type TlObject } from './tlValue';

export interface UpdateRefs {
  users: number[];
  chats: number[];
  channels: number[];
}

export interface LoggedUpdate {
  pts: number;
  ptsCount: number;
  date: number;
  update: TlObject;
  refs: UpdateRefs;
}

/** How many pts of history each user keeps; getDifference answers differenceTooLong further back than this. */
export const UPDATE_LOG_RETAIN_PTS = 1000;

export class UpdateLog {
  constructor(private readonly db: Db) {}

  append(userId: number, u: LoggedUpdate): void {
    this.db
      .prepare('INSERT INTO update_log (user_id, pts, pts_count, date, body, refs) VALUES (?, ?, ?, ?, ?, ?)')
      .run(userId, u.pts, u.ptsCount, u.date, tlToJson(u.update), JSON.stringify(u.refs));
    // Bounded: rows a client could only reach through differenceTooLong are dropped.
    this.db.prepare('DELETE FROM update_log WHERE user_id = ? AND pts <= ?').run(userId, u.pts - UPDATE_LOG_RETAIN_PTS);
  }

  /** Updates the client has not seen, oldest first: every row logged past the client's `pts`. */
  since(userId: number, pts: number, limit: number): LoggedUpdate[] {
    const rows = this.db
      .prepare(
        `SELECT pts, pts_count, date, body, refs FROM update_log WHERE user_id = ? AND pts > ? ORDER BY seq LIMIT ?`,
      )
      .all(userId, pts, limit) as { pts: number; pts_count: number; date: number; body: string; refs: string }[];
    return rows.map((r) => {
      const update = tlFromJson(r.body);
      if (!isTlObject(update)) throw new Error(`update_log row for user ${userId} at pts ${r.pts} is not a TL object`);
      return { pts: r.pts, ptsCount: r.pts_count, date: r.date, update, refs: JSON.parse(r.refs) as UpdateRefs };
    });
  }

  /** The lowest pts still in the log for the user (older gaps answer differenceTooLong). */
  oldestPts(userId: number): number | undefined {
    const r = this.db.prepare('SELECT MIN(pts - pts_count) AS p FROM update_log WHERE user_id = ?').get(userId) as {
      p: number | null;
    };
    return r.p ?? undefined;
  }
}
