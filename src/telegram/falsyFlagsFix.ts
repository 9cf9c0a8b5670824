// Mends @mtproto/core's conditional fields: its builder decides a flag bit by truthiness (`has(value)`), so a
// `flags.N?Bool` holding false and a `flags.N?int` holding 0 are never sent — phone.editGroupCallParticipant
// {muted: false} reaches the server as "no change" and unmuting silently does nothing. Such values are wrapped in a
// PresentValue before the call: the builder's `has()` sees an object (present), and the patched `flag()` writes the
// wrapped value with the field's own writer. Which fields qualify comes from the schema (falsyFlagFields.generated.ts).
import Serializer from '@mtproto/core/src/tl/serializer/index.js';
import { FALSY_FLAG_FIELDS } from './tl/falsyFlagFields.generated';

/** A conditional field's value that is falsy but present (false, 0). */
export class PresentValue {
  constructor(readonly value: boolean | number) {}
}

type FlagWriter = (this: unknown, value: unknown) => void;
interface FlagSerializer {
  flag(fn: FlagWriter, value: unknown): void;
}

let installed = false;

/** Patch the library's serializer so that `flag()` writes a PresentValue's content (idempotent). */
export function installFalsyFlagsFix(): void {
  if (installed) return;
  installed = true;
  const proto = Serializer.prototype as unknown as FlagSerializer;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the library's method, called below with .call(this)
  const original = proto.flag;
  proto.flag = function flag(this: unknown, fn: FlagWriter, value: unknown): void {
    if (value instanceof PresentValue) {
      fn.call(this, value.value);
      return;
    }
    original.call(this, fn, value);
  };
}

/**
 * A copy of a method's params in which every conditional Bool/int/double field holding false or 0 — at the top level and
 * in nested TL objects (`{_: 'constructorName', ...}`) — is wrapped in PresentValue. Always a fresh top-level object.
 */
export function withPresentFalsyFlags(
  method: string,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  return wrapFields(FALSY_FLAG_FIELDS[method], params);
}

function wrapFields(
  fields: readonly string[] | undefined,
  object: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (fields?.includes(key) && (value === false || value === 0)) out[key] = new PresentValue(value);
    else out[key] = wrapNested(value);
  }
  return out;
}

function wrapNested(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(wrapNested);
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array || value instanceof PresentValue)
    return value;
  const object = value as Record<string, unknown>;
  if (typeof object._ !== 'string') return value;
  return wrapFields(FALSY_FLAG_FIELDS[object._], object);
}
