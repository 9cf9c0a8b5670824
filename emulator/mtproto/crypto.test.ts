import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  AesCtr,
  DH_PRIME,
  aesIgeDecrypt,
  aesIgeEncrypt,
  bigIntToBytes,
  bytesToBigInt,
  dhPublic,
  dhShared,
  loadRsaKey,
  randomBytes,
  rsaDecryptRaw,
} from './crypto';

const require = createRequire(import.meta.url);
const AES = require('@mtproto/core/src/crypto/aes') as {
  IGE: new (
    key: Uint8Array,
    iv: Uint8Array,
  ) => { encrypt(d: Uint8Array): Uint8Array; decrypt(d: Uint8Array): Uint8Array };
  CTR: new (key: Uint8Array, iv: Uint8Array) => { encrypt(d: Uint8Array): Uint8Array };
};

function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

describe('crypto', () => {
  it('the local RSA key has fingerprint 61fd3e38bc74229c and decrypts textbook RSA', () => {
    const key = loadRsaKey(readFileSync(new URL('../keys/private.pem', import.meta.url), 'utf8'));
    expect(BigInt.asUintN(64, key.fingerprint).toString(16)).toBe('61fd3e38bc74229c');
    expect(key.exponentHex).toBe('010001');
    const m = randomBytes(255);
    const c = bigIntToBytes(modPow(bytesToBigInt(m), key.e, key.n), 256);
    expect(rsaDecryptRaw(key, c)).toEqual(bigIntToBytes(bytesToBigInt(m), 256));
    expect(rsaDecryptRaw(key, new Uint8Array(256).fill(0xff))).toBeUndefined(); // >= n
  });

  it('AES-IGE agrees with @mtproto/core (aes-js)', () => {
    for (let i = 0; i < 20; i++) {
      const key = randomBytes(32);
      const iv = randomBytes(32);
      const data = randomBytes(16 * (1 + i));
      const ours = aesIgeEncrypt(data, key, iv);
      expect(ours).toEqual(new Uint8Array(new AES.IGE(key, iv).encrypt(data)));
      expect(aesIgeDecrypt(ours, key, iv)).toEqual(data);
    }
  });

  it('AES-CTR is one stream across calls, as @mtproto/core uses it', () => {
    const key = randomBytes(32);
    const iv = randomBytes(16);
    const data = randomBytes(100);
    const ours = new AesCtr(key, iv);
    const a = ours.update(data.subarray(0, 33));
    const b = ours.update(data.subarray(33));
    expect(new Uint8Array([...a, ...b])).toEqual(new Uint8Array(new AES.CTR(key, iv).encrypt(data)));
  });

  it('the shared DH object computes g^x and y^x mod p for the private key given', () => {
    for (let i = 0; i < 3; i++) {
      const a = randomBytes(256);
      const b = randomBytes(256);
      const gA = dhPublic(a);
      expect(bytesToBigInt(gA)).toBe(modPow(3n, bytesToBigInt(a), DH_PRIME));
      expect(dhShared(a, dhPublic(b))).toEqual(dhShared(b, gA));
    }
  });
});
