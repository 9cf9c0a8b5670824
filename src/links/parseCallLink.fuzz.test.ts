// Fuzzing parseCallLink and parseOpenableLink: random text, and valid call and chat invite links mutated character by
// character, must either parse to a valid link (one that formats and parses back to itself) or throw InvalidLinkError,
// never anything else, and quickly. The two parsers must agree on every call link.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallLink } from './callLink';
import { isValidChatInviteHash, type OpenableLink } from './chatInviteLink';
import { appRouteForLink, formatCallLink, tgLinkFor } from './formatCallLink';
import { formatChatInviteLink } from './formatChatInviteLink';
import { InvalidLinkError } from './invalidLinkError';
import { isValidInviteHash } from './inviteHash';
import { MAX_LINK_LENGTH, parseCallLink, parseOpenableLink } from './parseCallLink';
import { isValidUsername } from './telegramUsername';
import { callLinkArb, chatInviteLinkArb } from './callLinkArbitraries';
import { SLOW_LINK_INPUTS } from './slowLinkInputs';

/** Parses, and checks the outcome is one of the two allowed ones. */
function parseOrRefuse(input: string): CallLink | InvalidLinkError {
  let result: CallLink;
  try {
    result = parseCallLink(input);
  } catch (error) {
    if (error instanceof InvalidLinkError) {
      expect(error.input).toBe(input);
      return error;
    }
    throw new Error(`parseCallLink threw a ${String(error)} for ${JSON.stringify(input.slice(0, 200))}`);
  }
  expect(isValidUsername(result.username)).toBe(true);
  expect(result.username).toBe(result.username.toLowerCase());
  if (result.inviteHash !== undefined) expect(isValidInviteHash(result.inviteHash)).toBe(true);
  expect(parseCallLink(formatCallLink(result))).toEqual({ ...result, source: 'https' });
  return result;
}

/**
 * parseOpenableLink's outcome, checked: only InvalidLinkError; an invite has a valid hash and formats back to itself in
 * all three forms; a call is exactly what parseCallLink reads (which must accept it). When parseCallLink accepts the
 * text, parseOpenableLink reads the same call or, for an app route naming an invite as well, says 'ambiguous-link'.
 */
function openOrRefuse(input: string): OpenableLink | InvalidLinkError {
  let result: OpenableLink;
  try {
    result = parseOpenableLink(input);
  } catch (error) {
    if (!(error instanceof InvalidLinkError)) {
      throw new Error(`parseOpenableLink threw a ${String(error)} for ${JSON.stringify(input.slice(0, 200))}`);
    }
    expect(error.input).toBe(input);
    const asCall = parseOrRefuse(input);
    if (!(asCall instanceof InvalidLinkError)) expect(error.reason).toBe('ambiguous-link');
    return error;
  }
  if (result.kind === 'call') {
    expect(parseOrRefuse(input)).toEqual(result.call);
    return result;
  }
  const { hash } = result.invite;
  expect(isValidChatInviteHash(hash)).toBe(true);
  for (const target of ['https', 'tg', 'app'] as const) {
    expect(parseOpenableLink(formatChatInviteLink(result.invite, target))).toEqual({
      kind: 'chat-invite',
      invite: { hash, source: target },
    });
  }
  expect(parseOrRefuse(input)).toBeInstanceOf(InvalidLinkError);
  return result;
}

/** Characters that matter to the parser, plus some that should never get through. */
const interesting = fc.constantFrom(
  '/',
  '?',
  '&',
  '=',
  '#',
  '%',
  '+',
  ':',
  '@',
  '.',
  '_',
  '-',
  '~',
  ' ',
  '\t',
  '\n',
  '\u0000',
  '\u007f',
  '\u0085',
  '%00',
  '%25',
  '%2F',
  '%3F',
  '%26',
  '%3D',
  '%C3%28',
  '%E2%82%AC',
  '%F0%9F%98%80',
  '%',
  '%%',
  '%z',
  'é',
  'д',
  '😀',
  '\uD800',
  '\uFEFF',
  '\u00A0',
  '\u202E',
  'www.',
  't.me',
  'tg:',
  'web+tg:',
  '//',
  'voicechat',
  'videochat=',
  'livestream',
  'domain=',
  'link=',
  'join',
  'A',
  'z',
  '0',
  '_',
  '__',
  '+',
  '%2B',
  '/+',
  'joinchat/',
  'join?invite=',
  'invite=',
  '123',
);

type Mutation = { at: number; op: 'insert' | 'delete' | 'replace' | 'encode'; text: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('insert', 'delete', 'replace', 'encode'),
  text: fc.oneof(interesting, fc.string({ maxLength: 3 }), fc.string({ unit: 'binary', maxLength: 3 })),
});

function mutate(link: string, mutations: readonly Mutation[]): string {
  let s = link;
  for (const m of mutations) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1);
    switch (m.op) {
      case 'insert':
        s = s.slice(0, at) + m.text + s.slice(at);
        break;
      case 'delete':
        s = s.slice(0, at) + s.slice(at + 1 + (m.text.length % 3));
        break;
      case 'replace':
        s = s.slice(0, at) + m.text + s.slice(at + 1);
        break;
      case 'encode': {
        // Percent-encode one character (UTF-8, as a browser would), or a stray byte of one.
        const ch = s.slice(at, at + 1);
        if (ch === '') break;
        // Half of a surrogate pair has no UTF-8 form (encodeURIComponent would throw): write its code unit as a byte.
        if (/[\uD800-\uDFFF]/.test(ch)) {
          s = `${s.slice(0, at)}%${(ch.charCodeAt(0) & 0xff).toString(16).padStart(2, '0')}${s.slice(at + 1)}`;
          break;
        }
        const enc = encodeURIComponent(ch).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
        const bytes = enc.startsWith('%') ? enc : `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`;
        s = s.slice(0, at) + (m.text.length % 2 === 0 ? bytes : bytes.slice(0, 2)) + s.slice(at + 1);
        break;
      }
    }
  }
  return s;
}

const validLinkTextArb: fc.Arbitrary<string> = fc
  .tuple(callLinkArb, fc.constantFrom(0, 1, 2, 3, 4))
  .map(([link, form]) => {
    switch (form) {
      case 0:
        return formatCallLink(link);
      case 1:
        return tgLinkFor(link);
      case 2:
        return `web+${tgLinkFor(link)}`;
      case 3:
        return appRouteForLink(link);
      default:
        return `/join?link=${encodeURIComponent(`web+${tgLinkFor(link)}`)}`;
    }
  });

/** Chat invite links in every form the parser reads: the three formats, web+tg:, and the handler's wrapped links. */
const validInviteTextArb: fc.Arbitrary<string> = fc
  .tuple(chatInviteLinkArb, fc.constantFrom(0, 1, 2, 3, 4, 5, 6))
  .map(([invite, form]) => {
    switch (form) {
      case 0:
        return formatChatInviteLink(invite, 'https');
      case 1:
        return `https://t.me/joinchat/${invite.hash}`;
      case 2:
        return formatChatInviteLink(invite, 'tg');
      case 3:
        return `web+${formatChatInviteLink(invite, 'tg')}`;
      case 4:
        return formatChatInviteLink(invite, 'app');
      case 5:
        return `/join?link=${encodeURIComponent(`web+${formatChatInviteLink(invite, 'tg')}`)}`;
      default:
        return `/join?link=${encodeURIComponent(formatChatInviteLink(invite, 'https'))}`;
    }
  });

describe('parseCallLink / parseOpenableLink fuzz', () => {
  it('random text: parses to a valid link or throws InvalidLinkError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 100 }),
          fc.string({ unit: 'binary', maxLength: 100 }),
        ),
        (text) => {
          parseOrRefuse(text);
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('random text built from the characters the parser cares about', () => {
    fc.assert(
      fc.property(fc.array(interesting, { maxLength: 40 }), (parts) => {
        parseOrRefuse(parts.join(''));
      }),
      { numRuns: 3000 },
    );
  });

  it('mutated valid links (insert / delete / replace / percent-encode): a valid link or InvalidLinkError', () => {
    let parsed = 0;
    fc.assert(
      fc.property(validLinkTextArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (link, mutations) => {
        if (!(parseOrRefuse(mutate(link, mutations)) instanceof InvalidLinkError)) parsed++;
      }),
      { numRuns: 4000 },
    );
    // Some mutations (a case change, an encoded letter, junk after #) leave a valid link: both outcomes are exercised.
    expect(parsed).toBeGreaterThan(100);
  });

  it('random text through parseOpenableLink: a valid link or InvalidLinkError, agreeing with parseCallLink', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 100 }),
          fc.array(interesting, { maxLength: 40 }).map((parts) => parts.join('')),
        ),
        (text) => {
          openOrRefuse(text);
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('mutated valid call links through parseOpenableLink: the same call as parseCallLink, or InvalidLinkError', () => {
    fc.assert(
      fc.property(validLinkTextArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (link, mutations) => {
        openOrRefuse(mutate(link, mutations));
      }),
      { numRuns: 2000 },
    );
  });

  it('mutated valid chat invite links: a valid link or InvalidLinkError, and both outcomes happen', () => {
    let invites = 0;
    let refused = 0;
    fc.assert(
      fc.property(validInviteTextArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (link, mutations) => {
        const outcome = openOrRefuse(mutate(link, mutations));
        if (outcome instanceof InvalidLinkError) refused++;
        else if (outcome.kind === 'chat-invite') invites++;
      }),
      { numRuns: 4000 },
    );
    expect(invites).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('huge inputs are refused as too long, whatever they hold', () => {
    fc.assert(
      fc.property(
        validLinkTextArb,
        fc.integer({ min: MAX_LINK_LENGTH + 1, max: 200_000 }),
        fc.constantFrom('a', '%', '&voicechat=', '/', '😀'),
        (link, size, filler) => {
          const huge = link + filler.repeat(Math.ceil((size - link.length) / filler.length));
          const outcome = parseOrRefuse(huge);
          expect(outcome).toBeInstanceOf(InvalidLinkError);
          expect((outcome as InvalidLinkError).reason).toBe('too-long');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('t.me/+<digits> is always a phone number link, whatever the spelling around it; t.me/joinchat/<digits> an invite', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{1,40}$/),
        fc.constantFrom('https://t.me/+', 't.me/%2B', 'HTTP://WWW.TELEGRAM.DOG/+', '//t.me:443/+'),
        fc.constantFrom('', '/', '?x=1', '#+abc'),
        (digits, prefix, suffix) => {
          const outcome = openOrRefuse(`${prefix}${digits}${suffix}`);
          expect(outcome).toBeInstanceOf(InvalidLinkError);
          expect((outcome as InvalidLinkError).reason).toBe('phone-number-link');
          expect(openOrRefuse(`https://t.me/joinchat/${digits}${suffix}`)).toEqual({
            kind: 'chat-invite',
            invite: { hash: digits, source: 'https' },
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('huge invite links are refused as too long by parseOpenableLink too', () => {
    fc.assert(
      fc.property(
        validInviteTextArb,
        fc.integer({ min: MAX_LINK_LENGTH + 1, max: 200_000 }),
        fc.constantFrom('a', '%', '&invite=', '/', '+'),
        (link, size, filler) => {
          const huge = link + filler.repeat(Math.ceil((size - link.length) / filler.length));
          const outcome = openOrRefuse(huge);
          expect(outcome).toBeInstanceOf(InvalidLinkError);
          expect((outcome as InvalidLinkError).reason).toBe('too-long');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('inputs just under the limit, built to be slow (many params, long runs of % and /), are parsed or refused (their time is in `npm run bench -- links`)', () => {
    for (const input of SLOW_LINK_INPUTS) {
      expect(input.length).toBeLessThanOrEqual(MAX_LINK_LENGTH);
      for (let i = 0; i < 20; i++) openOrRefuse(input);
    }
  });
});
