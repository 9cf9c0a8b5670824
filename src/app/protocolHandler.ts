// Asks the browser to open web+tg: links with this app (navigator.registerProtocolHandler): the browser then opens
// /join?link=<the link>, which the join screen reads. The web manifest's protocol_handlers does the same for the
// installed app.
import { WEB_TG_HANDLER_URL } from '../links';

export const canRegisterProtocolHandler = (): boolean =>
  typeof navigator !== 'undefined' && typeof navigator.registerProtocolHandler === 'function';

/** Throws the browser's error when it refuses (an insecure origin, a blocked scheme). */
export function registerWebTgHandler(): void {
  // A relative handler URL is resolved against the page; it must be same-origin and keep the %s placeholder.
  navigator.registerProtocolHandler('web+tg', WEB_TG_HANDLER_URL);
}
