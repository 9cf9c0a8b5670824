import { EventEmitter } from 'events';
import bigInt from 'big-integer';
import { describe, expect, it, vi } from 'vitest';
import makeMTProto, { type LibraryClient } from '@mtproto/core/src/index.js';
import RPC from '@mtproto/core/src/rpc/index.js';
import AES from '@mtproto/core/src/crypto/aes/index.js';
import SHA1 from '@mtproto/core/envs/browser/sha1.js';
import SHA256 from '@mtproto/core/envs/browser/sha256.js';
import PBKDF2 from '@mtproto/core/envs/browser/pbkdf2.js';
import getRandomBytes from '@mtproto/core/envs/browser/get-random-bytes.js';
import Deserializer from '@mtproto/core/src/tl/deserializer/index.js';
import { PatchedRpc, type RpcHooks } from './patchedRpc';
import { MemoryStorage } from './storage';
import { flushMicrotasks } from './testing/fakeClock';
import { until } from '../../scripts/until';

/** WebCrypto digests settle outside the microtask queue: give them real time. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

/** WebCrypto work may take long on a busy machine: ask every 30 ms, for up to 3 s. */
const WEBCRYPTO = { timeoutMs: 3_000, everyMs: 30 };

const DH_PRIME =
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b';

class FakeTransport extends EventEmitter {
  available = true;
  readonly sent: Uint8Array[] = [];
  get isAvailable(): boolean {
    return this.available;
  }
  send(bytes: Uint8Array): void {
    this.sent.push(bytes.slice());
  }
}

function setup(kind: 'library' | 'patched') {
  const storage = new MemoryStorage();
  const Library = makeMTProto({
    SHA1,
    SHA256,
    PBKDF2,
    getRandomBytes,
    getLocalStorage: () => storage,
    createTransport: () => new FakeTransport(),
  });
  const context: LibraryClient = new Library({ api_id: 1, api_hash: 'x', storageOptions: { instance: storage } });
  const transport = new FakeTransport();
  const hooks: RpcHooks = {
    onPong: vi.fn(),
    onHandshakeFailure: vi.fn(),
    onMessageFailure: vi.fn(),
    onDiagnostic: vi.fn(),
    onNewSession: vi.fn(),
  };
  const dc = { id: 2, ip: '127.0.0.1', port: 0 };
  const rpc =
    kind === 'patched' ? new PatchedRpc({ dc, context, transport }, hooks) : new RPC({ dc, context, transport });
  return { rpc, transport, hooks, storage, context };
}

/** The length prefix of a TL `bytes` field at offset, and where its data starts. */
function tlBytesAt(bytes: Uint8Array, offset: number): { length: number; start: number } {
  if (bytes[offset] !== 254) return { length: bytes[offset], start: offset + 1 };
  return { length: bytes[offset + 1] | (bytes[offset + 2] << 8) | (bytes[offset + 3] << 16), start: offset + 4 };
}

/** Drive generateDH with g_a whose top byte is zero and b = 1, so the key is g_a itself (254 significant bytes) and g_b = 3. */
async function forcedShortDh(kind: 'library' | 'patched') {
  const { rpc, transport, storage } = setup(kind);
  rpc.nonce = getRandomBytes(16);
  rpc.serverNonce = getRandomBytes(16);
  rpc.newNonce = getRandomBytes(32);
  rpc.tmpAesKey = getRandomBytes(32);
  rpc.tmpAesIV = getRandomBytes(32);
  rpc.dhPrime = bigInt(DH_PRIME, 16);
  rpc.g = bigInt(3);
  rpc.gA = bigInt(2).pow(2030).add(12345);
  const realRandom = rpc.crypto.getRandomBytes;
  rpc.crypto.getRandomBytes = (length: number) => {
    if (length !== 256) return realRandom(length);
    const b = new Uint8Array(256);
    b[255] = 1;
    return b;
  };
  await rpc.generateDH();
  await flushMicrotasks();
  const storedKey = JSON.parse(storage.get('2authKey')!) as number[];
  // Plain message: auth_key_id(8) msg_id(8) length(4), set_client_DH_params: id(4) nonce(16) server_nonce(16) bytes.
  const packet = transport.sent.at(-1)!;
  const field = tlBytesAt(packet, 20 + 4 + 32);
  const decrypted = new AES.IGE(rpc.tmpAesKey, rpc.tmpAesIV).decrypt(
    packet.slice(field.start, field.start + field.length),
  );
  // sha1(20) then client_DH_inner_data: id(4) nonce(16) server_nonce(16) retry_id(8) g_b:bytes
  const gB = tlBytesAt(decrypted, 20 + 4 + 32 + 8);
  return { keyLength: storedKey.length, gBLength: gB.length, gBLast: decrypted[gB.start + gB.length - 1] };
}

describe('PatchedRpc: DH values are padded to 256 bytes', () => {
  it('the library sends g_b and keeps the auth key unpadded (the defect)', async () => {
    expect(await forcedShortDh('library')).toEqual({ keyLength: 254, gBLength: 1, gBLast: 3 });
  });

  it('ours pads both', async () => {
    expect(await forcedShortDh('patched')).toEqual({ keyLength: 256, gBLength: 256, gBLast: 3 });
  });
});

describe('PatchedRpc: no unhandled rejections', () => {
  const unknownResult = { _: 'mt_rpc_result', req_msg_id: '123456789', result: { _: 'boolTrue' } };

  it('the library throws on an rpc_result for an unknown msg_id (the defect)', async () => {
    const { rpc } = setup('library');
    await expect(rpc.handleDecryptedMessage(unknownResult, { messageId: '1' })).rejects.toThrow(TypeError);
  });

  it('ours acks and drops it', async () => {
    const { rpc, hooks } = setup('patched');
    await expect(rpc.handleDecryptedMessage(unknownResult, { messageId: '1' })).resolves.toBeUndefined();
    expect(hooks.onDiagnostic).toHaveBeenCalledWith(expect.stringContaining('unknown msg_id'));
  });

  it('a failing handshake step clears the half-made key and reports instead of rejecting', async () => {
    const { rpc, hooks, storage } = setup('patched');
    storage.set('2authKey', JSON.stringify([1, 2, 3]));
    rpc.nonce = getRandomBytes(16);
    rpc.handleMessage = (buffer) => rpc.handleDHAnswer(buffer);
    // A well-formed plain message whose dh_gen_ok carries another nonce: the library throws "The nonce are not equal".
    const body = new Uint8Array(20 + 4 + 16 + 16 + 16);
    new DataView(body.buffer).setUint32(20, 0x3bcbf734, true);
    await expect(rpc.handleTransportMessage(body.buffer)).resolves.toBeUndefined();
    await flushMicrotasks();
    expect(hooks.onHandshakeFailure).toHaveBeenCalledTimes(1);
    expect(storage.get('2authKey')).toBe('null');
    expect(rpc.isAuth).toBe(false);
  });

  it('an unknown RSA fingerprint fails the handshake through the hook', async () => {
    const { rpc, hooks } = setup('patched');
    rpc.crypto.rsa.getRsaKeyByFingerprints = async () => {
      throw new Error('no trusted key');
    };
    rpc.nonce = getRandomBytes(16);
    rpc.handleMessage = (buffer) => rpc.handlePQResponse(buffer);
    // resPQ#05162463 nonce server_nonce pq:bytes fingerprints:Vector<long>
    const body = new Uint8Array(20 + 4 + 32 + 12 + 8 + 8);
    const view = new DataView(body.buffer);
    view.setUint32(20, 0x05162463, true);
    body.set(rpc.nonce, 24);
    body[56] = 8; // pq length
    body.set([0, 0, 0, 0, 0, 0, 0x0b, 0x3b], 57); // 11 * 263 = 2875 (0x0b3b)
    view.setUint32(68, 0x1cb5c415, true);
    view.setUint32(72, 0, true);
    await expect(rpc.handleTransportMessage(body.buffer)).resolves.toBeUndefined();
    await flushMicrotasks();
    expect(hooks.onHandshakeFailure).toHaveBeenCalledTimes(1);
  });
});

/** Put an RPC in the "has a key, connected" state so that calls are encrypted and sent. */
function authorised(kind: 'library' | 'patched') {
  const env = setup(kind);
  env.storage.set('2authKey', JSON.stringify(Array.from(getRandomBytes(256))));
  env.storage.set('2serverSalt', JSON.stringify(Array.from(getRandomBytes(8))));
  env.storage.set('timeOffset', '0');
  env.rpc.isAuth = true;
  return env;
}

describe('PatchedRpc: resends after reconnects', () => {
  /** Two calls, then `reconnects` resends; each step waits until the packets it should send have gone (`sentAfter`). */
  async function afterReconnects(kind: 'library' | 'patched', sentAfter: number[]) {
    const { rpc, transport } = authorised(kind);
    void rpc.call('help.getConfig', {});
    void rpc.call('help.getNearestDc', {});
    await until('the first packets', () => transport.sent.length >= sentAfter[0], WEBCRYPTO);
    for (const sent of sentAfter.slice(1)) {
      await rpc.sendWaitMessages();
      await until(`${sent} packets sent`, () => transport.sent.length >= sent, WEBCRYPTO);
    }
    await settle();
    return { waiting: rpc.messagesWaitResponse.size, sent: transport.sent.length };
  }

  it('the library multiplies them: 2, 4, 8, 16 entries (the defect)', async () => {
    expect(await afterReconnects('library', [2, 4, 8, 16])).toEqual({ waiting: 16, sent: 16 });
  });

  it('ours resends each un-acked call once per reconnect (both in one container each time)', async () => {
    expect(await afterReconnects('patched', [2, 3, 4, 5])).toEqual({ waiting: 2, sent: 2 + 3 });
  });

  it('resends a recent un-acked call with its original msg_id inside a new container, an old one with a new msg_id', async () => {
    const { rpc, transport, storage } = authorised('patched');
    void rpc.call('help.getConfig', {});
    await until(
      'the call sent and awaited',
      () => rpc.messagesWaitResponse.size === 1 && transport.sent.length === 1,
      WEBCRYPTO,
    );
    const before = [...rpc.messagesWaitResponse.keys()];
    await rpc.sendWaitMessages();
    await until('the resend', () => transport.sent.length === 2, WEBCRYPTO);
    expect([...rpc.messagesWaitResponse.keys()]).toEqual(before);
    const authKey = new Uint8Array(JSON.parse(storage.get('2authKey')!) as number[]);
    const plainOf = async (packet: Uint8Array) => {
      const plain = (await rpc.getAESInstance(authKey, packet.slice(8, 24), false)).decrypt(packet.slice(24));
      return new DataView(new Uint8Array(plain).buffer);
    };
    expect((await plainOf(transport.sent[0])).getBigUint64(16, true).toString()).toBe(before[0]);
    // The resend: a msg_container with a new, larger msg_id (msg_ids rise within a session) holding the original message.
    const resent = await plainOf(transport.sent[1]);
    expect(resent.getBigUint64(16, true) > BigInt(before[0])).toBe(true);
    expect(resent.getUint32(32, true)).toBe(0x73f1f8dc);
    expect(resent.getUint32(36, true)).toBe(1);
    expect(resent.getBigUint64(40, true).toString()).toBe(before[0]);
    expect(resent.getUint32(48, true)).toBe((await plainOf(transport.sent[0])).getUint32(24, true)); // same seq_no

    const later = Date.now() + 250_000;
    const clock = vi.spyOn(Date, 'now').mockReturnValue(later);
    try {
      await rpc.sendWaitMessages();
      await settle();
    } finally {
      clock.mockRestore();
    }
    const after = [...rpc.messagesWaitResponse.keys()];
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
  });

  it('a cancelled call is forgotten: never resent, its late reply dropped', async () => {
    const { rpc: base, transport, hooks } = authorised('patched');
    const rpc = base as PatchedRpc;
    const params = {};
    const pending = rpc.call('help.getConfig', params).catch((error: unknown) => error);
    await settle();
    const [msgId] = [...rpc.messagesWaitResponse.keys()];
    rpc.cancel(params);
    expect(rpc.messagesWaitResponse.size).toBe(0);
    await rpc.sendWaitMessages();
    await settle();
    expect(transport.sent).toHaveLength(1);
    await rpc.handleDecryptedMessage(
      { _: 'mt_rpc_result', req_msg_id: msgId, result: { _: 'config' } },
      { messageId: '3' },
    );
    expect(hooks.onDiagnostic).toHaveBeenCalledWith(expect.stringContaining('unknown msg_id'));
    void pending;
  });

  it('acks for unknown msg_ids leave no entries behind', async () => {
    const { rpc } = setup('patched');
    await rpc.handleDecryptedMessage({ _: 'mt_msgs_ack', msg_ids: ['5', '7'] }, { messageId: '9' });
    expect(rpc.messagesWaitResponse.size).toBe(0);
  });
});

describe('PatchedRpc: future salts', () => {
  it('switches to the salt valid at the message time from get_future_salts, a minute before the old one ends', async () => {
    const { rpc, storage, hooks } = authorised('patched');
    const now = Math.floor(Date.now() / 1000);
    await rpc.handleDecryptedMessage(
      {
        _: 'mt_future_salts',
        req_msg_id: '4',
        now,
        salts: [
          { _: 'mt_future_salt', valid_since: now - 100, valid_until: now + 30, salt: '1' },
          { _: 'mt_future_salt', valid_since: now, valid_until: now + 1800, salt: '258' },
          { _: 'mt_future_salt', valid_since: now + 1800, valid_until: now + 3600, salt: '3' },
        ],
      },
      { messageId: '21' },
    );
    void rpc.call('help.getConfig', {});
    await settle();
    // The first salt ends in 30 s (< 60 s margin): the second one, 258 = 0x0102, is used.
    expect(storage.get('2serverSalt')).toBe(JSON.stringify([2, 1, 0, 0, 0, 0, 0, 0]));
    expect(hooks.onMessageFailure).not.toHaveBeenCalled();
  });

  it('a bad_server_salt drops the kept salts: the next call uses the new salt, not a kept one the server refused', async () => {
    const { rpc, storage } = authorised('patched');
    const now = Math.floor(Date.now() / 1000);
    await rpc.handleDecryptedMessage(
      {
        _: 'mt_future_salts',
        req_msg_id: '4',
        now,
        salts: [{ _: 'mt_future_salt', valid_since: now - 100, valid_until: now + 1800, salt: '258' }],
      },
      { messageId: '21' },
    );
    // The server restarted with other salts: it refuses ours and names the new one (7).
    await rpc.handleDecryptedMessage(
      { _: 'mt_bad_server_salt', bad_msg_id: '99', bad_msg_seqno: 1, error_code: 48, new_server_salt: '7' },
      { messageId: '25' },
    );
    void rpc.call('help.getConfig', {});
    await settle();
    expect(storage.get('2serverSalt')).toBe(JSON.stringify([7, 0, 0, 0, 0, 0, 0, 0]));
  });
});

describe('PatchedRpc: msg_id follows the server clock', () => {
  // The handshake (server_time) and bad_msg_notification 16/17 store timeOffset = local − server: here the device clock
  // is 40 s fast.
  async function secondsAhead(kind: 'library' | 'patched'): Promise<number> {
    const { rpc, context } = setup(kind);
    await context.storage.set('timeOffset', 40);
    try {
      const [seconds] = await rpc.getMessageId();
      return seconds - Math.floor(Date.now() / 1000);
    } finally {
      // The library keeps storage values in a cache shared by every client it makes: leave no offset for other tests.
      await context.storage.set('timeOffset', 0);
    }
  }

  it('the library adds the offset: msg_ids 40 s further ahead, refused again (bad_msg_notification 17) (the defect)', async () => {
    expect(await secondsAhead('library')).toBeGreaterThanOrEqual(40);
  });

  it('keeps the skew it last used, for reading dates the server sends by its clock', async () => {
    const { rpc, context } = setup('patched');
    expect((rpc as PatchedRpc).clockSkewSeconds).toBe(0);
    await context.storage.set('timeOffset', 40);
    try {
      await rpc.getMessageId();
      expect((rpc as PatchedRpc).clockSkewSeconds).toBe(40);
    } finally {
      await context.storage.set('timeOffset', 0);
    }
  });

  it('ours subtracts it: msg_ids in server time', async () => {
    const ahead = await secondsAhead('patched');
    expect(ahead).toBeGreaterThanOrEqual(-41);
    expect(ahead).toBeLessThanOrEqual(-39);
  });

  it('msg_ids rise strictly and are divisible by 4', async () => {
    const { rpc } = setup('patched');
    const ids: bigint[] = [];
    for (let i = 0; i < 50; i++) {
      const [seconds, low] = await rpc.getMessageId();
      ids.push((BigInt(seconds) << 32n) | BigInt(low >>> 0));
    }
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
    expect(ids.every((id) => id % 4n === 0n)).toBe(true);
  });
});

describe('PatchedRpc: new_session_created', () => {
  it('takes the salt each time, and reports a new session only after the first announcement (the server lost ours)', async () => {
    const { rpc, hooks, storage } = authorised('patched');
    const created = (salt: string) => ({
      _: 'mt_new_session_created',
      first_msg_id: '1',
      unique_id: '2',
      server_salt: salt,
    });
    await rpc.handleDecryptedMessage(created('1234567'), { messageId: '11' });
    expect(hooks.onNewSession).not.toHaveBeenCalled();
    await rpc.handleDecryptedMessage(created('7654321'), { messageId: '15' });
    expect(hooks.onNewSession).toHaveBeenCalledTimes(1);
    expect(hooks.onMessageFailure).not.toHaveBeenCalled();
    expect(storage.get('2serverSalt')).toBe(JSON.stringify([0xb1, 0xcb, 0x74, 0, 0, 0, 0, 0]));
  });
});

describe('PatchedRpc: pings', () => {
  it('sends ping_delay_disconnect when connected and reports the pong', async () => {
    const { rpc: base, transport, hooks } = authorised('patched');
    const rpc = base as PatchedRpc;
    const pingId = await rpc.sendPing(75);
    expect(pingId).not.toBeNull();
    expect(transport.sent).toHaveLength(1);
    await rpc.handleDecryptedMessage({ _: 'mt_pong', msg_id: '4', ping_id: pingId }, { messageId: '11' });
    expect(hooks.onPong).toHaveBeenCalledWith(pingId);
  });

  it('does not send when disconnected', async () => {
    const { rpc, transport } = authorised('patched');
    transport.available = false;
    expect(await (rpc as PatchedRpc).sendPing(75)).toBeNull();
    expect(transport.sent).toHaveLength(0);
  });
});

describe('PatchedRpc: bare vector results end to end', () => {
  it('phone.checkGroupCall answers decode as numbers for the request that asked', async () => {
    const { rpc } = authorised('patched');
    let answer: unknown;
    void rpc
      .call('phone.checkGroupCall', { call: { _: 'inputGroupCall', id: '1', access_hash: '2' }, sources: [111, 222] })
      .then((value) => (answer = value));
    await until('the call awaited', () => rpc.messagesWaitResponse.size > 0, WEBCRYPTO);
    const [msgId] = [...rpc.messagesWaitResponse.keys()];
    const body = new ArrayBuffer(4 + 8 + 4 + 4 + 8);
    const view = new DataView(body);
    view.setUint32(0, 0xf35c6d01, true);
    view.setBigUint64(4, BigInt(msgId), true);
    view.setUint32(12, 0x1cb5c415, true);
    view.setUint32(16, 2, true);
    view.setInt32(20, 111, true);
    view.setInt32(24, 222, true);
    const parsed = new Deserializer(body).predicate() as Record<string, unknown>;
    await rpc.handleDecryptedMessage(parsed, { messageId: '13' });
    await flushMicrotasks();
    expect(answer).toEqual([111, 222]);
  });
});
