// Pasted text ("Open a link" on the chat list) → where it goes: a call or invite link's join route, a plain
// t.me/<name> link's chat (found by username), or the sentence that says why the text is no link. Pure, so the rule is
// tested without a page.
import { APP_JOIN_PATH, appRouteForLink, formatChatInviteLink, InvalidLinkError, parseOpenableLink } from '../links';
import { invalidLinkMessage } from './linkMessages';

export type OpenLinkTarget =
  /** A call link or a chat invite link: the join screen resolves it and asks before joining. */
  | { kind: 'route'; route: string }
  /** A link to a group or channel itself (t.me/<name>, tg://resolve?domain=<name>): open that chat. */
  | { kind: 'chat'; username: string }
  /** Not a link the app can open: why, said beside the field. */
  | { kind: 'invalid'; message: string };

/** Where `text` leads; `origin` is this app's (its own /join address pasted whole keeps its path). */
export function openLinkTarget(text: string, origin: string): OpenLinkTarget {
  const trimmed = text.trim();
  if (trimmed.startsWith(`${origin}${APP_JOIN_PATH}`)) return { kind: 'route', route: trimmed.slice(origin.length) };
  try {
    const link = parseOpenableLink(trimmed);
    return {
      kind: 'route',
      route: link.kind === 'call' ? appRouteForLink(link.call) : formatChatInviteLink(link.invite, 'app'),
    };
  } catch (error) {
    if (!(error instanceof InvalidLinkError)) throw error;
    if (error.reason === 'no-call-parameter') {
      // Everything but the call part was right: the same link with one names the chat.
      const username = usernameOfChatLink(trimmed);
      if (username !== null) return { kind: 'chat', username };
    }
    return { kind: 'invalid', message: invalidLinkMessage(error.reason) };
  }
}

function usernameOfChatLink(link: string): string | null {
  const hashAt = link.indexOf('#');
  const bare = hashAt < 0 ? link : link.slice(0, hashAt);
  try {
    const parsed = parseOpenableLink(`${bare}${bare.includes('?') ? '&' : '?'}videochat`);
    return parsed.kind === 'call' ? parsed.call.username : null;
  } catch (error) {
    if (error instanceof InvalidLinkError) return null;
    throw error;
  }
}
