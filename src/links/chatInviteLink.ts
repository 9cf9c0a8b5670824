// A Telegram chat invite link: https://t.me/+<hash>, https://t.me/joinchat/<hash>, tg://join?invite=<hash>. A group
// without a public username shares its video chat this way (Telegram's apps share the group's own invite link, not a
// phone.exportGroupCallInvite link); the app checks and imports the hash (messages.checkChatInvite /
// messages.importChatInvite) and then joins the group's call. Plain data and the hash rule, shared by the parser and
// formatChatInviteLink.

import type { CallLink, CallLinkSource } from './callLink';
import { InvalidLinkError } from './invalidLinkError';

export interface ChatInviteLink {
  /** The invite hash exactly as in the link (after percent-decoding). Case-sensitive: never change its case. */
  readonly hash: string;
  readonly source: CallLinkSource;
}

/** Any link the app can open: a call link (a public chat's call) or a chat invite link (a private group's). */
export type OpenableLink =
  | { readonly kind: 'call'; readonly call: CallLink }
  | { readonly kind: 'chat-invite'; readonly invite: ChatInviteLink };

/**
 * Real invite hashes are about 22 characters (16 random bytes in base64url; older joinchat hashes are as long). 128
 * leaves room for any future format while keeping junk out of messages.checkChatInvite.
 */
export const MAX_CHAT_INVITE_HASH_LENGTH = 128;

/**
 * base64url (`A–Z a–z 0–9 _ -`), which is what Telegram hands out, plus '.': Telegram Desktop's own rule for
 * tg://join?invite= accepts exactly these characters, so a hash it opens must open here too. Nothing else ('=', '~',
 * '+', '/', spaces, non-ASCII) is a hash Telegram made.
 */
const CHAT_INVITE_HASH = /^[A-Za-z0-9_.-]+$/;

const DIGITS = /^[0-9]+$/;

/** Whether `hash` (percent-decoded) is an acceptable chat invite hash: 1–128 characters of `A–Z a–z 0–9 _ - .`. */
export function isValidChatInviteHash(hash: string): boolean {
  return hash.length > 0 && hash.length <= MAX_CHAT_INVITE_HASH_LENGTH && CHAT_INVITE_HASH.test(hash);
}

/**
 * Whether `t.me/+<text>` is a phone number link rather than an invite (core.telegram.org/api/links "Phone number
 * links"): Telegram reads `+` followed by digits only as a phone number. Such a hash is written as t.me/joinchat/<hash>.
 */
export function isPhoneNumberText(text: string): boolean {
  return DIGITS.test(text);
}

/** `hash` when it is a valid invite hash; else 'missing-chat-invite' (empty) or 'invalid-chat-invite'. */
export function checkedChatInviteHash(hash: string, input: string): string {
  if (hash === '') throw new InvalidLinkError('missing-chat-invite', input);
  if (hash.length > MAX_CHAT_INVITE_HASH_LENGTH) {
    throw new InvalidLinkError(
      'invalid-chat-invite',
      input,
      `${hash.length} characters, at most ${MAX_CHAT_INVITE_HASH_LENGTH}`,
    );
  }
  if (!isValidChatInviteHash(hash))
    throw new InvalidLinkError('invalid-chat-invite', input, JSON.stringify(hash.slice(0, 40)));
  return hash;
}
