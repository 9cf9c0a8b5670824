// Telegram's 64-bit list hash (core.telegram.org/api/offsets, "Hash generation"): a client sends back the hash of
// the list it holds and gets *NotModified when nothing changed.
export function listHash(ids: readonly (number | bigint)[]): bigint {
  let h = 0n;
  for (const id of ids) {
    h = BigInt.asUintN(64, h ^ (h >> 21n));
    h = BigInt.asUintN(64, h ^ (h << 35n));
    h = BigInt.asUintN(64, h ^ (h >> 4n));
    h = BigInt.asUintN(64, h + BigInt(id));
  }
  return BigInt.asIntN(64, h);
}
