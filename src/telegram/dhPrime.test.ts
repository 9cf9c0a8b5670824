import { generatePrimeSync, getDiffieHellman } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToBigInt } from './bigMath';
import { dhGroupProblem, TELEGRAM_DH_PRIME } from './dhPrime';

const seededRandomBelow = () => {
  let state = 0x2545f4914f6cdd1dn;
  return (limit: bigint) => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    return ((state << 1984n) | state) % limit;
  };
};

describe('dhGroupProblem (tdesktop IsPrimeAndGood)', () => {
  it("accepts Telegram's dh_prime with the generators it allows (g = 3, as Telegram sends, and 4)", () => {
    expect(TELEGRAM_DH_PRIME % 3n).toBe(2n);
    expect(dhGroupProblem(TELEGRAM_DH_PRIME, 3n)).toBeNull();
    expect(dhGroupProblem(TELEGRAM_DH_PRIME, 4n)).toBeNull();
  });

  it('refuses a g that does not generate the big subgroup, and g outside 2..7', () => {
    const p = TELEGRAM_DH_PRIME;
    for (const g of [2n, 5n, 6n, 7n]) {
      const residues: Record<string, [bigint, bigint[]]> = {
        '2': [8n, [7n]],
        '5': [5n, [1n, 4n]],
        '6': [24n, [19n, 23n]],
        '7': [7n, [3n, 5n, 6n]],
      };
      const [modulus, good] = residues[String(g)];
      const ok = good.includes(p % modulus);
      expect(dhGroupProblem(p, g)).toBe(ok ? null : 'G_NOT_GENERATOR');
    }
    expect(dhGroupProblem(p, 1n)).toBe('G_OUT_OF_RANGE');
    expect(dhGroupProblem(p, 8n)).toBe('G_OUT_OF_RANGE');
  });

  it('recognises another safe prime by testing it (RFC 3526 group 14 with g = 2)', () => {
    const p = bytesToBigInt(new Uint8Array(getDiffieHellman('modp14').getPrime()));
    expect(dhGroupProblem(p, 2n, seededRandomBelow())).toBeNull();
  });

  it('refuses a prime that is not safe, a composite, and a p that is not 2048 bits', () => {
    const prime = bytesToBigInt(new Uint8Array(generatePrimeSync(2048))); // (p-1)/2 is composite unless asked for { safe: true }
    expect(dhGroupProblem(prime, 4n, seededRandomBelow())).toBe('P_NOT_SAFE_PRIME');
    // p + 24k stays 2 mod 3 (so g = 3 passes the generator test); the first multiple of 5 among them is composite.
    let composite = TELEGRAM_DH_PRIME + 24n;
    while (composite % 5n !== 0n) composite += 24n;
    expect(dhGroupProblem(composite, 3n, seededRandomBelow())).toBe('P_NOT_SAFE_PRIME');
    expect(dhGroupProblem(TELEGRAM_DH_PRIME >> 1024n, 3n)).toBe('P_NOT_2048_BIT');
    expect(dhGroupProblem(TELEGRAM_DH_PRIME << 1n, 3n)).toBe('P_NOT_2048_BIT');
  });
});
