// The server's whole state behind one object: the stores over one SQLite database, opened from a data dir.
// Plain class: tests construct it with ':memory:' or a temp dir and drive it directly; api/ is its only RPC face.
import { openDatabase, type Db } from './db';
import { UserStore } from './users';
import { AuthKeyTable } from './authKeys';
import { LoginCodeStore } from './loginCodes';
import { ContactStore } from './contacts';
import { ChatStore } from './chats';
import { ChannelStore } from './channels';
import { ChatInviteStore } from './chatInvites';
import { MessageStore } from './messages';
import { UpdateLog } from './updateLog';

export interface WorldOptions {
  /** Unix seconds; injectable so tests can move time. */
  now?: () => number;
}

export class World {
  readonly users: UserStore;
  readonly authKeys: AuthKeyTable;
  readonly loginCodes: LoginCodeStore;
  readonly contacts: ContactStore;
  readonly chats: ChatStore;
  readonly channels: ChannelStore;
  readonly chatInvites: ChatInviteStore;
  readonly messages: MessageStore;
  readonly updateLog: UpdateLog;
  readonly now: () => number;
  private closed = false;

  private constructor(
    readonly db: Db,
    opts: WorldOptions,
  ) {
    this.now = opts.now ?? (() => Math.floor(Date.now() / 1000));
    this.users = new UserStore(db);
    this.authKeys = new AuthKeyTable(db, this.now);
    this.loginCodes = new LoginCodeStore(db);
    this.contacts = new ContactStore(db);
    this.chats = new ChatStore(db);
    this.channels = new ChannelStore(db);
    this.chatInvites = new ChatInviteStore(db);
    this.messages = new MessageStore(db);
    this.updateLog = new UpdateLog(db);
  }

  /** Opens `<dataDir>/world.sqlite` (or an in-memory world for ':memory:'). */
  static open(dataDir: string, opts: WorldOptions = {}): World {
    return new World(openDatabase(dataDir), opts);
  }

  /** Runs `fn` in one SQLite transaction: a change and its updates are stored together or not at all. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Usernames are one namespace shared by users and channels. */
  usernameOwner(username: string): { type: 'user'; id: number } | { type: 'channel'; id: number } | undefined {
    const u = this.users.byUsername(username);
    if (u) return { type: 'user', id: u.id };
    const c = this.channels.byUsername(username);
    if (c) return { type: 'channel', id: c.id };
    return undefined;
  }

  getMeta(key: string): string | undefined {
    const r = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return r?.value;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  /**
   * Schema for another server part (e.g. group calls) in the same database, versioned separately from the world's
   * own (meta key `schema:<namespace>`): each migration runs once, in order, in its own transaction.
   */
  migrate(namespace: string, migrations: readonly string[]): void {
    const key = `schema:${namespace}`;
    const current = Number(this.getMeta(key) ?? '0');
    if (current > migrations.length)
      throw new Error(`${namespace} schema version ${current} is newer than this server knows (${migrations.length})`);
    for (let v = current; v < migrations.length; v++) {
      this.transaction(() => {
        this.db.exec(migrations[v]);
        this.setMeta(key, String(v + 1));
      });
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
