// Login codes sent by auth.sendCode: one live code per phone, with its phone_code_hash and expiry.
import type { Db } from './db';

export interface LoginCode {
  phone: string;
  phoneCodeHash: string;
  code: string;
  sentAt: number;
  expiresAt: number;
}

export class LoginCodeStore {
  constructor(private readonly db: Db) {}

  put(c: LoginCode): void {
    this.db
      .prepare(
        `INSERT INTO login_codes (phone, phone_code_hash, code, sent_at, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (phone) DO UPDATE SET phone_code_hash = excluded.phone_code_hash, code = excluded.code,
         sent_at = excluded.sent_at, expires_at = excluded.expires_at`,
      )
      .run(c.phone, c.phoneCodeHash, c.code, c.sentAt, c.expiresAt);
  }

  get(phone: string): LoginCode | undefined {
    const r = this.db.prepare('SELECT * FROM login_codes WHERE phone = ?').get(phone) as
      | { phone: string; phone_code_hash: string; code: string; sent_at: number; expires_at: number }
      | undefined;
    return r ? { phone: r.phone, phoneCodeHash: r.phone_code_hash, code: r.code, sentAt: r.sent_at, expiresAt: r.expires_at } : undefined;
  }

  delete(phone: string): void {
    this.db.prepare('DELETE FROM login_codes WHERE phone = ?').run(phone);
  }
}
