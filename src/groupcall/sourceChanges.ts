// Merging batches of remote-source changes (pure), so that changes arriving during a renegotiation become one next
// renegotiation. Order matters only for one SSRC: the last word (add or remove) wins, and a removal always reaches the
// table (the source may be live from an earlier batch).

import { toUnsignedSsrc, type RemoteSourceInput, type SourceChanges } from './sdp';

export interface SourceBatch {
  add: RemoteSourceInput[];
  remove: number[];
}

export function emptySourceBatch(): SourceBatch {
  return { add: [], remove: [] };
}

/** `later` applied after `earlier`, as one batch. SSRCs compared unsigned; the inputs are not changed. */
export function mergeSourceChanges(earlier: SourceChanges, later: SourceChanges): SourceBatch {
  const add = new Map<number, RemoteSourceInput>();
  const remove = new Set<number>();
  for (const ssrc of earlier.remove ?? []) remove.add(toUnsignedSsrc(ssrc));
  for (const input of earlier.add ?? []) add.set(toUnsignedSsrc(input.ssrc), input);
  for (const ssrc of later.remove ?? []) {
    const unsigned = toUnsignedSsrc(ssrc);
    add.delete(unsigned);
    remove.add(unsigned);
  }
  // "remove X, then add X" stays both: withSourceChanges keeps X on its m-line (with the later description of it), as
  // Chromium refuses a description that moves a live SSRC to another m-line.
  for (const input of later.add ?? []) add.set(toUnsignedSsrc(input.ssrc), input);
  return { add: [...add.values()], remove: [...remove] };
}

export function isEmptySourceBatch(batch: SourceChanges): boolean {
  return (batch.add?.length ?? 0) === 0 && (batch.remove?.length ?? 0) === 0;
}
