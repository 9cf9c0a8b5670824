// TelegramClient in Node over the `ws` package against the local server (emulator/server): sign-in, reconnects after
// dropped sockets and a server restart (same port and data dir, no new sign-in), and a FLOOD_WAIT waited out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPassword, getSelf, logOut, sendCode, signIn, signUp } from './auth';
import { exponentialBackoff } from './backoff';
import { createTelegramClient, type TelegramClient } from './client';
import type { ConnectionState } from './api';
import { MemoryStorage } from './storage';
import { TELEGRAM_PRODUCTION_RSA_KEY } from './telegramRsaKeys';
import { until } from '../../scripts/until';

/** A real server on loopback, reconnects with backoff: allow 15 s. */
const SLOW = { timeoutMs: 15_000 };

const root = fileURLToPath(new URL('../../', import.meta.url));

interface RunningServer {
  port: number;
  url: string;
  close(): Promise<void>;
}
type StartServer = (options: { port?: number; dataDir: string; control?: boolean }) => Promise<RunningServer>;

async function control(port: number, route: string, body: Record<string, unknown> = {}): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}/control/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok).toBe(true);
  return response.json();
}

describe('TelegramClient against the local server', () => {
  let startServer: StartServer;
  let server: RunningServer;
  let dataDir: string;
  const extraDirs: string[] = [];
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
      createWebSocket: (url, protocol) => new WebSocket(url, protocol),
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
    for (const dir of [dataDir, ...extraDirs]) if (dir) rmSync(dir, { recursive: true, force: true });
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
    await until(
      'a reconnect',
      () => states.slice(before).includes('waiting-to-reconnect') && client.connection.state === 'ready',
      SLOW,
    );
    expect((await getSelf(client))?.phone).toBe('9996611111');
  });

  it('comes back after the server restarts on the same port and data dir, still signed in', async () => {
    const port = server.port;
    const before = states.length;
    await server.close();
    await until('the disconnect', () => states.slice(before).includes('waiting-to-reconnect'), SLOW);
    server = await startServer({ port, dataDir, control: true });
    await until('the reconnect', () => client.connection.state === 'ready', SLOW);
    expect((await getSelf(client))?.phone).toBe('9996611111');
  });

  it('waits out an injected FLOOD_WAIT_1 and succeeds', async () => {
    await control(server.port, 'faults', { method: 'users.getUsers', code: 420, type: 'FLOOD_WAIT_1', times: 1 });
    const started = Date.now();
    expect((await getSelf(client))?.phone).toBe('9996611111');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(diagnostics.some((line) => line.includes('FLOOD_WAIT_1'))).toBe(true);
  });

  it('repeats a call the server answered with 500 INTERNAL, then -503 Timeout, and succeeds', async () => {
    await control(server.port, 'faults', { method: 'users.getUsers', code: 500, type: 'INTERNAL', times: 1 });
    await control(server.port, 'faults', { method: 'users.getUsers', code: -503, type: 'Timeout', times: 1 });
    const started = Date.now();
    expect((await getSelf(client))?.phone).toBe('9996611111');
    expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
    expect(
      diagnostics.filter((line) => line.startsWith('users.getUsers:') && line.includes('trying again')),
    ).toHaveLength(2);
  });

  it('a session the server lost (new_session_created on the same socket) makes the client fetch the difference', async () => {
    await control(server.port, 'clear');
    expect(await control(server.port, 'forget-sessions')).toMatchObject({ forgotten: expect.any(Number) as unknown });
    expect((await getSelf(client))?.phone).toBe('9996611111');
    await until(
      'updates.getDifference after the new session',
      () => diagnostics.some((line) => line.includes('the server started a new session')),
      SLOW,
    );
    const methods = async () =>
      ((await (await fetch(`http://127.0.0.1:${server.port}/control/log`)).json()) as Array<{ method: string }>).map(
        (entry) => entry.method,
      );
    await until(
      'updates.getDifference at the server',
      async () => (await methods()).includes('updates.getDifference'),
      {
        everyMs: 50,
      },
    );
    expect(await methods()).toContain('updates.getDifference');
  });

  it('msg_detailed_info instead of the answer: the client asks for it (msg_resend_req) and the call completes', async () => {
    await control(server.port, 'service-faults', { method: 'users.getUsers', kind: 'detailed-info' });
    const started = Date.now();
    expect((await getSelf(client))?.phone).toBe('9996611111');
    expect(Date.now() - started).toBeLessThan(5_000); // not the 10 s request timeout
    expect(diagnostics.some((line) => line.includes('msg_detailed_info for') && line.includes('msg_resend_req'))).toBe(
      true,
    );
  });

  it('a duplicated rpc_result: the call gets the first, the next call its own answer, nothing unhandled', async () => {
    await control(server.port, 'service-faults', { method: 'users.getUsers', kind: 'duplicate-result' });
    const unhandledBefore = unhandled.length;
    const diagnosticsBefore = diagnostics.length;
    expect((await getSelf(client))?.phone).toBe('9996611111');
    // The second copy arrives right behind the first: a call sent now must not take it for its own answer.
    const config = await client.call('help.getConfig', {});
    expect(config._).toBe('config');
    expect((await getSelf(client))?.phone).toBe('9996611111');
    expect(unhandled.slice(unhandledBefore)).toEqual([]);
    expect(client.connection.state).toBe('ready');
    // the second copy did arrive, and was recognised as an answer nobody waits for
    expect(
      diagnostics.slice(diagnosticsBefore).filter((line) => /rpc_result for unknown msg_id/.test(line)),
    ).toHaveLength(1);
  });

  it.each([32, 33, 64])(
    'bad_msg_notification %i: a new session, the call sent again in it, and the difference fetched',
    async (code) => {
      await control(server.port, 'clear');
      await control(server.port, 'service-faults', { method: 'users.getUsers', kind: 'bad-msg', code });
      const before = diagnostics.length;
      expect((await getSelf(client))?.phone).toBe('9996611111');
      expect(
        diagnostics.slice(before).some((line) => line.includes(`bad_msg_notification ${code}: starting a new session`)),
      ).toBe(true);
      const methods = async () =>
        ((await (await fetch(`http://127.0.0.1:${server.port}/control/log`)).json()) as Array<{ method: string }>).map(
          (entry) => entry.method,
        );
      await until(
        'updates.getDifference at the server',
        async () => (await methods()).includes('updates.getDifference'),
        { everyMs: 50 },
      );
      expect(await methods()).toEqual(expect.arrayContaining(['users.getUsers', 'updates.getDifference']));
      expect(client.connection.state).toBe('ready');
    },
  );

  it("a watched channel's messages missed while the server had lost our session come back with getChannelDifference", async () => {
    const poster = createTelegramClient({
      endpoint: { kind: 'local', url: server.url },
      apiId: 1,
      apiHash: 'local',
      storage: new MemoryStorage(),
      createWebSocket: (url, protocol) => new WebSocket(url, protocol),
    });
    try {
      const phone = '9996633333';
      const sent = await sendCode(poster, { phone, apiId: 1, apiHash: 'local' });
      if (sent.kind !== 'codeSent') throw new Error('expected a code');
      const signedIn = await signIn(poster, { phone, phoneCodeHash: sent.phoneCodeHash, code: '33333' });
      if (signedIn.kind === 'signUpRequired')
        await signUp(poster, { phone, phoneCodeHash: sent.phoneCodeHash, firstName: 'Poster', lastName: '' });

      // The chat on screen: both are members of @tgcall_demo (every new account joins it).
      const resolved = await client.call('contacts.resolveUsername', { username: 'tgcall_demo' });
      const channel = resolved.chats.find((chat) => chat._ === 'channel');
      if (channel?._ !== 'channel' || !channel.access_hash) throw new Error('no @tgcall_demo');
      const input = { _: 'inputChannel' as const, channel_id: channel.id, access_hash: channel.access_hash };
      const full = await client.call('channels.getFullChannel', { channel: input });
      if (full.full_chat._ !== 'channelFull') throw new Error('not a channel');
      await client.updatesManager.watchChannel({
        id: channel.id,
        accessHash: channel.access_hash,
        pts: full.full_chat.pts,
      });

      const texts: string[] = [];
      const unsubscribe = client.updates.subscribe(({ update }) => {
        if (update._ === 'updateNewChannelMessage' && update.message._ === 'message')
          texts.push(update.message.message);
      });
      // The server loses our session: what it pushes meanwhile reaches no one.
      await control(server.port, 'clear');
      await control(server.port, 'forget-sessions');
      const text = `missed while away ${Date.now()}`;
      const posterChannel = (await poster.call('contacts.resolveUsername', { username: 'tgcall_demo' })).chats.find(
        (chat) => chat._ === 'channel',
      );
      if (posterChannel?._ !== 'channel' || !posterChannel.access_hash)
        throw new Error('no @tgcall_demo for the poster');
      await poster.call('messages.sendMessage', {
        peer: { _: 'inputPeerChannel', channel_id: posterChannel.id, access_hash: posterChannel.access_hash },
        message: text,
        random_id: String(Date.now()),
      });
      // Our next request (or ping) starts a new session (new_session_created): getDifference, then the watched channel's.
      await getSelf(client);
      await until('the missed channel message', () => texts.includes(text), { timeoutMs: 5_000 });
      // (This server also lists channel messages in the common difference; Telegram does not, so the channel's own
      // difference must be asked for, and it is.)
      const methods = async () =>
        ((await (await fetch(`http://127.0.0.1:${server.port}/control/log`)).json()) as Array<{ method: string }>).map(
          (entry) => entry.method,
        );
      await until(
        'updates.getChannelDifference at the server',
        async () => (await methods()).includes('updates.getChannelDifference'),
        { everyMs: 50 },
      );
      expect(await methods()).toEqual(
        expect.arrayContaining(['updates.getDifference', 'updates.getChannelDifference']),
      );
      expect((await methods()).indexOf('updates.getDifference')).toBeLessThan(
        (await methods()).indexOf('updates.getChannelDifference'),
      );
      unsubscribe();
    } finally {
      poster.close();
    }
  });

  it('keepalive pings are answered and never force a reconnect', async () => {
    const since = Date.now();
    await until('a pong', () => (client.lastPongAt ?? 0) > since, { timeoutMs: 5_000 });
    expect(diagnostics.filter((line) => line.includes('no pong'))).toEqual([]);
  });

  it('delivers updates in order: pushed ones to the other side, method results to the caller', async () => {
    const second = createTelegramClient({
      endpoint: { kind: 'local', url: server.url },
      apiId: 1,
      apiHash: 'local',
      storage: new MemoryStorage(),
      createWebSocket: (url, protocol) => new WebSocket(url, protocol),
      onDiagnostic: (message) => diagnostics.push(`second: ${message}`),
    });
    try {
      const phone = '9996622222';
      const sent = await sendCode(second, { phone, apiId: 1, apiHash: 'local' });
      if (sent.kind !== 'codeSent') throw new Error('expected a code');
      let result = await signIn(second, { phone, phoneCodeHash: sent.phoneCodeHash, code: '22222' });
      if (result.kind === 'signUpRequired') {
        result = await signUp(second, { phone, phoneCodeHash: sent.phoneCodeHash, firstName: 'Test', lastName: 'Two' });
      }
      expect(result.kind).toBe('signedIn');
      await until('the second client to start its updates', () => second.updatesManager.started, SLOW);

      const imported = await client.call('contacts.importContacts', {
        contacts: [{ _: 'inputPhoneContact', client_id: '1', phone, first_name: 'Two', last_name: '' }],
      });
      const importedId = imported.imported[0]?.user_id;
      const other = imported.users.find((user) => user._ === 'user' && user.id === importedId);
      if (!other || other._ !== 'user' || !other.access_hash)
        throw new Error('the contact did not come back as a user');

      const received: string[] = [];
      second.updates.subscribe(({ update }) => {
        if (update._ === 'updateNewMessage' && update.message._ === 'message') received.push(update.message.message);
      });
      const own: string[] = [];
      client.updates.subscribe(({ update }) => own.push(update._));

      const created = await client.call('messages.createChat', {
        users: [{ _: 'inputUser', user_id: other.id, access_hash: other.access_hash }],
        title: 'Integration',
      });
      expect(['updates', 'updatesCombined']).toContain(created._);
      await until('the createChat result to pass through the pipeline', () => own.length > 0, { timeoutMs: 5_000 });

      for (const text of ['one', 'two', 'three']) {
        await client.call('messages.sendMessage', {
          peer: { _: 'inputPeerUser', user_id: other.id, access_hash: other.access_hash },
          message: text,
          random_id: String(Date.now()) + String(received.length),
        });
      }
      await until('three messages on the other side', () => received.length >= 3, { timeoutMs: 10_000 });
      expect(received).toEqual(['one', 'two', 'three']);
    } finally {
      second.close();
    }
  });

  it('signs in to a 2FA account: passwordNeeded, then the SRP check (and a wrong password is refused)', async () => {
    const victor = createTelegramClient({
      endpoint: { kind: 'local', url: server.url },
      apiId: 1,
      apiHash: 'local',
      storage: new MemoryStorage(),
      createWebSocket: (url, protocol) => new WebSocket(url, protocol),
    });
    try {
      const phone = '9996620013';
      const sent = await sendCode(victor, { phone, apiId: 1, apiHash: 'local' });
      if (sent.kind !== 'codeSent') throw new Error('expected a code');
      expect(await signIn(victor, { phone, phoneCodeHash: sent.phoneCodeHash, code: '22222' })).toEqual({
        kind: 'passwordNeeded',
      });
      await expect(checkPassword(victor, 'not-it')).rejects.toMatchObject({ type: 'PASSWORD_HASH_INVALID' });
      const result = await checkPassword(victor, 'tgcall-2fa');
      expect(result.kind).toBe('signedIn');
      expect((await getSelf(victor))?.first_name).toBe('Victor');
      await until('updates to start after sign-in', () => victor.updatesManager.started, SLOW);
      await logOut(victor);
      expect(await getSelf(victor)).toBeNull();
      await until('updates to stop after sign-out', () => !victor.updatesManager.started, SLOW);
    } finally {
      victor.close();
    }
  });

  it('a call whose answer was lost with the socket is resent with its msg_id and runs once on the server', async () => {
    const lossy = { swallow: false, current: null as WebSocket | null };
    const caller = createTelegramClient({
      endpoint: { kind: 'local', url: server.url },
      apiId: 1,
      apiHash: 'local',
      storage: new MemoryStorage(),
      reconnectPolicy: exponentialBackoff({ initialMs: 50, maxMs: 500 }),
      createWebSocket: (url, protocol) => {
        const socket = new WebSocket(url, protocol);
        lossy.current = socket;
        // Drops everything the server sends while `swallow` is set: the answer (and the ack) never arrive.
        const wrapped = {
          get binaryType() {
            return socket.binaryType;
          },
          set binaryType(value: string) {
            socket.binaryType = value as WebSocket['binaryType'];
          },
          get readyState() {
            return socket.readyState;
          },
          send: (data: ArrayBuffer | Uint8Array) => socket.send(data),
          close: () => socket.close(),
          addEventListener: (type: string, listener: (event: { data: unknown }) => void) => {
            socket.addEventListener(type as 'message', (event: { data: unknown }) => {
              if (type === 'message' && lossy.swallow) return;
              listener(event);
            });
          },
        };
        return wrapped;
      },
    });
    try {
      const phone = '9996633333';
      const sent = await sendCode(caller, { phone, apiId: 1, apiHash: 'local' });
      if (sent.kind !== 'codeSent') throw new Error('expected a code');
      let result = await signIn(caller, { phone, phoneCodeHash: sent.phoneCodeHash, code: '33333' });
      if (result.kind === 'signUpRequired')
        result = await signUp(caller, { phone, phoneCodeHash: sent.phoneCodeHash, firstName: 'Three' });
      const imported = await caller.call('contacts.importContacts', {
        contacts: [{ _: 'inputPhoneContact', client_id: '2', phone: '9996610001', first_name: 'Alice', last_name: '' }],
      });
      const other = imported.users.find((user) => user._ === 'user' && user.id === imported.imported[0]?.user_id);
      if (!other || other._ !== 'user' || !other.access_hash) throw new Error('no contact');

      await control(server.port, 'clear');
      const createChats = async () => {
        const response = await fetch(`http://127.0.0.1:${server.port}/control/log`);
        const log = (await response.json()) as Array<{ method: string }>;
        return log.filter((entry) => entry.method === 'messages.createChat').length;
      };
      lossy.swallow = true;
      const created = caller.call('messages.createChat', {
        users: [{ _: 'inputUser', user_id: other.id, access_hash: other.access_hash }],
        title: 'Exactly once',
      });
      await until('messages.createChat at the server', async () => (await createChats()) > 0);
      expect(await createChats()).toBe(1);
      lossy.swallow = false;
      lossy.current?.close();
      expect(['updates', 'updatesCombined']).toContain((await created)._);
      expect(await createChats()).toBe(1);
    } finally {
      caller.close();
    }
  });

  it('recovers when the server no longer knows its auth key (-404): new handshake, signed out, no hang', async () => {
    const port = server.port;
    await server.close();
    const freshDir = mkdtempSync(path.join(tmpdir(), 'tgcall-client-fresh-'));
    extraDirs.push(freshDir);
    server = await startServer({ port, dataDir: freshDir, control: true });
    // Signed out (401) rather than a request timeout: getSelf throws on anything but 401, so a hang fails here.
    expect(await getSelf(client)).toBeNull();
    await until('the client to be ready again', () => client.connection.state === 'ready', SLOW);
  });

  it('a server whose key is not trusted: every call rejects with SERVER_KEY_UNTRUSTED, one socket, no reconnect loop', async () => {
    const urls: string[] = [];
    const states: ConnectionState[] = [];
    const stranger = createTelegramClient({
      // The local server proves itself with its own key, which the production key list does not hold.
      endpoint: { kind: 'local', url: server.url },
      trustedKeys: [TELEGRAM_PRODUCTION_RSA_KEY],
      apiId: 1,
      apiHash: 'local',
      storage: new MemoryStorage(),
      createWebSocket: (url, protocol) => {
        urls.push(url);
        return new WebSocket(url, protocol);
      },
      reconnectPolicy: exponentialBackoff({ initialMs: 10, maxMs: 50 }),
      requestTimeoutMs: 10_000,
    });
    stranger.connection.subscribe((state) => states.push(state));
    try {
      const started = Date.now();
      await expect(stranger.call('help.getConfig', {})).rejects.toMatchObject({
        code: -500,
        type: 'SERVER_KEY_UNTRUSTED',
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      await expect(stranger.call('help.getNearestDc', {})).rejects.toMatchObject({ type: 'SERVER_KEY_UNTRUSTED' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(urls).toHaveLength(1);
      expect(stranger.connection.state).toBe('closed');
      expect(states.at(-1)).toBe('closed');
    } finally {
      stranger.close();
    }
  });

  it('left no unhandled rejections behind', () => {
    expect(unhandled).toEqual([]);
  });
});
