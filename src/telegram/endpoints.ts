// Where a client connects and which RSA keys it trusts there: the local server (same-origin /apiws, its own key only)
// or Telegram (production / test DCs over Telegram's WebSocket hosts, the library's built-in keys).
import { LOCAL_RSA_KEY } from './localRsaKey';

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

/** 'builtin' = the five Telegram keys inside @mtproto/core; otherwise exactly the listed keys. */
export type TrustedKeys = 'builtin' | readonly RsaPublicKey[];

// Telegram's web hosts per DC, as in @mtproto/core envs/browser/transport.js.
const WEB_HOSTS: Record<number, string> = { 1: 'pluto', 2: 'venus', 3: 'aurora', 4: 'vesta', 5: 'flora' };

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

export function dcsFor(endpoint: Endpoint): DcAddress[] {
  switch (endpoint.kind) {
    case 'local':
      return [{ id: LOCAL_DC_ID, url: endpoint.url, ip: '127.0.0.1', port: 0, test: false }];
    case 'production':
      return PRODUCTION_IPS.map(([id, ip]) => ({ id, ip, port: 443, test: false, url: `wss://${WEB_HOSTS[id]}.web.telegram.org/apiws` }));
    case 'test':
      return TEST_IPS.map(([id, ip]) => ({ id, ip, port: 443, test: true, url: `wss://${WEB_HOSTS[id]}.web.telegram.org/apiws_test` }));
  }
}

/**
 * Every origin a browser client opens a WebSocket to on Telegram (production and test DCs share the hosts; the path
 * differs): what the app's Content-Security-Policy lets it connect to besides its own origin.
 */
export function telegramWebSocketOrigins(): string[] {
  const urls = [...dcsFor({ kind: 'production' }), ...dcsFor({ kind: 'test' })].map((dc) => new URL(dc.url).origin);
  return [...new Set(urls)];
}

export function trustedKeysFor(endpoint: Endpoint): TrustedKeys {
  return endpoint.kind === 'local' ? [LOCAL_RSA_KEY] : 'builtin';
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
