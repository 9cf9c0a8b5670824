// Writes chat invite links in the three forms the parser reads back: the https://t.me link people share, the tg://
// URI, and this app's /join route. parseOpenableLink(formatChatInviteLink(x, t)) is { kind: 'chat-invite', invite:
// { hash: x.hash, source: t } } for every valid hash and target.

import type { CallLinkSource } from './callLink';
import { checkedChatInviteHash, isPhoneNumberText, type ChatInviteLink } from './chatInviteLink';
import { APP_JOIN_PATH } from './formatCallLink';

/**
 * `'https'` → `https://t.me/+<hash>` (`https://t.me/joinchat/<hash>` when the hash is all digits, since t.me/+<digits>
 * is a phone number link), `'tg'` → `tg://join?invite=<hash>`, `'app'` → `/join?invite=<hash>`. The invite's own
 * `source` does not matter. Throws InvalidLinkError ('missing-chat-invite', 'invalid-chat-invite') for a bad hash.
 */
export function formatChatInviteLink(invite: ChatInviteLink | string, target: CallLinkSource): string {
  const hash = typeof invite === 'string' ? invite : invite.hash;
  // The alphabet is URL-safe already; encoding keeps that true should it ever grow.
  const encoded = encodeURIComponent(checkedChatInviteHash(hash, JSON.stringify({ hash })));
  switch (target) {
    case 'https':
      return isPhoneNumberText(hash) ? `https://t.me/joinchat/${encoded}` : `https://t.me/+${encoded}`;
    case 'tg':
      return `tg://join?invite=${encoded}`;
    case 'app':
      return `${APP_JOIN_PATH}?invite=${encoded}`;
    default:
      return unknownTarget(target);
  }
}

function unknownTarget(target: never): never {
  throw new TypeError(`formatChatInviteLink: unknown target ${JSON.stringify(target)}`);
}
