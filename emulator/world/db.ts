// Opens the world's SQLite database (<dataDir>/world.sqlite, WAL) and brings its schema up to date.
// Migrations are numbered; PRAGMA user_version records the last one applied, so old data dirs upgrade in place.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

export type Db = Database.Database;

const migrations: readonly string[] = [
  // 1: the whole first schema.
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE users (
    id INTEGER PRIMARY KEY, access_hash TEXT NOT NULL, phone TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL, last_name TEXT NOT NULL DEFAULT '', username TEXT UNIQUE COLLATE NOCASE,
    about TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL,
    pts INTEGER NOT NULL DEFAULT 0, next_msg_id INTEGER NOT NULL DEFAULT 1,
    pwd_salt1 BLOB, pwd_salt2 BLOB, pwd_verifier BLOB, pwd_hint TEXT
  );
  CREATE TABLE auth_keys (
    id TEXT PRIMARY KEY, key BLOB, user_id INTEGER REFERENCES users(id), pending_user_id INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL, bound_at INTEGER
  );
  CREATE INDEX auth_keys_user ON auth_keys(user_id);
  CREATE TABLE login_codes (
    phone TEXT PRIMARY KEY, phone_code_hash TEXT NOT NULL, code TEXT NOT NULL, sent_at INTEGER NOT NULL, expires_at INTEGER NOT NULL
  );
  CREATE TABLE contacts (
    owner_id INTEGER NOT NULL REFERENCES users(id), user_id INTEGER NOT NULL REFERENCES users(id),
    first_name TEXT NOT NULL, last_name TEXT NOT NULL, added_at INTEGER NOT NULL, PRIMARY KEY (owner_id, user_id)
  );
  CREATE TABLE chats (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, about TEXT NOT NULL DEFAULT '', creator_id INTEGER NOT NULL REFERENCES users(id),
    date INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 1, members_can_invite INTEGER NOT NULL DEFAULT 1
  );
  CREATE TABLE chat_participants (
    chat_id INTEGER NOT NULL REFERENCES chats(id), user_id INTEGER NOT NULL REFERENCES users(id),
    inviter_id INTEGER NOT NULL, date INTEGER NOT NULL, is_admin INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (chat_id, user_id)
  );
  CREATE INDEX chat_participants_user ON chat_participants(user_id);
  CREATE TABLE channels (
    id INTEGER PRIMARY KEY, access_hash TEXT NOT NULL, title TEXT NOT NULL, about TEXT NOT NULL DEFAULT '',
    username TEXT UNIQUE COLLATE NOCASE, megagroup INTEGER NOT NULL, creator_id INTEGER NOT NULL REFERENCES users(id),
    date INTEGER NOT NULL, pts INTEGER NOT NULL DEFAULT 0, next_msg_id INTEGER NOT NULL DEFAULT 1
  );
  CREATE TABLE channel_participants (
    channel_id INTEGER NOT NULL REFERENCES channels(id), user_id INTEGER NOT NULL REFERENCES users(id),
    inviter_id INTEGER NOT NULL, date INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('creator', 'admin', 'member')), PRIMARY KEY (channel_id, user_id)
  );
  CREATE INDEX channel_participants_user ON channel_participants(user_id);
  CREATE TABLE messages (
    owner_id INTEGER NOT NULL REFERENCES users(id), id INTEGER NOT NULL,
    peer_type TEXT NOT NULL CHECK (peer_type IN ('user', 'chat')), peer_id INTEGER NOT NULL,
    from_id INTEGER NOT NULL, out INTEGER NOT NULL, date INTEGER NOT NULL, text TEXT NOT NULL, action TEXT,
    pts INTEGER NOT NULL, PRIMARY KEY (owner_id, id)
  );
  CREATE INDEX messages_peer ON messages(owner_id, peer_type, peer_id, id);
  CREATE TABLE channel_messages (
    channel_id INTEGER NOT NULL REFERENCES channels(id), id INTEGER NOT NULL, from_id INTEGER NOT NULL,
    date INTEGER NOT NULL, text TEXT NOT NULL, action TEXT, pts INTEGER NOT NULL, PRIMARY KEY (channel_id, id)
  );
  CREATE INDEX channel_messages_pts ON channel_messages(channel_id, pts);
  CREATE TABLE update_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL REFERENCES users(id),
    pts INTEGER NOT NULL, pts_count INTEGER NOT NULL, date INTEGER NOT NULL, body TEXT NOT NULL, refs TEXT NOT NULL
  );
  CREATE INDEX update_log_user ON update_log(user_id, pts);
  `,
  // 2: auth.signUp needs proof that the code was entered (auth.signIn answered authorizationSignUpRequired).
  `ALTER TABLE login_codes ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;`,
  // 3: chat invite links (t.me/+<hash>) of basic groups and channels, and the join requests of request_needed links.
  `
  CREATE TABLE chat_invites (
    hash TEXT PRIMARY KEY, peer_type TEXT NOT NULL CHECK (peer_type IN ('chat', 'channel')), peer_id INTEGER NOT NULL,
    admin_id INTEGER NOT NULL REFERENCES users(id), date INTEGER NOT NULL, permanent INTEGER NOT NULL DEFAULT 0,
    revoked INTEGER NOT NULL DEFAULT 0, expire_date INTEGER, usage_limit INTEGER, usage INTEGER NOT NULL DEFAULT 0,
    request_needed INTEGER NOT NULL DEFAULT 0, title TEXT
  );
  CREATE INDEX chat_invites_peer ON chat_invites(peer_type, peer_id, admin_id);
  CREATE TABLE chat_join_requests (
    peer_type TEXT NOT NULL, peer_id INTEGER NOT NULL, user_id INTEGER NOT NULL REFERENCES users(id),
    hash TEXT NOT NULL REFERENCES chat_invites(hash), date INTEGER NOT NULL, PRIMARY KEY (peer_type, peer_id, user_id)
  );
  `,
];

/** The database holds auth keys: only the server's own user may read it (an older data dir is tightened too). */
const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/** `<dataDir>/world.sqlite` with the dir 0700 and the database file 0600 before SQLite opens it. */
function privateDatabaseFile(dataDir: string): string {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR });
  // a directory someone else owns (say --data /tmp) is not ours to change; the files below still are private
  if (fs.statSync(dataDir).uid === process.getuid?.()) fs.chmodSync(dataDir, PRIVATE_DIR);
  const file = path.join(dataDir, 'world.sqlite');
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
  // SQLite gives the -wal and -shm files it creates the database file's mode; older ones are tightened here
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, PRIVATE_FILE);
  return file;
}

/** Opens (creating if needed) `<dataDir>/world.sqlite`; `':memory:'` gives a throwaway database for tests. */
export function openDatabase(dataDir: string): Db {
  const file = dataDir === ':memory:' ? ':memory:' : privateDatabaseFile(dataDir);
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  reuseStatements(db);
  return db;
}

/**
 * better-sqlite3 compiles the SQL again on every prepare(), and the stores prepare the same few dozen statements on
 * every call: the database keeps each compiled statement by its text and hands it out again. Safe here because no
 * store changes a statement's mode (pluck / raw / expand) or runs one again while iterating it, and the texts are a
 * bounded set (no values are spliced into SQL). SQLite recompiles a kept statement by itself after a schema change.
 */
function reuseStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const kept = new Map<string, Database.Statement>();
  db.prepare = ((source: string) => {
    let statement = kept.get(source);
    if (statement === undefined) {
      statement = compile(source);
      kept.set(source, statement);
    }
    return statement;
  }) as Db['prepare'];
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`world.sqlite has schema version ${current}, newer than this server knows (${migrations.length})`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
