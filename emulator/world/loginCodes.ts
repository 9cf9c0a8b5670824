// Login codes sent by auth.sendCode: one live code per phone, with its phone_code_hash and expiry.
import type { Db } from './db';

export interface LoginCode {
  phone: string;
  phoneCodeHash: string;
  code: string;
  sentAt: number;
  expiresAt: number;
  /** The right code was entered for this hash (sign-up may follow). */
  verified: boolean;
}

export class LoginCodeStore {
  constructor(private readonly db: Db) {}

  put(c: Omit<LoginCode, 'verified'>): void {
    this.db
      .prepare(
        `INSERT INTO login_codes (phone, phone_code_hash, code, sent_at, expires_at, verified) VALUES (?, ?, ?, ?, ?, 0)
         ON CONFLICT (phone) DO UPDATE SET phone_code_hash = excluded.phone_code_hash, code = excluded.code,
         sent_at = excluded.sent_at, expires_at = excluded.expires_at, verified = 0`,
      )
      .run(c.phone, c.phoneCodeHash, c.code, c.sentAt, c.expiresAt);
  }

  markVerified(phone: string): void {
    this.db.prepare('UPDATE login_codes SET verified = 1 WHERE phone = ?').run(phone);
  }

  get(phone: string): LoginCode | undefined {
    const r = this.db.prepare('SELECT * FROM login_codes WHERE phone = ?').get(phone) as
      | { phone: string; phone_code_hash: string; code: string; sent_at: number; expires_at: number; verified: number }
      | undefined;
    return r
      ? {
          phone: r.phone,
          phoneCodeHash: r.phone_code_hash,
          code: r.code,
          sentAt: r.sent_at,
          expiresAt: r.expires_at,
          verified: r.verified === 1,
        }
      : undefined;
  }

  delete(phone: string): void {
    this.db.prepare('DELETE FROM login_codes WHERE phone = ?').run(phone);
  }
}
