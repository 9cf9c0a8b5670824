import { describe, expect, it } from 'vitest';
import type { CallLink } from './callLink';
import { InvalidLinkError, type InvalidLinkReason } from './invalidLinkError';
import { parseCallLink, parseOpenableLink } from './parseCallLink';

const link = (
  username: string,
  kind: CallLink['kind'],
  inviteHash: string | undefined,
  source: CallLink['source'],
): CallLink => ({
  username,
  kind,
  inviteHash,
  source,
});

function reasonOf(input: string): InvalidLinkReason | 'parsed' {
  try {
    parseCallLink(input);
    return 'parsed';
  } catch (error) {
    if (error instanceof InvalidLinkError) return error.reason;
    throw error;
  }
}

describe('parseCallLink: the documented forms', () => {
  const cases: Array<[string, CallLink]> = [
    // t.me, the three keys, with and without a hash
    ['https://t.me/durov?videochat=abc123', link('durov', 'videochat', 'abc123', 'https')],
    ['https://t.me/durov?voicechat=abc123', link('durov', 'voicechat', 'abc123', 'https')],
    ['https://t.me/durov?livestream=abc123', link('durov', 'livestream', 'abc123', 'https')],
    ['https://t.me/durov?videochat', link('durov', 'videochat', undefined, 'https')],
    ['https://t.me/durov?videochat=', link('durov', 'videochat', undefined, 'https')],
    ['https://t.me/durov?voicechat', link('durov', 'voicechat', undefined, 'https')],
    ['https://t.me/durov?livestream', link('durov', 'livestream', undefined, 'https')],
    // schemes, hosts, www., case, port, trailing slash, other params, fragments, white space around
    ['http://t.me/durov?voicechat=h1', link('durov', 'voicechat', 'h1', 'https')],
    ['t.me/durov?voicechat', link('durov', 'voicechat', undefined, 'https')],
    ['//t.me/durov?voicechat', link('durov', 'voicechat', undefined, 'https')],
    ['https://telegram.me/durov?voicechat=h1', link('durov', 'voicechat', 'h1', 'https')],
    ['https://telegram.dog/durov?voicechat=h1', link('durov', 'voicechat', 'h1', 'https')],
    ['https://www.t.me/durov?voicechat=h1', link('durov', 'voicechat', 'h1', 'https')],
    ['www.telegram.me/durov?videochat', link('durov', 'videochat', undefined, 'https')],
    ['HTTPS://T.ME/Durov?VideoChat=AbC', link('durov', 'videochat', 'AbC', 'https')],
    ['https://t.me:443/durov?videochat=h', link('durov', 'videochat', 'h', 'https')],
    ['t.me:443/durov?videochat=h', link('durov', 'videochat', 'h', 'https')],
    ['https://t.me/durov/?voicechat=h1', link('durov', 'voicechat', 'h1', 'https')],
    ['https://t.me/s/durov?livestream', link('durov', 'livestream', undefined, 'https')],
    ['https://t.me/durov?utm_source=x&voicechat=h1&ref=y', link('durov', 'voicechat', 'h1', 'https')],
    ['https://t.me/durov?voicechat=h1#anything', link('durov', 'voicechat', 'h1', 'https')],
    ['https://t.me/durov?voicechat#h1', link('durov', 'voicechat', undefined, 'https')],
    ['  https://t.me/durov?voicechat=h1\n', link('durov', 'voicechat', 'h1', 'https')],
    ['https://durov.t.me?voicechat=h1', link('durov', 'voicechat', 'h1', 'https')],
    ['https://durov.t.me/?voicechat=h1', link('durov', 'voicechat', 'h1', 'https')],
    // percent-encoding
    ['https://t.me/%64urov?voicechat=%61bc', link('durov', 'voicechat', 'abc', 'https')],
    ['https://t.me/durov?%76oicechat=h', link('durov', 'voicechat', 'h', 'https')],
    // hash alphabet: base64url, padding, unreserved
    ['https://t.me/durov?videochat=Ab-_9.~==', link('durov', 'videochat', 'Ab-_9.~==', 'https')],
    // tg: and web+tg:
    ['tg://resolve?domain=durov&videochat=abc', link('durov', 'videochat', 'abc', 'tg')],
    ['tg://resolve?domain=durov&voicechat=abc', link('durov', 'voicechat', 'abc', 'tg')],
    ['tg://resolve?domain=durov&livestream', link('durov', 'livestream', undefined, 'tg')],
    ['tg:resolve?domain=durov&voicechat', link('durov', 'voicechat', undefined, 'tg')],
    ['TG://RESOLVE/?Domain=Durov&VOICECHAT=x', link('durov', 'voicechat', 'x', 'tg')],
    ['tg://resolve?voicechat=abc&domain=durov', link('durov', 'voicechat', 'abc', 'tg')],
    ['web+tg://resolve?domain=durov&videochat=abc', link('durov', 'videochat', 'abc', 'tg')],
    // the app's route, and the web+tg handler's wrapped link
    ['/join?domain=durov&voicechat=abc', link('durov', 'voicechat', 'abc', 'app')],
    ['/join/?domain=durov&videochat', link('durov', 'videochat', undefined, 'app')],
    ['/tgcall/join?domain=durov&livestream=z', link('durov', 'livestream', 'z', 'app')],
    ['/join?domain=durov&voicechat=abc#x', link('durov', 'voicechat', 'abc', 'app')],
    [
      `/join?link=${encodeURIComponent('web+tg://resolve?domain=durov&voicechat=abc')}`,
      link('durov', 'voicechat', 'abc', 'tg'),
    ],
    [
      `/join?link=${encodeURIComponent('tg://resolve?domain=durov&livestream')}`,
      link('durov', 'livestream', undefined, 'tg'),
    ],
    [`/join?link=${encodeURIComponent('https://t.me/durov?videochat=q')}`, link('durov', 'videochat', 'q', 'https')],
    // usernames at the edges of the rule
    ['t.me/abcd?voicechat', link('abcd', 'voicechat', undefined, 'https')],
    [`t.me/${'a'.repeat(32)}?voicechat`, link('a'.repeat(32), 'voicechat', undefined, 'https')],
    ['t.me/a_b_c_1?voicechat', link('a_b_c_1', 'voicechat', undefined, 'https')],
  ];
  it.each(cases)('%s', (input, expected) => {
    expect(parseCallLink(input)).toEqual(expected);
    // Every call link is also an openable link, read the same way.
    expect(parseOpenableLink(input)).toEqual({ kind: 'call', call: expected });
  });
});

describe('parseCallLink: precedence when several call keys are present (Telegram Desktop: livestream > videochat > voicechat)', () => {
  it.each([
    ['https://t.me/durov?voicechat=v&videochat=w', 'videochat', 'w'],
    ['https://t.me/durov?videochat=w&livestream=l', 'livestream', 'l'],
    ['https://t.me/durov?voicechat=v&livestream=l&videochat=w', 'livestream', 'l'],
    ['https://t.me/durov?voicechat=v&videochat', 'videochat', undefined],
    ['tg://resolve?domain=durov&voicechat=v&livestream', 'livestream', undefined],
    ['/join?domain=durov&voicechat=v&videochat=w', 'videochat', 'w'],
  ])('%s → %s', (input, kind, hash) => {
    const parsed = parseCallLink(input);
    expect(parsed.kind).toBe(kind);
    expect(parsed.inviteHash).toBe(hash);
  });

  it('takes the first of a repeated key', () => {
    expect(parseCallLink('https://t.me/durov?voicechat=first&voicechat=second').inviteHash).toBe('first');
  });
});

describe('parseCallLink: what it refuses, and why', () => {
  const cases: Array<[string, InvalidLinkReason]> = [
    ['', 'empty'],
    ['   \n ', 'empty'],
    ['hello', 'not-a-link'],
    ['hello world', 'not-a-link'],
    ['https:t.me/durov?voicechat', 'not-a-link'],
    ['ftp://t.me/durov?voicechat', 'unsupported-scheme'],
    ['mailto:durov@t.me', 'unsupported-scheme'],
    ['localhost:5173/join?domain=durov&voicechat', 'unsupported-scheme'],
    ['javascript:alert(1)', 'unsupported-scheme'],
    ['https://example.com/durov?voicechat=h', 'unknown-host'],
    ['https://t.me.evil.com/durov?voicechat=h', 'unknown-host'],
    ['https://evilt.me/durov?voicechat=h', 'unknown-host'],
    ['https://t.me@evil.com/durov?voicechat', 'unknown-host'],
    ['https://evil.com@t.me/durov?voicechat', 'unknown-host'],
    ['https://t.me:8080/durov?voicechat', 'unknown-host'],
    ['https:///durov?voicechat', 'unknown-host'],
    ['https://a.b.t.me/?voicechat', 'unknown-host'],
    ['https://joinchat.t.me/?voicechat', 'unknown-host'],
    ['https://t.me/durov/123?voicechat', 'unexpected-path'],
    ['https://t.me/c/12345/6?voicechat', 'unexpected-path'],
    ['https://t.me/joinchat/AAAA?voicechat', 'unexpected-path'],
    ['https://t.me/+AbCdEf?voicechat', 'unexpected-path'],
    ['https://t.me/addstickers?voicechat', 'unexpected-path'],
    ['https://durov.t.me/extra?voicechat', 'unexpected-path'],
    ['tg://join?invite=abc', 'unexpected-path'],
    ['tg://', 'unexpected-path'],
    ['/chats?domain=durov&voicechat', 'unexpected-path'],
    ['/', 'unexpected-path'],
    ['https://t.me/', 'missing-username'],
    ['https://t.me', 'missing-username'],
    ['https://t.me/?voicechat=h', 'missing-username'],
    ['tg://resolve?voicechat=h', 'missing-username'],
    ['tg://resolve?domain=&voicechat=h', 'missing-username'],
    ['/join?voicechat=h', 'missing-username'],
    ['https://t.me/abc?voicechat', 'invalid-username'],
    [`https://t.me/${'a'.repeat(33)}?voicechat`, 'invalid-username'],
    ['https://t.me/1durov?voicechat', 'invalid-username'],
    ['https://t.me/_durov?voicechat', 'invalid-username'],
    ['https://t.me/durov_?voicechat', 'invalid-username'],
    ['https://t.me/du__rov?voicechat', 'invalid-username'],
    ['https://t.me/du-rov?voicechat', 'invalid-username'],
    ['https://t.me/dur.ov?voicechat', 'invalid-username'],
    ['https://t.me/дуров?voicechat', 'invalid-username'],
    ['https://t.me/%D0%B4%D1%83%D1%80%D0%BE%D0%B2?voicechat', 'invalid-username'],
    ['tg://resolve?domain=du%20rov&voicechat', 'invalid-username'],
    ['https://t.me/durov', 'no-call-parameter'],
    ['https://t.me/durov?start=abc', 'no-call-parameter'],
    ['https://t.me/durov?voice_chat=abc', 'no-call-parameter'],
    ['tg://resolve?domain=durov', 'no-call-parameter'],
    ['/join?domain=durov', 'no-call-parameter'],
    ['https://t.me/durov?voicechat=a+b', 'invalid-invite-hash'],
    ['https://t.me/durov?voicechat=a%2Fb', 'invalid-invite-hash'],
    ['https://t.me/durov?voicechat=<script>', 'invalid-invite-hash'],
    ['https://t.me/durov?voicechat=%E2%82%AC', 'invalid-invite-hash'],
    [`https://t.me/durov?voicechat=${'a'.repeat(257)}`, 'invite-hash-too-long'],
    ['https://t.me/durov?voicechat=%', 'bad-percent-encoding'],
    ['https://t.me/durov?voicechat=%zz', 'bad-percent-encoding'],
    ['https://t.me/durov?voicechat=%C3%28', 'bad-percent-encoding'],
    ['https://t.me/%?voicechat', 'bad-percent-encoding'],
    ['https://t.me/durov?voicechat=a\u0000b', 'control-character'],
    ['https://t.me/du\nrov?voicechat', 'control-character'],
    ['https://t.me/durov?voicechat=a%00b', 'control-character'],
    ['https://t.me/durov?voicechat=%1B', 'control-character'],
    [`https://t.me/durov?voicechat=${'a'.repeat(5000)}`, 'too-long'],
    [`/join?link=${encodeURIComponent('/join?domain=durov&voicechat')}`, 'nested-link'],
    [
      `/join?link=${encodeURIComponent(`/join?link=${encodeURIComponent('tg://resolve?domain=durov&voicechat')}`)}`,
      'nested-link',
    ],
    [`/join?link=${encodeURIComponent('https://example.com/durov?voicechat')}`, 'unknown-host'],
    ['/join?link=', 'empty'],
  ];
  it.each(cases)('%j → %s', (input, reason) => {
    expect(reasonOf(input)).toBe(reason);
  });

  // parseOpenableLink refuses all of these for the same reason, but for the invite links among them, which it opens.
  const openedAsInvites: ReadonlyMap<string, string> = new Map([
    ['https://t.me/joinchat/AAAA?voicechat', 'AAAA'],
    ['https://t.me/+AbCdEf?voicechat', 'AbCdEf'],
    ['tg://join?invite=abc', 'abc'],
  ]);
  it.each(cases)('parseOpenableLink: %j → %s too, unless it is an invite link', (input, reason) => {
    const hash = openedAsInvites.get(input);
    let outcome: unknown;
    try {
      outcome = parseOpenableLink(input);
    } catch (error) {
      if (!(error instanceof InvalidLinkError)) throw error;
      outcome = error.reason;
    }
    expect(outcome).toEqual(
      hash === undefined
        ? reason
        : { kind: 'chat-invite', invite: { hash, source: input.startsWith('tg') ? 'tg' : 'https' } },
    );
  });

  it('names the input in the error, even for a wrapped link', () => {
    const input = `/join?link=${encodeURIComponent('tg://resolve?domain=x&voicechat')}`;
    const error = (() => {
      try {
        parseCallLink(input);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidLinkError);
    expect((error as InvalidLinkError).input).toBe(input);
    expect((error as InvalidLinkError).reason).toBe('invalid-username');
    expect((error as InvalidLinkError).message).toContain('invalid-username');
  });

  it('keeps a huge input out of the message', () => {
    const input = `https://t.me/${'x'.repeat(10_000)}`;
    try {
      parseCallLink(input);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidLinkError);
      expect((e as InvalidLinkError).message.length).toBeLessThan(300);
      expect((e as InvalidLinkError).input).toBe(input);
    }
  });
});
