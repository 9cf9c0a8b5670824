// (b) protocol checks and tampering, (c) stream framing — with a raw client written from the spec, and @mtproto/core.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TlReader, decodeResult, encodeObject } from '../tl/codec';
import { authKeyIdOf, longBytes, readLong } from './crypto';
import { BadMsg } from './server';
import { createCoreClient } from './testing/coreClient';
import { startTestServer, type TestServer } from './testing/harness';
import { RawClient, type Incoming } from './testing/rawClient';
import type { FramingProtocol } from './transport';

type Msg = Extract<Incoming, { kind: 'message' }>;

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

async function rawWithKey(
  protocol: FramingProtocol = 'intermediate',
  padding: 'sha1' | 'rsa_pad' = 'rsa_pad',
): Promise<RawClient> {
  const c = await RawClient.connect(srv.url, protocol);
  await c.handshake(srv.mtproto.publicKey, { padding });
  return c;
}

const nearest = () => RawClient.wrap({ _: 'help.getNearestDc' });

async function callOk(c: RawClient): Promise<Msg> {
  const { msgId } = c.send(nearest());
  const res = await c.result(msgId);
  expect(res.obj.result).toMatchObject({ _: 'nearestDc', country: 'ZZ' });
  return res;
}

describe('handshake variants', () => {
  const cases: Array<[FramingProtocol, 'sha1' | 'rsa_pad', string, 'req_pq' | 'req_pq_multi']> = [
    ['intermediate', 'rsa_pad', 'p_q_inner_data_dc', 'req_pq_multi'],
    ['intermediate', 'sha1', 'p_q_inner_data', 'req_pq_multi'],
    ['abridged', 'rsa_pad', 'p_q_inner_data_dc', 'req_pq_multi'],
    ['abridged', 'sha1', 'p_q_inner_data_temp_dc', 'req_pq'],
    ['padded', 'rsa_pad', 'p_q_inner_data_temp', 'req_pq_multi'],
    ['padded', 'sha1', 'p_q_inner_data_dc', 'req_pq'],
  ];
  for (const [protocol, padding, innerType, method] of cases) {
    it(`${protocol}, ${padding} padding, ${innerType}, ${method}: key agreed, a call succeeds`, async () => {
      const c = await RawClient.connect(srv.url, protocol);
      try {
        const key = await c.handshake(srv.mtproto.publicKey, { padding, innerType, method });
        expect(srv.store.load(key.authKeyId)).toEqual(key.authKey);
        const created = srv.logs.filter((l) => l.event === 'auth_key.created').at(-1)!;
        expect(created.detail).toMatchObject({ padding, innerType });
        await callOk(c);
        await callOk(c);
      } finally {
        c.close();
      }
    });
  }

  it('RSA_PAD handshakes, 30 in a row', async () => {
    for (let i = 0; i < 30; i++) {
      const c = await RawClient.connect(srv.url, 'abridged');
      try {
        const key = await c.handshake(srv.mtproto.publicKey, { padding: i % 2 ? 'rsa_pad' : 'sha1' });
        expect(srv.store.load(key.authKeyId)).toEqual(key.authKey);
      } finally {
        c.close();
      }
    }
  }, 60_000);
});

describe('messages', () => {
  it('new_session_created first, msgs_ack before the rpc_result, odd increasing time-based server msg_ids', async () => {
    const c = await rawWithKey();
    try {
      const { msgId } = c.send(nearest());
      const res = await c.result(msgId);
      const created = await c.nextObject('new_session_created');
      expect(created.obj.first_msg_id).toBe(msgId);
      expect(created.obj.server_salt).not.toBe(c.key!.salt);
      const ack = await c.nextObject('msgs_ack');
      expect(ack.obj.msg_ids).toContain(msgId);
      expect(ack.msgId).toBeLessThan(res.msgId);
      expect(created.msgId).toBeLessThan(ack.msgId);
      for (const m of [created, ack, res]) {
        expect(m.msgId % 2n).toBe(1n);
        expect(Math.abs(Number(m.msgId >> 32n) - Date.now() / 1000)).toBeLessThan(5);
        expect(m.sessionId).toBe(c.sessionId);
      }
      expect(res.seqNo % 2).toBe(1);
      expect(ack.seqNo % 2).toBe(0);
      // the salt of new_session_created is accepted from now on
      c.key!.salt = created.obj.server_salt as bigint;
      await callOk(c);
    } finally {
      c.close();
    }
  });

  it('a Vector<int> result is sent bare-element, as Telegram does (phone.checkGroupCall)', async () => {
    const c = await rawWithKey();
    try {
      const { msgId } = c.send(
        RawClient.wrap({
          _: 'phone.checkGroupCall',
          call: { _: 'inputGroupCall', id: 1n, access_hash: 2n },
          sources: [111, -5],
        }),
      );
      const res = await c.result(msgId);
      expect(Buffer.from(res.resultBytes!).toString('hex')).toBe('15c4b51c020000006f000000fbffffff');
      expect(decodeResult('phone.checkGroupCall', new TlReader(res.resultBytes!))).toEqual([111, -5]);
    } finally {
      c.close();
    }
  });

  it('a flipped msg_key byte: the connection is closed, nothing is answered', async () => {
    const c = await rawWithKey();
    try {
      const before = srv.dispatcher.calls.length;
      c.send(nearest(), { tamper: (p) => void (p[10] ^= 1) });
      await c.closedPromise;
      expect(c.inbox.filter((m) => m.kind === 'message' && m.obj._ === 'rpc_result')).toEqual([]);
      expect(srv.dispatcher.calls.length).toBe(before);
      expect(srv.logs.some((l) => l.event === 'msg.bad_msg_key')).toBe(true);
    } finally {
      c.close();
    }
  });

  it('a flipped ciphertext byte is a bad msg_key too', async () => {
    const c = await rawWithKey();
    c.send(nearest(), { tamper: (p) => void (p[p.length - 20] ^= 0x80) });
    await c.closedPromise;
    expect(c.inbox.filter((m) => m.kind === 'message')).toEqual([]);
  });

  it('a replayed message is not run twice; its answer is sent again', async () => {
    const c = await rawWithKey();
    try {
      const before = srv.dispatcher.count('help.getNearestDc');
      const { msgId, packet } = c.send(nearest());
      const first = await c.result(msgId);
      c.sendPacket(packet); // the very same bytes
      const again = await c.result(msgId);
      expect(again.msgId).toBe(first.msgId);
      expect(srv.dispatcher.count('help.getNearestDc')).toBe(before + 1);
      // another body under an already used msg_id is ignored as well
      c.send(RawClient.wrap({ _: 'help.getConfig' }), { msgId });
      await c.result(msgId);
      expect(srv.dispatcher.count('help.getConfig')).toBe(0);
      expect(srv.logs.filter((l) => l.event === 'msg.duplicate').length).toBeGreaterThanOrEqual(2);
    } finally {
      c.close();
    }
  });

  it('a wrong salt: bad_server_salt with the right one; the resent call succeeds', async () => {
    const c = await rawWithKey();
    try {
      const { msgId } = c.send(nearest(), { salt: 12345n });
      const bad = await c.nextObject('bad_server_salt');
      expect(bad.obj).toMatchObject({ bad_msg_id: msgId, error_code: BadMsg.BAD_SERVER_SALT });
      expect(srv.dispatcher.calls.some((x) => x.ctx.clientMsgId === msgId)).toBe(false);
      c.key!.salt = bad.obj.new_server_salt as bigint;
      await callOk(c);
    } finally {
      c.close();
    }
  });

  it('@mtproto/core with a wrong stored salt recovers by itself', async () => {
    const storage = new Map<string, string>();
    const a = createCoreClient({ url: srv.url, publicKey: srv.mtproto.publicKey, storage });
    await a.call('help.getNearestDc');
    a.close();
    storage.set('2serverSalt', JSON.stringify([1, 2, 3, 4, 5, 6, 7, 8]));
    const b = createCoreClient({ url: srv.url, publicKey: srv.mtproto.publicKey, storage });
    try {
      expect((await b.call('help.getNearestDc'))._).toBe('nearestDc');
      expect(JSON.parse(storage.get('2serverSalt')!)).not.toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    } finally {
      b.close();
    }
  });

  it('msg_id too old → 16, too new → 17, low bits → 18; the message is not processed', async () => {
    const c = await rawWithKey();
    try {
      const at = (secondsFromNow: number, low = 0n) =>
        (BigInt(Math.floor(Date.now() / 1000 + secondsFromNow)) << 32n) |
        (BigInt(Math.floor(Math.random() * 2 ** 30)) << 2n) |
        low;
      const old = c.send(nearest(), { msgId: at(-400) }).msgId;
      const n16 = await c.nextObject('bad_msg_notification');
      expect(n16.obj).toMatchObject({ bad_msg_id: old, error_code: BadMsg.MSG_ID_TOO_LOW });
      // the server's time is in the notification's msg_id
      expect(Math.abs(Number(n16.msgId >> 32n) - Date.now() / 1000)).toBeLessThan(5);
      const future = c.send(nearest(), { msgId: at(100) }).msgId;
      expect((await c.nextObject('bad_msg_notification')).obj).toMatchObject({
        bad_msg_id: future,
        error_code: BadMsg.MSG_ID_TOO_HIGH,
      });
      const odd = c.send(nearest(), { msgId: at(0, 1n) }).msgId;
      expect((await c.nextObject('bad_msg_notification')).obj).toMatchObject({
        bad_msg_id: odd,
        error_code: BadMsg.MSG_ID_BAD_BITS,
      });
      expect(srv.dispatcher.calls.some((x) => [old, future, odd].includes(x.ctx.clientMsgId))).toBe(false);
      await callOk(c);
    } finally {
      c.close();
    }
  });

  it('@mtproto/core with a skewed clock recovers from 16/17 by itself', async () => {
    for (const offset of [-1000, 1000]) {
      const storage = new Map<string, string>();
      const a = createCoreClient({ url: srv.url, publicKey: srv.mtproto.publicKey, storage });
      await a.call('help.getNearestDc');
      a.close();
      storage.set('timeOffset', JSON.stringify(offset));
      const b = createCoreClient({ url: srv.url, publicKey: srv.mtproto.publicKey, storage });
      try {
        expect((await b.call('help.getNearestDc'))._).toBe('nearestDc');
        expect(Math.abs(JSON.parse(storage.get('timeOffset')!) as number)).toBeLessThan(5);
      } finally {
        b.close();
      }
    }
  });

  it('seq_no parity: an API call with an even seq_no → 35; msgs_ack with an odd one → 34', async () => {
    const c = await rawWithKey();
    try {
      const call = c.send(nearest(), { seqNo: 2 }).msgId;
      expect((await c.nextObject('bad_msg_notification')).obj).toMatchObject({ bad_msg_id: call, error_code: 35 });
      const ack = c.send({ _: 'msgs_ack', msg_ids: [1n] }, { seqNo: 3 }).msgId;
      expect((await c.nextObject('bad_msg_notification')).obj).toMatchObject({ bad_msg_id: ack, error_code: 34 });
      await callOk(c);
    } finally {
      c.close();
    }
  });

  it('an unknown auth key: -404, then the socket is closed', async () => {
    const c = await RawClient.connect(srv.url);
    c.key = { authKey: new Uint8Array(256).fill(7), authKeyId: 0x1234n, salt: 0n };
    c.send(nearest());
    const err = await c.next((m) => m.kind === 'transportError');
    expect(err).toEqual({ kind: 'transportError', code: -404 });
    await c.closedPromise;
  });

  it('containers in: both calls answered; an inner msg_id not below the container’s → 64', async () => {
    const c = await rawWithKey();
    try {
      const a = { msgId: c.newMsgId(), seqNo: c.seqNo(true), body: encodeObject(nearest()) };
      const b = {
        msgId: c.newMsgId(),
        seqNo: c.seqNo(true),
        body: encodeObject(RawClient.wrap({ _: 'help.getConfig' })),
      };
      c.send(RawClient.container([a, b]), { content: false });
      expect((await c.result(a.msgId)).obj.result).toMatchObject({ _: 'nearestDc' });
      expect((await c.result(b.msgId)).obj.result).toMatchObject({ _: 'config' });
      const containerId = c.newMsgId();
      const late = { msgId: containerId + 4n, seqNo: c.seqNo(true), body: encodeObject(nearest()) };
      c.send(RawClient.container([late]), { content: false, msgId: containerId });
      expect((await c.nextObject('bad_msg_notification')).obj).toMatchObject({
        bad_msg_id: containerId,
        error_code: 64,
      });
    } finally {
      c.close();
    }
  });

  it('gzip_packed in; rpc_error and 500 INTERNAL', async () => {
    const c = await rawWithKey();
    try {
      const packed = new Uint8Array(encodeObject({ _: 'gzip_packed', packed_data: gzipSync(encodeObject(nearest())) }));
      const { msgId } = c.send(packed);
      expect((await c.result(msgId)).obj.result).toMatchObject({ _: 'nearestDc' });
      const e1 = c.send(
        RawClient.wrap({
          _: 'auth.sendCode',
          phone_number: '1',
          api_id: 1,
          api_hash: 'x',
          settings: { _: 'codeSettings' },
        }),
      ).msgId;
      expect((await c.result(e1)).obj.result).toEqual({
        _: 'rpc_error',
        error_code: 400,
        error_message: 'PHONE_NUMBER_INVALID',
      });
      const e2 = c.send(RawClient.wrap({ _: 'help.getCdnConfig' })).msgId;
      expect((await c.result(e2)).obj.result).toEqual({ _: 'rpc_error', error_code: 500, error_message: 'INTERNAL' });
      // an unknown function id
      const bogus = new Uint8Array(8);
      new DataView(bogus.buffer).setUint32(0, 0x0badf00d, true);
      const e3 = c.send(bogus).msgId;
      expect((await c.result(e3)).obj.result).toMatchObject({
        _: 'rpc_error',
        error_code: 400,
        error_message: 'INPUT_METHOD_INVALID',
      });
    } finally {
      c.close();
    }
  });

  it('ping → pong; get_future_salts → usable salts; msgs_state_req → msgs_state_info', async () => {
    const c = await rawWithKey();
    try {
      const ping = c.send({ _: 'ping', ping_id: 77n }).msgId;
      expect((await c.nextObject('pong')).obj).toEqual({ _: 'pong', msg_id: ping, ping_id: 77n });
      const fs = c.send({ _: 'get_future_salts', num: 3 }).msgId;
      const salts = await c.nextObject('future_salts');
      expect(salts.obj.req_msg_id).toBe(fs);
      const list = salts.obj.salts as unknown as Array<{ valid_since: number; valid_until: number; salt: bigint }>;
      expect(list).toHaveLength(3);
      expect(list[0].valid_since).toBeLessThanOrEqual(Date.now() / 1000);
      expect(list[0].valid_until).toBeGreaterThan(Date.now() / 1000);
      c.key!.salt = list[0].salt;
      const done = await callOk(c);
      const unknown = c.newMsgId() - (1000n << 32n);
      const st = c.send({ _: 'msgs_state_req', msg_ids: [done.obj.req_msg_id, unknown] }).msgId;
      const info = await c.nextObject('msgs_state_info');
      expect(info.obj.req_msg_id).toBe(st);
      const bytes = info.obj.info as Uint8Array;
      expect(bytes[0] & 7).toBe(4); // received
      expect(bytes[1]).toBe(1); // too old to know
    } finally {
      c.close();
    }
  });

  it('ping_delay_disconnect: the connection is closed after the delay without another ping', async () => {
    const c = await rawWithKey();
    const t0 = Date.now();
    c.send({ _: 'ping_delay_disconnect', ping_id: 1n, disconnect_delay: 1 });
    await c.nextObject('pong');
    await new Promise((r) => setTimeout(r, 600));
    c.send({ _: 'ping_delay_disconnect', ping_id: 2n, disconnect_delay: 1 }); // pushes the deadline
    await c.nextObject('pong');
    await c.closedPromise;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500);
  });

  it('invokeAfterMsg waits for the earlier call', async () => {
    const c = await rawWithKey();
    try {
      const first = c.send(RawClient.wrap({ _: 'help.getAppConfig', hash: 0 })).msgId;
      const second = c.send(
        RawClient.wrap({ _: 'invokeAfterMsg', msg_id: first, query: { _: 'help.getNearestDc' } }),
      ).msgId;
      await new Promise((r) => setTimeout(r, 100));
      expect(c.inbox.some((m) => m.kind === 'message' && m.obj._ === 'rpc_result')).toBe(false);
      srv.dispatcher.release();
      const r1 = await c.result(first);
      const r2 = await c.result(second);
      expect(r2.msgId).toBeGreaterThan(r1.msgId);
      expect(r2.obj.result).toMatchObject({ _: 'nearestDc' });
    } finally {
      c.close();
    }
  });

  it('destroy_session and rpc_drop_answer', async () => {
    const c = await rawWithKey();
    try {
      await callOk(c);
      const other = readLong(longBytes(c.sessionId + 1n), 0);
      const d = c.send({ _: 'destroy_session', session_id: other }).msgId;
      expect((await c.result(d)).obj.result).toEqual({ _: 'destroy_session_none', session_id: other });
      const running = c.send(RawClient.wrap({ _: 'help.getAppConfig', hash: 0 })).msgId;
      await new Promise((r) => setTimeout(r, 50));
      const drop = c.send({ _: 'rpc_drop_answer', req_msg_id: running }).msgId;
      expect((await c.result(drop)).obj.result).toEqual({ _: 'rpc_answer_dropped_running' });
      srv.dispatcher.release();
      await new Promise((r) => setTimeout(r, 50));
      expect(
        c.inbox.some((m) => m.kind === 'message' && m.obj._ === 'rpc_result' && m.obj.req_msg_id === running),
      ).toBe(false);
    } finally {
      c.close();
    }
  });
});

describe('stream framing', () => {
  for (const protocol of ['intermediate', 'abridged', 'padded'] as const) {
    it(`${protocol}: the init and every packet split across WS messages, byte by byte at first`, async () => {
      const c = await RawClient.connect(srv.url, protocol, false);
      try {
        const init = c.pendingInit!;
        for (let i = 0; i < 64; i += 7) c.sendRawWs(init.subarray(i, Math.min(64, i + 7)));
        await c.handshake(srv.mtproto.publicKey);
        const { msgId } = c.send(nearest(), { chunks: [1, 1, 1, 2, 3, 5, 8, 13] });
        expect((await c.result(msgId)).obj.result).toMatchObject({ _: 'nearestDc' });
      } finally {
        c.close();
      }
    });

    it(`${protocol}: the init and two packets joined in one WS message`, async () => {
      const first = await rawWithKey(protocol);
      const key = first.key!;
      first.close();
      const c = await RawClient.connect(srv.url, protocol, false);
      try {
        c.key = key;
        const a = c.send(nearest(), { hold: true }).msgId;
        const b = c.send(RawClient.wrap({ _: 'help.getConfig' }), { hold: true }).msgId;
        c.flushHeld(c.pendingInit);
        expect((await c.result(a)).obj.result).toMatchObject({ _: 'nearestDc' });
        expect((await c.result(b)).obj.result).toMatchObject({ _: 'config' });
      } finally {
        c.close();
      }
    });
  }

  it('a big call split in many WS messages (abridged long length form)', async () => {
    const c = await rawWithKey('abridged');
    try {
      const sources = Array.from({ length: 30000 }, (_, i) => i);
      const { msgId } = c.send(
        RawClient.wrap({ _: 'phone.checkGroupCall', call: { _: 'inputGroupCall', id: 1n, access_hash: 2n }, sources }),
        { chunks: Array.from({ length: 50 }, () => 1000) },
      );
      const res = await c.result(msgId);
      // 120 kB of result: sent gzip_packed
      expect(readLong(res.resultBytes!, 0) & 0xffffffffn).toBe(0x3072cfa1n);
      expect(decodeResult('phone.checkGroupCall', new TlReader(res.resultBytes!))).toEqual(sources);
    } finally {
      c.close();
    }
  });

  it('an unknown transport tag closes the socket', async () => {
    const c = await RawClient.connect(srv.url, 'intermediate', false);
    const init = c.pendingInit!.slice();
    init[57] ^= 0x55;
    c.sendRawWs(init);
    await c.closedPromise;
  });

  it('transport flood → -429 and close', async () => {
    const flood = await startTestServer({ flood: { burst: 5, perSecond: 5 } });
    try {
      const c = await RawClient.connect(flood.url);
      for (let i = 0; i < 20; i++) c.sendPlain({ _: 'req_pq_multi', nonce: new Uint8Array(16) });
      expect(await c.next((m) => m.kind === 'transportError')).toEqual({ kind: 'transportError', code: -429 });
      await c.closedPromise;
    } finally {
      await flood.close();
    }
  });
});

describe('connections and sessions', () => {
  it('dropConnections closes sockets and tells the dispatcher; the client reconnects', async () => {
    const c = createCoreClient({ url: srv.url, publicKey: srv.mtproto.publicKey, reconnect: true });
    try {
      await c.call('help.getNearestDc');
      const id = authKeyIdOf(c.authKey()!);
      const n = srv.dispatcher.disconnects.length;
      expect(srv.mtproto.dropConnections({ authKeyId: id })).toBe(1);
      expect(srv.mtproto.dropConnections({ authKeyId: 99n })).toBe(0);
      await new Promise((r) => setTimeout(r, 100));
      expect(srv.dispatcher.disconnects.slice(n).map((d) => d.authKeyId)).toEqual([id]);
      expect((await c.call('help.getNearestDc'))._).toBe('nearestDc');
    } finally {
      c.close();
    }
  });
});
