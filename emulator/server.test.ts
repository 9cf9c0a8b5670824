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

  it('routes an extension’s methods and hooks through the API, and closes it before the world', async () => {
    const events: string[] = [];
    const s = await startServer({
      dataDir: tempDir(),
      extend: (world) => ({
        extraHandlers: {
          'phone.getCallConfig': { anonymous: true, handler: () => ({ _: 'dataJSON', data: JSON.stringify({ users: world.users.all().length }) }) },
        },
        hooks: { activeCall: (peer) => (peer.type === 'chat' ? { _: 'inputGroupCall', id: 5n, access_hash: 6n } : undefined) },
        close: async () => {
          events.push(`extension closed, world open: ${world.db.open}`);
        },
      }),
    });
    const config = (await s.api.invoke(ctx, { _: 'phone.getCallConfig' })) as TlObject;
    expect(JSON.parse(config.data as string)).toEqual({ users: 13 });
    const alice = s.world.users.byPhone('9996610001')!.id;
    s.world.authKeys.bind(1n, alice);
    const chatId = s.world.chats.ofUser(alice)[0]!;
    const full = (await s.api.invoke(ctx, { _: 'messages.getFullChat', chat_id: BigInt(chatId) })) as TlObject;
    expect((full.full_chat as TlObject).call).toEqual({ _: 'inputGroupCall', id: 5n, access_hash: 6n });
    await s.close();
    expect(events).toEqual(['extension closed, world open: true']);
  });
});
