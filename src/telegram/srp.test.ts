import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import Crypto from '@mtproto/core/src/crypto/index.js';
import SHA1 from '@mtproto/core/envs/browser/sha1.js';
import SHA256 from '@mtproto/core/envs/browser/sha256.js';
import PBKDF2 from '@mtproto/core/envs/browser/pbkdf2.js';
import type { AccountPassword } from './tl/api.generated';
import { computePasswordCheck, SrpError, webCryptoSrpDeps } from './srp';

// An independent SRP server over node:crypto and its own arithmetic, written from core.telegram.org/api/srp.
const P_HEX =
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b';
const p = BigInt(`0x${P_HEX}`);
const g = 3n;

const sha256 = (...parts: Uint8Array[]) => new Uint8Array(createHash('sha256').update(Buffer.concat(parts)).digest());
const big = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
const bytes256 = (value: bigint) => new Uint8Array(Buffer.from(value.toString(16).padStart(512, '0'), 'hex'));
function power(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  for (; exp > 0n; exp >>= 1n, base = (base * base) % mod) if (exp & 1n) result = (result * base) % mod;
  return result;
}

function serverFor(password: string) {
  const salt1 = new Uint8Array(randomBytes(40));
  const salt2 = new Uint8Array(randomBytes(16));
  const sh = (data: Uint8Array, salt: Uint8Array) => sha256(salt, data, salt);
  const ph1 = sh(sh(new TextEncoder().encode(password), salt1), salt2);
  const x = big(sh(new Uint8Array(pbkdf2Sync(ph1, salt1, 100_000, 64, 'sha512')), salt2));
  const v = power(g, x, p);
  const k = big(sha256(bytes256(p), bytes256(g)));
  const b = big(new Uint8Array(randomBytes(256)));
  const gB = (k * v + power(g, b, p)) % p;
  const accountPassword: AccountPassword = {
    _: 'account.password',
    has_password: true,
    current_algo: {
      _: 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow',
      salt1,
      salt2,
      g: 3,
      p: bytes256(p),
    },
    srp_B: bytes256(gB),
    srp_id: '777',
    new_algo: { _: 'passwordKdfAlgoUnknown' },
    new_secure_algo: { _: 'securePasswordKdfAlgoUnknown' },
    secure_random: new Uint8Array(0),
  };
  /** The M1 the server expects for the client's A. */
  const expectedM1 = (A: Uint8Array) => {
    const u = big(sha256(bytes256(big(A)), bytes256(gB)));
    const S = power((big(A) * power(v, u, p)) % p, b, p);
    const K = sha256(bytes256(S));
    const hp = sha256(bytes256(p));
    const hg = sha256(bytes256(g));
    return sha256(
      hp.map((byte, i) => byte ^ hg[i]),
      sha256(salt1),
      sha256(salt2),
      bytes256(big(A)),
      bytes256(gB),
      K,
    );
  };
  return { accountPassword, expectedM1, salt1, salt2, gB };
}

/** A secret `a` whose g^a mod p has a zero top byte but is still in the allowed range: the 1-in-256 case. */
function shortA(): Uint8Array {
  for (let i = 0; i < 5000; i++) {
    const a = new Uint8Array(randomBytes(256));
    const gA = power(g, big(a), p);
    if (gA < 1n << 2040n && gA > 1n << 1984n) return a;
  }
  throw new Error('no short g^a found in 5000 draws');
}

describe('computePasswordCheck', () => {
  it('produces the M1 an independent SRP server expects', async () => {
    const server = serverFor('hunter2');
    const check = await computePasswordCheck('hunter2', server.accountPassword);
    expect(check._).toBe('inputCheckPasswordSRP');
    expect(check.srp_id).toBe('777');
    expect(check.A).toHaveLength(256);
    expect(Buffer.from(check.M1).toString('hex')).toBe(Buffer.from(server.expectedM1(check.A)).toString('hex'));
  });

  it('a wrong password gives another M1', async () => {
    const server = serverFor('right');
    const check = await computePasswordCheck('wrong', server.accountPassword);
    expect(Buffer.from(check.M1).equals(Buffer.from(server.expectedM1(check.A)))).toBe(false);
  });

  it('pads A to 256 bytes when g^a is short: ours passes, the library fails (the defect)', async () => {
    const server = serverFor('pässwörd');
    const a = shortA();
    const fixedA = (length: number) => (length === 256 ? a.slice() : new Uint8Array(randomBytes(length)));

    const ours = await computePasswordCheck('pässwörd', server.accountPassword, {
      ...webCryptoSrpDeps,
      randomBytes: fixedA,
    });
    expect(ours.A).toHaveLength(256);
    expect(ours.A[0]).toBe(0);
    expect(Buffer.from(ours.M1).equals(Buffer.from(server.expectedM1(ours.A)))).toBe(true);

    const library = new Crypto({ SHA1, SHA256, PBKDF2, getRandomBytes: fixedA });
    const algo = server.accountPassword.current_algo as { salt1: Uint8Array; salt2: Uint8Array; p: Uint8Array };
    const theirs = await library.getSRPParams({
      g: 3,
      p: algo.p,
      salt1: algo.salt1,
      salt2: algo.salt2,
      gB: bytes256(server.gB),
      password: 'pässwörd',
    });
    expect(theirs.A.length).toBeLessThan(256);
    expect(Buffer.from(theirs.M1).equals(Buffer.from(server.expectedM1(theirs.A)))).toBe(false);
  });

  it('refuses accounts without a password and bad server values, with typed errors', async () => {
    const server = serverFor('x');
    await expect(computePasswordCheck('x', { ...server.accountPassword, has_password: false })).rejects.toBeInstanceOf(
      SrpError,
    );
    await expect(computePasswordCheck('x', { ...server.accountPassword, srp_B: bytes256(1n) })).rejects.toMatchObject({
      reason: 'BAD_SERVER_VALUES',
    });
  });

  it('refuses a p that is not a safe prime, or a g that does not generate its big subgroup, before using the password', async () => {
    const server = serverFor('x');
    const algo = server.accountPassword.current_algo as {
      _: 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow';
      salt1: Uint8Array;
      salt2: Uint8Array;
      g: number;
      p: Uint8Array;
    };
    const withAlgo = (change: Partial<typeof algo>) => ({
      ...server.accountPassword,
      current_algo: { ...algo, ...change },
    });
    let hashed = 0;
    const counting = {
      ...webCryptoSrpDeps,
      pbkdf2Sha512: (...args: Parameters<typeof webCryptoSrpDeps.pbkdf2Sha512>) => {
        hashed++;
        return webCryptoSrpDeps.pbkdf2Sha512(...args);
      },
    };
    await expect(computePasswordCheck('x', withAlgo({ p: bytes256(p + 2n) }), counting)).rejects.toMatchObject({
      reason: 'BAD_SERVER_VALUES',
      message: expect.stringMatching(/P_NOT_SAFE_PRIME|G_NOT_GENERATOR/) as unknown,
    });
    // Telegram's prime is 2 mod 3 but 3 mod 8: g = 2 would not generate the subgroup of order (p-1)/2.
    await expect(computePasswordCheck('x', withAlgo({ g: 2 }), counting)).rejects.toMatchObject({
      message: expect.stringContaining('G_NOT_GENERATOR') as unknown,
    });
    expect(hashed).toBe(0);
  });
});
