import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallLinkSource } from './callLink';
import { chatInviteLinkArb, linkSourceArb } from './callLinkArbitraries';
import { isValidChatInviteHash, MAX_CHAT_INVITE_HASH_LENGTH, type OpenableLink } from './chatInviteLink';
import { WEB_TG_HANDLER_URL } from './formatCallLink';
import { formatChatInviteLink } from './formatChatInviteLink';
import { InvalidLinkError, type InvalidLinkReason } from './invalidLinkError';
import { parseCallLink, parseOpenableLink } from './parseCallLink';

const invite = (hash: string, source: CallLinkSource): OpenableLink => ({
  kind: 'chat-invite',
  invite: { hash, source },
});

function reasonOf(parse: (input: string) => unknown, input: string): InvalidLinkReason | 'parsed' {
  try {
    parse(input);
    return 'parsed';
  } catch (error) {
    if (error instanceof InvalidLinkError) return error.reason;
    throw error;
  }
}

const wrap = (link: string) => WEB_TG_HANDLER_URL.replace('%s', encodeURIComponent(link));

describe('parseOpenableLink: chat invite links', () => {
  const cases: Array<[string, OpenableLink]> = [
    // t.me/+<hash> and t.me/joinchat/<hash>
    ['https://t.me/+AbCdEf_-12', invite('AbCdEf_-12', 'https')],
    ['https://t.me/joinchat/AAAAAEHbEkejzxUjAUCzYA', invite('AAAAAEHbEkejzxUjAUCzYA', 'https')],
    // the hash keeps its case; the rest of the link does not matter
    ['HTTPS://WWW.T.ME/JoinChat/AbC', invite('AbC', 'https')],
    ['https://t.me/+aBc', invite('aBc', 'https')],
    // schemes, hosts, www., port, trailing slash, other params, fragments, white space around
    ['http://t.me/+abc', invite('abc', 'https')],
    ['t.me/+abc', invite('abc', 'https')],
    ['//t.me/+abc', invite('abc', 'https')],
    ['https://telegram.me/+abc', invite('abc', 'https')],
    ['https://telegram.dog/joinchat/abc', invite('abc', 'https')],
    ['www.telegram.me/+abc', invite('abc', 'https')],
    ['https://t.me:443/+abc', invite('abc', 'https')],
    ['http://t.me:80/joinchat/abc', invite('abc', 'https')],
    ['t.me:443/+abc', invite('abc', 'https')],
    ['https://t.me/+abc/', invite('abc', 'https')],
    ['https://t.me/joinchat/abc/', invite('abc', 'https')],
    ['https://t.me/+abc?utm_source=x&ref=y', invite('abc', 'https')],
    ['https://t.me/+abc?videochat', invite('abc', 'https')],
    ['https://t.me/+abc#frag', invite('abc', 'https')],
    ['  https://t.me/+abc\n', invite('abc', 'https')],
    // percent-encoding, '.' (Telegram Desktop accepts it), digits after joinchat/ (no phone number there)
    ['https://t.me/+%61bc', invite('abc', 'https')],
    ['https://t.me/%2Babc', invite('abc', 'https')],
    ['https://t.me/+a.b-c_d', invite('a.b-c_d', 'https')],
    ['https://t.me/joinchat/123456', invite('123456', 'https')],
    ['https://t.me/+12ab', invite('12ab', 'https')],
    [
      `https://t.me/+${'a'.repeat(MAX_CHAT_INVITE_HASH_LENGTH)}`,
      invite('a'.repeat(MAX_CHAT_INVITE_HASH_LENGTH), 'https'),
    ],
    // tg: and web+tg:
    ['tg://join?invite=AbC', invite('AbC', 'tg')],
    ['tg:join?invite=AbC', invite('AbC', 'tg')],
    ['TG://JOIN/?INVITE=AbC', invite('AbC', 'tg')],
    ['tg://join?foo=1&invite=AbC&invite=second', invite('AbC', 'tg')],
    ['tg://join?invite=123', invite('123', 'tg')],
    ['web+tg://join?invite=AbC', invite('AbC', 'tg')],
    ['web+tg:join?invite=AbC', invite('AbC', 'tg')],
    // the app's route, under a base path, and wrapped links
    ['/join?invite=AbC', invite('AbC', 'app')],
    ['/join/?invite=AbC&utm=1', invite('AbC', 'app')],
    ['/tgcall/join?invite=AbC#x', invite('AbC', 'app')],
    ['/join?invite=123', invite('123', 'app')],
    [wrap('web+tg://join?invite=AbC'), invite('AbC', 'tg')],
    [wrap('tg://join?invite=AbC'), invite('AbC', 'tg')],
    [wrap('https://t.me/+AbC'), invite('AbC', 'https')],
    [wrap('t.me/joinchat/AbC'), invite('AbC', 'https')],
  ];
  it.each(cases)('%s', (input, expected) => {
    expect(parseOpenableLink(input)).toEqual(expected);
    // parseCallLink still refuses every one of them (the reasons are pinned in parseCallLink.test.ts).
    expect(reasonOf(parseCallLink, input)).not.toBe('parsed');
  });
});

describe('parseOpenableLink: what it refuses, and why', () => {
  const cases: Array<[string, InvalidLinkReason]> = [
    // phone number links (core.telegram.org/api/links "Phone number links")
    ['https://t.me/+4915112345678', 'phone-number-link'],
    ['t.me/+1', 'phone-number-link'],
    ['https://t.me/+4915112345678/', 'phone-number-link'],
    ['https://t.me/%2B4915112345678', 'phone-number-link'],
    // no hash
    ['https://t.me/+', 'missing-chat-invite'],
    ['https://t.me/+/', 'missing-chat-invite'],
    ['https://t.me/+?x=1', 'missing-chat-invite'],
    ['https://t.me/joinchat', 'missing-chat-invite'],
    ['https://t.me/joinchat/', 'missing-chat-invite'],
    ['https://t.me/joinchat//', 'missing-chat-invite'],
    ['tg://join', 'missing-chat-invite'],
    ['tg://join?invite', 'missing-chat-invite'],
    ['tg://join?invite=', 'missing-chat-invite'],
    ['tg://join?foo=bar', 'missing-chat-invite'],
    ['/join?invite=', 'missing-chat-invite'],
    [wrap('tg://join'), 'missing-chat-invite'],
    // a hash Telegram never made
    ['https://t.me/++abc', 'invalid-chat-invite'],
    ['https://t.me/+abc=', 'invalid-chat-invite'],
    ['https://t.me/+a~b', 'invalid-chat-invite'],
    ['https://t.me/+a%20b', 'invalid-chat-invite'],
    ['https://t.me/+a%2Fb', 'invalid-chat-invite'],
    ['https://t.me/+%D0%B4', 'invalid-chat-invite'],
    ['https://t.me/+абв', 'invalid-chat-invite'],
    ['https://t.me/joinchat/<script>', 'invalid-chat-invite'],
    ['tg://join?invite=a+b', 'invalid-chat-invite'],
    ['tg://join?invite=a%26b', 'invalid-chat-invite'],
    ['/join?invite=a b', 'invalid-chat-invite'],
    [`https://t.me/+${'a'.repeat(MAX_CHAT_INVITE_HASH_LENGTH + 1)}`, 'invalid-chat-invite'],
    [`tg://join?invite=${'a'.repeat(MAX_CHAT_INVITE_HASH_LENGTH + 1)}`, 'invalid-chat-invite'],
    // broken encoding and control characters, in the hash or elsewhere in the link
    ['https://t.me/+%zz', 'bad-percent-encoding'],
    ['https://t.me/joinchat/%C3%28', 'bad-percent-encoding'],
    ['https://t.me/+abc?x=%', 'bad-percent-encoding'],
    ['tg://join?invite=%', 'bad-percent-encoding'],
    ['https://t.me/+a%00b', 'control-character'],
    ['tg://join?invite=a%1Bb', 'control-character'],
    ['https://t.me/+a\u0000b', 'control-character'],
    [`https://t.me/+${'a'.repeat(5000)}`, 'too-long'],
    // wrong hosts, ports, schemes
    ['https://example.com/+abc', 'unknown-host'],
    ['https://t.me.evil.com/+abc', 'unknown-host'],
    ['https://evil.com@t.me/+abc', 'unknown-host'],
    ['https://t.me:8080/+abc', 'unknown-host'],
    ['https://joinchat.t.me/abc', 'unknown-host'],
    ['ftp://t.me/+abc', 'unsupported-scheme'],
    ['https:t.me/+abc', 'not-a-link'],
    // shapes that are not invite links
    ['https://t.me/+abc/def', 'unexpected-path'],
    ['https://t.me/s/+abc', 'unexpected-path'],
    ['https://t.me/joinchat/abc/def', 'unexpected-path'],
    ['https://t.me/%20abc', 'unexpected-path'],
    ['https://durov.t.me/+abc', 'unexpected-path'],
    ['tg://joinchat?invite=abc', 'unexpected-path'],
    ['tg://invite?invite=abc', 'unexpected-path'],
    ['/chats?invite=abc', 'unexpected-path'],
    // the app's route may not name both an invite and a call (nor wrap a link besides)
    ['/join?invite=abc&domain=durov', 'ambiguous-link'],
    ['/join?domain=durov&videochat=h&invite=abc', 'ambiguous-link'],
    ['/join?invite=abc&voicechat', 'ambiguous-link'],
    ['/join?livestream&invite=', 'ambiguous-link'],
    [`/join?link=${encodeURIComponent('https://t.me/+abc')}&invite=abc`, 'ambiguous-link'],
    [`/join?invite=abc&link=${encodeURIComponent('https://t.me/durov?voicechat')}`, 'ambiguous-link'],
    // one level of wrapping only
    [`/join?link=${encodeURIComponent('/join?invite=abc')}`, 'nested-link'],
    [wrap('https://example.com/+abc'), 'unknown-host'],
  ];
  it.each(cases)('%j → %s', (input, reason) => {
    expect(reasonOf(parseOpenableLink, input)).toBe(reason);
  });

  it('names the whole input in the error, even for a wrapped link', () => {
    const input = wrap('tg://join?invite=a+b');
    try {
      parseOpenableLink(input);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidLinkError);
      expect((e as InvalidLinkError).reason).toBe('invalid-chat-invite');
      expect((e as InvalidLinkError).input).toBe(input);
    }
  });

  it('parseCallLink keeps accepting a call route that also names an invite (its behaviour is unchanged)', () => {
    expect(parseCallLink('/join?domain=durov&videochat=h&invite=abc')).toEqual({
      username: 'durov',
      kind: 'videochat',
      inviteHash: 'h',
      source: 'app',
    });
  });
});

describe('formatChatInviteLink', () => {
  it('writes the three forms', () => {
    expect(formatChatInviteLink('AbC-_9.x', 'https')).toBe('https://t.me/+AbC-_9.x');
    expect(formatChatInviteLink({ hash: 'AbC', source: 'tg' }, 'https')).toBe('https://t.me/+AbC');
    expect(formatChatInviteLink('AbC', 'tg')).toBe('tg://join?invite=AbC');
    expect(formatChatInviteLink('AbC', 'app')).toBe('/join?invite=AbC');
  });

  it('writes an all-digit hash as t.me/joinchat/, since t.me/+<digits> is a phone number link', () => {
    expect(formatChatInviteLink('12345', 'https')).toBe('https://t.me/joinchat/12345');
    expect(parseOpenableLink(formatChatInviteLink('12345', 'https'))).toEqual(invite('12345', 'https'));
    expect(formatChatInviteLink('12345', 'tg')).toBe('tg://join?invite=12345');
  });

  it.each([
    ['', 'missing-chat-invite'],
    ['a b', 'invalid-chat-invite'],
    ['a&invite=b', 'invalid-chat-invite'],
    ['a=', 'invalid-chat-invite'],
    ['é', 'invalid-chat-invite'],
    ['x'.repeat(MAX_CHAT_INVITE_HASH_LENGTH + 1), 'invalid-chat-invite'],
  ] as const)('refuses the hash %j (%s), naming it', (hash, reason) => {
    for (const target of ['https', 'tg', 'app'] as const) {
      for (const given of [hash, { hash, source: 'https' as const }]) {
        try {
          formatChatInviteLink(given, target);
          expect.unreachable();
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidLinkError);
          expect((e as InvalidLinkError).reason).toBe(reason);
          expect((e as InvalidLinkError).input).toContain(JSON.stringify(hash).slice(1, 20));
        }
      }
    }
  });
});

describe('chat invite round trips', () => {
  it('parseOpenableLink(formatChatInviteLink(x, target)) is x with that source, for every target', () => {
    fc.assert(
      fc.property(chatInviteLinkArb, linkSourceArb, (x, target) => {
        expect(isValidChatInviteHash(x.hash)).toBe(true);
        expect(parseOpenableLink(formatChatInviteLink(x, target))).toEqual(invite(x.hash, target));
      }),
      { numRuns: 2000 },
    );
  });

  it("web+tg: links and the protocol handler's wrapped links read back with source tg (or the wrapped link's)", () => {
    fc.assert(
      fc.property(chatInviteLinkArb, (x) => {
        const tg = formatChatInviteLink(x, 'tg');
        expect(parseOpenableLink(`web+${tg}`)).toEqual(invite(x.hash, 'tg'));
        expect(parseOpenableLink(wrap(`web+${tg}`))).toEqual(invite(x.hash, 'tg'));
        expect(parseOpenableLink(wrap(tg))).toEqual(invite(x.hash, 'tg'));
        expect(parseOpenableLink(wrap(formatChatInviteLink(x, 'https')))).toEqual(invite(x.hash, 'https'));
      }),
      { numRuns: 1000 },
    );
  });

  it('formatting is canonical: a link in any accepted spelling formats back to the canonical one', () => {
    fc.assert(
      fc.property(
        chatInviteLinkArb,
        fc.constantFrom('HTTPS://WWW.T.ME/joinchat/', 'telegram.dog/JOINCHAT/', '//telegram.me/joinchat/'),
        (x, prefix) => {
          const parsed = parseOpenableLink(`${prefix}${x.hash}/?utm=1#frag`);
          expect(parsed).toEqual(invite(x.hash, 'https'));
          expect(parsed.kind === 'chat-invite' && formatChatInviteLink(parsed.invite, 'https')).toBe(
            formatChatInviteLink(x, 'https'),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('parseCallLink refuses every formatted invite link', () => {
    fc.assert(
      fc.property(chatInviteLinkArb, linkSourceArb, (x, target) => {
        expect(reasonOf(parseCallLink, formatChatInviteLink(x, target))).not.toBe('parsed');
      }),
      { numRuns: 500 },
    );
  });
});
