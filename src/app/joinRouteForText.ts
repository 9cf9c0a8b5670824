// Pasted text → the join screen's route. Pure, so the rule is tested without a page.
import { APP_JOIN_PATH, appRouteForLink, InvalidLinkError, parseCallLink } from '../links';

/** The join-screen route for pasted text: the link's canonical route, or /join?link=… so the screen says what is wrong. */
export function joinRouteForText(text: string, origin: string): string {
  const trimmed = text.trim();
  // This app's own address, pasted whole (http://host/join?…): its path and query.
  if (trimmed.startsWith(`${origin}${APP_JOIN_PATH}`)) return trimmed.slice(origin.length);
  try {
    return appRouteForLink(parseCallLink(trimmed));
  } catch (error) {
    if (!(error instanceof InvalidLinkError)) throw error;
    return `${APP_JOIN_PATH}?link=${encodeURIComponent(trimmed)}`;
  }
}
