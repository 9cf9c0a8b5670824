// Links that open a Telegram group call, and chat invite links that lead to a private group's call: parse any form
// people and browsers hand us, write the canonical ones. Pure (no DOM); the forms and the /join route are described in
// README.md.

export { CALL_LINK_KINDS, type CallLink, type CallLinkKind, type CallLinkSource } from './callLink';
export {
  isValidChatInviteHash,
  MAX_CHAT_INVITE_HASH_LENGTH,
  type ChatInviteLink,
  type OpenableLink,
} from './chatInviteLink';
export {
  appRouteForLink,
  APP_JOIN_PATH,
  formatCallLink,
  tgLinkFor,
  WEB_TG_HANDLER_URL,
  type CallLinkTarget,
} from './formatCallLink';
export { formatChatInviteLink } from './formatChatInviteLink';
export { InvalidLinkError, type InvalidLinkReason } from './invalidLinkError';
export { isValidInviteHash, MAX_INVITE_HASH_LENGTH } from './inviteHash';
export { MAX_LINK_LENGTH, parseCallLink, parseOpenableLink } from './parseCallLink';
export { canonicalUsername, isValidUsername, MAX_USERNAME_LENGTH, MIN_USERNAME_LENGTH } from './telegramUsername';
