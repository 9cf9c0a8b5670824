// Deterministic generator of TL values for every constructor of the schema (used by the codec tests).
import type { TlObject, TlValue } from './codec';
import type { TlCombinator, TlSchema, TlType } from './schema';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARS = ['a', 'Z', '0', ' ', 'é', 'Ж', '€', '中', '😀', '\n', '"'];

export interface GenOptions {
  /**
   * Only values @mtproto/core's builder encodes faithfully: it sets a flag bit only for truthy / non-empty values, so a
   * present conditional field is never 0, '', false or []; longs are within its range.
   */
  compatible?: boolean;
  /** at the top level, every conditional field present */
  allFlags?: boolean;
}

export class ValueGenerator {
  private readonly next: () => number;
  private readonly simplest = new Map<string, TlCombinator>();

  constructor(
    private readonly schema: TlSchema,
    seed: number,
    private readonly opts: GenOptions = {},
  ) {
    this.next = mulberry32(seed);
  }

  private int(n: number): number {
    return Math.floor(this.next() * n);
  }

  private bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }

  private length(): number {
    // mostly short, sometimes past the 253-byte short form
    const r = this.next();
    if (r < 0.1) return 254 + this.int(300);
    if (r < 0.15) return this.opts.compatible ? 1 : 0;
    return 1 + this.int(20);
  }

  private str(): string {
    const n = this.length();
    let s = '';
    for (let i = 0; i < n; i++) s += CHARS[this.int(CHARS.length)];
    return s;
  }

  /** The constructor of a type with the fewest mandatory nested objects / vectors (ends recursion). */
  private leaf(type: string): TlCombinator {
    let c = this.simplest.get(type);
    if (!c) {
      const list = this.schema.constructorsByType.get(type);
      if (!list?.length) throw new Error(`no constructors for ${type}`);
      const cost = (x: TlCombinator) =>
        x.params.filter((p) => !p.flag && (p.parsed.kind === 'object' || p.parsed.kind === 'any')).length * 10 +
        x.params.length;
      c = [...list].sort((a, b) => cost(a) - cost(b))[0];
      this.simplest.set(type, c);
    }
    return c;
  }

  value(t: TlType, depth: number, flagged = false): TlValue {
    const nonEmpty = flagged && this.opts.compatible;
    switch (t.kind) {
      case 'int':
      case '#': {
        const v = this.int(0x100000000) | 0;
        return nonEmpty && v === 0 ? 1 : v;
      }
      case 'long': {
        const v = BigInt.asIntN(64, (BigInt(this.int(0x100000000)) << 32n) | BigInt(this.int(0x100000000)));
        return nonEmpty && v === 0n ? 1n : v;
      }
      case 'double': {
        const r = this.next();
        if (r < 0.1) return 0.5;
        return nonEmpty || r > 0.2 ? (this.next() - 0.5) * 1e6 : 0;
      }
      case 'int128':
        return this.bytes(16);
      case 'int256':
        return this.bytes(32);
      case 'bytes': {
        const b = this.bytes(this.length());
        return nonEmpty && b.length === 0 ? this.bytes(1) : b;
      }
      case 'string': {
        const s = this.str();
        return nonEmpty && s === '' ? 'x' : s;
      }
      case 'Bool':
        return nonEmpty ? true : this.next() < 0.5;
      case 'true':
        return true;
      case 'vector': {
        let n = depth > 3 ? 0 : this.int(3);
        if (nonEmpty && n === 0) n = 1;
        const out: TlValue[] = [];
        for (let i = 0; i < n; i++) out.push(this.value(t.of, depth + 1));
        return out;
      }
      case 'object': {
        if (t.bare) {
          const c = this.schema.constructorsByName.get(t.name) ?? this.leaf(t.name);
          const o = this.object(c, depth + 1);
          return o;
        }
        const list = this.schema.constructorsByType.get(t.name);
        if (!list?.length) throw new Error(`no constructors for ${t.name}`);
        const c = depth > 3 ? this.leaf(t.name) : list[this.int(list.length)];
        return this.object(c, depth + 1);
      }
      case 'any':
        // a function call as the generic query (invokeWithLayer...), or any object
        return { _: 'help.getConfig' };
    }
  }

  object(c: TlCombinator, depth = 0): TlObject {
    if (depth > 40) throw new Error(`runaway recursion at ${c.name}`);
    // decide presence per flag bit: fields sharing a bit come and go together
    const present = new Map<string, boolean>();
    for (const p of c.params) {
      if (!p.flag) continue;
      const key = `${p.flag.field}.${p.flag.bit}`;
      if (!present.has(key)) {
        const on = depth === 0 && this.opts.allFlags ? true : depth > 3 ? false : this.next() < 0.5;
        present.set(key, on);
      }
    }
    const o: TlObject = { _: c.name };
    for (const p of c.params) {
      if (p.parsed.kind === '#') continue;
      if (p.flag) {
        const on = present.get(`${p.flag.field}.${p.flag.bit}`)!;
        if (p.parsed.kind === 'true') {
          o[p.name] = on;
          continue;
        }
        if (!on) continue;
        o[p.name] = this.value(p.parsed, depth, true);
      } else {
        o[p.name] = this.value(p.parsed, depth);
      }
    }
    return o;
  }
}
