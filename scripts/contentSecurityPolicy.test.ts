// The policy the dev server, vite preview and the build carry: scripts from the app's origin only, connections only to
// the app itself, the configured local server and Telegram's DC hosts, and never framed.
import { describe, expect, it } from 'vitest';
import type { HtmlTagDescriptor, IndexHtmlTransformHook } from 'vite';
import { dcsFor } from '../src/telegram/endpoints';
import {
  contentSecurityPolicy,
  contentSecurityPolicyPlugin,
  policyDirectives,
  webSocketOrigin,
} from './contentSecurityPolicy';

const directive = (policy: string, name: string): string[] | undefined => {
  const found = policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name);
  return found?.slice(1);
};

describe('contentSecurityPolicy', () => {
  const policy = contentSecurityPolicy({ localServer: 'ws://127.0.0.1:41234/apiws' });

  it("runs scripts from the app's own origin only: no inline script, no eval, no other host", () => {
    expect(directive(policy, 'script-src')).toEqual(["'self'"]);
    expect(directive(policy, 'default-src')).toEqual(["'self'"]);
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
    expect(directive(policy, 'base-uri')).toEqual(["'none'"]);
    expect(policy).not.toMatch(/unsafe-eval|\*/);
  });

  it('connects to itself, the configured local server and every Telegram DC the app can pick, nothing else', () => {
    const connect = directive(policy, 'connect-src')!;
    expect(connect).toContain("'self'");
    expect(connect).toContain('ws://127.0.0.1:41234');
    for (const dc of [...dcsFor({ kind: 'production' }), ...dcsFor({ kind: 'test' })]) {
      expect(connect).toContain(new URL(dc.url).origin);
    }
    expect(connect.every((s) => s === "'self'" || /^wss?:\/\/[a-z0-9.-]+(:\d+)?$/.test(s))).toBe(true);
    expect(connect.filter((s) => s.startsWith('ws://'))).toEqual(['ws://127.0.0.1:41234']);
  });

  it("may not be framed (frame-ancestors 'none' in the header; left out of the <meta>, where browsers ignore it)", () => {
    expect(directive(policy, 'frame-ancestors')).toEqual(["'none'"]);
    expect(directive(contentSecurityPolicy({ forMeta: true }), 'frame-ancestors')).toBeUndefined();
    expect(policyDirectives({ forMeta: true }).map(([n]) => n)).toContain('script-src');
  });

  it('names a bad local server URL instead of writing it into the policy', () => {
    expect(() => webSocketOrigin('http://127.0.0.1:8443')).toThrow(/not a WebSocket URL/);
    expect(webSocketOrigin('wss://[::1]:8443/apiws')).toBe('wss://[::1]:8443');
  });

  it('the build puts the policy into index.html as a <meta http-equiv>', () => {
    const plugin = contentSecurityPolicyPlugin();
    const hook = plugin.transformIndexHtml as { handler: IndexHtmlTransformHook };
    const tags = hook.handler.call({} as never, '<html><head></head></html>', {
      path: '/index.html',
      filename: 'index.html',
    }) as HtmlTagDescriptor[];
    expect(tags).toEqual([
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy({ forMeta: true }) },
        injectTo: 'head-prepend',
      },
    ]);
  });
});
