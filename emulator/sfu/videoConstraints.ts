// A receiver's ReceiverVideoConstraints (Telegram's colibri message on the call's data channel) as the SFU keeps it:
// the height asked for per endpoint, the default for every other endpoint, the endpoints on stage. Pure: parse and ask.

export interface ReceiverConstraints {
  /** endpoint → maxHeight asked for (0: nothing). */
  readonly heights: ReadonlyMap<string, number>;
  /** maxHeight of every endpoint not named (tgcalls sends 0: nothing unasked). */
  readonly defaultHeight: number;
  readonly onStage: readonly string[];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const height = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : null;

/**
 * Reads one data-channel message. ReceiverVideoConstraints → the constraints; any other colibri class, or a message
 * that is not one (not JSON, a field of the wrong type) → null: the receiver's previous constraints stay.
 */
export function receiverConstraintsOf(message: string): ReceiverConstraints | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch {
    return null; // not JSON: not a colibri message, nothing to apply
  }
  if (!isObject(value) || value.colibriClass !== 'ReceiverVideoConstraints') return null;
  const heights = new Map<string, number>();
  if (value.constraints !== undefined) {
    if (!isObject(value.constraints)) return null;
    for (const [endpoint, c] of Object.entries(value.constraints)) {
      if (!isObject(c)) return null;
      const max = height(c.maxHeight);
      if (max === null) return null;
      heights.set(endpoint, max);
    }
  }
  let defaultHeight = 0;
  if (value.defaultConstraints !== undefined) {
    if (!isObject(value.defaultConstraints)) return null;
    const max = value.defaultConstraints.maxHeight === undefined ? 0 : height(value.defaultConstraints.maxHeight);
    if (max === null) return null;
    defaultHeight = max;
  }
  const onStage = Array.isArray(value.onStageEndpoints)
    ? value.onStageEndpoints.filter((e): e is string => typeof e === 'string')
    : [];
  return { heights, defaultHeight, onStage };
}

/** Whether a receiver gets `endpoint`'s video: everything until it says what it wants, then what it asked for. */
export function wantsVideo(constraints: ReceiverConstraints | null, endpoint: string): boolean {
  if (constraints === null) return true;
  return (constraints.heights.get(endpoint) ?? constraints.defaultHeight) > 0;
}
