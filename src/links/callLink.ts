// What a link that opens a Telegram group call says: whose call (a public username), which kind of link, and the invite
// hash for phone.joinGroupCall. Plain data shared by parseCallLink (reading links) and formatCallLink (writing them).

/** The query key that marks the link as a call link; all three join the chat's current call (group call or stream). */
export type CallLinkKind = 'videochat' | 'voicechat' | 'livestream';

/** Where the link came from: a t.me-style https link, a tg: / web+tg: URI, or this app's own `/join` route. */
export type CallLinkSource = 'https' | 'tg' | 'app';

export interface CallLink {
  /** The chat's public username, lower-cased (Telegram usernames are case-insensitive). */
  readonly username: string;
  readonly kind: CallLinkKind;
  /** `phone.joinGroupCall.invite_hash`; undefined for `?videochat` / `?videochat=` (join without a hash). */
  readonly inviteHash: string | undefined;
  readonly source: CallLinkSource;
}

/** Telegram Desktop's precedence when a link carries several call keys: livestream, then videochat, then voicechat. */
export const CALL_LINK_KINDS: readonly CallLinkKind[] = ['livestream', 'videochat', 'voicechat'];
