import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCAL_RSA_KEY } from './localRsaKey';

/** TL `bytes` serialisation, as Telegram hashes RSA keys for their fingerprint. */
function tlBytes(bytes: Buffer): Buffer {
  const header = bytes.length < 254 ? Buffer.of(bytes.length) : Buffer.of(254, bytes.length & 0xff, (bytes.length >> 8) & 0xff, bytes.length >> 16);
  const unpadded = Buffer.concat([header, bytes]);
  return Buffer.concat([unpadded, Buffer.alloc((4 - (unpadded.length % 4)) % 4)]);
}

describe('LOCAL_RSA_KEY', () => {
  it('is the public half of emulator/keys/public.pem, with its Telegram fingerprint', () => {
    const pem = readFileSync(fileURLToPath(new URL('../../emulator/keys/public.pem', import.meta.url)));
    const jwk = createPublicKey(pem).export({ format: 'jwk' });
    const n = Buffer.from(jwk.n!, 'base64url');
    const e = Buffer.from(jwk.e!, 'base64url');
    expect(LOCAL_RSA_KEY.modulus).toBe(n.toString('hex'));
    expect(LOCAL_RSA_KEY.exponent).toBe(e.toString('hex'));
    const sha1 = createHash('sha1').update(Buffer.concat([tlBytes(n), tlBytes(e)])).digest();
    expect(Buffer.from(sha1.subarray(12, 20)).reverse().toString('hex')).toBe(LOCAL_RSA_KEY.fingerprintHex);
  });
});
