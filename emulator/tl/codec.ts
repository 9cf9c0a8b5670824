// Generic TL codec driven by the schema table (emulator/tl/schema.ts). No per-constructor code.
//
// Object representation on the server:
//   { _: 'user', id: 42n, first_name: 'A', self: true, ... }   snake_case fields as in the schema
//   long → bigint (decoded signed; encode accepts any bigint in [-2^63, 2^64), also number / decimal string)
//   int, double → number; int128/int256/bytes → Uint8Array; string → string; Bool → boolean; `true` flags → boolean
//   (always present on decode); Vector → array; absent conditional fields → undefined (omitted on decode);
//   `flags` / `flags2` fields are computed on encode and omitted on decode.
// gzip_packed is unpacked transparently wherever a boxed object is read.
import { gunzipSync } from 'node:zlib';
import {
  BOOL_FALSE_ID,
  BOOL_TRUE_ID,
  VECTOR_ID,
  getSchema,
  type TlCombinator,
  type TlParam,
  type TlSchema,
  type TlType,
} from './schema';

export type TlValue = number | bigint | string | boolean | Uint8Array | TlObject | TlValue[] | null | undefined;
export interface TlObject {
  _: string;
  [field: string]: TlValue;
}

export const GZIP_PACKED_ID = 0x3072cfa1;

export class TlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Primitive writer / reader

export class TlWriter {
  private buf: Uint8Array;
  private view: DataView;
  offset = 0;

  constructor(initialSize = 256) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    if (this.offset + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.offset + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.offset));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** 32-bit integer; accepts signed and unsigned values. */
  int(v: number): void {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) throw new TlError(`not a 32-bit integer: ${v}`);
    this.ensure(4);
    this.view.setUint32(this.offset, v >>> 0, true);
    this.offset += 4;
  }

  uint(v: number): void {
    this.int(v);
  }

  long(v: bigint | number | string): void {
    let b: bigint;
    try {
      b = typeof v === 'bigint' ? v : BigInt(v);
    } catch {
      throw new TlError(`not a 64-bit integer: ${String(v)}`);
    }
    if (b < -(1n << 63n) || b >= 1n << 64n) throw new TlError(`not a 64-bit integer: ${b}`);
    this.ensure(8);
    this.view.setBigUint64(this.offset, BigInt.asUintN(64, b), true);
    this.offset += 8;
  }

  double(v: number): void {
    if (typeof v !== 'number') throw new TlError(`not a number: ${String(v)}`);
    this.ensure(8);
    this.view.setFloat64(this.offset, v, true);
    this.offset += 8;
  }

  int128(v: Uint8Array): void {
    this.fixed(v, 16);
  }

  int256(v: Uint8Array): void {
    this.fixed(v, 32);
  }

  private fixed(v: Uint8Array, n: number): void {
    if (!(v instanceof Uint8Array) || v.length !== n) throw new TlError(`expected ${n} bytes`);
    this.raw(v);
  }

  /** TL `bytes` (length prefix, padding to 4). */
  bytes(v: Uint8Array | string): void {
    const data = typeof v === 'string' ? new TextEncoder().encode(v) : v;
    if (!(data instanceof Uint8Array)) throw new TlError('expected bytes');
    const len = data.length;
    if (len > 0xffffff) throw new TlError(`bytes too long: ${len}`);
    const header = len <= 253 ? 1 : 4;
    const total = header + len;
    const padded = (total + 3) & ~3;
    this.ensure(padded);
    if (len <= 253) {
      this.buf[this.offset] = len;
    } else {
      this.buf[this.offset] = 254;
      this.buf[this.offset + 1] = len & 0xff;
      this.buf[this.offset + 2] = (len >> 8) & 0xff;
      this.buf[this.offset + 3] = (len >> 16) & 0xff;
    }
    this.buf.set(data, this.offset + header);
    this.buf.fill(0, this.offset + total, this.offset + padded);
    this.offset += padded;
  }

  string(v: string | Uint8Array): void {
    if (typeof v !== 'string' && !(v instanceof Uint8Array)) throw new TlError(`not a string: ${String(v)}`);
    this.bytes(v);
  }

  bool(v: boolean): void {
    if (typeof v !== 'boolean') throw new TlError(`not a boolean: ${String(v)}`);
    this.int(v ? BOOL_TRUE_ID : BOOL_FALSE_ID);
  }

  raw(v: Uint8Array): void {
    this.ensure(v.length);
    this.buf.set(v, this.offset);
    this.offset += v.length;
  }

  /** A copy of what was written. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.offset);
  }
}

/**
 * How many bytes gzip_packed may still inflate to, shared by a reader and every reader made from what it inflated
 * (so a container of many small bombs is bounded as one). `'refused'`: gzip_packed is an error here (the handshake).
 */
export type InflateBudget = { remaining: number } | 'refused';

/** The default budget of one reader: what the transport's largest packet (4 MiB) could carry unpacked. */
export const MAX_INFLATED_BYTES = 4 * 1024 * 1024;

export class TlReader {
  readonly data: Uint8Array;
  private readonly view: DataView;
  offset: number;
  readonly end: number;
  readonly inflate: InflateBudget;

  constructor(
    data: Uint8Array,
    offset = 0,
    end = data.length,
    inflate: InflateBudget = { remaining: MAX_INFLATED_BYTES },
  ) {
    this.data = data;
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.offset = offset;
    this.end = end;
    this.inflate = inflate;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number): void {
    if (this.offset + n > this.end) throw new TlError(`unexpected end of data at ${this.offset} (+${n} > ${this.end})`);
  }

  int(): number {
    this.need(4);
    const v = this.view.getInt32(this.offset, true);
    this.offset += 4;
    return v;
  }

  uint(): number {
    this.need(4);
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  long(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.offset, true);
    this.offset += 8;
    return v;
  }

  double(): number {
    this.need(8);
    const v = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return v;
  }

  int128(): Uint8Array {
    return this.raw(16);
  }

  int256(): Uint8Array {
    return this.raw(32);
  }

  raw(n: number): Uint8Array {
    this.need(n);
    const v = this.data.slice(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  bytes(): Uint8Array {
    this.need(1);
    let len = this.data[this.offset];
    let header = 1;
    if (len === 254) {
      this.need(4);
      len = this.data[this.offset + 1] | (this.data[this.offset + 2] << 8) | (this.data[this.offset + 3] << 16);
      header = 4;
    } else if (len === 255) {
      throw new TlError(`invalid bytes length prefix 255 at ${this.offset}`);
    }
    const padded = (header + len + 3) & ~3;
    this.need(padded);
    const v = this.data.slice(this.offset + header, this.offset + header + len);
    this.offset += padded;
    return v;
  }

  string(): string {
    return new TextDecoder().decode(this.bytes());
  }

  bool(): boolean {
    const id = this.uint();
    if (id === BOOL_TRUE_ID) return true;
    if (id === BOOL_FALSE_ID) return false;
    throw new TlError(`expected Bool, got constructor ${hex(id)}`);
  }
}

/** The reader over what a gzip_packed held, charged to (and sharing) the outer reader's budget. */
function unpacked(outer: TlReader): TlReader {
  const budget = outer.inflate;
  if (budget === 'refused') throw new TlError('gzip_packed is not accepted here');
  const data = outer.bytes();
  let out: Buffer;
  try {
    // zlib stops as soon as the output would pass the limit, so a bomb costs at most the budget
    out = gunzipSync(data, { maxOutputLength: Math.max(1, budget.remaining) });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new TlError(`gzip_packed inflates past the ${MAX_INFLATED_BYTES}-byte limit`);
    }
    throw new TlError('bad gzip_packed data');
  }
  budget.remaining -= out.length;
  if (budget.remaining < 0) throw new TlError(`gzip_packed inflates past the ${MAX_INFLATED_BYTES}-byte limit`);
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  return new TlReader(bytes, 0, bytes.length, budget);
}

function hex(id: number): string {
  return (id >>> 0).toString(16).padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------------------------
// Schema-driven encoding

function describe(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
  if (Array.isArray(v)) return `array(${v.length})`;
  if (v && typeof v === 'object' && '_' in v) return `{_: ${String((v as TlObject)._)}}`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function withPath<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof TlError) {
      e.message = `${path}: ${e.message}`;
    }
    throw e;
  }
}

/** Constructor or function by name (an object's `_`). */
function combinatorByName(schema: TlSchema, name: string): TlCombinator | undefined {
  return schema.constructorsByName.get(name) ?? schema.functionsByName.get(name);
}

function flagPresent(p: TlParam, v: TlValue): boolean {
  if (p.parsed.kind === 'true') return v !== undefined && v !== null && v !== false;
  return v !== undefined && v !== null;
}

/** Write a combinator's id (unless bare) and its fields. */
export function writeCombinator(w: TlWriter, c: TlCombinator, obj: TlObject, bare = false, schema = getSchema()): void {
  if (!bare) w.uint(c.id);
  // compute flag words
  let flagValues: Record<string, number> | undefined;
  for (const p of c.params) {
    if (p.flag && flagPresent(p, obj[p.name])) {
      flagValues ??= {};
      flagValues[p.flag.field] = (flagValues[p.flag.field] ?? 0) | (1 << p.flag.bit);
    }
  }
  for (const p of c.params) {
    if (p.parsed.kind === '#') {
      w.uint((flagValues?.[p.name] ?? 0) >>> 0);
      continue;
    }
    if (p.flag) {
      const set = ((flagValues?.[p.flag.field] ?? 0) >>> p.flag.bit) & 1;
      if (!set || p.parsed.kind === 'true') continue;
      if (obj[p.name] === undefined || obj[p.name] === null) {
        throw new TlError(
          `${c.name}.${p.name} is required: ${p.flag.field}.${p.flag.bit} is set by another field sharing the bit`,
        );
      }
    }
    const v = obj[p.name];
    withPath(`${c.name}.${p.name}`, () => writeValue(w, p.parsed, v, schema));
  }
}

/** Write a boxed (or, with `bare`, bare) object by its `_`. Functions are objects too (`{_: 'help.getConfig'}`). */
export function writeObject(
  w: TlWriter,
  obj: TlObject,
  bare = false,
  schema = getSchema(),
  expectedType?: string,
): void {
  if (!obj || typeof obj !== 'object' || typeof obj._ !== 'string')
    throw new TlError(`expected a TL object, got ${describe(obj)}`);
  const c = combinatorByName(schema, obj._);
  if (!c) throw new TlError(`unknown constructor ${obj._}`);
  if (expectedType !== undefined && c.type !== expectedType && !(c.kind === 'constructor' && c.name === 'gzip_packed'))
    throw new TlError(`${obj._} is a ${c.type}, expected ${expectedType}`);
  writeCombinator(w, c, obj, bare, schema);
}

function resolveBare(schema: TlSchema, name: string): TlCombinator {
  const c = schema.constructorsByName.get(name);
  if (c) return c;
  const list = schema.constructorsByType.get(name);
  if (list && list.length === 1) return list[0];
  throw new TlError(`cannot resolve bare type ${name}`);
}

export function writeValue(w: TlWriter, t: TlType, v: TlValue, schema = getSchema()): void {
  switch (t.kind) {
    case 'int':
    case '#':
      if (typeof v !== 'number') throw new TlError(`expected int, got ${describe(v)}`);
      return w.int(v);
    case 'long':
      if (typeof v !== 'bigint' && typeof v !== 'number' && typeof v !== 'string')
        throw new TlError(`expected long, got ${describe(v)}`);
      return w.long(v);
    case 'double':
      if (typeof v !== 'number') throw new TlError(`expected double, got ${describe(v)}`);
      return w.double(v);
    case 'int128':
    case 'int256':
      if (!(v instanceof Uint8Array)) throw new TlError(`expected ${t.kind} bytes, got ${describe(v)}`);
      return t.kind === 'int128' ? w.int128(v) : w.int256(v);
    case 'string':
    case 'bytes':
      if (typeof v !== 'string' && !(v instanceof Uint8Array))
        throw new TlError(`expected ${t.kind}, got ${describe(v)}`);
      return w.bytes(v);
    case 'Bool':
      if (typeof v !== 'boolean') throw new TlError(`expected Bool, got ${describe(v)}`);
      return w.bool(v);
    case 'true':
      return;
    case 'vector': {
      if (!Array.isArray(v)) throw new TlError(`expected a vector, got ${describe(v)}`);
      if (!t.bare) w.uint(VECTOR_ID);
      w.int(v.length);
      for (let i = 0; i < v.length; i++) {
        const item = v[i];
        withPath(`[${i}]`, () => writeValue(w, t.of, item, schema));
      }
      return;
    }
    case 'object': {
      if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array)
        throw new TlError(`expected ${t.name}, got ${describe(v)}`);
      const obj = v;
      if (t.bare) {
        const c = resolveBare(schema, t.name);
        if (obj._ !== undefined && obj._ !== c.name) throw new TlError(`expected bare ${c.name}, got ${obj._}`);
        return writeCombinator(w, c, obj, true, schema);
      }
      return writeObject(w, obj, false, schema, t.name);
    }
    case 'any':
      if (typeof v === 'boolean') return w.bool(v);
      if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array)
        throw new TlError(`expected a TL object, got ${describe(v)}`);
      return writeObject(w, v, false, schema);
  }
}

/** Encode a boxed object (constructor or function call). */
export function encodeObject(obj: TlObject, schema = getSchema()): Uint8Array {
  const w = new TlWriter();
  writeObject(w, obj, false, schema);
  return w.toBytes();
}

/** Encode a value as the declared result type of a function (so `Vector<int>` is a bare-int vector, as Telegram sends). */
export function encodeResult(method: string, value: TlValue, schema = getSchema()): Uint8Array {
  const fn = schema.functionsByName.get(method);
  if (!fn) throw new TlError(`unknown method ${method}`);
  const w = new TlWriter();
  writeResult(w, fn, value, schema);
  return w.toBytes();
}

export function writeResult(w: TlWriter, fn: TlCombinator, value: TlValue, schema = getSchema()): void {
  withPath(`result of ${fn.name}`, () => writeValue(w, fn.parsedType, value, schema));
}

// ---------------------------------------------------------------------------------------------------------------
// Schema-driven decoding

export function readCombinator(r: TlReader, c: TlCombinator, schema = getSchema()): TlObject {
  const obj: TlObject = { _: c.name };
  let flagValues: Record<string, number> | undefined;
  for (const p of c.params) {
    if (p.parsed.kind === '#') {
      flagValues ??= {};
      flagValues[p.name] = r.uint();
      continue;
    }
    if (p.flag) {
      const set = (((flagValues?.[p.flag.field] ?? 0) >>> p.flag.bit) & 1) === 1;
      if (p.parsed.kind === 'true') {
        obj[p.name] = set;
        continue;
      }
      if (!set) continue;
    }
    obj[p.name] = withPath(`${c.name}.${p.name}`, () => readValue(r, p.parsed, schema));
  }
  return obj;
}

/** Read a boxed object: a constructor or a function call; gzip_packed is unpacked. */
export function decodeObject(r: TlReader, schema = getSchema()): TlObject {
  const v = readAny(r, schema);
  if (typeof v === 'boolean') throw new TlError('expected an object, got a Bool');
  return v;
}

function readAny(r: TlReader, schema: TlSchema): TlObject | boolean {
  const at = r.offset;
  const id = r.uint();
  if (id === GZIP_PACKED_ID) {
    return readAny(unpacked(r), schema);
  }
  if (id === BOOL_TRUE_ID) return true;
  if (id === BOOL_FALSE_ID) return false;
  if (id === VECTOR_ID) throw new TlError(`a vector where an object was expected, at ${at}`);
  const c = schema.constructorsById.get(id) ?? schema.functionsById.get(id);
  if (!c) throw new TlError(`unknown constructor ${hex(id)} at ${at}`);
  return readCombinator(r, c, schema);
}

export function readValue(r: TlReader, t: TlType, schema = getSchema()): TlValue {
  switch (t.kind) {
    case 'int':
    case '#':
      return r.int();
    case 'long':
      return r.long();
    case 'double':
      return r.double();
    case 'int128':
      return r.int128();
    case 'int256':
      return r.int256();
    case 'string':
      return r.string();
    case 'bytes':
      return r.bytes();
    case 'Bool':
      return r.bool();
    case 'true':
      return true;
    case 'vector': {
      if (!t.bare) {
        const id = r.uint();
        if (id === GZIP_PACKED_ID) return readValue(unpacked(r), t, schema);
        if (id !== VECTOR_ID) throw new TlError(`expected vector, got ${hex(id)}`);
      }
      const n = r.int();
      if (n < 0 || n > r.remaining) throw new TlError(`bad vector length ${n}`);
      const out = new Array<TlValue>(n);
      for (let i = 0; i < n; i++) out[i] = readValue(r, t.of, schema);
      return out;
    }
    case 'object': {
      if (t.bare) return readCombinator(r, resolveBare(schema, t.name), schema);
      const v = readAny(r, schema);
      if (typeof v === 'boolean') throw new TlError(`expected ${t.name}, got Bool`);
      const c = combinatorByName(schema, v._);
      if (c && c.type !== t.name) throw new TlError(`expected ${t.name}, got ${v._} (${c.type})`);
      return v;
    }
    case 'any':
      return readAny(r, schema);
  }
}

/** Decode a function's result (a client-side need; also used by tests). */
export function decodeResult(method: string, r: TlReader, schema = getSchema()): TlValue {
  const fn = schema.functionsByName.get(method);
  if (!fn) throw new TlError(`unknown method ${method}`);
  return readValue(r, fn.parsedType, schema);
}

/** Decode a whole buffer holding one boxed object. */
export function decodeBytes(data: Uint8Array, schema = getSchema()): TlObject {
  return decodeObject(new TlReader(data), schema);
}
