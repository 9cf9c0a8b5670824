// TL values as the server's codec hands them over (snake_case fields of the layer-158 schema) and a lossless JSON form
// for storing them in SQLite (update log, service-message actions). Shared by world/ and api/.
// The representation is the codec's own (emulator/tl/codec.ts); re-exported so world/ and api/ name one type.
import type { TlObject, TlValue } from '../tl/codec';
export type { TlObject, TlValue };

// JSON cannot carry bigint or bytes: wrap them in tagged single-key objects no TL object can look like (no `_`).
export function tlToJson(value: TlValue): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return { $long: v.toString() };
    if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') };
    return v;
  });
}

export function tlFromJson(text: string): TlValue {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (typeof o.$long === 'string') return BigInt(o.$long);
      if (typeof o.$bytes === 'string') return new Uint8Array(Buffer.from(o.$bytes, 'base64'));
    }
    return v;
  }) as TlValue;
}

export function isTlObject(v: TlValue): v is TlObject {
  return (
    v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && typeof v._ === 'string'
  );
}
