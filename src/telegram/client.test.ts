import { describe, expect, it } from 'vitest';
import { createTelegramClient, findTrustedKey, serverClockNow } from './client';
import { LOCAL_RSA_KEY } from './localRsaKey';
import { MemoryStorage } from './storage';
import { FakeClock, flushMicrotasks } from './testing/fakeClock';
import type { WebSocketLike } from './transport';

/** A socket that never opens: the server is down. */
class DeadSocket implements WebSocketLike {
  binaryType = 'blob';
  readyState = 0;
  closed = false;
  constructor(readonly url: string) {}
  addEventListener(): void {}
  send(): void {
    throw new Error('send on a dead socket');
  }
  close(): void {
    this.closed = true;
  }
}

function deadClient(
  endpoint: Parameters<typeof createTelegramClient>[0]['endpoint'] = { kind: 'local', url: 'ws://127.0.0.1:1/apiws' },
) {
  const clock = new FakeClock();
  const sockets: DeadSocket[] = [];
  const client = createTelegramClient({
    endpoint,
    apiId: 1,
    apiHash: 'hash',
    storage: new MemoryStorage(),
    timers: clock,
    requestTimeoutMs: 5000,
    createWebSocket: (url) => {
      const socket = new DeadSocket(url);
      sockets.push(socket);
      return socket;
    },
  });
  return { client, clock, sockets };
}

describe('TelegramClient without a server', () => {
  it('connects to the endpoint URL at once and reports connecting', async () => {
    const { client, sockets } = deadClient();
    await flushMicrotasks();
    expect(sockets.map((socket) => socket.url)).toEqual(['ws://127.0.0.1:1/apiws']);
    expect(client.connection.state).toBe('connecting');
    client.close();
  });

  it('uses Telegram web hosts for production', async () => {
    const { client, sockets } = deadClient({ kind: 'production' });
    await flushMicrotasks();
    expect(sockets[0].url).toBe('wss://kws2.web.telegram.org/apiws');
    client.close();
  });

  it('rejects a call with TIMEOUT after requestTimeoutMs', async () => {
    const { client, clock } = deadClient();
    const result = client.call('help.getConfig', {}).catch((error: unknown) => error);
    await clock.advance(4999);
    let settled = false;
    void result.then(() => (settled = true));
    await flushMicrotasks();
    expect(settled).toBe(false);
    await clock.advance(1);
    expect(await result).toMatchObject({ code: -503, type: 'TIMEOUT' });
    client.close();
  });

  it('per-call timeoutMs overrides the default', async () => {
    const { client, clock } = deadClient();
    const result = client.call('help.getConfig', {}, { timeoutMs: 100 }).catch((error: unknown) => error);
    await clock.advance(100);
    expect(await result).toMatchObject({ type: 'TIMEOUT' });
    client.close();
  });

  it('close() rejects pending calls, stops reconnecting and refuses new calls', async () => {
    const { client, clock, sockets } = deadClient();
    const states: string[] = [];
    client.connection.subscribe((state) => states.push(state));
    const pending = client.call('help.getConfig', {}).catch((error: unknown) => error);
    await flushMicrotasks();
    client.close();
    expect(await pending).toMatchObject({ type: 'CLIENT_CLOSED' });
    await expect(client.call('help.getConfig', {})).rejects.toMatchObject({ type: 'CLIENT_CLOSED' });
    const count = sockets.length;
    await clock.advance(120_000);
    expect(sockets).toHaveLength(count);
    expect(client.connection.state).toBe('closed');
    expect(states.at(-1)).toBe('closed');
  });
});

describe('TelegramClient without an api_id', () => {
  it('refuses every call with API_ID_MISSING at once, sending nothing (initConnection would carry a made-up id)', async () => {
    const sent: unknown[] = [];
    const client = createTelegramClient({
      endpoint: { kind: 'production' },
      apiId: null,
      apiHash: '',
      storage: new MemoryStorage(),
      timers: new FakeClock(),
      createWebSocket: (url) => Object.assign(new DeadSocket(url), { send: (data: unknown) => void sent.push(data) }),
    });
    await expect(
      client.call('auth.sendCode', { phone_number: '4420', api_id: 0, api_hash: '', settings: { _: 'codeSettings' } }),
    ).rejects.toMatchObject({
      code: -400,
      type: 'API_ID_MISSING',
    });
    await expect(client.call('updates.getState', {})).rejects.toMatchObject({ type: 'API_ID_MISSING' });
    expect(sent).toEqual([]);
    client.close();
  });
});

describe('findTrustedKey', () => {
  it('finds the local key by its unsigned decimal fingerprint', () => {
    const decimal = BigInt(`0x${LOCAL_RSA_KEY.fingerprintHex}`).toString();
    expect(findTrustedKey([LOCAL_RSA_KEY], ['1', decimal])).toMatchObject({
      fingerprint: decimal,
      modulus: LOCAL_RSA_KEY.modulus,
    });
    expect(findTrustedKey([LOCAL_RSA_KEY], ['12345'])).toBeNull();
  });

  it('matches fingerprints whose hex starts with zero (the library drops the leading zero and never matches)', () => {
    const key = { ...LOCAL_RSA_KEY, fingerprintHex: '0abc000000000001' };
    expect(findTrustedKey([key], [BigInt('0x0abc000000000001').toString()])).not.toBeNull();
  });
});

describe('serverClockNow', () => {
  it('corrects the device clock by a measured skew of more than a second', () => {
    // The device is 10 minutes fast: local − server = 600 s.
    expect(serverClockNow(1_000_600_000, 600)).toBe(1_000_000_000);
    // The device is 2 s slow.
    expect(serverClockNow(1_000_000_000, -2)).toBe(1_000_002_000);
  });

  it('keeps the device clock within the measurement error of one second', () => {
    expect(serverClockNow(1_000_000_500, 1)).toBe(1_000_000_500);
    expect(serverClockNow(1_000_000_500, -1)).toBe(1_000_000_500);
    expect(serverClockNow(1_000_000_500, 0)).toBe(1_000_000_500);
  });
});
