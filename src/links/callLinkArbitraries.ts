// fast-check arbitraries for call links, shared by the round-trip and fuzz tests (test-only; not exported by index.ts).

import fc from 'fast-check';
import type { CallLink, CallLinkKind } from './callLink';
import { MAX_INVITE_HASH_LENGTH } from './inviteHash';
import { MAX_USERNAME_LENGTH, MIN_USERNAME_LENGTH } from './telegramUsername';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const HASH_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~=';

/** A valid username in canonical (lower-case) form: a letter, then runs of [a-z0-9] joined by single underscores. */
export const usernameArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...LETTERS),
    fc.array(fc.stringMatching(/^[a-z0-9]{1,6}$/), { minLength: 1, maxLength: 8 }),
    fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  )
  .map(([first, runs, underscores]) => first + runs.map((run, i) => (underscores[i] && i > 0 ? `_${run}` : run)).join(''))
  .filter((name) => name.length >= MIN_USERNAME_LENGTH && name.length <= MAX_USERNAME_LENGTH);

export const kindArb: fc.Arbitrary<CallLinkKind> = fc.constantFrom('videochat', 'voicechat', 'livestream');

export const inviteHashArb: fc.Arbitrary<string | undefined> = fc.option(
  fc.string({ unit: fc.constantFrom(...HASH_CHARS), minLength: 1, maxLength: MAX_INVITE_HASH_LENGTH }),
  { nil: undefined },
);

export const callLinkArb: fc.Arbitrary<CallLink> = fc.record({
  username: usernameArb,
  kind: kindArb,
  inviteHash: inviteHashArb,
  source: fc.constant('https' as const),
});
