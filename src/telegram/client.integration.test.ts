// TelegramClient in Node over the `ws` package against the local server (emulator/server): sign-in, reconnects after
// dropped sockets and a server restart (same port and data dir, no new sign-in), and a FLOOD_WAIT waited out.
// Runs once the server's MTProto layer exists (emulator/mtproto/index.ts).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSelf, sendCode, signIn, signUp } from './auth';
import { exponentialBackoff } from './backoff';
import { createTelegramClient, type TelegramClient } from './client';
import type { ConnectionState } from './api';
import { MemoryStorage } from './storage';
import type { WebSocketLike } from './transport';

const root = fileURLToPath(new URL('../../', import.meta.url));
const serverReady = existsSync(path.join(root, 'emulator/mtproto/index.ts'));

interface RunningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}
type StartServer = (options: { port?: number; dataDir: string; control?: boolean }) => Promise<RunningServer>;

async function waitFor(label: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function control(port: number, route: string, body: Record<string, unknown> = {}): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}/control/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return response.json();
}

describe.runIf(serverReady)('TelegramClient against the local server', () => {
  let startServer: StartServer;
  let server: RunningServer;
  let dataDir: string;
  let client: TelegramClient;
  const states: ConnectionState[] = [];
  const diagnostics: string[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    ({ startServer } = (await import(path.join(root, 'emulator/server.ts'))) as { startServer: StartServer });
    dataDir = mkdtempSync(path.join(tmpdir(), 'tgcall-client-'));
    server = await startServer({ port: 0, dataDir, control: true });
    client = createTelegramClient({
      endpoint: { kind: 'local', url: server.url },
      apiId: 1,
      apiHash: 'local',
      storage: new MemoryStorage(),
      createWebSocket: (url, protocol) => new WebSocket(url, protocol) as unknown as WebSocketLike,
      reconnectPolicy: exponentialBackoff({ initialMs: 50, maxMs: 500 }),
      requestTimeoutMs: 10_000,
      pingIntervalMs: 300,
      pongTimeoutMs: 2_000,
      onDiagnostic: (message) => diagnostics.push(message),
    });
    client.connection.subscribe((state) => states.push(state));
  });

  afterAll(async () => {
    client?.close();
    await server?.close();
    process.off('unhandledRejection', onUnhandled);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in with a test phone and its code', async () => {
    const phone = '9996611111';
    const sent = await sendCode(client, { phone, apiId: 1, apiHash: 'local' });
    expect(sent.kind).toBe('codeSent');
    if (sent.kind !== 'codeSent') return;
    let result = await signIn(client, { phone, phoneCodeHash: sent.phoneCodeHash, code: '11111' });
    if (result.kind === 'signUpRequired') {
      result = await signUp(client, { phone, phoneCodeHash: sent.phoneCodeHash, firstName: 'Test', lastName: 'One' });
    }
    expect(result.kind).toBe('signedIn');
    const self = await getSelf(client);
    expect(self?.phone).toBe(phone);
    expect(client.connection.state).toBe('ready');
  });

  it('reconnects after the server drops every socket', async () => {
    const before = states.length;
    await control(server.port, 'drop-connections');
    await waitFor('a reconnect', () => states.slice(before).includes('waiting-to-reconnect') && client.connection.state === 'ready');
    expect((await getSelf(client))?.phone).toBe('9996611111');
  });

  it('comes back after the server restarts on the same port and data dir, still signed in', async () => {
    const port = server.port;
    const before = states.length;
    await server.close();
    await waitFor('the disconnect', () => states.slice(before).includes('waiting-to-reconnect'));
    server = await startServer({ port, dataDir, control: true });
    await waitFor('the reconnect', () => client.connection.state === 'ready');
    expect((await getSelf(client))?.phone).toBe('9996611111');
  });

  it('waits out an injected FLOOD_WAIT_1 and succeeds', async () => {
    await control(server.port, 'faults', { method: 'users.getUsers', code: 420, type: 'FLOOD_WAIT_1', times: 1 });
    const started = Date.now();
    expect((await getSelf(client))?.phone).toBe('9996611111');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(diagnostics.some((line) => line.includes('FLOOD_WAIT_1'))).toBe(true);
  });

  it('keepalive pings are answered and never force a reconnect', async () => {
    const since = Date.now();
    await waitFor('a pong', () => (client.lastPongAt ?? 0) > since, 5_000);
    expect(diagnostics.filter((line) => line.includes('no pong'))).toEqual([]);
  });

  it('left no unhandled rejections behind', () => {
    expect(unhandled).toEqual([]);
  });
});
