// Writes call links: the canonical https://t.me link (what people share), the tg:// URI, and this app's own /join route
// (what the router navigates to). Each checks the link first and throws InvalidLinkError naming it, so nothing writes a
// link that parseCallLink would refuse: parseCallLink(formatCallLink(x)) equals x for every valid x.

import { CALL_LINK_KINDS, type CallLink } from './callLink';
import { InvalidLinkError } from './invalidLinkError';
import { isValidInviteHash, MAX_INVITE_HASH_LENGTH } from './inviteHash';
import { canonicalUsername, isValidUsername } from './telegramUsername';

/** What a link needs to be written; `source` does not matter. */
export type CallLinkTarget = Pick<CallLink, 'username' | 'kind' | 'inviteHash'>;

/** This app's route for call links (see README.md). */
export const APP_JOIN_PATH = '/join';

/** The handler URL to register for the web+tg protocol (manifest `protocol_handlers`, registerProtocolHandler). */
export const WEB_TG_HANDLER_URL = `${APP_JOIN_PATH}?link=%s`;

/** `https://t.me/<username>?<kind>=<hash>`, or `?<kind>` without a hash. */
export function formatCallLink(link: CallLinkTarget): string {
  return `https://t.me/${checkedUsername(link)}?${callQuery(link)}`;
}

/** `tg://resolve?domain=<username>&<kind>=<hash>`. */
export function tgLinkFor(link: CallLinkTarget): string {
  return `tg://resolve?domain=${checkedUsername(link)}&${callQuery(link)}`;
}

/** `/join?domain=<username>&<kind>=<hash>`: the path and query this app's router opens the join screen at. */
export function appRouteForLink(link: CallLinkTarget): string {
  return `${APP_JOIN_PATH}?domain=${checkedUsername(link)}&${callQuery(link)}`;
}

function checkedUsername(link: CallLinkTarget): string {
  if (!isValidUsername(link.username)) throw new InvalidLinkError('invalid-username', describe(link));
  return canonicalUsername(link.username);
}

function callQuery(link: CallLinkTarget): string {
  if (!CALL_LINK_KINDS.includes(link.kind))
    throw new InvalidLinkError('no-call-parameter', describe(link), `kind ${String(link.kind)}`);
  const hash = link.inviteHash;
  if (hash === undefined) return link.kind;
  if (hash.length > MAX_INVITE_HASH_LENGTH) throw new InvalidLinkError('invite-hash-too-long', describe(link));
  if (!isValidInviteHash(hash)) throw new InvalidLinkError('invalid-invite-hash', describe(link));
  // The hash alphabet is URL-safe already; encoding keeps that true should the alphabet ever grow.
  return `${link.kind}=${encodeURIComponent(hash)}`;
}

function describe(link: CallLinkTarget): string {
  return JSON.stringify({ username: link.username, kind: link.kind, inviteHash: link.inviteHash });
}
