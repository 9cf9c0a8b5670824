// The server under abuse (issue 12): gzip bombs and gzip before an auth key, frames split into many WebSocket
// messages, floods charged by cost, one connection not starving the others, sessions per key, idle and slow sockets,
// the connection cap, and the Origin / Host checks on /apiws. Each test drives the real server over loopback.
import { gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { TlError, TlReader, decodeObject, encodeObject, type TlObject, type TlValue } from '../tl/codec';
import { AesCtr, concat, randomBytes, readLong } from './crypto';
import { ObfuscatedTransport } from './transport';
import { TestDispatcher, startTestServer, type TestServer } from './testing/harness';
import { RawClient, type Incoming } from './testing/rawClient';
import type { MtprotoServerOptions, RpcContext } from './types';
import { until } from '../../scripts/until';

const FAST = { everyMs: 10 };

const servers: TestServer[] = [];
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await s.close();
});

async function server(opts: Partial<MtprotoServerOptions> = {}): Promise<TestServer> {
  const s = await startTestServer(opts);
  servers.push(s);
  return s;
}

async function connect(s: TestServer, withKey = true): Promise<RawClient> {
  const c = await RawClient.connect(s.url);
  clients.push(c);
  if (withKey) await c.handshake(s.mtproto.publicKey);
  return c;
}

function gzipPacked(inner: Uint8Array): Uint8Array {
  return encodeObject({ _: 'gzip_packed', packed_data: new Uint8Array(gzipSync(inner)) });
}

const isTransportError = (m: Incoming): boolean => m.kind === 'transportError';
const count = (c: RawClient, name: string) => c.inbox.filter((m) => m.kind === 'message' && m.obj._ === name).length;

/** Resolves when the socket closes; rejects after `ms` (so that a socket the server never closes fails the test). */
function closedWithin(c: RawClient, ms: number): Promise<void> {
  return Promise.race([
    c.closedPromise,
    new Promise<void>((_, reject) => setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms)),
  ]);
}

describe('gzip_packed', () => {
  it('is refused in an unencrypted message: no handshake answer, the connection is closed', async () => {
    const s = await server();
    const c = await connect(s, false);
    const body = gzipPacked(encodeObject({ _: 'req_pq_multi', nonce: randomBytes(16) }));
    const out = new Uint8Array(20 + body.length);
    const v = new DataView(out.buffer);
    v.setBigUint64(8, BigInt.asUintN(64, c.newMsgId()), true);
    v.setUint32(16, body.length, true);
    out.set(body, 20);
    c.sendPacket(out);
    await closedWithin(c, 3000);
    expect(c.inbox.filter((m) => m.kind === 'plain')).toEqual([]);
  });

  it('that inflates past the cap is refused, even when what it starts with is a valid call', async () => {
    const s = await server();
    const c = await connect(s);
    const call = encodeObject(RawClient.wrap({ _: 'help.getNearestDc' }));
    const bomb = gzipPacked(concat(call, new Uint8Array(16 * 1024 * 1024)));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const { msgId } = c.send(bomb);
    const res = await c.result(msgId);
    expect(res.obj.result).toMatchObject({ _: 'rpc_error', error_code: 400 });
    // the connection still serves calls
    const again = c.send(RawClient.wrap({ _: 'help.getNearestDc' }));
    expect((await c.result(again.msgId)).obj.result).toMatchObject({ _: 'nearestDc' });
  });

  it('inflation in the codec is capped, and the cap is shared by every gzip_packed read through one reader', () => {
    expect(() => decodeObject(new TlReader(gzipPacked(new Uint8Array(5 * 1024 * 1024))))).toThrow(TlError);
    // msgs_ack whose Vector<long> of 1.5 MiB comes gzip_packed: one decodes, three in a row pass the budget
    const longs = (1.5 * 1024 * 1024) / 8;
    const vector = new Uint8Array(8 + longs * 8);
    const dv = new DataView(vector.buffer);
    dv.setUint32(0, 0x1cb5c415, true);
    dv.setInt32(4, longs, true);
    const ack = concat(encodeObject({ _: 'msgs_ack', msg_ids: [] }).subarray(0, 4), gzipPacked(vector));
    expect((decodeObject(new TlReader(ack)).msg_ids as bigint[]).length).toBe(longs);
    const r = new TlReader(concat(ack, ack, ack));
    expect(() => {
      for (let i = 0; i < 3; i++) decodeObject(r);
    }).toThrow(TlError);
  });
});

describe('stream reassembly', () => {
  it('a 1 MiB packet arriving in 1 KiB WebSocket messages is copied a bounded number of times (linear, not quadratic)', () => {
    const t = new ObfuscatedTransport();
    const init = randomBytes(64);
    new DataView(init.buffer).setUint32(56, 0xeeeeeeee, true);
    const enc = new AesCtr(init.subarray(8, 40), init.subarray(40, 56));
    const sent = init.slice();
    sent.set(enc.update(init).subarray(56, 64), 56);
    const payload = randomBytes(1024 * 1024);
    const header = new Uint8Array(4);
    new DataView(header.buffer).setUint32(0, payload.length, true);
    const stream = concat(sent, enc.update(concat(header, payload)));

    const proto = Uint8Array.prototype as Uint8Array & { set: Uint8Array['set'] };
    // eslint-disable-next-line @typescript-eslint/unbound-method -- put back below, and called with .call(this)
    const original = proto.set;
    let copied = 0;
    proto.set = function (this: Uint8Array, source: ArrayLike<number>, offset?: number) {
      copied += source.length;
      return original.call(this, source, offset);
    };
    const packets: Uint8Array[] = [];
    try {
      for (let o = 0; o < stream.length; o += 1024) packets.push(...t.push(stream.subarray(o, o + 1024)));
    } finally {
      proto.set = original;
    }
    expect(packets).toHaveLength(1);
    expect(Buffer.from(packets[0]).equals(Buffer.from(payload))).toBe(true);
    expect(copied).toBeLessThan(4 * stream.length);
  });
});

describe('flood control', () => {
  it('charges req_pq_multi as the handshake work it is: a burst of 1 000 gets -429 long before all are answered', async () => {
    const fixed = Date.now();
    const s = await server({ now: () => fixed });
    const c = await connect(s, false);
    for (let i = 0; i < 1000; i++) c.sendPlain({ _: 'req_pq_multi', nonce: randomBytes(16) }, { hold: true });
    c.flushHeld();
    expect(await c.next(isTransportError, 5000)).toEqual({ kind: 'transportError', code: -429 });
    await closedWithin(c, 3000);
    const answered = c.inbox.filter((m) => m.kind === 'plain').length;
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(200);
  });

  it('charges every message of a container: 10 containers of 1 000 pings get -429 and at most a burst of pongs', async () => {
    const s = await server();
    const c = await connect(s);
    let pingId = 0n;
    for (let k = 0; k < 10; k++) {
      const items = [];
      for (let i = 0; i < 1000; i++) {
        items.push({ msgId: c.newMsgId(), seqNo: c.seqNo(true), body: encodeObject({ _: 'ping', ping_id: pingId++ }) });
      }
      c.send(RawClient.container(items), { content: false, hold: true });
    }
    c.flushHeld();
    expect(await c.next(isTransportError, 10_000)).toEqual({ kind: 'transportError', code: -429 });
    await closedWithin(c, 5000);
    expect(count(c, 'pong')).toBeLessThan(5000);
  });

  it('20 000 pings in one burst get -429 after a few thousand, not after most of them', async () => {
    const s = await server();
    const c = await connect(s);
    for (let k = 0; k < 20; k++) {
      for (let i = 0; i < 1000; i++) c.send({ _: 'ping', ping_id: BigInt(k * 1000 + i) }, { hold: true });
      c.flushHeld();
    }
    expect(await c.next(isTransportError, 20_000)).toEqual({ kind: 'transportError', code: -429 });
    await closedWithin(c, 5000);
    expect(count(c, 'pong')).toBeLessThan(5000);
  }, 30_000);

  it('one connection with a long burst does not hold the others: their call runs between its packets', async () => {
    const order: Array<'flooder' | 'victim'> = [];
    let onFirst: (() => void) | undefined;
    class Recording extends TestDispatcher {
      override async invoke(ctx: RpcContext, method: TlObject): Promise<TlValue> {
        const who = method._ === 'help.getConfig' ? 'victim' : 'flooder';
        order.push(who);
        if (who === 'flooder' && onFirst) {
          const f = onFirst;
          onFirst = undefined;
          f();
        }
        return super.invoke(ctx, method);
      }
    }
    const s = await server({ dispatcher: new Recording() });
    const flooder = await connect(s);
    const victim = await connect(s);
    const burst = 800; // two units each (the packet, the message): with the handshake, within the default burst of 2 000
    let victimCall: bigint | undefined;
    onFirst = () => {
      victimCall = victim.send(RawClient.wrap({ _: 'help.getConfig' })).msgId;
    };
    for (let i = 0; i < burst; i++) flooder.send(RawClient.wrap({ _: 'help.getNearestDc' }), { hold: true });
    flooder.flushHeld();
    await victim.result(await until('the victim to send its call', () => victimCall, FAST), 10_000);
    await until('every flooder answer', () => order.filter((w) => w === 'flooder').length === burst, {
      ...FAST,
      timeoutMs: 20_000,
    });
    const before = order.indexOf('victim');
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(burst);
  }, 30_000);
});

describe('sessions', () => {
  it('are capped per auth key: a new session id in every packet evicts the least recently used', async () => {
    const s = await server();
    const c = await connect(s);
    const first = readLong(randomBytes(8), 0);
    c.send({ _: 'ping', ping_id: 1n }, { sessionId: first });
    await c.nextObject('pong');
    for (let i = 0; i < 300; i++)
      c.send({ _: 'ping', ping_id: BigInt(i) }, { sessionId: readLong(randomBytes(8), 0), hold: true });
    c.flushHeld();
    await until('300 pongs', () => count(c, 'pong') >= 300, { ...FAST, timeoutMs: 10_000 });
    const { msgId } = c.send({ _: 'destroy_session', session_id: first });
    expect((await c.result(msgId)).obj.result).toMatchObject({ _: 'destroy_session_none' });
    const kept = s.mtproto.sessionCount;
    expect(kept).toBeGreaterThan(1);
    expect(kept).toBeLessThanOrEqual(64);
  });

  it('of a closed connection are dropped after a grace period (not kept for an hour)', async () => {
    let now = Date.now();
    const s = await server({ now: () => now });
    const a = await connect(s);
    a.send({ _: 'ping', ping_id: 1n });
    await a.nextObject('pong');
    const gone = a.sessionId;
    a.close();
    await until('no connection left', () => s.mtproto.connectionCount === 0, FAST);
    now += 6 * 60 * 1000;
    const b = await RawClient.connect(s.url);
    clients.push(b);
    b.key = a.key;
    b.timeOffset = 6 * 60;
    const { msgId } = b.send({ _: 'destroy_session', session_id: gone });
    expect((await b.result(msgId)).obj.result).toMatchObject({ _: 'destroy_session_none' });
  });
});

describe('idle, slow and too many connections', () => {
  it('a socket that sends its 64-byte init and nothing else is closed', async () => {
    const s = await server({ timeouts: { firstPacketMs: 300 } });
    const c = await connect(s, false);
    await closedWithin(c, 3000);
  });

  it('a packet trickled in a byte at a time (slow-loris) is closed although bytes keep coming', async () => {
    const s = await server({ timeouts: { packetMs: 400 } });
    const c = await connect(s);
    const framed = c.frame(randomBytes(1024));
    let o = 0;
    const trickle = setInterval(() => {
      if (c.closed || o >= framed.length) return clearInterval(trickle);
      c.sendRawWs(framed.subarray(o, o + 1));
      o++;
    }, 20);
    try {
      await closedWithin(c, 4000);
    } finally {
      clearInterval(trickle);
    }
    expect(o).toBeLessThan(framed.length);
  });

  it('an idle connection is closed; one that keeps talking is not', async () => {
    // the talker pings 15 times per idle period, so that a stalled event loop (server and client share it) does not
    // let the server's idle timer run before a ping that was due has arrived
    const s = await server({ timeouts: { idleMs: 1500 } });
    const idle = await connect(s);
    const talking = await connect(s);
    const keepTalking = setInterval(() => talking.send({ _: 'ping', ping_id: 7n }), 100);
    try {
      await closedWithin(idle, 8000);
      expect(talking.closed).toBe(false);
    } finally {
      clearInterval(keepTalking);
    }
  });

  it('connections beyond the cap are refused with 503 until one closes', async () => {
    const s = await server({ maxConnections: 2 });
    const a = await connect(s, false);
    await connect(s, false);
    await until('two connections', () => s.mtproto.connectionCount === 2, FAST);
    expect(await upgradeStatus(s.url)).toBe(503);
    a.close();
    await until('one connection', () => s.mtproto.connectionCount === 1, FAST);
    expect(await upgradeStatus(s.url)).toBe(101);
  });
});

/** 101 when the WebSocket opens, else the HTTP status of the refusal. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'binary', { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (e) => reject(e));
  });
}

describe('who may open /apiws', () => {
  it('clients without an Origin (Node, GramJS) and pages of loopback origins are accepted', async () => {
    const s = await server();
    expect(await upgradeStatus(s.url)).toBe(101);
    expect(await upgradeStatus(s.url, { Origin: 'http://127.0.0.1:5173' })).toBe(101);
    expect(await upgradeStatus(s.url, { Origin: 'http://localhost:4173' })).toBe(101);
    expect(await upgradeStatus(s.url, { Origin: 'http://[::1]:5173' })).toBe(101);
  });

  it('a page of any other origin is refused with 403', async () => {
    const s = await server();
    expect(await upgradeStatus(s.url, { Origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(s.url, { Origin: 'http://127.0.0.1.evil.example' })).toBe(403);
    expect(await upgradeStatus(s.url, { Origin: 'null' })).toBe(403);
  });

  it('a DNS-rebound Host (a name that is not loopback) is refused with 403', async () => {
    const s = await server();
    expect(await upgradeStatus(s.url, { Host: `rebind.evil.example:${s.port}` })).toBe(403);
    expect(await upgradeStatus(s.url, { Host: `localhost:${s.port}` })).toBe(101);
  });
});
