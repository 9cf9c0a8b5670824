// Is (p, g) a group Diffie-Hellman / SRP may be done in? The check Telegram Desktop makes (mtproto_dh_utils.cpp,
// core.telegram.org/mtproto/security_guidelines): p a 2048-bit safe prime (p and (p-1)/2 both prime) and g a generator
// of the subgroup of order (p-1)/2, which for g in 2..7 is a condition on p mod a small number. Telegram's own prime is
// known good; any other p is tested (Miller-Rabin, 30 rounds each) once and remembered.
import { modPow } from './bigMath';

/** Telegram's 2048-bit dh_prime (the one `auth_key` creation and SRP use today). */
export const TELEGRAM_DH_PRIME = BigInt(
  '0xc71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b',
);

export type DhGroupProblem = 'P_NOT_2048_BIT' | 'G_OUT_OF_RANGE' | 'G_NOT_GENERATOR' | 'P_NOT_SAFE_PRIME';

const MILLER_RABIN_ROUNDS = 30; // as tdesktop's BN_is_prime_ex call
const SMALL_PRIMES = [
  3n,
  5n,
  7n,
  11n,
  13n,
  17n,
  19n,
  23n,
  29n,
  31n,
  37n,
  41n,
  43n,
  47n,
  53n,
  59n,
  61n,
  67n,
  71n,
  73n,
  79n,
  83n,
  89n,
  97n,
];
const safePrimes = new Map<bigint, boolean>([[TELEGRAM_DH_PRIME, true]]);

/** Whether g generates the subgroup of order (p-1)/2 of a safe prime p, by quadratic reciprocity (tdesktop's table). */
function generatesSubgroup(p: bigint, g: bigint): boolean {
  switch (g) {
    case 2n:
      return p % 8n === 7n;
    case 3n:
      return p % 3n === 2n;
    case 4n:
      return true;
    case 5n:
      return p % 5n === 1n || p % 5n === 4n;
    case 6n:
      return p % 24n === 19n || p % 24n === 23n;
    case 7n:
      return p % 7n === 3n || p % 7n === 5n || p % 7n === 6n;
    default:
      return false;
  }
}

/** Miller-Rabin with bases drawn from `randomBelow`; false means composite for sure. */
function probablyPrime(n: bigint, randomBelow: (limit: bigint) => bigint): boolean {
  if (n < 2n) return false;
  for (const small of [2n, ...SMALL_PRIMES]) {
    if (n === small) return true;
    if (n % small === 0n) return false;
  }
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  witnesses: for (let round = 0; round < MILLER_RABIN_ROUNDS; round++) {
    const a = 2n + randomBelow(n - 3n);
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === n - 1n) continue witnesses;
    }
    return false;
  }
  return true;
}

function cryptoRandomBelow(limit: bigint): bigint {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(limit.toString(16).length / 2 + 9));
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value % limit;
}

/** null when (p, g) is a safe group; otherwise what is wrong with it. */
export function dhGroupProblem(
  p: bigint,
  g: bigint,
  randomBelow: (limit: bigint) => bigint = cryptoRandomBelow,
): DhGroupProblem | null {
  if (p < 1n << 2047n || p >= 1n << 2048n) return 'P_NOT_2048_BIT';
  if (g < 2n || g > 7n) return 'G_OUT_OF_RANGE';
  if (!generatesSubgroup(p, g)) return 'G_NOT_GENERATOR';
  let safe = safePrimes.get(p);
  if (safe === undefined) {
    // (p-1)/2 first: for a random odd p that test fails fastest in the trial divisions.
    safe = probablyPrime((p - 1n) / 2n, randomBelow) && probablyPrime(p, randomBelow);
    safePrimes.set(p, safe);
  }
  return safe ? null : 'P_NOT_SAFE_PRIME';
}
