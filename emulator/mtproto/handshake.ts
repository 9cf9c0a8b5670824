// Creating an auth key (https://core.telegram.org/mtproto/auth_key), server side.
import { TlReader, decodeObject, encodeObject, type TlObject } from '../tl/codec';
import {
  DH_G,
  DH_PRIME_BYTES,
  DhServerSide,
  aesIgeDecrypt,
  aesIgeEncrypt,
  authKeyIdOf,
  bigIntToBytes,
  bytesToBigInt,
  concat,
  dhValueInRange,
  equalBytes,
  randomBytes,
  readLong,
  rsaDecryptRaw,
  sha1,
  sha256,
  smallPrimePair,
  xor,
  type RsaKey,
} from './crypto';

export class HandshakeError extends Error {}

interface PendingHandshake {
  nonce: Uint8Array;
  serverNonce: Uint8Array;
  p: number;
  q: number;
  pq: Uint8Array;
  newNonce?: Uint8Array;
  dh?: DhServerSide;
  tmpAesKey?: Uint8Array;
  tmpAesIv?: Uint8Array;
  /** which padding the client used for p_q_inner_data */
  padding?: 'sha1' | 'rsa_pad';
  innerType?: string;
  expiresIn?: number;
}

export interface NewAuthKey {
  authKey: Uint8Array;
  authKeyId: bigint;
  /** new_nonce[0:8] XOR server_nonce[0:8]: the first server salt */
  serverSalt: bigint;
  padding: 'sha1' | 'rsa_pad';
  innerType: string;
  /** expires_in of a temporary key (p_q_inner_data_temp*) */
  expiresIn?: number;
}

export interface HandshakeResult {
  reply: TlObject;
  /** set on dh_gen_ok */
  created?: NewAuthKey;
}

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

export class Handshaker {
  private readonly pending = new Map<string, PendingHandshake>();

  constructor(
    private readonly rsa: RsaKey,
    private readonly nowSeconds: () => number,
    /** true when an auth key with that id already exists (with other bytes): dh_gen_retry */
    private readonly authKeyIdTaken: (id: bigint, key: Uint8Array) => boolean,
  ) {}

  /** Handle one unencrypted message body. */
  handle(msg: TlObject): HandshakeResult {
    switch (msg._) {
      case 'req_pq':
      case 'req_pq_multi':
        return { reply: this.reqPq(msg.nonce as Uint8Array) };
      case 'req_DH_params':
        return { reply: this.reqDhParams(msg) };
      case 'set_client_DH_params':
        return this.setClientDhParams(msg);
      default:
        throw new HandshakeError(`unexpected unencrypted message ${msg._}`);
    }
  }

  private reqPq(nonce: Uint8Array): TlObject {
    if (this.pending.size > 16) this.pending.delete(this.pending.keys().next().value as string);
    const [p, q] = smallPrimePair();
    const state: PendingHandshake = {
      nonce,
      serverNonce: randomBytes(16),
      p,
      q,
      pq: bigIntToBytes(BigInt(p) * BigInt(q)),
    };
    this.pending.set(hexOf(nonce), state);
    return {
      _: 'resPQ',
      nonce,
      server_nonce: state.serverNonce,
      pq: state.pq,
      server_public_key_fingerprints: [this.rsa.fingerprint],
    };
  }

  private state(nonce: Uint8Array, serverNonce: Uint8Array): PendingHandshake {
    const s = this.pending.get(hexOf(nonce));
    if (!s) throw new HandshakeError('unknown nonce');
    if (!equalBytes(s.serverNonce, serverNonce)) throw new HandshakeError('server_nonce mismatch');
    return s;
  }

  /** Decrypt p_q_inner_data: the old SHA1 padding (@mtproto/core) or RSA_PAD (GramJS, current clients). */
  private decryptInner(encrypted: Uint8Array): { inner: TlObject; padding: 'sha1' | 'rsa_pad' } {
    const m = rsaDecryptRaw(this.rsa, encrypted);
    if (!m) throw new HandshakeError('RSA decryption failed');
    // old: 0x00 + SHA1(data) + data + random, 255 bytes as a number
    if (m[0] === 0) {
      try {
        const r = new TlReader(m, 21, m.length, 'refused');
        const inner = decodeObject(r);
        if (equalBytes(sha1(m.subarray(21, r.offset)), m.subarray(1, 21))) return { inner, padding: 'sha1' };
      } catch {
        // not this padding
      }
    }
    // RSA_PAD: key_aes_encrypted = temp_key_xor (32) + aes_encrypted (224)
    const tempKeyXor = m.subarray(0, 32);
    const aesEncrypted = m.subarray(32, 256);
    const tempKey = xor(tempKeyXor, sha256(aesEncrypted));
    const dataWithHash = aesIgeDecrypt(aesEncrypted, tempKey, new Uint8Array(32));
    const dataWithPadding = dataWithHash.slice(0, 192).reverse();
    const hash = dataWithHash.subarray(192, 224);
    if (!equalBytes(hash, sha256(tempKey, dataWithPadding))) throw new HandshakeError('bad p_q_inner_data hash');
    const inner = decodeObject(new TlReader(dataWithPadding, 0, dataWithPadding.length, 'refused'));
    return { inner, padding: 'rsa_pad' };
  }

  private reqDhParams(msg: TlObject): TlObject {
    const s = this.state(msg.nonce as Uint8Array, msg.server_nonce as Uint8Array);
    if (msg.public_key_fingerprint !== this.rsa.fingerprint) throw new HandshakeError('unknown RSA fingerprint');
    const { inner, padding } = this.decryptInner(msg.encrypted_data as Uint8Array);
    if (!inner._.startsWith('p_q_inner_data')) throw new HandshakeError(`unexpected ${inner._}`);
    if (!equalBytes(inner.nonce as Uint8Array, s.nonce)) throw new HandshakeError('inner nonce mismatch');
    if (!equalBytes(inner.server_nonce as Uint8Array, s.serverNonce))
      throw new HandshakeError('inner server_nonce mismatch');
    const pq = bytesToBigInt(inner.pq as Uint8Array);
    const p = bytesToBigInt(inner.p as Uint8Array);
    const q = bytesToBigInt(inner.q as Uint8Array);
    if (pq !== bytesToBigInt(s.pq)) throw new HandshakeError('pq mismatch');
    if (p !== BigInt(s.p) || q !== BigInt(s.q)) throw new HandshakeError('wrong factors of pq');
    if (bytesToBigInt(msg.p as Uint8Array) !== p || bytesToBigInt(msg.q as Uint8Array) !== q)
      throw new HandshakeError('req_DH_params p/q differ from the inner data');

    const newNonce = inner.new_nonce as Uint8Array;
    s.newNonce = newNonce;
    s.padding = padding;
    s.innerType = inner._;
    s.dh = new DhServerSide();
    const h1 = sha1(newNonce, s.serverNonce);
    const h2 = sha1(s.serverNonce, newNonce);
    const h3 = sha1(newNonce, newNonce);
    s.tmpAesKey = concat(h1, h2.subarray(0, 12));
    s.tmpAesIv = concat(h2.subarray(12, 20), h3, newNonce.subarray(0, 4));
    s.expiresIn = inner.expires_in as number | undefined;

    const answer = encodeObject({
      _: 'server_DH_inner_data',
      nonce: s.nonce,
      server_nonce: s.serverNonce,
      g: DH_G,
      dh_prime: DH_PRIME_BYTES,
      g_a: s.dh.gA,
      server_time: this.nowSeconds(),
    });
    const withHash = concat(sha1(answer), answer);
    const padLen = (16 - (withHash.length % 16)) % 16;
    const encrypted = aesIgeEncrypt(concat(withHash, randomBytes(padLen)), s.tmpAesKey, s.tmpAesIv);
    return { _: 'server_DH_params_ok', nonce: s.nonce, server_nonce: s.serverNonce, encrypted_answer: encrypted };
  }

  private setClientDhParams(msg: TlObject): HandshakeResult {
    const s = this.state(msg.nonce as Uint8Array, msg.server_nonce as Uint8Array);
    if (!s.dh || !s.newNonce || !s.tmpAesKey || !s.tmpAesIv)
      throw new HandshakeError('set_client_DH_params before req_DH_params');
    const enc = msg.encrypted_data as Uint8Array;
    if (enc.length % 16 !== 0 || enc.length < 32) throw new HandshakeError('bad encrypted_data length');
    const plain = aesIgeDecrypt(enc, s.tmpAesKey, s.tmpAesIv);
    const r = new TlReader(plain, 20, plain.length, 'refused');
    const inner = decodeObject(r);
    if (inner._ !== 'client_DH_inner_data') throw new HandshakeError(`unexpected ${inner._}`);
    if (!equalBytes(sha1(plain.subarray(20, r.offset)), plain.subarray(0, 20)))
      throw new HandshakeError('bad client_DH_inner_data hash');
    if (plain.length - r.offset > 15) throw new HandshakeError('too much padding in client_DH_inner_data');
    if (!equalBytes(inner.nonce as Uint8Array, s.nonce) || !equalBytes(inner.server_nonce as Uint8Array, s.serverNonce))
      throw new HandshakeError('client_DH_inner_data nonce mismatch');
    const gB = inner.g_b as Uint8Array;
    if (gB.length > 256 || !dhValueInRange(bytesToBigInt(gB))) throw new HandshakeError('g_b out of range');

    const authKey = s.dh.computeKey(bigIntToBytes(bytesToBigInt(gB), 256));
    const keyHash = sha1(authKey);
    const auxHash = keyHash.subarray(0, 8);
    const authKeyId = authKeyIdOf(authKey);
    const nonceHash = (n: number) => sha1(s.newNonce!, new Uint8Array([n]), auxHash).subarray(4, 20);
    if (this.authKeyIdTaken(authKeyId, authKey)) {
      return {
        reply: { _: 'dh_gen_retry', nonce: s.nonce, server_nonce: s.serverNonce, new_nonce_hash2: nonceHash(2) },
      };
    }
    this.pending.delete(hexOf(s.nonce));
    const serverSalt = readLong(xor(s.newNonce.subarray(0, 8), s.serverNonce.subarray(0, 8)), 0);
    return {
      reply: { _: 'dh_gen_ok', nonce: s.nonce, server_nonce: s.serverNonce, new_nonce_hash1: nonceHash(1) },
      created: {
        authKey,
        authKeyId,
        serverSalt,
        padding: s.padding ?? 'sha1',
        innerType: s.innerType ?? 'p_q_inner_data',
        expiresIn: s.expiresIn,
      },
    };
  }
}
