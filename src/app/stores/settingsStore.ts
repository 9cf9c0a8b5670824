// Which server to talk to and with which api_id / api_hash, persisted in localStorage. The session store rebuilds its
// backend when these change; nothing else reads them.
import { createStore } from 'solid-js/store';
import type { EndpointKind } from './backend';

export interface Settings {
  endpoint: EndpointKind;
  /** null until someone enters one: Telegram has no api_id that works for everybody (1 answers API_ID_INVALID). */
  apiId: number | null;
  apiHash: string;
}

/** An api_hash as my.telegram.org hands it out: 32 hexadecimal digits. */
const API_HASH = /^[0-9a-f]{32}$/i;

export type ApiCredentialProblem = 'api_id missing' | 'api_hash missing' | 'api_hash malformed';

/**
 * What Telegram (production or test DCs) still needs before any request may be sent; empty when the settings can be
 * used. The local server takes any values, so it never needs anything.
 */
export function apiCredentialProblems(settings: Settings): ApiCredentialProblem[] {
  if (settings.endpoint === 'local') return [];
  const problems: ApiCredentialProblem[] = [];
  if (settings.apiId === null) problems.push('api_id missing');
  if (settings.apiHash.trim() === '') problems.push('api_hash missing');
  else if (!API_HASH.test(settings.apiHash.trim())) problems.push('api_hash malformed');
  return problems;
}

/**
 * The api_id / api_hash to send: the ones entered; for the local server (which accepts any) a placeholder when none was;
 * for Telegram null, so that the client refuses every call (API_ID_MISSING) instead of sending a made-up one.
 */
export function apiCredentialsFor(settings: Settings): { apiId: number | null; apiHash: string } {
  const apiId = settings.apiId ?? (settings.endpoint === 'local' ? LOCAL_PLACEHOLDER_API_ID : null);
  return { apiId, apiHash: settings.apiHash.trim() };
}

/** Sent only when nothing was entered, which apiCredentialProblems allows for the local server alone. */
const LOCAL_PLACEHOLDER_API_ID = 1;

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const STORAGE_KEY = 'tgcall:settings';
const ENDPOINTS: readonly EndpointKind[] = ['local', 'production', 'test'];

/** api_id / api_hash from the build (VITE_TG_API_ID / VITE_TG_API_HASH), or none; the local server accepts any. */
export function defaultSettings(env: { VITE_TG_API_ID?: string; VITE_TG_API_HASH?: string }): Settings {
  const apiId = Number(env.VITE_TG_API_ID);
  return {
    endpoint: 'local',
    apiId: Number.isInteger(apiId) && apiId > 0 ? apiId : null,
    apiHash: env.VITE_TG_API_HASH ?? '',
  };
}

export function parseSettings(text: string | null, defaults: Settings): Settings {
  if (!text) return defaults;
  try {
    const raw = JSON.parse(text) as Partial<Record<keyof Settings, unknown>>;
    return {
      endpoint: ENDPOINTS.includes(raw.endpoint as EndpointKind) ? (raw.endpoint as EndpointKind) : defaults.endpoint,
      apiId:
        typeof raw.apiId === 'number' && Number.isInteger(raw.apiId) && raw.apiId > 0
          ? raw.apiId
          : raw.apiId === null
            ? null
            : defaults.apiId,
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
