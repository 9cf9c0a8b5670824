// Pasted text → the join screen's route. Pure, so the rule is tested without a page.
import { APP_JOIN_PATH, appRouteForLink, formatChatInviteLink, InvalidLinkError, parseOpenableLink } from '../links';

/** The join-screen route for pasted text (a call link or a chat invite link): the link's canonical route, or /join?link=… so the screen says what is wrong. */
export function joinRouteForText(text: string, origin: string): string {
  const trimmed = text.trim();
  // This app's own address, pasted whole (http://host/join?…): its path and query.
  if (trimmed.startsWith(`${origin}${APP_JOIN_PATH}`)) return trimmed.slice(origin.length);
  try {
    const link = parseOpenableLink(trimmed);
    return link.kind === 'call' ? appRouteForLink(link.call) : formatChatInviteLink(link.invite, 'app');
  } catch (error) {
    if (!(error instanceof InvalidLinkError)) throw error;
    return `${APP_JOIN_PATH}?link=${encodeURIComponent(trimmed)}`;
  }
}
