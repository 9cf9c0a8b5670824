// Telegram's RSA key fingerprint, computed the documented way (core.telegram.org/mtproto/auth_key: the lower 64 bits of
// SHA1 of the TL-serialised `rsa_public_key n:bytes e:bytes`), for tests that check the keys the client pins.
import { createHash } from 'node:crypto';

/** TL `bytes`: a length prefix (1 byte, or 254 + 3 bytes), the bytes, zero padding to a multiple of 4. */
function tlBytes(bytes: Buffer): Buffer {
  const header =
    bytes.length < 254
      ? Buffer.of(bytes.length)
      : Buffer.of(254, bytes.length & 0xff, (bytes.length >> 8) & 0xff, bytes.length >> 16);
  const unpadded = Buffer.concat([header, bytes]);
  return Buffer.concat([unpadded, Buffer.alloc((4 - (unpadded.length % 4)) % 4)]);
}

/** The fingerprint as 16 hex digits (the 64-bit little-endian number the server lists in resPQ). */
export function rsaFingerprintHex(modulusHex: string, exponentHex: string): string {
  const n = Buffer.from(modulusHex, 'hex');
  const e = Buffer.from(exponentHex, 'hex');
  const sha1 = createHash('sha1')
    .update(Buffer.concat([tlBytes(n), tlBytes(e)]))
    .digest();
  return Buffer.from(sha1.subarray(12, 20)).reverse().toString('hex');
}
