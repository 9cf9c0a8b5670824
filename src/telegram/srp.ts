// 2FA password check (core.telegram.org/api/srp) computed by us: @mtproto/core's getSRPParams leaves A and S unpadded
// (dependency-facts defect 2), so ~1 in 200 attempts fails. Every 2048-bit value here is hashed as exactly 256 bytes.
import type { AccountPassword, InputCheckPasswordSRP } from './tl/api.generated';
import { bigIntToBytes, bytesToBigInt, concatBytes, modPow, xorBytes } from './bigMath';
import { dhGroupProblem } from './dhPrime';

export type SrpErrorReason = 'NO_PASSWORD' | 'UNKNOWN_ALGO' | 'BAD_SERVER_VALUES';

export class SrpError extends Error {
  constructor(
    readonly reason: SrpErrorReason,
    detail: string,
  ) {
    super(`SRP: ${detail}`);
    this.name = 'SrpError';
  }
}

export interface SrpDeps {
  randomBytes(length: number): Uint8Array;
  sha256: (data: Uint8Array) => Promise<Uint8Array>;
  pbkdf2Sha512(password: Uint8Array, salt: Uint8Array, iterations: number): Promise<Uint8Array>;
}

const subtle = () => globalThis.crypto.subtle;
// WebCrypto's typings want ArrayBuffer-backed views; copying makes that true whatever backs the input.
const own = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

export const webCryptoSrpDeps: SrpDeps = {
  randomBytes: (length) => globalThis.crypto.getRandomValues(new Uint8Array(length)),
  sha256: async (data) => new Uint8Array(await subtle().digest('SHA-256', own(data))),
  pbkdf2Sha512: async (password, salt, iterations) => {
    const key = await subtle().importKey('raw', own(password), { name: 'PBKDF2' }, false, ['deriveBits']);
    return new Uint8Array(
      await subtle().deriveBits({ name: 'PBKDF2', hash: 'SHA-512', salt: own(salt), iterations }, key, 512),
    );
  },
};

const SIZE = 256;

function inSafeRange(value: bigint, p: bigint): boolean {
  const margin = 1n << BigInt(2048 - 64);
  return value > 1n && value < p - 1n && value >= margin && value <= p - margin;
}

/** The password hash x of the SRP scheme (PH2 in Telegram's description). */
export async function passwordHash(
  password: string,
  salt1: Uint8Array,
  salt2: Uint8Array,
  deps: SrpDeps = webCryptoSrpDeps,
): Promise<Uint8Array> {
  const sh = (data: Uint8Array, salt: Uint8Array) => deps.sha256(concatBytes(salt, data, salt));
  const ph1 = await sh(await sh(new TextEncoder().encode(password), salt1), salt2);
  return sh(await deps.pbkdf2Sha512(ph1, salt1, 100_000), salt2);
}

export async function computePasswordCheck(
  password: string,
  accountPassword: AccountPassword,
  deps: SrpDeps = webCryptoSrpDeps,
): Promise<InputCheckPasswordSRP> {
  const algo = accountPassword.current_algo;
  const srpB = accountPassword.srp_B;
  const srpId = accountPassword.srp_id;
  if (!accountPassword.has_password || !algo || !srpB || srpId === undefined) {
    throw new SrpError('NO_PASSWORD', 'the account has no password set');
  }
  if (algo._ !== 'passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow') {
    throw new SrpError('UNKNOWN_ALGO', `unsupported password algorithm ${algo._}`);
  }
  const H = deps.sha256;
  const p = bytesToBigInt(algo.p);
  const g = BigInt(algo.g);
  const gB = bytesToBigInt(srpB);
  if (algo.p.length !== SIZE || g < 2n || g > 7n)
    throw new SrpError('BAD_SERVER_VALUES', 'p must be 2048-bit and g in 2..7');
  // A p that is not a safe prime, or a g that does not generate the big subgroup, would leak the password to the server.
  const groupProblem = dhGroupProblem(p, g);
  if (groupProblem) throw new SrpError('BAD_SERVER_VALUES', `unsafe p / g (${groupProblem})`);
  if (!inSafeRange(gB, p)) throw new SrpError('BAD_SERVER_VALUES', 'srp_B out of range');

  const pBytes = bigIntToBytes(p, SIZE);
  const gBytes = bigIntToBytes(g, SIZE);
  const gBBytes = bigIntToBytes(gB, SIZE);
  const x = bytesToBigInt(await passwordHash(password, algo.salt1, algo.salt2, deps));
  const k = bytesToBigInt(await H(concatBytes(pBytes, gBytes)));
  const v = modPow(g, x, p);
  const kv = (k * v) % p;

  // A fresh `a` until g^a is in the safe range and u ≠ 0; each try fails with probability ~2^-63, so 16 is plenty.
  for (let attempt = 0; attempt < 16; attempt++) {
    const a = bytesToBigInt(deps.randomBytes(SIZE));
    const gA = modPow(g, a, p);
    if (!inSafeRange(gA, p)) continue;
    const gABytes = bigIntToBytes(gA, SIZE);
    const u = bytesToBigInt(await H(concatBytes(gABytes, gBBytes)));
    if (u === 0n) continue;
    const t = (((gB - kv) % p) + p) % p;
    const sA = modPow(t, a + u * x, p);
    const kA = await H(bigIntToBytes(sA, SIZE));
    const m1 = await H(
      concatBytes(
        xorBytes(await H(pBytes), await H(gBytes)),
        await H(algo.salt1),
        await H(algo.salt2),
        gABytes,
        gBBytes,
        kA,
      ),
    );
    return { _: 'inputCheckPasswordSRP', srp_id: srpId, A: gABytes, M1: m1 };
  }
  throw new SrpError('BAD_SERVER_VALUES', 'could not pick a valid a');
}
