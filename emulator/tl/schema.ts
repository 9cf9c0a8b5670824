// The TL schema as a table, parsed at startup from the schema text committed in emulator/tl/schema/ (layer 158, taken
// from `telegram@2.17.10` by updateSchema.ts; its constructor ids match @mtproto/core 6.3.0's). Nothing here is
// per-constructor code: every constructor and function comes from the text, plus the few MTProto service constructors
// that the official schema describes only in prose (message, msg_container, rpc_result, gzip_packed), written below in
// TL syntax. The service `message` is named `mt_message` (type `MtMessage`) because the API schema has its own `message`
// constructor and `Message` type.
import { readFileSync } from 'node:fs';

/** A parsed TL type expression (of a parameter or of a function's result). */
export type TlType =
  | { kind: 'int' | 'long' | 'double' | 'int128' | 'int256' | 'string' | 'bytes' | 'Bool' | 'true' | '#' }
  /** `Vector<T>` (boxed: id 0x1cb5c415 + count) or `vector<T>` (bare: count only). */
  | { kind: 'vector'; bare: boolean; of: TlType }
  /** A boxed type (`User`, `auth.SentCode`), or a bare constructor (`%Message`, `future_salt`: `bare`, `name` = constructor). */
  | { kind: 'object'; name: string; bare: boolean }
  /** `!X` / `X` of the generic wrappers (invokeWithLayer...), or `Object`: any boxed object. */
  | { kind: 'any' };

export interface TlParam {
  name: string;
  /** the type as written in the schema, without the flag condition (`Vector<long>`, `true`, `#`, `!X`) */
  type: string;
  parsed: TlType;
  /** present when the parameter is conditional: `flags.3?string` → {field: 'flags', bit: 3} */
  flag?: { field: string; bit: number };
}

export interface TlCombinator {
  /** uint32 */
  id: number;
  /** predicate or method name, `auth.sentCode`, `rpc_result` */
  name: string;
  kind: 'constructor' | 'function';
  /** which schema text it comes from */
  section: 'api' | 'mtproto';
  params: TlParam[];
  /** the result type as written: `auth.SentCode`, `Vector<int>`, `X` */
  type: string;
  parsedType: TlType;
  /** true when the schema line carried no `#id` and the id was computed with CRC32 */
  computedId?: boolean;
}

export interface TlSchema {
  layer: number;
  constructors: TlCombinator[];
  functions: TlCombinator[];
  constructorsById: Map<number, TlCombinator>;
  constructorsByName: Map<string, TlCombinator>;
  functionsById: Map<number, TlCombinator>;
  functionsByName: Map<string, TlCombinator>;
  /** boxed type name (`User`) → its constructors */
  constructorsByType: Map<string, TlCombinator[]>;
}

export const VECTOR_ID = 0x1cb5c415;
export const BOOL_TRUE_ID = 0x997275b5;
export const BOOL_FALSE_ID = 0xbc799737;

const PRIMITIVES = new Set(['int', 'long', 'double', 'int128', 'int256', 'string', 'bytes', 'Bool', 'true', '#']);

/** Lines that the skipped-over built-ins and the protocol prose need: parsed like the rest. */
export const MTPROTO_EXTRA_TL = `
msg_container#73f1f8dc messages:vector<mt_message> = MessageContainer;
mt_message#5bb8e511 msg_id:long seqno:int bytes:int body:Object = MtMessage;
rpc_result#f35c6d01 req_msg_id:long result:Object = RpcResult;
gzip_packed#3072cfa1 packed_data:bytes = Object;
msg_resend_ans_req#8610baeb msg_ids:Vector<long> = MsgResendReq;
`;

/** `string` parameters of the MTProto schema that hold text; every other `string` there holds binary data. */
const MTPROTO_TEXT_FIELDS = new Set(['error_message', 'phone_prefix_rules']);

/** Names the generic parser must not register as ordinary constructors (handled natively by the codec). */
const BUILTIN_SKIP = new Set(['vector', 'boolFalse', 'boolTrue', 'true']);

export function parseType(raw: string, generics: ReadonlySet<string> = new Set()): TlType {
  let t = raw;
  if (t.startsWith('!')) return { kind: 'any' };
  if (generics.has(t) || t === 'Object') return { kind: 'any' };
  if (PRIMITIVES.has(t)) return { kind: t as 'int' };
  const vm = /^([Vv])ector<(.+)>$/.exec(t);
  if (vm) return { kind: 'vector', bare: vm[1] === 'v', of: parseType(vm[2], generics) };
  let bare = false;
  if (t.startsWith('%')) {
    bare = true;
    t = t.slice(1);
  }
  const last = t.slice(t.lastIndexOf('.') + 1);
  if (/^[a-z]/.test(last)) bare = true; // a lower-case name denotes a bare constructor
  return { kind: 'object', name: t, bare };
}

/** CRC32 (IEEE), as used for TL constructor ids. */
export function crc32(text: string): number {
  const bytes = new TextEncoder().encode(text);
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** The id a TL line would have if it carried none (the normalisation Telegram's tools use). */
export function computeTlId(line: string): number {
  const repr = line
    .replace(/;\s*$/, '')
    .replace(/^([\w.]+)#[0-9a-fA-F]+/, '$1')
    .replace(/(:|\?)bytes(?=\s|$)/g, '$1string')
    .replace(/</g, ' ')
    .replace(/>|\{|\}/g, '')
    .replace(/ \w+:flags\d*\.\d+\?true/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return crc32(repr);
}

/** Parse TL schema text. Sections switch on `---functions---` / `---types---`. */
export function parseTlSchema(text: string, section: 'api' | 'mtproto'): TlCombinator[] {
  const out: TlCombinator[] = [];
  let kind: 'constructor' | 'function' = 'constructor';
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    if (line === '---functions---') {
      kind = 'function';
      continue;
    }
    if (line === '---types---') {
      kind = 'constructor';
      continue;
    }
    const m = /^([\w.]+)(?:#([0-9a-fA-F]+))?\s*(.*?)\s*=\s*([^;]+?)\s*;$/.exec(line);
    if (!m) throw new Error(`cannot parse TL line: ${line}`);
    const [, name, hexId, paramText, resultType] = m;
    if (BUILTIN_SKIP.has(name)) continue;
    const generics = new Set<string>();
    const params: TlParam[] = [];
    for (const token of paramText.split(/\s+/).filter(Boolean)) {
      const g = /^\{(\w+):Type\}$/.exec(token);
      if (g) {
        generics.add(g[1]);
        continue;
      }
      const pm = /^(\w+):(.+)$/.exec(token);
      if (!pm) throw new Error(`cannot parse TL parameter ${token} in ${line}`);
      const [, pname, ptype] = pm;
      const fm = /^(\w+)\.(\d+)\?(.+)$/.exec(ptype);
      const type = fm ? fm[3] : ptype;
      const param: TlParam = { name: pname, type, parsed: parseType(type, generics) };
      // The MTProto schema writes binary data (pq, encrypted_data, g_a, msgs_state_info.info...) as `string`: the codec
      // treats it as bytes there, except for the few fields that really are text.
      if (section === 'mtproto' && param.parsed.kind === 'string' && !MTPROTO_TEXT_FIELDS.has(pname))
        param.parsed = { kind: 'bytes' };
      if (fm) param.flag = { field: fm[1], bit: Number(fm[2]) };
      params.push(param);
    }
    const id = hexId ? parseInt(hexId, 16) >>> 0 : computeTlId(line);
    const comb: TlCombinator = {
      id,
      name,
      kind,
      section,
      params,
      type: resultType,
      parsedType: parseType(resultType, generics),
    };
    if (!hexId) comb.computedId = true;
    out.push(comb);
  }
  return out;
}

export function buildSchema(combinators: TlCombinator[], layer: number): TlSchema {
  const schema: TlSchema = {
    layer,
    constructors: [],
    functions: [],
    constructorsById: new Map(),
    constructorsByName: new Map(),
    functionsById: new Map(),
    functionsByName: new Map(),
    constructorsByType: new Map(),
  };
  for (const c of combinators) {
    if (c.kind === 'constructor') {
      if (schema.constructorsByName.has(c.name)) throw new Error(`duplicate constructor ${c.name}`);
      if (schema.constructorsById.has(c.id))
        throw new Error(`duplicate constructor id ${c.id.toString(16)} (${c.name})`);
      schema.constructors.push(c);
      schema.constructorsById.set(c.id, c);
      schema.constructorsByName.set(c.name, c);
      const list = schema.constructorsByType.get(c.type) ?? [];
      list.push(c);
      schema.constructorsByType.set(c.type, list);
    } else {
      if (schema.functionsByName.has(c.name)) throw new Error(`duplicate function ${c.name}`);
      schema.functions.push(c);
      schema.functionsById.set(c.id, c);
      schema.functionsByName.set(c.name, c);
    }
  }
  return schema;
}

export interface SchemaSources {
  api: string;
  mtproto: string;
  layer: number;
}

/** The layer an API schema text declares on its `// LAYER N` line (as Telegram's own api.tl does). */
export function layerOf(apiText: string): number {
  const m = /^\/\/ LAYER (\d+)\s*$/m.exec(apiText);
  if (!m) throw new Error('the API schema has no "// LAYER N" line');
  return Number(m[1]);
}

/** The committed schema texts (emulator/tl/schema/api.tl and mtproto.tl). */
export function loadSchemaSources(): SchemaSources {
  const api = readFileSync(new URL('./schema/api.tl', import.meta.url), 'utf8');
  const mtproto = readFileSync(new URL('./schema/mtproto.tl', import.meta.url), 'utf8');
  return { api, mtproto, layer: layerOf(api) };
}

let cached: TlSchema | undefined;

/** The full schema (API + MTProto + service extras), parsed once. */
export function getSchema(): TlSchema {
  if (!cached) {
    const src = loadSchemaSources();
    cached = buildSchema(
      [
        ...parseTlSchema(src.api, 'api'),
        ...parseTlSchema(src.mtproto, 'mtproto'),
        ...parseTlSchema(MTPROTO_EXTRA_TL, 'mtproto'),
      ],
      src.layer,
    );
  }
  return cached;
}
