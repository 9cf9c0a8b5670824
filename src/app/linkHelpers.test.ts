// The pure pieces around links: pasted text → join route, the sign-in round trip's storage, a sentence per reason.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WEB_TG_HANDLER_URL } from '../links';
import { openLinkTarget } from './joinRouteForText';
import { WEB_MANIFEST } from './webManifest';
import { invalidLinkMessage } from './linkMessages';
import { clearPendingLink, keepPendingLink, pendingLink } from './stores/pendingLink';
import type { InvalidLinkReason } from '../links';

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

describe('openLinkTarget', () => {
  const origin = 'http://127.0.0.1:5173';
  const route = (text: string) => openLinkTarget(text, origin);
  it("a call or invite link becomes the canonical route; the app's own address keeps its path", () => {
    expect(route(' https://t.me/Tgcall_Demo?videochat=ab-c ')).toEqual({
      kind: 'route',
      route: '/join?domain=tgcall_demo&videochat=ab-c',
    });
    expect(route('tg://resolve?domain=tgcall_demo&voicechat')).toEqual({
      kind: 'route',
      route: '/join?domain=tgcall_demo&voicechat',
    });
    expect(route(`${origin}/join?domain=tgcall_demo&videochat=x`)).toEqual({
      kind: 'route',
      route: '/join?domain=tgcall_demo&videochat=x',
    });
    expect(route('https://t.me/+nightOwlsInvite26')).toEqual({
      kind: 'route',
      route: '/join?invite=nightOwlsInvite26',
    });
    expect(route('tg://join?invite=AbC-d_e')).toEqual({ kind: 'route', route: '/join?invite=AbC-d_e' });
  });
  it('a plain link to a group or channel names the chat to open', () => {
    expect(route('https://t.me/Tgcall_Demo')).toEqual({ kind: 'chat', username: 'tgcall_demo' });
    expect(route('t.me/tgcall_demo#top')).toEqual({ kind: 'chat', username: 'tgcall_demo' });
    expect(route('tg://resolve?domain=tgcall_news')).toEqual({ kind: 'chat', username: 'tgcall_news' });
  });
  it('anything else is refused with its reason, for the field to show', () => {
    expect(route('hello there')).toEqual({ kind: 'invalid', message: invalidLinkMessage('not-a-link') });
    expect(route('https://example.com/x')).toEqual({ kind: 'invalid', message: invalidLinkMessage('unknown-host') });
  });
});

describe('pending link', () => {
  it('keeps only /join routes, until cleared', () => {
    const store = memoryStorage();
    keepPendingLink('//evil.example/join?x', store);
    keepPendingLink('https://evil.example/join?x', store);
    expect(pendingLink(store)).toBeNull();
    keepPendingLink('/join?domain=tgcall_demo&videochat=a', store);
    expect(pendingLink(store)).toBe('/join?domain=tgcall_demo&videochat=a');
    clearPendingLink(store);
    expect(pendingLink(store)).toBeNull();
  });
});

describe('invalidLinkMessage', () => {
  it('has a sentence for every reason', () => {
    const reasons: InvalidLinkReason[] = [
      'empty',
      'too-long',
      'control-character',
      'not-a-link',
      'unsupported-scheme',
      'unknown-host',
      'unexpected-path',
      'missing-username',
      'invalid-username',
      'no-call-parameter',
      'invalid-invite-hash',
      'invite-hash-too-long',
      'bad-percent-encoding',
      'nested-link',
    ];
    for (const reason of reasons) expect(invalidLinkMessage(reason)).toMatch(/\.$/);
  });
});

describe('web manifest', () => {
  it('registers the web+tg handler at the route the join screen reads', () => {
    expect(WEB_MANIFEST.protocol_handlers).toEqual([{ protocol: 'web+tg', url: WEB_TG_HANDLER_URL }]);
    // Installable: PNG icons of 192 and 512 px, and a maskable one, each a file in public/.
    for (const icon of WEB_MANIFEST.icons)
      expect(existsSync(new URL(`../../public${icon.src}`, import.meta.url)), icon.src).toBe(true);
    expect(WEB_MANIFEST.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(
      expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']),
    );
  });
});
