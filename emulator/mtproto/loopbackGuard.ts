// Who may talk to a server that listens on loopback: every page the person visits can reach 127.0.0.1, so requests
// from a page of another origin, and requests whose Host is not a loopback name (DNS rebinding), are refused.
// Clients that send no Origin (Node, GramJS, curl) are not pages and are accepted. Used by /apiws and /control/.
import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** A Host header naming this machine by a loopback name (any port). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = hostnameOf(`http://${host}`);
  return name !== undefined && LOOPBACK_HOSTNAMES.has(name);
}

/** No Origin (not a page), or an http(s) page served from a loopback name. */
export function isAllowedOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null"
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTNAMES.has(url.hostname.toLowerCase());
}

/** Why a request must be refused (403), or undefined when it may go on. */
export function loopbackRefusal(req: IncomingMessage): string | undefined {
  if (!isLoopbackHost(req.headers.host)) return `Host ${JSON.stringify(req.headers.host ?? '')} is not a loopback name`;
  if (!isAllowedOrigin(req.headers.origin))
    return `Origin ${JSON.stringify(req.headers.origin)} is not a loopback page`;
  return undefined;
}
