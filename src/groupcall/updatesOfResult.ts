// The updates inside a method result that is an Updates object (joinGroupCall, createGroupCall, …), flattened. The
// engine reads them directly because it needs them before (or without) the update stream delivering the same ones.

import type { TypeUpdate, TypeUpdates } from '../telegram/tl/api.generated';

export function updatesOfResult(result: TypeUpdates): TypeUpdate[] {
  switch (result._) {
    case 'updates':
    case 'updatesCombined':
      return result.updates;
    case 'updateShort':
      return [result.update];
    default:
      return [];
  }
}
