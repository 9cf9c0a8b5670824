// Killing and restarting loses nothing: a world written through the API, closed, and reopened from the same data dir
// still has the account, the key binding, the group, its invite link, and the updates getDifference must return.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeKit } from '../api/apiTestKit';
import type { TlObject } from '../api/types';
import { World } from './world';
import { seedWorld } from './seed';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tgcall-world-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('persistence', () => {
  it('keeps accounts, key bindings, groups and the update log across close and reopen', async () => {
    const dir = tempDir();
    const k1 = makeKit({ dataDir: dir });
    k1.world.authKeys.save(77n, new Uint8Array(256).fill(7));
    const newcomer = await k1.signIn(77n, '9996631234', { first: 'Pat', last: 'Persist' });
    await k1.signIn(78n, '9996610002'); // Bob
    const s0 = (await k1.call(78n, 'updates.getState')) as TlObject;
    const created = (await k1.call(77n, 'messages.createChat', {
      users: [
        {
          _: 'inputUser',
          user_id: BigInt(k1.world.users.byPhone('9996610002')!.id),
          access_hash: k1.world.users.byPhone('9996610002')!.accessHash,
        },
      ],
      title: 'Survives restarts',
    })) as TlObject;
    const chatId = (created.chats as TlObject[])[0].id as bigint;
    const invite = (await k1.call(77n, 'messages.exportChatInvite', {
      peer: { _: 'inputPeerChat', chat_id: chatId },
      usage_limit: 3,
      title: 'Kept',
    })) as TlObject;
    const inviteHash = (invite.link as string).replace('https://t.me/+', '');
    k1.close();

    const k2 = makeKit({ dataDir: dir });
    expect(k2.world.authKeys.load(77n)).toEqual(new Uint8Array(256).fill(7));
    expect(k2.world.authKeys.userOf(77n)).toBe(Number(newcomer.id));
    const me = (await k2.call(77n, 'users.getUsers', { id: [{ _: 'inputUserSelf' }] })) as TlObject[];
    expect(me[0].first_name).toBe('Pat');
    const full = (await k2.call(77n, 'messages.getFullChat', { chat_id: chatId })) as TlObject;
    expect((full.chats as TlObject[])[0].title).toBe('Survives restarts');
    // The invite link too: same hash, limits and creator; it still lets people in.
    expect(k2.world.chatInvites.get(inviteHash)).toMatchObject({
      adminId: Number(newcomer.id),
      usageLimit: 3,
      title: 'Kept',
      usage: 0,
    });
    await k2.signIn(79n, '9996610005'); // Erin
    expect(((await k2.call(79n, 'messages.checkChatInvite', { hash: inviteHash })) as TlObject).title).toBe(
      'Survives restarts',
    );
    // Bob was offline for the creation: after the restart getDifference still has it.
    const d = (await k2.call(78n, 'updates.getDifference', { pts: s0.pts!, date: s0.date!, qts: 0 })) as TlObject;
    expect(d._).toBe('updates.difference');
    expect(((d.new_messages as TlObject[])[0].action as TlObject)._).toBe('messageActionChatCreate');
    // The seed ran once: no second copy of the seeded people.
    expect(k2.world.users.all().filter((u) => u.phone === '9996610001').length).toBe(1);
    expect(seedWorld(k2.world)).toBe(false);
    k2.close();
  });

  it('upgrades a data dir by schema version and refuses one from a newer server', () => {
    const dir = tempDir();
    // A data dir written by schema version 1 (before login_codes.verified and the invite-link tables) …
    const old = World.open(dir);
    old.db.exec('DROP TABLE chat_join_requests; DROP TABLE chat_invites; ALTER TABLE login_codes DROP COLUMN verified');
    old.db.pragma('user_version = 1');
    old.db
      .prepare(
        `INSERT INTO login_codes (phone, phone_code_hash, code, sent_at, expires_at) VALUES ('9996610001', 'h', '11111', 1, 2)`,
      )
      .run();
    old.close();
    // … gains the column on open, keeping its rows.
    const w = World.open(dir);
    expect(w.loginCodes.get('9996610001')).toMatchObject({ phoneCodeHash: 'h', verified: false });
    expect(w.chatInvites.get('none')).toBeUndefined();
    expect(w.db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1);
    expect(w.db.pragma('journal_mode', { simple: true })).toBe('wal');
    w.db.pragma('user_version = 999');
    w.close();
    expect(() => World.open(dir)).toThrow(/newer than this server knows/);
  });
});

describe('World.migrate (schemas of other server parts)', () => {
  it('applies each namespaced migration once, across reopen', () => {
    const dir = tempDir();
    const m1 = ['CREATE TABLE calls_a (id INTEGER PRIMARY KEY)'];
    const w1 = World.open(dir);
    w1.migrate('calls', m1);
    w1.db.prepare('INSERT INTO calls_a (id) VALUES (1)').run();
    w1.close();
    const w2 = World.open(dir);
    w2.migrate('calls', [...m1, 'ALTER TABLE calls_a ADD COLUMN title TEXT']); // only the new one runs
    expect(w2.db.prepare('SELECT id, title FROM calls_a').all()).toEqual([{ id: 1, title: null }]);
    expect(() => w2.migrate('calls', m1)).toThrow(/newer than this server knows/);
    w2.close();
  });

  it('keeps the data dir 0700 and the database files 0600 (they hold auth keys), also tightening an older dir', () => {
    const mode = (f: string) => fs.statSync(f).mode & 0o777;
    const fresh = path.join(tempDir(), 'server');
    const w = World.open(fresh);
    w.authKeys.save(5n, new Uint8Array(256).fill(5));
    const files = ['world.sqlite', 'world.sqlite-wal', 'world.sqlite-shm'].map((f) => path.join(fresh, f));
    expect(mode(fresh)).toBe(0o700);
    for (const f of files) expect([f, mode(f)]).toEqual([f, 0o600]);
    w.close();

    const old = tempDir();
    fs.chmodSync(old, 0o755);
    const seeded = World.open(old);
    seeded.close();
    fs.chmodSync(path.join(old, 'world.sqlite'), 0o644);
    const reopened = World.open(old);
    expect(mode(old)).toBe(0o700);
    expect(mode(path.join(old, 'world.sqlite'))).toBe(0o600);
    reopened.close();
  });
});
