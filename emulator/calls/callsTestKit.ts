// Test helper (not a test): the seeded world + API + group calls over a real werift SFU, driven directly, with a
// recorder for pushed updates, a movable clock, the seeded people signed in on keys, and a valid join JSON maker.
import { expect } from 'vitest';
import { createApi, type Api } from '../api/index';
import { apiInvoker, type Pushed } from '../api/apiTestKit';
import type { TlObject, TlValue } from '../api/types';
import type { RpcError } from '../rpcError';
import { Sfu } from '../sfu/index';
import { SEED_PEOPLE, seedWorld } from '../world/seed';
import { World } from '../world/world';
import {
  TlReader,
  decodeObject,
  decodeResult,
  encodeObject,
  encodeResult,
  type TlValue as CodecValue,
} from '../tl/codec';
import { createGroupCallsPart, type GroupCallsPart } from './callsExtension';
import type { CallMedia } from './callMedia';

export type { Pushed };

export interface CallsKit {
  world: World;
  api: Api;
  part: GroupCallsPart;
  media: CallMedia;
  pushed: Pushed[];
  clock: { now: number };
  call(authKeyId: bigint, method: string, params?: Record<string, TlValue>): Promise<TlValue>;
  fail(authKeyId: bigint, method: string, params?: Record<string, TlValue>): Promise<RpcError>;
  /** Signs seeded person `index` (0 = Alice, 1 = Bob, …) in on key `BigInt(index + 1)`; returns their user id. */
  signInSeeded(index: number): Promise<number>;
  signIn(authKeyId: bigint, phone: string): Promise<number>;
  /** Updates pushed to a key, flattened. */
  updatesPushedTo(authKeyId: bigint): TlObject[];
  /** The seeded demo channel (@tgcall_demo) as an inputPeerChannel. */
  demoPeer(): TlObject;
  /** Seeded person `index` (0 = Alice, …) as the world has them. */
  seededUser(index: number): NonNullable<ReturnType<World['users']['byPhone']>>;
  close(): Promise<void>;
}

export interface CallsKitOptions {
  dataDir?: string;
  media?: CallMedia;
  failedGraceMs?: number;
  demo?: boolean;
  clockStart?: number;
}

const FP = Array.from({ length: 32 }, (_, i) => ((i * 11 + 3) & 0xff).toString(16).padStart(2, '0').toUpperCase()).join(
  ':',
);

/** A join JSON as a browser sends it (the SFU accepts it; ICE never completes, which these tests do not need). */
export function joinJson(ssrc: number | undefined, change: Record<string, unknown> = {}): string {
  const base: Record<string, unknown> = {
    ufrag: 'Wq1x',
    pwd: 'x7Yq0v3abcdefghijklmnopq',
    fingerprints: [{ hash: 'sha-256', setup: 'active', fingerprint: FP }],
    'ssrc-groups': [],
  };
  if (ssrc !== undefined) base.ssrc = ssrc;
  return JSON.stringify({ ...base, ...change });
}

export const dataJson = (data: string): TlObject => ({ _: 'dataJSON', data });

/** The `updates` of an `updates` result. */
export const updatesOf = (r: TlValue): TlObject[] => (r as TlObject).updates as TlObject[];

/** The SFU's key of an `inputGroupCall` (its id as text), for reading what the SFU holds for that call. */
export function mediaKeyOf(call: TlObject): string {
  if (typeof call.id !== 'bigint' && typeof call.id !== 'number') throw new Error(`not a call id: ${typeof call.id}`);
  return String(call.id);
}

export function makeCallsKit(opts: CallsKitOptions = {}): Promise<CallsKit> {
  const clock = { now: opts.clockStart ?? 1_700_000_000 };
  const world = World.open(opts.dataDir ?? ':memory:', { now: () => clock.now });
  seedWorld(world);
  const media = opts.media ?? new Sfu();
  const part = createGroupCallsPart(world, { media, failedGraceMs: opts.failedGraceMs, demo: opts.demo ?? false });
  const pushed: Pushed[] = [];
  const api = createApi(world, {
    push: (authKeyId, updates) => pushed.push({ authKeyId, updates }),
    now: () => clock.now,
    extraHandlers: part.extraHandlers,
    hooks: part.hooks,
  });
  part.attach?.(api);
  const invoker = apiInvoker(api);
  const { call, fail } = invoker;
  const signIn = async (authKeyId: bigint, phone: string) =>
    Number((await invoker.signIn(authKeyId, phone, { first: 'New', last: 'Person' })).id);
  return Promise.resolve({
    world,
    api,
    part,
    media,
    pushed,
    clock,
    call,
    fail,
    signIn,
    signInSeeded: (index) => signIn(BigInt(index + 1), SEED_PEOPLE[index].phone),
    updatesPushedTo: (key) => pushed.filter((p) => p.authKeyId === key).flatMap((p) => p.updates.updates as TlObject[]),
    demoPeer: () => {
      const demo = world.channels.byUsername('tgcall_demo');
      if (!demo) throw new Error('the seeded world has no @tgcall_demo');
      return { _: 'inputPeerChannel', channel_id: BigInt(demo.id), access_hash: demo.accessHash };
    },
    seededUser: (index) => {
      const user = world.users.byPhone(SEED_PEOPLE[index].phone);
      if (!user) throw new Error(`no seeded person ${index}`);
      return user;
    },
    close: async () => {
      await part.close?.();
      if (!opts.media) await media.close();
      world.close();
    },
  });
}

/** Each field set (not undefined / false) is present and equal after an encode/decode round trip. */
function expectSubset(original: TlValue, decoded: CodecValue, at: string): void {
  if (Array.isArray(original)) {
    const d = decoded as CodecValue[];
    expect(d.length, at).toBe(original.length);
    original.forEach((v, i) => expectSubset(v, d[i], `${at}[${i}]`));
    return;
  }
  if (original !== null && typeof original === 'object' && !(original instanceof Uint8Array)) {
    const d = decoded as Record<string, CodecValue>;
    expect(d?._, at).toBe(original._);
    for (const [k, v] of Object.entries(original)) {
      if (v === undefined || v === false || k === '_') continue;
      expect(k in d, `${at}.${k} was dropped by the encoder`).toBe(true);
      expectSubset(v, d[k], `${at}.${k}`);
    }
    return;
  }
  if (typeof original === 'number' && typeof decoded === 'bigint')
    return void expect(decoded, at).toBe(BigInt(original));
  expect(decoded, at).toEqual(original);
}

/** The result encodes as the method's declared result type (layer 158) and decodes back unchanged. */
export function expectEncodesAsResult(method: string, result: TlValue): void {
  expectSubset(result, decodeResult(method, new TlReader(encodeResult(method, result))), method);
}

/** A pushed `updates` object encodes and decodes back unchanged. */
export function expectEncodes(value: TlObject): void {
  expectSubset(value, decodeObject(new TlReader(encodeObject(value))), value._);
}
