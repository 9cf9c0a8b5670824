// Telegram's 2FA password math (core.telegram.org/api/srp), server side: the stored verifier v = g^x mod p, the
// ephemeral B = k·v + g^b, and the check of the client's M1. Algorithm
// passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow with g = 3 and Telegram's 2048-bit prime.
import crypto from 'node:crypto';
import type { PasswordSettings } from './users';

export const SRP_G = 3;
export const SRP_P_HEX =
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c37' +
  '20fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4' +
  'a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418f' +
  'c15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b';
export const SRP_P_BYTES = new Uint8Array(Buffer.from(SRP_P_HEX, 'hex'));
const P = BigInt('0x' + SRP_P_HEX);
const G = BigInt(SRP_G);
const PBKDF2_ITERATIONS = 100_000; // fixed by the algorithm's name; clients always use it

const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

export function bytesToBig(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt('0x' + Buffer.from(b).toString('hex'));
}

/** Big-endian, left-padded to `len` bytes (SRP numbers are always 256 bytes on the wire and in hashes). */
export function bigToBytes(n: bigint, len = 256): Uint8Array {
  const hex = n.toString(16).padStart(len * 2, '0');
  if (hex.length > len * 2) throw new Error(`bigToBytes: number does not fit in ${len} bytes`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = ((base % mod) + mod) % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

/** PH2(password, salt1, salt2): the password hash x, as the client computes it. */
export function passwordHash(password: string, salt1: Uint8Array, salt2: Uint8Array): Uint8Array {
  const sh = (data: Uint8Array, salt: Uint8Array) => sha256(salt, data, salt);
  const ph1 = sh(sh(new TextEncoder().encode(password), salt1), salt2);
  const kdf = new Uint8Array(crypto.pbkdf2Sync(ph1, salt1, PBKDF2_ITERATIONS, 64, 'sha512'));
  return sh(kdf, salt2);
}

/** Fresh salts and the verifier for `password`; the password itself is not kept. */
export function makePasswordSettings(password: string, hint: string): PasswordSettings {
  const salt1 = new Uint8Array(crypto.randomBytes(40));
  const salt2 = new Uint8Array(crypto.randomBytes(16));
  const x = bytesToBig(passwordHash(password, salt1, salt2));
  return { salt1, salt2, verifier: bigToBytes(modPow(G, x, P)), hint };
}

const K = bytesToBig(sha256(SRP_P_BYTES, bigToBytes(G)));

export interface SrpServerSession {
  b: bigint;
  B: Uint8Array; // 256 bytes, sent as srp_B
}

export function srpServerStart(verifier: Uint8Array): SrpServerSession {
  const v = bytesToBig(verifier);
  for (let attempt = 0; attempt < 16; attempt++) {
    const b = bytesToBig(new Uint8Array(crypto.randomBytes(256))) % P;
    const B = (K * v + modPow(G, b, P)) % P;
    if (B > 1n && B < P - 1n) return { b, B: bigToBytes(B) };
  }
  throw new Error('srpServerStart: could not pick a valid B');
}

/** True when M1 proves knowledge of the password behind `pwd.verifier` for this session. */
export function srpCheck(
  pwd: PasswordSettings,
  session: SrpServerSession,
  Abytes: Uint8Array,
  M1: Uint8Array,
): boolean {
  const A = bytesToBig(Abytes);
  if (A <= 1n || A >= P - 1n) return false;
  const Apad = bigToBytes(A);
  const u = bytesToBig(sha256(Apad, session.B));
  if (u === 0n) return false;
  const v = bytesToBig(pwd.verifier);
  const S = modPow((A * modPow(v, u, P)) % P, session.b, P);
  const Kserver = sha256(bigToBytes(S));
  const hp = sha256(SRP_P_BYTES);
  const hg = sha256(bigToBytes(G));
  const xor = hp.map((byte, i) => byte ^ hg[i]);
  const expected = sha256(xor, sha256(pwd.salt1), sha256(pwd.salt2), Apad, session.B, Kserver);
  return M1.length === expected.length && crypto.timingSafeEqual(M1, expected);
}
