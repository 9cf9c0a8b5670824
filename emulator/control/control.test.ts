// Fault injection over the real API dispatcher, and the /control/ HTTP endpoints on a loopback http.Server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeKit } from '../api/apiTestKit';
import { RpcError } from '../rpcError';
import type { TlObject } from '../api/types';
import { ServerClock } from '../clock';
import { CallLog } from './callLog';
import { FaultTable, LATE_ANSWER, withControl } from './faults';
import { handleControl } from './routes';

describe('withControl', () => {
  it('answers the next N calls of a method with the armed error, then lets calls through, and logs all of them', async () => {
    const k = makeKit();
    const faults = new FaultTable();
    const log = new CallLog();
    const d = withControl(k.api, { faults, log, userOf: k.api.userOf });
    faults.add({ method: 'help.getConfig', code: 420, type: 'FLOOD_WAIT_3', times: 2 });
    const call = () => d.invoke(k.ctx(1n), { _: 'invokeWithoutUpdates', query: { _: 'help.getConfig' } });
    for (let i = 0; i < 2; i++) {
      const e = await call().catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RpcError);
      expect([(e as RpcError).code, (e as RpcError).type]).toEqual([420, 'FLOOD_WAIT_3']);
    }
    expect(((await call()) as TlObject)._).toBe('config');
    await d.invoke(k.ctx(1n), { _: 'updates.getState' }).catch(() => undefined);
    expect(log.list().map((e) => [e.method, e.error ?? null, e.injected ?? false])).toEqual([
      ['help.getConfig', 'FLOOD_WAIT_3', true],
      ['help.getConfig', 'FLOOD_WAIT_3', true],
      ['help.getConfig', null, false],
      ['updates.getState', 'AUTH_KEY_UNREGISTERED', false],
    ]);
    expect(faults.list()).toEqual([]);
  });

  it('a LATE_ANSWER fault holds the call for delayMs and then gives the real answer; an error fault may be late too', async () => {
    vi.useFakeTimers();
    try {
      const k = makeKit();
      const faults = new FaultTable();
      const log = new CallLog();
      const d = withControl(k.api, { faults, log, userOf: k.api.userOf });
      faults.add({ method: 'help.getConfig', code: 0, type: LATE_ANSWER, times: 1, delayMs: 5000 });
      faults.add({ method: 'help.getNearestDc', code: 500, type: 'INTERNAL', times: 1, delayMs: 2000 });
      let answer: TlObject | undefined;
      void d.invoke(k.ctx(1n), { _: 'help.getConfig' }).then((r) => (answer = r as TlObject));
      let error: unknown;
      void d.invoke(k.ctx(1n), { _: 'help.getNearestDc' }).catch((e: unknown) => (error = e));
      await vi.advanceTimersByTimeAsync(1999);
      expect([answer, error]).toEqual([undefined, undefined]);
      await vi.advanceTimersByTimeAsync(1);
      expect([(error as RpcError).code, (error as RpcError).type]).toEqual([500, 'INTERNAL']);
      await vi.advanceTimersByTimeAsync(2999);
      expect(answer).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(answer?._).toBe('config');
      expect(log.list().map((e) => [e.method, e.error ?? null, e.delayedMs ?? null])).toEqual([
        ['help.getNearestDc', 'INTERNAL', null],
        ['help.getConfig', null, 5000],
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a fault for one user is taken only by that user's calls", async () => {
    const k = makeKit();
    const faults = new FaultTable();
    const log = new CallLog();
    const d = withControl(k.api, { faults, log, userOf: k.api.userOf });
    await k.signIn(4n, '9996610001');
    await k.signIn(5n, '9996610002');
    const bob = k.world.users.byPhone('9996610002')!.id;
    faults.add({ method: 'updates.getState', code: 420, type: 'FLOOD_WAIT_2', times: 1, userId: bob });
    await expect(d.invoke(k.ctx(4n), { _: 'updates.getState' })).resolves.toMatchObject({ _: 'updates.state' });
    await expect(d.invoke(k.ctx(5n), { _: 'updates.getState' })).rejects.toMatchObject({ type: 'FLOOD_WAIT_2' });
    await expect(d.invoke(k.ctx(5n), { _: 'updates.getState' })).resolves.toMatchObject({ _: 'updates.state' });
  });

  it('records the signed-in user of the calling key', async () => {
    const k = makeKit();
    const log = new CallLog();
    const d = withControl(k.api, { faults: new FaultTable(), log, userOf: k.api.userOf });
    await k.signIn(4n, '9996610001');
    await d.invoke(k.ctx(4n), { _: 'updates.getState' });
    expect(log.list()[0]).toMatchObject({
      method: 'updates.getState',
      userId: k.world.users.byPhone('9996610001')!.id,
      authKeyId: '4',
    });
  });
});

describe('/control/ routes', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  it('arms faults, drops connections per user, reads and clears the log', async () => {
    const faults = new FaultTable();
    const log = new CallLog();
    const drops: (bigint | undefined)[] = [];
    const forgotten: (bigint | undefined)[] = [];
    const serviceFaults: unknown[] = [];
    server = http.createServer((req, res) => {
      const handled = handleControl(req, res, {
        faults,
        log,
        keysOf: (userId) => (userId === 5 ? [10n, 11n] : []),
        dropConnections: (f) => {
          drops.push(f?.authKeyId);
          return 1;
        },
        clock: new ServerClock(),
        armServiceFault: (fault) => void serviceFaults.push(fault),
        clearServiceFaults: () => void serviceFaults.splice(0),
        forgetSessions: (f) => {
          forgotten.push(f?.authKeyId);
          return 2;
        },
      });
      if (!handled) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = (p: string, body: unknown) =>
      fetch(base + p, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

    const armed = await post('/control/faults', { method: 'auth.sendCode', type: 'FLOOD_WAIT_7', times: 3 });
    expect(armed.status).toBe(200);
    expect(faults.list()).toEqual([{ method: 'auth.sendCode', code: 420, type: 'FLOOD_WAIT_7', times: 3 }]);
    expect((await post('/control/faults', { method: 'x', type: 'lower case' })).status).toBe(400);
    expect((await post('/control/faults', { method: 'help.getConfig', delayMs: 1500 })).status).toBe(200);
    expect(faults.list()[1]).toEqual({
      method: 'help.getConfig',
      code: 400,
      type: 'LATE_ANSWER',
      times: 1,
      delayMs: 1500,
    });
    expect((await post('/control/faults', { method: 'help.getConfig', delayMs: -1 })).status).toBe(400);
    faults.clear();

    expect(await (await post('/control/drop-connections', { userId: 5 })).json()).toEqual({ dropped: 2 });
    expect(drops).toEqual([10n, 11n]);
    expect(await (await post('/control/drop-connections', {})).json()).toEqual({ dropped: 1 });
    expect(drops[2]).toBeUndefined();
    expect(await (await post('/control/forget-sessions', { userId: 5 })).json()).toEqual({ forgotten: 4 });
    expect(await (await post('/control/forget-sessions', {})).json()).toEqual({ forgotten: 2 });
    expect(forgotten).toEqual([10n, 11n, undefined]);
    expect(
      (await post('/control/service-faults', { method: 'help.getConfig', kind: 'bad-msg', code: 32 })).status,
    ).toBe(200);
    expect(
      (await post('/control/service-faults', { method: 'help.getConfig', kind: 'bad-msg', code: 17 })).status,
    ).toBe(400);
    expect((await post('/control/service-faults', { method: 'help.getConfig', kind: 'detailed-info' })).status).toBe(
      200,
    );
    expect(serviceFaults).toEqual([
      { kind: 'bad-msg', method: 'help.getConfig', code: 32 },
      { kind: 'detailed-info', method: 'help.getConfig' },
    ]);

    log.add({ method: 'help.getConfig', userId: null, authKeyId: '1', at: 5 });
    expect(await (await fetch(base + '/control/log')).json()).toEqual([
      { method: 'help.getConfig', userId: null, authKeyId: '1', at: 5 },
    ]);
    expect((await post('/control/clear', {})).status).toBe(200);
    expect(log.list()).toEqual([]);
    expect(faults.list()).toEqual([]);
    expect(serviceFaults).toEqual([]);
    expect((await fetch(base + '/control/nope')).status).toBe(404);
    expect((await fetch(base + '/other')).status).toBe(404);
  });

  it('refuses what a web page could send: a text/plain or form POST, a foreign Origin, a DNS-rebound Host', async () => {
    const faults = new FaultTable();
    let drops = 0;
    server = http.createServer((req, res) => {
      handleControl(req, res, {
        faults,
        log: new CallLog(),
        keysOf: () => [],
        dropConnections: () => ++drops,
        clock: new ServerClock(),
        forgetSessions: () => 0,
        armServiceFault: () => undefined,
        clearServiceFaults: () => undefined,
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const request = (path: string, headers: Record<string, string>, body = '') =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
    const fault = JSON.stringify({ method: 'auth.sendCode', type: 'FLOOD_WAIT_7' });
    const host = `127.0.0.1:${port}`;
    expect(await request('/control/faults', { host, 'content-type': 'text/plain;charset=UTF-8' }, fault)).toBe(415);
    expect(await request('/control/faults', { host, 'content-type': 'application/x-www-form-urlencoded' }, fault)).toBe(
      415,
    );
    expect(await request('/control/faults', { host }, fault)).toBe(415);
    expect(
      await request(
        '/control/faults',
        { host, origin: 'https://evil.example', 'content-type': 'application/json' },
        fault,
      ),
    ).toBe(403);
    expect(
      await request(
        '/control/faults',
        { host: `rebind.evil.example:${port}`, 'content-type': 'application/json' },
        fault,
      ),
    ).toBe(403);
    expect(await request('/control/drop-connections', { host, origin: 'https://evil.example' })).toBe(403);
    expect(faults.list()).toEqual([]);
    expect(drops).toBe(0);
    // what the tests themselves send still works: JSON from no page or a loopback page, a bare POST
    expect(await request('/control/faults', { host, 'content-type': 'application/json' }, fault)).toBe(200);
    expect(
      await request(
        '/control/faults',
        { host: `localhost:${port}`, origin: 'http://127.0.0.1:5173', 'content-type': 'application/json' },
        fault,
      ),
    ).toBe(200);
    expect(await request('/control/drop-connections', { host })).toBe(200);
    expect(faults.list()).toHaveLength(2);
    expect(drops).toBe(1);
  });
});
