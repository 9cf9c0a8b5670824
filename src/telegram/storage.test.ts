import { describe, expect, it } from 'vitest';
import { endpointStorageName } from './endpoints';
import { MemoryStorage, namespacedStorage } from './storage';

describe('namespacedStorage', () => {
  it('keeps sessions of different endpoints apart in one backing store', () => {
    const backing = new MemoryStorage();
    const local = namespacedStorage(backing, endpointStorageName({ kind: 'local', url: 'ws://localhost:5173/apiws' }));
    const production = namespacedStorage(backing, endpointStorageName({ kind: 'production' }));
    local.set('2authKey', '[1,2]');
    expect(production.get('2authKey')).toBeNull();
    production.set('2authKey', '[3]');
    expect(local.get('2authKey')).toBe('[1,2]');
    expect([...backing.map.keys()].sort()).toEqual([
      'tgcall:local:ws://localhost:5173/apiws:2authKey',
      'tgcall:production:2authKey',
    ]);
    local.remove('2authKey');
    expect(local.get('2authKey')).toBeNull();
    expect(production.get('2authKey')).toBe('[3]');
  });
});
