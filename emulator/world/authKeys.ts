// Auth keys: the key bytes the MTProto layer stores (implements its AuthKeyStore), which user each key is signed in as,
// and which user a key is half-way through a 2FA login for.
import type { AuthKeyStore } from '../mtproto/types';
import type { Db } from './db';

export type { AuthKeyStore };

export class AuthKeyTable implements AuthKeyStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  load(authKeyId: bigint): Uint8Array | undefined {
    const r = this.db.prepare('SELECT key FROM auth_keys WHERE id = ?').get(authKeyId.toString()) as
      { key: Buffer | null } | undefined;
    return r?.key ? new Uint8Array(r.key) : undefined;
  }

  save(authKeyId: bigint, authKey: Uint8Array): void {
    this.db
      .prepare(
        `INSERT INTO auth_keys (id, key, created_at) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET key = excluded.key`,
      )
      .run(authKeyId.toString(), Buffer.from(authKey), this.now());
  }

  /** The user signed in on this key, if any. */
  userOf(authKeyId: bigint): number | undefined {
    const r = this.db.prepare('SELECT user_id FROM auth_keys WHERE id = ?').get(authKeyId.toString()) as
      { user_id: number | null } | undefined;
    return r?.user_id ?? undefined;
  }

  /** Signs `userId` in on the key (creating the row if the key was never saved, as in direct handler tests). */
  bind(authKeyId: bigint, userId: number): void {
    this.db
      .prepare(
        `INSERT INTO auth_keys (id, key, user_id, created_at, bound_at) VALUES (?, NULL, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, pending_user_id = NULL, bound_at = excluded.bound_at`,
      )
      .run(authKeyId.toString(), userId, this.now(), this.now());
  }

  /** Signs the key out (auth.logOut); the key itself stays valid for a new sign-in. */
  unbind(authKeyId: bigint): void {
    this.db
      .prepare('UPDATE auth_keys SET user_id = NULL, pending_user_id = NULL, bound_at = NULL WHERE id = ?')
      .run(authKeyId.toString());
  }

  /** Records that the key passed the code step for `userId` and now owes the 2FA password. */
  setPending(authKeyId: bigint, userId: number | null): void {
    this.db
      .prepare(
        `INSERT INTO auth_keys (id, key, pending_user_id, created_at) VALUES (?, NULL, ?, ?)
         ON CONFLICT (id) DO UPDATE SET pending_user_id = excluded.pending_user_id`,
      )
      .run(authKeyId.toString(), userId, this.now());
  }

  pendingOf(authKeyId: bigint): number | undefined {
    const r = this.db.prepare('SELECT pending_user_id FROM auth_keys WHERE id = ?').get(authKeyId.toString()) as
      { pending_user_id: number | null } | undefined;
    return r?.pending_user_id ?? undefined;
  }

  /** Every key signed in as `userId` (where updates for that user go). */
  keysOf(userId: number): bigint[] {
    return (this.db.prepare('SELECT id FROM auth_keys WHERE user_id = ?').all(userId) as { id: string }[]).map((r) =>
      BigInt(r.id),
    );
  }
}
