import { describe, expect, it } from 'vitest';
import AES from '@mtproto/core/src/crypto/aes/index.js';
import { webcrypto } from 'node:crypto';
import { exponentialBackoff } from './backoff';
import { frameIntermediate } from './framing';
import { FakeClock, flushMicrotasks } from './testing/fakeClock';
import { WebSocketTransport, type WebSocketLike } from './transport';

class FakeSocket implements WebSocketLike {
  binaryType = 'blob';
  readyState = 0;
  readonly sent: Uint8Array[] = [];
  closedByClient = false;
  private readonly listeners = new Map<string, Array<(event: { data: unknown }) => void>>();
  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {}
  addEventListener(type: string, listener: (event: { data: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  send(data: ArrayBuffer | Uint8Array): void {
    this.sent.push(new Uint8Array(data instanceof ArrayBuffer ? data : data.slice()));
  }
  close(): void {
    this.closedByClient = true;
    this.readyState = 3;
  }
  fire(type: string, data?: unknown): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ data });
  }
  open(): void {
    this.readyState = 1;
    this.fire('open');
  }
  drop(): void {
    this.readyState = 3;
    this.fire('close');
  }
}

/** The server's view of one connection: reads the client's init, then decrypts and encrypts the two CTR streams. */
class FakeServerEnd {
  private readonly fromClient;
  private readonly toClient;
  constructor(init: Uint8Array) {
    const reversed = init.slice().reverse();
    this.fromClient = new AES.CTR(init.slice(8, 40), init.slice(40, 56));
    this.toClient = new AES.CTR(reversed.slice(8, 40), reversed.slice(40, 56));
    const decryptedInit = this.fromClient.decrypt(init);
    expect(new DataView(new Uint8Array(decryptedInit).buffer).getUint32(56, true)).toBe(0xeeeeeeee);
  }
  read(bytes: Uint8Array): Uint8Array {
    return new Uint8Array(this.fromClient.decrypt(bytes));
  }
  write(bytes: Uint8Array): Uint8Array {
    return new Uint8Array(this.toClient.encrypt(bytes));
  }
}

function setup(policyOptions = { initialMs: 100, maxMs: 1000, jitter: 0 }) {
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  const transport = new WebSocketTransport({
    url: 'ws://example.test/apiws',
    getRandomBytes: (length) => webcrypto.getRandomValues(new Uint8Array(length)),
    reconnectPolicy: exponentialBackoff(policyOptions),
    createWebSocket: (url, protocol) => {
      const socket = new FakeSocket(url, protocol);
      sockets.push(socket);
      return socket;
    },
    timers: clock,
  });
  const states: string[] = [];
  transport.state.subscribe((state) => states.push(state));
  return { clock, sockets, transport, states };
}

describe('WebSocketTransport', () => {
  it('opens with subprotocol binary, sends the obfuscation init first, then framed packets', async () => {
    const { sockets, transport, states } = setup();
    let opened = 0;
    transport.on('open', () => opened++);
    await flushMicrotasks();
    const socket = sockets[0];
    expect([socket.url, socket.protocol]).toEqual(['ws://example.test/apiws', 'binary']);
    socket.open();
    expect(opened).toBe(1);
    expect(transport.isAvailable).toBe(true);
    expect(states).toEqual(['ready']);
    const init = socket.sent[0];
    expect(init).toHaveLength(64);
    const server = new FakeServerEnd(init);
    transport.send(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8));
    transport.send(Uint8Array.of(9, 9, 9, 9));
    expect(server.read(socket.sent[1])).toEqual(frameIntermediate(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8)));
    expect(server.read(socket.sent[2])).toEqual(frameIntermediate(Uint8Array.of(9, 9, 9, 9)));
  });

  it('reassembles packets from a stream cut anywhere, and reports transport errors', async () => {
    const { sockets, transport } = setup();
    const received: number[][] = [];
    const errors: unknown[] = [];
    transport.on('message', (buffer: ArrayBuffer) => received.push([...new Uint8Array(buffer)]));
    transport.on('error', (error: unknown) => errors.push(error));
    await flushMicrotasks();
    sockets[0].open();
    const server = new FakeServerEnd(sockets[0].sent[0]);
    const errorBody = new Uint8Array(4);
    new DataView(errorBody.buffer).setInt32(0, -404, true);
    const stream = server.write(
      new Uint8Array([
        ...frameIntermediate(Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1)),
        ...frameIntermediate(errorBody),
        ...frameIntermediate(Uint8Array.of(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2)),
      ]),
    );
    for (const [start, end] of [
      [0, 3],
      [3, 13],
      [13, 14],
      [14, stream.length],
    ] as const) {
      sockets[0].fire('message', stream.slice(start, end).buffer);
    }
    expect(received).toEqual([
      [1, 1, 1, 1, 1, 1, 1, 1],
      [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
    ]);
    expect(errors).toEqual([{ type: 'transport', code: 404 }]);
  });

  it('reconnects with growing, capped delays, and from a short delay again once data flowed', async () => {
    const { sockets, clock, transport, states } = setup();
    await flushMicrotasks();
    const opens: number[] = [];
    transport.on('open', () => opens.push(clock.now));
    sockets[0].drop();
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      delays.push(clock.scheduled().at(-1)!);
      await clock.advance(delays.at(-1)!);
      expect(sockets).toHaveLength(i + 2);
      sockets.at(-1)!.drop();
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(states.filter((state) => state === 'waiting-to-reconnect')).toHaveLength(7);

    await clock.advance(1000);
    const socket = sockets.at(-1)!;
    socket.open();
    const server = new FakeServerEnd(socket.sent[0]);
    socket.fire('message', server.write(frameIntermediate(new Uint8Array(8))).buffer);
    socket.drop();
    expect(clock.scheduled().at(-1)).toBe(100);
    expect(opens).toHaveLength(1);
  });

  it('reconnectNow() skips a pending backoff delay, keeps the backoff growing, and leaves a live socket alone', async () => {
    const { sockets, clock, transport } = setup();
    await flushMicrotasks();
    sockets[0].open();
    transport.reconnectNow('a person is waiting');
    expect(sockets).toHaveLength(1); // connected: nothing to hurry
    sockets[0].drop();
    expect(transport.connectionState).toBe('waiting-to-reconnect');
    transport.reconnectNow('a person is waiting');
    expect(sockets).toHaveLength(2); // at once, no clock advanced
    expect(clock.scheduled()).not.toContain(100);
    sockets[1].drop();
    expect(clock.scheduled().at(-1)).toBe(200); // the attempt still counted
  });

  it('stops reconnecting when closed, and ignores the old socket', async () => {
    const { sockets, clock, transport, states } = setup();
    await flushMicrotasks();
    sockets[0].open();
    transport.close();
    expect(sockets[0].closedByClient).toBe(true);
    sockets[0].drop();
    await clock.advance(60_000);
    expect(sockets).toHaveLength(1);
    expect(states.at(-1)).toBe('closed');
    expect(transport.isAvailable).toBe(false);
    transport.send(Uint8Array.of(1, 2, 3, 4));
    expect(sockets[0].sent).toHaveLength(1);
  });

  it('gives up on a socket that never opens', async () => {
    const { sockets, clock } = setup();
    await flushMicrotasks();
    await clock.advance(10_000);
    expect(sockets[0].closedByClient).toBe(true);
    await clock.advance(100);
    expect(sockets).toHaveLength(2);
  });

  it('reconnect() replaces a live socket; events from the old one are ignored', async () => {
    const { sockets, clock, transport } = setup();
    const received: unknown[] = [];
    transport.on('message', (buffer: unknown) => received.push(buffer));
    await flushMicrotasks();
    sockets[0].open();
    transport.reconnect('test');
    sockets[0].fire('message', new Uint8Array(12).buffer);
    sockets[0].drop();
    await clock.advance(100);
    expect(sockets).toHaveLength(2);
    expect(received).toEqual([]);
  });

  it('corrupt framing from the server replaces the connection', async () => {
    const { sockets, clock, transport } = setup();
    const received: unknown[] = [];
    transport.on('message', (buffer: unknown) => received.push(buffer));
    await flushMicrotasks();
    sockets[0].open();
    const server = new FakeServerEnd(sockets[0].sent[0]);
    const garbage = new Uint8Array(8);
    new DataView(garbage.buffer).setUint32(0, 0x7fffff00, true);
    sockets[0].fire('message', server.write(garbage).buffer);
    expect(sockets[0].closedByClient).toBe(true);
    expect(transport.connectionState).toBe('waiting-to-reconnect');
    await clock.advance(100);
    expect(sockets).toHaveLength(2);
    expect(received).toEqual([]);
  });
});
