// startServer: loopback only, control routes only when asked, extensions plug methods and hooks into the same API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server';
import type { TlObject } from './api/types';

const dirs: string[] = [];
const running: RunningServer[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tgcall-server-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const ctx = { authKeyId: 1n, sessionId: 1n, connectionId: 1, layer: 158, apiId: 1, clientMsgId: 1n };

describe('startServer', () => {
  it('refuses a non-loopback host', async () => {
    await expect(startServer({ dataDir: tempDir(), host: '0.0.0.0' })).rejects.toThrow(/not loopback/);
  });

  it('serves /control/ only with control on', async () => {
    const off = await startServer({ dataDir: tempDir() });
    running.push(off);
    expect((await fetch(`http://127.0.0.1:${off.port}/control/log`)).status).toBe(404);
    const on = await startServer({ dataDir: tempDir(), control: true });
    running.push(on);
    const r = await fetch(`http://127.0.0.1:${on.port}/control/log`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual([]);
  });

  it('moves its one clock for a test through /control/clock: the world and the schedule checks read the moved time; null undoes it', async () => {
    const s = await startServer({ dataDir: tempDir(), control: true });
    running.push(s);
    const base = `http://127.0.0.1:${s.port}/control/clock`;
    const post = (body: unknown) =>
      fetch(base, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const at = Date.UTC(2031, 0, 31, 23, 59, 30);
    const moved = (await (await post({ now: at })).json()) as { now: number; offsetMs: number };
    expect(Math.abs(moved.now - at)).toBeLessThan(5_000);
    expect(Math.abs(s.world.now() - at / 1000)).toBeLessThan(5);
    // A call scheduled six days after the moved "now" is accepted (it would be 5 years ahead of the machine's clock).
    const alice = s.world.users.byPhone('9996610001')!;
    s.world.authKeys.bind(77n, alice.id);
    const news = s.world.usernameOwner('tgcall_news')!;
    const channel = s.world.channels.get(news.id)!;
    const created = (await s.api.invoke(
      { ...ctx, authKeyId: 77n },
      {
        _: 'phone.createGroupCall',
        peer: { _: 'inputPeerChannel', channel_id: BigInt(channel.id), access_hash: channel.accessHash },
        random_id: 9,
        schedule_date: Math.floor(at / 1000) + 6 * 86_400,
      },
    )) as TlObject;
    expect(created._).toBe('updates');
    expect((await post({ now: 'tomorrow' })).status).toBe(400);
    expect(((await (await post({ now: null })).json()) as { offsetMs: number }).offsetMs).toBe(0);
    expect(Math.abs(s.world.now() - Date.now() / 1000)).toBeLessThan(5);
  });

  it('routes an extension’s methods and hooks through the API, and closes it before the world', async () => {
    const events: string[] = [];
    const s = await startServer({
      dataDir: tempDir(),
      extend: (world) => ({
        extraHandlers: {
          'phone.getCallConfig': {
            anonymous: true,
            handler: () => ({ _: 'dataJSON', data: JSON.stringify({ users: world.users.all().length }) }),
          },
        },
        hooks: {
          activeCall: (peer) => (peer.type === 'chat' ? { _: 'inputGroupCall', id: 5n, access_hash: 6n } : undefined),
        },
        close: async () => {
          events.push(`extension closed, world open: ${world.db.open}`);
        },
      }),
    });
    const config = (await s.api.invoke(ctx, { _: 'phone.getCallConfig' })) as TlObject;
    expect(JSON.parse(config.data as string)).toEqual({ users: 13 });
    const alice = s.world.users.byPhone('9996610001')!.id;
    s.world.authKeys.bind(1n, alice);
    const chatId = s.world.chats.ofUser(alice)[0];
    const full = (await s.api.invoke(ctx, { _: 'messages.getFullChat', chat_id: BigInt(chatId) })) as TlObject;
    expect((full.full_chat as TlObject).call).toEqual({ _: 'inputGroupCall', id: 5n, access_hash: 6n });
    await s.close();
    expect(events).toEqual(['extension closed, world open: true']);
  });
});
