import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { TELEGRAM_PRODUCTION_RSA_KEY, TELEGRAM_TEST_RSA_KEY } from './telegramRsaKeys';
import { rsaFingerprintHex } from './testing/rsaFingerprint';

// GramJS 2.17.10 (a dev dependency of the server tests) pins the same two keys; its table is the cross-check.
const gramjsKeys = (
  createRequire(import.meta.url)('telegram/crypto/RSA.js') as {
    _serverKeys: Map<string, { n: { toString(radix: number): string }; e: number }>;
  }
)._serverKeys;

describe('Telegram RSA keys', () => {
  it.each([
    ['production', TELEGRAM_PRODUCTION_RSA_KEY, 'd09d1d85de64fd85'],
    ['test', TELEGRAM_TEST_RSA_KEY, 'b25898df208d2603'],
  ])('the %s key has the fingerprint Telegram lists (%s) and is 2048 bits', (_name, key, fingerprint) => {
    expect(rsaFingerprintHex(key.modulus, key.exponent)).toBe(fingerprint);
    expect(key.fingerprintHex).toBe(fingerprint);
    expect(key.modulus).toHaveLength(512);
    expect(key.exponent).toBe('010001');
  });

  it('are exactly the keys GramJS 2.17.10 trusts', () => {
    const gramjs = [...gramjsKeys].map(([signed, key]) => ({
      fingerprintHex: BigInt.asUintN(64, BigInt(signed)).toString(16).padStart(16, '0'),
      modulus: key.n.toString(16),
      exponent: key.e.toString(16).padStart(6, '0'),
    }));
    expect(gramjs).toEqual([TELEGRAM_PRODUCTION_RSA_KEY, TELEGRAM_TEST_RSA_KEY]);
  });
});
