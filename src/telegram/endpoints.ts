// Where a client connects and which RSA keys it trusts there: the local server (same-origin /apiws, its own key only)
// or Telegram (production / test DCs over Telegram's WebSocket hosts, the one key Telegram's clients pin for each).
import { LOCAL_RSA_KEY } from './localRsaKey';
import { TELEGRAM_PRODUCTION_RSA_KEY, TELEGRAM_TEST_RSA_KEY } from './telegramRsaKeys';

export type Endpoint = { kind: 'local'; url: string } | { kind: 'production' } | { kind: 'test' };

export interface DcAddress {
  id: number;
  /** The WebSocket URL our transport opens for this DC. */
  url: string;
  /** Kept for the library's dcList entries; never dialled directly from a browser. */
  ip: string;
  port: number;
  test: boolean;
}

export interface RsaPublicKey {
  fingerprintHex: string;
  modulus: string;
  exponent: string;
}

/**
 * Telegram's WebSocket hosts, one table for both generations: `kws{N}.web.telegram.org` is what Telegram's web clients
 * (Web K, Web A) and the current WebSocket proxies dial today; `{pluto…flora}.web.telegram.org` is the older set
 * (@mtproto/core, TDLib's Emscripten build). Both serve `/apiws` and `/apiws_test`. Whether the old names still accept
 * new auth keys could not be checked from here (no internet), so the current one is the default and the old one stays
 * selectable (TelegramClientOptions.webHosts).
 */
export type WebHostGeneration = 'kws' | 'legacy';

const LEGACY_NAMES: Record<number, string> = { 1: 'pluto', 2: 'venus', 3: 'aurora', 4: 'vesta', 5: 'flora' };

export const WEB_HOSTS: Record<WebHostGeneration, (dcId: number) => string> = {
  kws: (dcId) => `kws${dcId}.web.telegram.org`,
  legacy: (dcId) => `${LEGACY_NAMES[dcId] ?? LEGACY_NAMES[2]}.web.telegram.org`,
};

const PRODUCTION_IPS: Array<[number, string]> = [
  [1, '149.154.175.53'],
  [2, '149.154.167.50'],
  [3, '149.154.175.100'],
  [4, '149.154.167.92'],
  [5, '91.108.56.128'],
];
const TEST_IPS: Array<[number, string]> = [
  [1, '149.154.175.10'],
  [2, '149.154.167.40'],
  [3, '149.154.175.117'],
];

/** The DC id the local server answers as; any id works since the list has one entry, 2 is the library's default. */
export const LOCAL_DC_ID = 2;

export function dcsFor(endpoint: Endpoint, hosts: WebHostGeneration = 'kws'): DcAddress[] {
  const host = WEB_HOSTS[hosts];
  switch (endpoint.kind) {
    case 'local':
      return [{ id: LOCAL_DC_ID, url: endpoint.url, ip: '127.0.0.1', port: 0, test: false }];
    case 'production':
      return PRODUCTION_IPS.map(([id, ip]) => ({ id, ip, port: 443, test: false, url: `wss://${host(id)}/apiws` }));
    case 'test':
      return TEST_IPS.map(([id, ip]) => ({ id, ip, port: 443, test: true, url: `wss://${host(id)}/apiws_test` }));
  }
}

/**
 * Every origin a browser client opens a WebSocket to on Telegram (production and test DCs share the hosts; the path
 * differs; both host generations): what the app's Content-Security-Policy lets it connect to besides its own origin.
 */
export function telegramWebSocketOrigins(): string[] {
  const generations = Object.keys(WEB_HOSTS) as WebHostGeneration[];
  const urls = generations
    .flatMap((hosts) => [...dcsFor({ kind: 'production' }, hosts), ...dcsFor({ kind: 'test' }, hosts)])
    .map((dc) => new URL(dc.url).origin);
  return [...new Set(urls)];
}

/**
 * Exactly the keys a server at this endpoint may prove itself with. @mtproto/core's own five keys date from 2014 and
 * are no longer what Telegram's clients pin (Web K and GramJS trust one production and one test key), so they are never used.
 */
export function trustedKeysFor(endpoint: Endpoint): readonly RsaPublicKey[] {
  switch (endpoint.kind) {
    case 'local':
      return [LOCAL_RSA_KEY];
    case 'production':
      return [TELEGRAM_PRODUCTION_RSA_KEY];
    case 'test':
      return [TELEGRAM_TEST_RSA_KEY];
  }
}

/** A stable name for the endpoint, used to namespace stored sessions so local and Telegram keys never mix. */
export function endpointStorageName(endpoint: Endpoint): string {
  return endpoint.kind === 'local' ? `local:${endpoint.url}` : endpoint.kind;
}

/**
 * The local endpoint as the browser app reaches it: same origin (Vite proxies /apiws to the server), so no port is baked in.
 * `location` is passed in so that this stays testable and usable outside a page.
 */
export function sameOriginLocalEndpoint(location: { protocol: string; host: string }): Endpoint {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return { kind: 'local', url: `${scheme}//${location.host}/apiws` };
}
