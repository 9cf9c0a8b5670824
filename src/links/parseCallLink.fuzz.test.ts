// Fuzzing parseCallLink: random text, and valid links mutated character by character, must either parse to a valid
// link (one that formats and parses back to itself) or throw InvalidLinkError, never anything else, and quickly.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallLink } from './callLink';
import { appRouteForLink, formatCallLink, tgLinkFor } from './formatCallLink';
import { InvalidLinkError } from './invalidLinkError';
import { isValidInviteHash } from './inviteHash';
import { MAX_LINK_LENGTH, parseCallLink } from './parseCallLink';
import { isValidUsername } from './telegramUsername';
import { callLinkArb } from './callLinkArbitraries';

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

/** Characters that matter to the parser, plus some that should never get through. */
const interesting = fc.constantFrom(
  '/', '?', '&', '=', '#', '%', '+', ':', '@', '.', '_', '-', '~', ' ', '\t', '\n', '\u0000', '\u007f', '\u0085',
  '%00', '%25', '%2F', '%3F', '%26', '%3D', '%C3%28', '%E2%82%AC', '%F0%9F%98%80', '%', '%%', '%z', 'é', 'д', '😀',
  '\uD800', '\uFEFF', '\u00A0', '\u202E', 'www.', 't.me', 'tg:', 'web+tg:', '//', 'voicechat', 'videochat=', 'livestream',
  'domain=', 'link=', 'join', 'A', 'z', '0', '_', '__',
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

describe('parseCallLink fuzz', () => {
  it('random text: parses to a valid link or throws InvalidLinkError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 }), fc.string({ unit: 'binary', maxLength: 100 })), (text) => {
        parseOrRefuse(text);
      }),
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

  it('huge inputs are refused at once, whatever they hold', () => {
    const started = performance.now();
    fc.assert(
      fc.property(validLinkTextArb, fc.integer({ min: MAX_LINK_LENGTH + 1, max: 200_000 }), fc.constantFrom('a', '%', '&voicechat=', '/', '😀'), (link, size, filler) => {
        const huge = link + filler.repeat(Math.ceil((size - link.length) / filler.length));
        const outcome = parseOrRefuse(huge);
        expect(outcome).toBeInstanceOf(InvalidLinkError);
        expect((outcome as InvalidLinkError).reason).toBe('too-long');
      }),
      { numRuns: 200 },
    );
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('inputs just under the limit, built to be slow (many params, long runs of % and /), finish quickly', () => {
    const slowest = [
      `https://t.me/durov?${'a=b&'.repeat(1000)}voicechat`,
      `https://t.me/${'/'.repeat(4000)}`,
      `https://t.me/durov?voicechat=${'%41'.repeat(85)}`,
      `/join?link=${'%25'.repeat(1300)}`,
      `${'www.'.repeat(1000)}t.me/durov?voicechat`,
      `tg://resolve?${'domain=durov&'.repeat(300)}`,
      `https://t.me/durov?${'&'.repeat(4050)}`,
    ];
    const started = performance.now();
    for (const input of slowest) {
      expect(input.length).toBeLessThanOrEqual(MAX_LINK_LENGTH);
      for (let i = 0; i < 20; i++) parseOrRefuse(input);
    }
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
