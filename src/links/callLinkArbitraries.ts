// fast-check arbitraries for call links and chat invite links, shared by the round-trip and fuzz tests (test-only; not exported by index.ts).

import fc from 'fast-check';
import type { CallLink, CallLinkKind, CallLinkSource } from './callLink';
import { MAX_CHAT_INVITE_HASH_LENGTH, type ChatInviteLink } from './chatInviteLink';
import { MAX_INVITE_HASH_LENGTH } from './inviteHash';
import { MAX_USERNAME_LENGTH, MIN_USERNAME_LENGTH } from './telegramUsername';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const HASH_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~=';
const CHAT_INVITE_HASH_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.';

/** A valid username in canonical (lower-case) form: a letter, then runs of [a-z0-9] joined by single underscores. */
export const usernameArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...LETTERS),
    fc.array(fc.stringMatching(/^[a-z0-9]{1,6}$/), { minLength: 1, maxLength: 8 }),
    fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  )
  .map(
    ([first, runs, underscores]) => first + runs.map((run, i) => (underscores[i] && i > 0 ? `_${run}` : run)).join(''),
  )
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

/**
 * A valid chat invite hash: mostly any of the alphabet, up to the maximum length; sometimes the real shape (22 base64url
 * characters); sometimes digits only (written as t.me/joinchat/<digits>, since t.me/+<digits> is a phone number).
 */
export const chatInviteHashArb: fc.Arbitrary<string> = fc.oneof(
  {
    arbitrary: fc.string({
      unit: fc.constantFrom(...CHAT_INVITE_HASH_CHARS),
      minLength: 1,
      maxLength: MAX_CHAT_INVITE_HASH_LENGTH,
    }),
    weight: 3,
  },
  {
    arbitrary: fc.string({
      unit: fc.constantFrom(...CHAT_INVITE_HASH_CHARS.replace('.', '')),
      minLength: 22,
      maxLength: 22,
    }),
    weight: 1,
  },
  { arbitrary: fc.stringMatching(/^[0-9]{1,20}$/), weight: 1 },
);

export const linkSourceArb: fc.Arbitrary<CallLinkSource> = fc.constantFrom('https', 'tg', 'app');

export const chatInviteLinkArb: fc.Arbitrary<ChatInviteLink> = fc.record({
  hash: chatInviteHashArb,
  source: fc.constant('https' as const),
});
