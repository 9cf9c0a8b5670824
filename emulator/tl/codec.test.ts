import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  TlError,
  TlReader,
  TlWriter,
  decodeBytes,
  decodeObject,
  decodeResult,
  encodeObject,
  encodeResult,
  type TlValue,
} from './codec';
import { getSchema, type TlCombinator } from './schema';
import { ValueGenerator } from './testValues';

const require = createRequire(import.meta.url);
// @mtproto/core's own serializer / deserializer (CommonJS)
const Serializer = require('@mtproto/core/src/tl/serializer') as new (
  fn: unknown,
  params: unknown,
) => {
  getBytes(): Uint8Array;
};
const Deserializer = require('@mtproto/core/src/tl/deserializer') as new (buffer: ArrayBuffer) => {
  predicate(): Record<string, unknown>;
  offset: number;
};
const parserMap = require('@mtproto/core/src/tl/parser') as Map<number, unknown>;
const builderMap = require('@mtproto/core/src/tl/builder') as Record<string, unknown>;

const schema = getSchema();
const all = [...schema.constructors, ...schema.functions];

/** Our representation → what @mtproto/core's builder takes (unsigned decimal longs, mt_ names). */
function toMtprotoCore(v: TlValue): unknown {
  if (typeof v === 'bigint') return BigInt.asUintN(64, v).toString();
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return v.map(toMtprotoCore);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = k === '_' ? coreName(x as string) : toMtprotoCore(x);
    return out;
  }
  return v;
}

function coreName(name: string): string {
  if (name in builderMap && (name.startsWith('mt_') || schema.constructorsByName.get(name)?.section !== 'mtproto'))
    return name;
  return 'mt_' + name;
}

describe('TlWriter / TlReader', () => {
  it('primitives round-trip', () => {
    const w = new TlWriter(4);
    w.int(-5);
    w.int(0xffffffff);
    w.long(-2n);
    w.long(0xffffffffffffffffn);
    w.long('123');
    w.double(1.5);
    w.bytes(new Uint8Array(300).fill(7));
    w.string('héllo');
    w.bool(true);
    w.int128(new Uint8Array(16).fill(1));
    const r = new TlReader(w.toBytes());
    expect(r.int()).toBe(-5);
    expect(r.int()).toBe(-1);
    expect(r.long()).toBe(-2n);
    expect(r.long()).toBe(-1n);
    expect(r.long()).toBe(123n);
    expect(r.double()).toBe(1.5);
    expect(r.bytes()).toEqual(new Uint8Array(300).fill(7));
    expect(r.string()).toBe('héllo');
    expect(r.bool()).toBe(true);
    expect(r.int128()).toEqual(new Uint8Array(16).fill(1));
    expect(r.remaining).toBe(0);
  });

  it('bytes framing: short and long forms, padded to 4', () => {
    for (const n of [0, 1, 2, 3, 4, 253, 254, 255, 1000, 70000]) {
      const w = new TlWriter();
      w.bytes(new Uint8Array(n).fill(9));
      const out = w.toBytes();
      expect(out.length % 4).toBe(0);
      expect(out.length).toBe((n <= 253 ? 1 + n + 3 : 4 + n + 3) & ~3);
      expect(new TlReader(out).bytes().length).toBe(n);
    }
  });

  it('rejects out-of-range values and truncated input', () => {
    expect(() => new TlWriter().int(2 ** 32)).toThrow(TlError);
    expect(() => new TlWriter().long(1n << 64n)).toThrow(TlError);
    expect(() => new TlReader(new Uint8Array(3)).int()).toThrow(TlError);
    expect(() => decodeBytes(new Uint8Array([1, 2, 3, 4]))).toThrow(/unknown constructor/);
  });
});

describe('codec over the whole schema', () => {
  it('has no id shared by a constructor and a function', () => {
    for (const f of schema.functions) expect(schema.constructorsById.get(f.id), f.name).toBeUndefined();
  });

  it('round-trips every constructor and function with generated values', () => {
    let count = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const gen = new ValueGenerator(schema, seed * 7919, { allFlags: seed % 3 === 0 });
      for (const c of all) {
        if (c.name === 'gzip_packed') continue; // unpacked on read: tested below
        const obj = gen.object(c);
        const bytes = encodeObject(obj);
        const r = new TlReader(bytes);
        const back = decodeObject(r);
        expect(r.remaining, c.name).toBe(0);
        expect(back, c.name).toEqual(obj);
        count++;
      }
    }
    expect(count).toBe((all.length - 1) * 6);
  });

  it('encodes byte-for-byte like @mtproto/core builder, and its parser reads our bytes back', () => {
    const skipped: string[] = [];
    const extraTrueFlags = new Set<string>();
    let compared = 0;
    for (let seed = 1; seed <= 3; seed++) {
      const gen = new ValueGenerator(schema, seed, { compatible: true, allFlags: true });
      for (const c of all) {
        const fn = builderMap[coreName(c.name)];
        if (!fn) {
          skipped.push(c.name);
          continue;
        }
        const obj = gen.object(c);
        if (needsBareSupport(c)) {
          skipped.push(c.name);
          continue;
        }
        const ours = encodeObject(obj);
        const theirs = new Serializer(fn, toMtprotoCore(obj)).getBytes();
        expect(Buffer.from(ours).toString('hex'), c.name).toBe(Buffer.from(theirs).toString('hex'));
        // (its parser reads constructors only: skip those our generator fills with a function call)
        const holdsCall = c.params.some((p) => p.parsed.kind === 'any');
        if (
          c.kind === 'constructor' &&
          !['null', 'gzip_packed'].includes(c.name) &&
          parserMap.has(c.id) &&
          !holdsCall
        ) {
          const d = new Deserializer(ours.slice().buffer);
          const parsed = d.predicate();
          expect(d.offset, c.name).toBe(ours.length);
          const expected = toMtprotoCore(obj);
          expect(dropExtraFalse(parsed, expected, extraTrueFlags), c.name).toEqual(expected);
        }
        compared++;
      }
    }
    // @mtproto/core has no builder for these (newer / non-API lines), or writes bare vectors boxed
    expect([...new Set(skipped)].sort()).toEqual(
      [
        'accessPointRule',
        'future_salts',
        'help.configSimple',
        'ipPort',
        'ipPortSecret',
        'messages.getAllChats',
        'msg_container',
        'tlsBlockDomain',
        'tlsBlockGrease',
        'tlsBlockPublicKey',
        'tlsBlockRandom',
        'tlsBlockScope',
        'tlsBlockString',
        'tlsBlockZero',
        'tlsClientHello',
      ].sort(),
    );
    expect(compared).toBeGreaterThan(1600 * 3);
    // `true` flags do not change a constructor's id: @mtproto/core's parser knows one that telegram@2.17.10's schema lacks
    expect([...extraTrueFlags]).toEqual(['messagePeerReaction.my']);
  });

  it('Vector<int> / Vector<long> results are bare-element vectors, as Telegram sends them', () => {
    const bytes = encodeResult('phone.checkGroupCall', [111, 222]);
    expect(Buffer.from(bytes).toString('hex')).toBe('15c4b51c020000006f000000de000000');
    expect(decodeResult('phone.checkGroupCall', new TlReader(bytes))).toEqual([111, 222]);
    const longs = encodeResult('photos.deletePhotos', [1n, -1n]);
    expect(Buffer.from(longs).toString('hex')).toBe('15c4b51c020000000100000000000000ffffffffffffffff');
    expect(decodeResult('photos.deletePhotos', new TlReader(longs))).toEqual([1n, -1n]);
    expect(() => encodeResult('phone.checkGroupCall', [1.5])).toThrow(TlError);
  });

  it('Bool and object results; type mismatches are reported with a path', () => {
    expect(Buffer.from(encodeResult('account.updateStatus', true)).toString('hex')).toBe('b5757299');
    expect(() => encodeResult('help.getConfig', { _: 'user', id: 1n })).toThrow(/user is a User, expected Config/);
    expect(() => encodeObject({ _: 'inputPeerUser', user_id: 1n })).toThrow(/inputPeerUser\.access_hash/);
    expect(() => encodeObject({ _: 'updateShort', update: { _: 'updateUserName', user_id: 5n }, date: 1 })).toThrow(
      /updateShort\.update: updateUserName\.first_name/,
    );
  });

  it('a field that shares its flag bit with a `true` flag is required', () => {
    // user: bot:flags.14?true … bot_info_version:flags.14?int
    expect(() => encodeObject({ _: 'user', id: 1n, bot: true })).toThrow(/bot_info_version is required/);
    const back = decodeBytes(encodeObject({ _: 'user', id: 1n, bot: true, bot_info_version: 3 }));
    expect(back.bot).toBe(true);
    expect(back.bot_info_version).toBe(3);
  });

  it('flags2 and absent conditional fields', () => {
    const back = decodeBytes(encodeObject({ _: 'user', id: 7n, bot_can_edit: true, first_name: 'A' }));
    expect(back).toMatchObject({ _: 'user', id: 7n, bot_can_edit: true, self: false, first_name: 'A' });
    expect('last_name' in back).toBe(false);
    expect('flags' in back).toBe(false);
  });

  it('unpacks gzip_packed wherever a boxed object or vector is read', () => {
    const inner = encodeObject({ _: 'help.getConfig' });
    const w = new TlWriter();
    w.uint(0x3072cfa1);
    w.bytes(gzipSync(inner));
    expect(decodeBytes(w.toBytes())).toEqual({ _: 'help.getConfig' });
    const vec = encodeResult('phone.checkGroupCall', [5]);
    const w2 = new TlWriter();
    w2.uint(0x3072cfa1);
    w2.bytes(gzipSync(vec));
    expect(decodeResult('phone.checkGroupCall', new TlReader(w2.toBytes()))).toEqual([5]);
  });

  it('MTProto binary `string` fields are bytes', () => {
    const pq = new Uint8Array([0x17, 0xed, 0x48, 0x94, 0x1a, 0x08, 0xf9, 0x81]);
    const obj = {
      _: 'resPQ',
      nonce: new Uint8Array(16),
      server_nonce: new Uint8Array(16),
      pq,
      server_public_key_fingerprints: [1n],
    };
    expect(decodeBytes(encodeObject(obj))).toEqual(obj);
    const err = { _: 'rpc_error', error_code: 400, error_message: 'PHONE_CODE_INVALID' };
    expect(decodeBytes(encodeObject(err))).toEqual(err);
  });
});

/** Remove flag words, and `false` flags that @mtproto/core's parser adds for fields our schema does not have (recording them). */
function dropExtraFalse(theirs: unknown, ours: unknown, seen: Set<string>): unknown {
  if (Array.isArray(theirs) && Array.isArray(ours)) return theirs.map((x, i) => dropExtraFalse(x, ours[i], seen));
  if (theirs && typeof theirs === 'object' && !(theirs instanceof Uint8Array) && ours && typeof ours === 'object') {
    const o = ours as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(theirs)) {
      if (!(k in o) && (k === 'flags' || k === 'flags2')) continue; // computed flag words
      if (!(k in o) && x === false) {
        seen.add(`${String((theirs as Record<string, unknown>)._)}.${k}`);
        continue;
      }
      out[k] = dropExtraFalse(x, o[k], seen);
    }
    return out;
  }
  return theirs;
}

/** @mtproto/core's builder writes bare vectors as boxed ones: its bytes differ from Telegram's there. */
function needsBareSupport(c: TlCombinator): boolean {
  return c.params.some((p) => p.parsed.kind === 'vector' && p.parsed.bare);
}
