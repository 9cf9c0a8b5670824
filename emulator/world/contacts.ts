// Contact lists: who each user has saved, under which name.
import type { Db } from './db';

export interface ContactRow {
  ownerId: number;
  userId: number;
  firstName: string;
  lastName: string;
}

export class ContactStore {
  constructor(private readonly db: Db) {}

  add(ownerId: number, userId: number, firstName: string, lastName: string, now: number): void {
    this.db
      .prepare(
        `INSERT INTO contacts (owner_id, user_id, first_name, last_name, added_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (owner_id, user_id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name`,
      )
      .run(ownerId, userId, firstName, lastName, now);
  }

  remove(ownerId: number, userId: number): void {
    this.db.prepare('DELETE FROM contacts WHERE owner_id = ? AND user_id = ?').run(ownerId, userId);
  }

  has(ownerId: number, userId: number): boolean {
    return (
      this.db.prepare('SELECT 1 FROM contacts WHERE owner_id = ? AND user_id = ?').get(ownerId, userId) !== undefined
    );
  }

  list(ownerId: number): ContactRow[] {
    const rows = this.db
      .prepare('SELECT owner_id, user_id, first_name, last_name FROM contacts WHERE owner_id = ? ORDER BY user_id')
      .all(ownerId) as { owner_id: number; user_id: number; first_name: string; last_name: string }[];
    return rows.map((r) => ({
      ownerId: r.owner_id,
      userId: r.user_id,
      firstName: r.first_name,
      lastName: r.last_name,
    }));
  }
}
