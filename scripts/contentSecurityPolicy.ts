// The app's Content-Security-Policy, for the Vite dev server (a header), `vite preview` (a header) and the build (a
// <meta> in index.html, for any static host). Scripts come from the app's own origin only — no inline script, no eval —
// and it connects only to itself (the same-origin /apiws that Vite proxies to the local server), the local server it
// was configured with (TGCALL_SERVER_WS), and Telegram's WebSocket hosts from src/telegram/endpoints.ts.
import type { Plugin } from 'vite';
import { telegramWebSocketOrigins } from '../src/telegram/endpoints';

export interface PolicyOptions {
  /** ws(s):// URL of the local server (TGCALL_SERVER_WS); its origin is allowed as well as the app's own. */
  localServer?: string;
  /** A <meta> policy: without frame-ancestors, which browsers ignore there (and warn about). */
  forMeta?: boolean;
}

/** The origin (scheme://host:port) of a ws(s) URL, or an error naming it. */
export function webSocketOrigin(url: string): string {
  const u = new URL(url);
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') throw new Error(`not a WebSocket URL: ${url}`);
  return `${u.protocol}//${u.host}`;
}

export function policyDirectives(opts: PolicyOptions = {}): Array<[string, string[]]> {
  const connect = [
    "'self'",
    ...(opts.localServer ? [webSocketOrigin(opts.localServer)] : []),
    ...telegramWebSocketOrigins(),
  ];
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    // Vite's dev server injects CSS as <style> elements, and Solid's templates carry style attributes
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['media-src', ["'self'", 'blob:']],
    ['font-src', ["'self'"]],
    ['connect-src', [...new Set(connect)]],
    ['worker-src', ["'self'"]],
    ['manifest-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'self'"]],
  ];
  if (!opts.forMeta) directives.push(['frame-ancestors', ["'none'"]]);
  return directives;
}

export function contentSecurityPolicy(opts: PolicyOptions = {}): string {
  return policyDirectives(opts)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** Puts the policy into the built index.html as a <meta> (the dev and preview servers send it as a header). */
export function contentSecurityPolicyPlugin(opts: Omit<PolicyOptions, 'forMeta'> = {}): Plugin {
  return {
    name: 'tgcall:content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: {
            'http-equiv': 'Content-Security-Policy',
            content: contentSecurityPolicy({ ...opts, forMeta: true }),
          },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}
