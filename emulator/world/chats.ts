// Basic groups: title, creator, participants (with inviter and admin flag) and the participants version.
import type { Db } from './db';
import { nextId } from './ids';

export interface ChatRow {
  id: number;
  title: string;
  about: string;
  creatorId: number;
  date: number;
  version: number;
  /** False when only admins may add people (default_banned_rights.invite_users). */
  membersCanInvite: boolean;
}

export interface ChatMember {
  userId: number;
  inviterId: number;
  date: number;
  isAdmin: boolean;
}

const CHAT_ID_BASE = 2_000_000;

export class ChatStore {
  constructor(private readonly db: Db) {}

  create(title: string, creatorId: number, now: number): ChatRow {
    const id = nextId(this.db, 'chats', CHAT_ID_BASE);
    this.db
      .prepare('INSERT INTO chats (id, title, creator_id, date) VALUES (?, ?, ?, ?)')
      .run(id, title, creatorId, now);
    this.db
      .prepare('INSERT INTO chat_participants (chat_id, user_id, inviter_id, date, is_admin) VALUES (?, ?, ?, ?, 1)')
      .run(id, creatorId, creatorId, now);
    return this.get(id)!;
  }

  get(id: number): ChatRow | undefined {
    const r = this.db.prepare('SELECT * FROM chats WHERE id = ?').get(id) as
      | {
          id: number;
          title: string;
          about: string;
          creator_id: number;
          date: number;
          version: number;
          members_can_invite: number;
        }
      | undefined;
    return r
      ? {
          id: r.id,
          title: r.title,
          about: r.about,
          creatorId: r.creator_id,
          date: r.date,
          version: r.version,
          membersCanInvite: r.members_can_invite === 1,
        }
      : undefined;
  }

  members(chatId: number): ChatMember[] {
    const rows = this.db
      .prepare(
        'SELECT user_id, inviter_id, date, is_admin FROM chat_participants WHERE chat_id = ? ORDER BY date, user_id',
      )
      .all(chatId) as { user_id: number; inviter_id: number; date: number; is_admin: number }[];
    return rows.map((r) => ({ userId: r.user_id, inviterId: r.inviter_id, date: r.date, isAdmin: r.is_admin === 1 }));
  }

  member(chatId: number, userId: number): ChatMember | undefined {
    return this.members(chatId).find((m) => m.userId === userId);
  }

  /** Adds a participant and bumps the participants version; returns the new version. */
  addMember(chatId: number, userId: number, inviterId: number, now: number): number {
    this.db
      .prepare('INSERT INTO chat_participants (chat_id, user_id, inviter_id, date) VALUES (?, ?, ?, ?)')
      .run(chatId, userId, inviterId, now);
    this.db.prepare('UPDATE chats SET version = version + 1 WHERE id = ?').run(chatId);
    return this.get(chatId)!.version;
  }

  setMembersCanInvite(chatId: number, allowed: boolean): void {
    this.db.prepare('UPDATE chats SET members_can_invite = ? WHERE id = ?').run(allowed ? 1 : 0, chatId);
  }

  setAdmin(chatId: number, userId: number, isAdmin: boolean): void {
    this.db
      .prepare('UPDATE chat_participants SET is_admin = ? WHERE chat_id = ? AND user_id = ?')
      .run(isAdmin ? 1 : 0, chatId, userId);
    this.db.prepare('UPDATE chats SET version = version + 1 WHERE id = ?').run(chatId);
  }

  /** Basic groups `userId` is in. */
  ofUser(userId: number): number[] {
    return (
      this.db.prepare('SELECT chat_id FROM chat_participants WHERE user_id = ? ORDER BY chat_id').all(userId) as {
        chat_id: number;
      }[]
    ).map((r) => r.chat_id);
  }
}
