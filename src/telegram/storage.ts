// Where sessions (auth keys, salts, default DC) live: a tiny string key-value interface, with localStorage and in-memory
// implementations, and a namespacing wrapper so that each endpoint's session is kept apart.

export interface KeyValueStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export class MemoryStorage implements KeyValueStorage {
  readonly map = new Map<string, string>();
  get(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  set(key: string, value: string): void {
    this.map.set(key, value);
  }
  remove(key: string): void {
    this.map.delete(key);
  }
}

/** window.localStorage (or any Web Storage) behind KeyValueStorage. */
export function webStorage(storage: Storage): KeyValueStorage {
  return {
    get: (key) => storage.getItem(key),
    set: (key, value) => storage.setItem(key, value),
    remove: (key) => storage.removeItem(key),
  };
}

export function namespacedStorage(inner: KeyValueStorage, namespace: string): KeyValueStorage {
  const prefix = `tgcall:${namespace}:`;
  return {
    get: (key) => inner.get(prefix + key),
    set: (key, value) => inner.set(prefix + key, value),
    remove: (key) => inner.remove(prefix + key),
  };
}
