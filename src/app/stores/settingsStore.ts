// Which server to talk to and with which api_id / api_hash, persisted in localStorage. The session store rebuilds its
// backend when these change; nothing else reads them.
import { createStore } from 'solid-js/store';
import type { EndpointKind } from './backend';

export interface Settings {
  endpoint: EndpointKind;
  apiId: number;
  apiHash: string;
}

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const STORAGE_KEY = 'tgcall:settings';
const ENDPOINTS: readonly EndpointKind[] = ['local', 'production', 'test'];

/** api_id / api_hash from the build (VITE_TG_API_ID / VITE_TG_API_HASH); the local server accepts any. */
export function defaultSettings(env: { VITE_TG_API_ID?: string; VITE_TG_API_HASH?: string }): Settings {
  const apiId = Number(env.VITE_TG_API_ID);
  return {
    endpoint: 'local',
    apiId: Number.isInteger(apiId) && apiId > 0 ? apiId : 1,
    apiHash: env.VITE_TG_API_HASH ?? '',
  };
}

export function parseSettings(text: string | null, defaults: Settings): Settings {
  if (!text) return defaults;
  try {
    const raw = JSON.parse(text) as Partial<Record<keyof Settings, unknown>>;
    return {
      endpoint: ENDPOINTS.includes(raw.endpoint as EndpointKind) ? (raw.endpoint as EndpointKind) : defaults.endpoint,
      apiId: typeof raw.apiId === 'number' && Number.isInteger(raw.apiId) && raw.apiId > 0 ? raw.apiId : defaults.apiId,
      apiHash: typeof raw.apiHash === 'string' ? raw.apiHash : defaults.apiHash,
    };
  } catch {
    // A corrupt entry (edited by hand) is replaced by the defaults rather than breaking the app on start.
    return defaults;
  }
}

export function createSettingsStore(storage: KeyValueStorage, defaults: Settings) {
  const [settings, setSettings] = createStore<Settings>(parseSettings(storage.getItem(STORAGE_KEY), defaults));
  return {
    settings,
    save(next: Settings): void {
      setSettings({ ...next });
      storage.setItem(STORAGE_KEY, JSON.stringify(next));
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
