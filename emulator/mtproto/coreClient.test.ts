// (a) The real @mtproto/core 6.3.0 client (Node crypto envs, a `ws` transport speaking obfuscated intermediate)
// against MtprotoServer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authKeyIdOf } from './crypto';
import { createCoreClient, type CoreClient } from './testing/coreClient';
import { MemoryAuthKeyStore } from './types';
import { startTestServer, type TestServer } from './testing/harness';
import { until } from '../../scripts/until';

const FAST = { everyMs: 5 };

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

function client(extra: Partial<Parameters<typeof createCoreClient>[0]> = {}): CoreClient {
  return createCoreClient({ url: srv.url, publicKey: srv.mtproto.publicKey, ...extra });
}

describe('@mtproto/core 6.3.0 against the server', () => {
  it('handshake + help.getConfig + a second call; context has layer and api_id', async () => {
    const c = client({ api_id: 4242 });
    try {
      const config = await c.call('help.getConfig');
      expect(config._).toBe('config');
      expect(config.this_dc).toBe(2);
      const nearest = await c.call('help.getNearestDc');
      expect(nearest).toMatchObject({ _: 'nearestDc', country: 'ZZ', nearest_dc: 2 });
      const key = c.authKey()!;
      expect(key.length).toBe(256);
      expect(srv.store.load(authKeyIdOf(key))).toEqual(key);
      const call = srv.dispatcher.calls.at(-1)!;
      expect(call.method).toEqual({ _: 'help.getNearestDc' });
      expect(call.ctx.layer).toBe(158);
      expect(call.ctx.apiId).toBe(4242);
      expect(call.ctx.authKeyId).toBe(authKeyIdOf(key));
    } finally {
      c.close();
    }
  });

  it('50 handshakes: the auth key is derived identically on both sides every time', async () => {
    const before = srv.store.size;
    for (let round = 0; round < 5; round++) {
      const clients = Array.from({ length: 10 }, () => client());
      try {
        const results = await Promise.all(clients.map((c) => c.call('help.getNearestDc')));
        for (const r of results) expect(r._).toBe('nearestDc');
        for (const c of clients) {
          const key = c.authKey()!;
          expect(key.length).toBe(256);
          expect(srv.store.load(authKeyIdOf(key))).toEqual(key);
        }
      } finally {
        for (const c of clients) c.close();
      }
    }
    expect(srv.store.size - before).toBe(50);
  }, 120_000);

  it('RpcError → rpc_error; any other throw → 500 INTERNAL', async () => {
    const c = client();
    try {
      await expect(c.call('auth.sendCode', { phone_number: '1', settings: { _: 'codeSettings' } })).rejects.toEqual({
        _: 'mt_rpc_error',
        error_code: 400,
        error_message: 'PHONE_NUMBER_INVALID',
      });
      await expect(c.call('help.getCdnConfig')).rejects.toMatchObject({ error_code: 500, error_message: 'INTERNAL' });
      expect(srv.logs.some((l) => l.event === 'rpc.internal_error')).toBe(true);
      // the client still works
      expect((await c.call('help.getNearestDc'))._).toBe('nearestDc');
    } finally {
      c.close();
    }
  });

  it('sendToAuthKey pushes Updates to the live session', async () => {
    const c = client();
    try {
      await c.call('help.getNearestDc');
      const got = new Promise<Record<string, unknown>>((resolve) => c.mtproto.updates.on('updateShort', resolve));
      const reached = srv.mtproto.sendToAuthKey(authKeyIdOf(c.authKey()!), {
        _: 'updateShort',
        update: { _: 'updateUserStatus', user_id: 7n, status: { _: 'userStatusOnline', expires: 99 } },
        date: 1700000000,
      });
      expect(reached).toBe(1);
      expect(await got).toMatchObject({
        _: 'updateShort',
        update: { _: 'updateUserStatus', user_id: '7', status: { _: 'userStatusOnline', expires: 99 } },
        date: 1700000000,
      });
      expect(srv.mtproto.sendToAuthKey(123n, { _: 'updatesTooLong' })).toBe(0);
    } finally {
      c.close();
    }
  });

  it('a stored key is reused by a new client (new session, no handshake)', async () => {
    const storage = new Map<string, string>();
    const a = client({ storage });
    await a.call('help.getNearestDc');
    a.close();
    const keys = srv.store.size;
    const b = client({ storage });
    try {
      expect((await b.call('help.getNearestDc'))._).toBe('nearestDc');
      expect(srv.store.size).toBe(keys);
    } finally {
      b.close();
    }
  });

  it('a call answered while the connection was down is delivered after the reconnect, and not run twice', async () => {
    const c = client({ reconnect: true });
    try {
      await c.call('help.getNearestDc');
      const authKeyId = authKeyIdOf(c.authKey()!);
      const before = srv.dispatcher.count('help.getAppConfig');
      const pending = c.call('help.getAppConfig');
      await until(
        'the server to see help.getAppConfig',
        () => srv.dispatcher.count('help.getAppConfig') === before + 1,
        FAST,
      );
      await new Promise((r) => setTimeout(r, 30)); // the msgs_ack reaches the client
      const disconnectsBefore = srv.dispatcher.disconnects.length;
      expect(srv.mtproto.dropConnections({ authKeyId })).toBe(1);
      await until(
        'the server to see the disconnect',
        () => srv.dispatcher.disconnects.length > disconnectsBefore,
        FAST,
      );
      expect(srv.dispatcher.disconnects.at(-1)!.authKeyId).toBe(authKeyId);
      srv.dispatcher.release(); // answered while no connection carries the session
      expect(await pending).toEqual({ _: 'help.appConfigNotModified' });
      expect(srv.dispatcher.count('help.getAppConfig')).toBe(before + 1);
      expect(c.events.opens).toBeGreaterThanOrEqual(2);
    } finally {
      c.close();
    }
  });

  it('after a server restart with its keys lost: -404, the client forgets its key, makes a new one, the call succeeds', async () => {
    const storage = new Map<string, string>();
    const a = client({ storage });
    await a.call('help.getNearestDc');
    a.close();
    const other = await startTestServer({ authKeys: new MemoryAuthKeyStore() });
    try {
      const b = createCoreClient({ url: other.url, publicKey: other.mtproto.publicKey, storage, reconnect: true });
      try {
        const r = await b.call('help.getNearestDc');
        expect(r._).toBe('nearestDc');
        expect(b.events.transportErrors).toContain(-404);
        expect(other.store.size).toBe(1);
      } finally {
        b.close();
      }
    } finally {
      await other.close();
    }
  });
});
