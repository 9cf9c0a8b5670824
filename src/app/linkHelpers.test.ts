// The pure pieces around links: pasted text → join route, the sign-in round trip's storage, a sentence per reason.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCallLink, WEB_TG_HANDLER_URL } from '../links';
import { joinRouteForText } from './joinRouteForText';
import { invalidLinkMessage } from './linkMessages';
import { clearPendingLink, keepPendingLink, pendingLink } from './stores/pendingLink';
import type { InvalidLinkReason } from '../links';

function memoryStorage() {
  const map = new Map<string, string>();
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), removeItem: (k: string) => void map.delete(k) };
}

describe('joinRouteForText', () => {
  const origin = 'http://127.0.0.1:5173';
  it('a t.me link becomes the canonical route; the app\'s own address keeps its path', () => {
    expect(joinRouteForText(' https://t.me/Tgcall_Demo?videochat=ab-c ', origin)).toBe('/join?domain=tgcall_demo&videochat=ab-c');
    expect(joinRouteForText('tg://resolve?domain=tgcall_demo&voicechat', origin)).toBe('/join?domain=tgcall_demo&voicechat');
    expect(joinRouteForText(`${origin}/join?domain=tgcall_demo&videochat=x`, origin)).toBe('/join?domain=tgcall_demo&videochat=x');
    expect(joinRouteForText('https://t.me/+nightOwlsInvite26', origin)).toBe('/join?invite=nightOwlsInvite26');
    expect(joinRouteForText('tg://join?invite=AbC-d_e', origin)).toBe('/join?invite=AbC-d_e');
  });
  it('anything else goes to the join screen wrapped, where it is refused with its reason', () => {
    const route = joinRouteForText('hello there', origin);
    expect(route).toBe('/join?link=hello%20there');
    expect(() => parseCallLink(route)).toThrow(expect.objectContaining({ reason: 'not-a-link' }));
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
    const reasons: InvalidLinkReason[] = ['empty', 'too-long', 'control-character', 'not-a-link', 'unsupported-scheme', 'unknown-host', 'unexpected-path', 'missing-username', 'invalid-username', 'no-call-parameter', 'invalid-invite-hash', 'invite-hash-too-long', 'bad-percent-encoding', 'nested-link'];
    for (const reason of reasons) expect(invalidLinkMessage(reason)).toMatch(/\.$/);
  });
});

describe('web manifest', () => {
  it('registers the web+tg handler at the route the join screen reads', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../public/manifest.webmanifest', import.meta.url), 'utf8')) as { protocol_handlers?: unknown };
    expect(manifest.protocol_handlers).toEqual([{ protocol: 'web+tg', url: WEB_TG_HANDLER_URL }]);
  });
});
