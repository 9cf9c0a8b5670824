// Cryptographic primitives of MTProto 2.0, on node:crypto.
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createDiffieHellman,
  createHash,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  randomBytes as nodeRandomBytes,
  type Cipher,
  type Decipher,
  type DiffieHellman,
  type KeyObject,
} from 'node:crypto';

export function sha1(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export function randomBytes(n: number): Uint8Array {
  return new Uint8Array(nodeRandomBytes(n));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

export function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}

export function bytesToBigInt(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt('0x' + Buffer.from(b).toString('hex'));
}

/** Big-endian, left-padded to `length` bytes (minimal length when omitted). */
export function bigIntToBytes(v: bigint, length?: number): Uint8Array {
  let hex = v.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const raw = new Uint8Array(Buffer.from(hex, 'hex'));
  if (length === undefined || raw.length === length) return raw;
  if (raw.length > length) throw new Error(`number does not fit in ${length} bytes`);
  const out = new Uint8Array(length);
  out.set(raw, length - raw.length);
  return out;
}

/** Little-endian int64 at `offset` (signed). */
export function readLong(b: Uint8Array, offset: number): bigint {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getBigInt64(offset, true);
}

export function longBytes(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return out;
}

/** AES-256-CTR keystream, stateful across calls (the obfuscated transport's both directions). */
export class AesCtr {
  private readonly c: Cipher;
  constructor(key: Uint8Array, iv: Uint8Array) {
    this.c = createCipheriv('aes-256-ctr', key, iv);
  }
  update(data: Uint8Array): Uint8Array {
    return new Uint8Array(this.c.update(data));
  }
}

function igeBlocks(data: Uint8Array, key: Uint8Array, iv: Uint8Array, encrypt: boolean): Uint8Array {
  if (data.length % 16 !== 0) throw new Error('AES-IGE data must be a multiple of 16 bytes');
  if (key.length !== 32 || iv.length !== 32) throw new Error('AES-IGE needs a 32-byte key and a 32-byte iv');
  const c: Cipher | Decipher = encrypt
    ? createCipheriv('aes-256-ecb', key, null)
    : createDecipheriv('aes-256-ecb', key, null);
  c.setAutoPadding(false);
  const out = new Uint8Array(data.length);
  // encryption: y_i = E(x_i ^ y_{i-1}) ^ x_{i-1}, iv = y_0 || x_0; decryption mirrors it with the roles swapped
  let prevOut = iv.subarray(encrypt ? 0 : 16, encrypt ? 16 : 32); // y_{i-1} (encrypt) / x_{i-1} (decrypt)
  let prevIn = iv.subarray(encrypt ? 16 : 0, encrypt ? 32 : 16); // x_{i-1} (encrypt) / y_{i-1} (decrypt)
  const block = new Uint8Array(16);
  for (let i = 0; i < data.length; i += 16) {
    const input = data.subarray(i, i + 16);
    for (let k = 0; k < 16; k++) block[k] = input[k] ^ prevOut[k];
    const t = c.update(block);
    const o = out.subarray(i, i + 16);
    for (let k = 0; k < 16; k++) o[k] = t[k] ^ prevIn[k];
    prevOut = o;
    prevIn = input;
  }
  return out;
}

export function aesIgeEncrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  return igeBlocks(data, key, iv, true);
}

export function aesIgeDecrypt(data: Uint8Array, key: Uint8Array, iv: Uint8Array): Uint8Array {
  return igeBlocks(data, key, iv, false);
}

/** MTProto 2.0 key derivation; x = 0 for client→server messages, 8 for server→client. */
export function messageKeys(authKey: Uint8Array, msgKey: Uint8Array, x: 0 | 8): { key: Uint8Array; iv: Uint8Array } {
  const a = sha256(msgKey, authKey.subarray(x, x + 36));
  const b = sha256(authKey.subarray(40 + x, 76 + x), msgKey);
  return {
    key: concat(a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)),
    iv: concat(b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)),
  };
}

/** msg_key = middle 128 bits of SHA256(substr(auth_key, 88 + x, 32) + plaintext with padding). */
export function messageKey(authKey: Uint8Array, plaintext: Uint8Array, x: 0 | 8): Uint8Array {
  return sha256(authKey.subarray(88 + x, 120 + x), plaintext).subarray(8, 24);
}

/** auth_key_id: the low 64 bits of SHA1(auth_key), as a little-endian signed long. */
export function authKeyIdOf(authKey: Uint8Array): bigint {
  return readLong(sha1(authKey), 12);
}

// ---------------------------------------------------------------------------------------------------------------
// RSA

export interface RsaKey {
  privateKey: KeyObject;
  n: bigint;
  e: bigint;
  /** the server_public_key_fingerprints entry: low 64 bits of SHA1(TL bytes n + bytes e) */
  fingerprint: bigint;
  /** for clients: hex of the modulus and the exponent */
  modulusHex: string;
  exponentHex: string;
}

function tlBytes(b: Uint8Array): Uint8Array {
  const header = b.length <= 253 ? 1 : 4;
  const total = (header + b.length + 3) & ~3;
  const out = new Uint8Array(total);
  if (header === 1) out[0] = b.length;
  else {
    out[0] = 254;
    out[1] = b.length & 0xff;
    out[2] = (b.length >> 8) & 0xff;
    out[3] = (b.length >> 16) & 0xff;
  }
  out.set(b, header);
  return out;
}

export function loadRsaKey(pem: string): RsaKey {
  const privateKey = createPrivateKey(pem);
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as { n: string; e: string };
  const nBytes = new Uint8Array(Buffer.from(jwk.n, 'base64url'));
  const eBytes = new Uint8Array(Buffer.from(jwk.e, 'base64url'));
  const fingerprint = readLong(sha1(tlBytes(nBytes), tlBytes(eBytes)), 12);
  return {
    privateKey,
    n: bytesToBigInt(nBytes),
    e: bytesToBigInt(eBytes),
    fingerprint,
    modulusHex: Buffer.from(nBytes).toString('hex'),
    exponentHex: Buffer.from(eBytes).toString('hex'),
  };
}

/** Textbook RSA decryption (c^d mod n), 256 bytes out; undefined when c >= n. */
export function rsaDecryptRaw(key: RsaKey, data: Uint8Array): Uint8Array | undefined {
  if (data.length > 256) return undefined;
  const c = bytesToBigInt(data);
  if (c >= key.n) return undefined;
  const input = bigIntToBytes(c, 256);
  try {
    return new Uint8Array(privateDecrypt({ key: key.privateKey, padding: constants.RSA_NO_PADDING }, input));
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Diffie-Hellman with Telegram's group

export const DH_PRIME_HEX =
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b';
export const DH_PRIME = BigInt('0x' + DH_PRIME_HEX);
export const DH_PRIME_BYTES = new Uint8Array(Buffer.from(DH_PRIME_HEX, 'hex'));
export const DH_G = 3;

/** 1 < x < p - 1 and 2^{2048-64} < x < p - 2^{2048-64} */
export function dhValueInRange(x: bigint): boolean {
  const bound = 1n << (2048n - 64n);
  return x > 1n && x < DH_PRIME - 1n && x > bound && x < DH_PRIME - bound;
}

let sharedDh: DiffieHellman | undefined;

/**
 * One node:crypto DiffieHellman object for Telegram's group, made once: createDiffieHellman checks the prime (~0.2 s),
 * while setPrivateKey + generateKeys / computeSecret cost ~2 ms. Used synchronously, so sharing it is safe.
 */
function dhGroup(): DiffieHellman {
  sharedDh ??= createDiffieHellman(Buffer.from(DH_PRIME_BYTES), Buffer.from([DH_G]));
  return sharedDh;
}

/** Make the shared DH object now (so that the first handshake does not pay for it). */
export function warmUpDh(): void {
  dhGroup();
}

/** g^x mod p, 256 bytes. */
export function dhPublic(x: Uint8Array): Uint8Array {
  const dh = dhGroup();
  dh.setPrivateKey(Buffer.from(x));
  dh.generateKeys();
  return bigIntToBytes(bytesToBigInt(new Uint8Array(dh.getPublicKey())), 256);
}

/** other^x mod p, 256 bytes. */
export function dhShared(x: Uint8Array, other: Uint8Array): Uint8Array {
  const dh = dhGroup();
  dh.setPrivateKey(Buffer.from(x));
  return bigIntToBytes(bytesToBigInt(new Uint8Array(dh.computeSecret(Buffer.from(other)))), 256);
}

export class DhServerSide {
  private readonly a: Uint8Array;
  /** g^a mod p, 256 bytes */
  readonly gA: Uint8Array;

  constructor() {
    for (;;) {
      const a = randomBytes(256);
      const pub = dhPublic(a);
      if (dhValueInRange(bytesToBigInt(pub))) {
        this.a = a;
        this.gA = pub;
        return;
      }
    }
  }

  /** g_b^a mod p, left-padded to 256 bytes (the auth key) */
  computeKey(gB: Uint8Array): Uint8Array {
    return dhShared(this.a, gB);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// small primes for pq

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

/** Two distinct random primes p < q between 2^16 and 2^17 (clients factorise pq in JS). */
export function smallPrimePair(): [number, number] {
  const pick = () => {
    for (;;) {
      const c = 0x10000 + (nodeRandomBytes(4).readUInt32LE(0) % 0x10000);
      if (isPrime(c)) return c;
    }
  };
  for (;;) {
    const a = pick();
    const b = pick();
    if (a !== b) return a < b ? [a, b] : [b, a];
  }
}
