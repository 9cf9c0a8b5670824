// Sentences for a call or invite link the app cannot use: one per InvalidLinkError reason (the compiler checks that none is
// missing), and for links that parse but lead nowhere (unknown username, a person's name, a chat with no call).
import type { InvalidLinkReason } from '../links';

const INVALID_LINK_MESSAGES: Readonly<Record<InvalidLinkReason, string>> = {
  empty: 'The link is empty. Paste a t.me link to a video chat.',
  'too-long': 'This text is far too long to be a Telegram link.',
  'control-character': 'The link contains characters that a link cannot have. Copy it again.',
  'not-a-link': 'This is not a link. A video chat link looks like https://t.me/groupname?videochat.',
  'unsupported-scheme': 'Only https://t.me, tg: and web+tg: links can open a video chat.',
  'unknown-host': 'This is not a Telegram link: video chat links start with https://t.me/.',
  'unexpected-path': 'This Telegram link does not lead to a group, a channel or a group invite.',
  'missing-username': 'The link does not name a group or channel.',
  'invalid-username': 'The name in the link cannot be a Telegram username.',
  'no-call-parameter': 'This link opens a chat, not a video chat (it has no videochat, voicechat or livestream part).',
  'invalid-invite-hash': 'The invite code in the link is damaged. Ask for the link again.',
  'invite-hash-too-long': 'The invite code in the link is damaged. Ask for the link again.',
  'bad-percent-encoding': 'The link is damaged (some of its encoded characters do not decode). Copy it again.',
  'nested-link': 'The link points back to this app instead of to Telegram.',
  'phone-number-link': 'This is a link to a phone number, not to a group or a video chat.',
  'missing-chat-invite': 'The invite link ends before its invite code. Copy the whole link again.',
  'invalid-chat-invite': 'The invite code in this group invite link is damaged. Ask for the link again.',
  'ambiguous-link': 'This link names both a video chat and a group invite, so it is unclear which one to open.',
};

export function invalidLinkMessage(reason: InvalidLinkReason): string {
  return INVALID_LINK_MESSAGES[reason];
}

export const unknownUsernameMessage = (username: string) =>
  `No group or channel is called @${username}. Check the link, or ask for it again.`;
export const notAChatMessage = (username: string) =>
  `@${username} is a person, not a group or channel: there is no video chat to join.`;
/** "Open a link" with a link to a person's username: this app opens groups and channels only. */
export const personLinkMessage = (username: string) =>
  `@${username} is a person, not a group or channel. This app opens groups, channels and their video chats.`;
export const noCallMessage = (chatTitle: string) =>
  `There is no video chat in ${chatTitle} right now. It may have ended.`;

/** A chat invite link (t.me/+…) that Telegram does not know (invalid) or no longer honours (expired). */
export const deadInviteMessage = (kind: 'invalid' | 'expired') =>
  kind === 'expired'
    ? 'This invite link has expired, was revoked or has been used up. Ask for a new one.'
    : 'This invite link does not lead anywhere: no group or channel has it. Check the link, or ask for it again.';
export const requestSentMessage = (broadcast: boolean) =>
  `Your request to join was sent. An admin of the ${broadcast ? 'channel' : 'group'} has to approve it; then open the link again.`;
