import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCAL_RSA_KEY } from './localRsaKey';
import { rsaFingerprintHex } from './testing/rsaFingerprint';

describe('LOCAL_RSA_KEY', () => {
  it('is the public half of emulator/keys/public.pem, with its Telegram fingerprint', () => {
    const pem = readFileSync(fileURLToPath(new URL('../../emulator/keys/public.pem', import.meta.url)));
    const jwk = createPublicKey(pem).export({ format: 'jwk' });
    expect(LOCAL_RSA_KEY.modulus).toBe(Buffer.from(jwk.n!, 'base64url').toString('hex'));
    expect(LOCAL_RSA_KEY.exponent).toBe(Buffer.from(jwk.e!, 'base64url').toString('hex'));
    expect(rsaFingerprintHex(LOCAL_RSA_KEY.modulus, LOCAL_RSA_KEY.exponent)).toBe(LOCAL_RSA_KEY.fingerprintHex);
  });
});
