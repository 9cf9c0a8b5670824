// pako's `inflate`, the one function @mtproto/core takes from pako (for gzip_packed answers), backed by fflate: the
// browser build aliases 'pako' to this module (vite.config.ts), which keeps ~45 KB of pako out of the first load.
// Like pako.inflate, it reads gzip, zlib or raw deflate data and returns the bytes; it throws on damaged data.
import { gunzipSync, inflateSync, unzlibSync } from 'fflate';

/** RFC 1952 gzip magic, RFC 1950 zlib header (CM = 8, header checksum a multiple of 31). */
function wrapperOf(data: Uint8Array): 'gzip' | 'zlib' | 'raw' {
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) return 'gzip';
  if (data.length >= 2 && (data[0] & 0x0f) === 8 && ((data[0] << 8) | data[1]) % 31 === 0) return 'zlib';
  return 'raw';
}

/** Inflates `input`; the result owns its whole buffer (@mtproto/core reads `inflate(…).buffer`). */
export function inflate(input: Uint8Array | ArrayBuffer | ArrayLike<number>): Uint8Array {
  const data = input instanceof Uint8Array ? input : new Uint8Array(input as ArrayBuffer);
  const wrapper = wrapperOf(data);
  const out = wrapper === 'gzip' ? gunzipSync(data) : wrapper === 'zlib' ? unzlibSync(data) : inflateSync(data);
  return out.byteOffset === 0 && out.buffer.byteLength === out.length ? out : out.slice();
}

export default { inflate };
