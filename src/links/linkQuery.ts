// The query string and percent-decoding rules the call-link parser reads with. Never throws anything but
// InvalidLinkError: decodeURIComponent's URIError (a stray '%', bytes that are not UTF-8) becomes 'bad-percent-encoding'.

import { InvalidLinkError } from './invalidLinkError';

// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/**
 * Percent-decodes one URL component. In query strings '+' means a space (application/x-www-form-urlencoded, as
 * URLSearchParams and Telegram's clients read it); in paths it stays a '+'. `input` is the whole link, for the error.
 */
export function decodeComponent(text: string, input: string, plusIsSpace: boolean): string {
  const spaced = plusIsSpace ? text.replace(/\+/g, ' ') : text;
  let decoded: string;
  try {
    decoded = decodeURIComponent(spaced);
  } catch (error) {
    if (error instanceof URIError)
      throw new InvalidLinkError('bad-percent-encoding', input, `cannot decode ${JSON.stringify(text.slice(0, 40))}`);
    throw error;
  }
  if (hasControlCharacter(decoded)) throw new InvalidLinkError('control-character', input, 'in a decoded value');
  return decoded;
}

/**
 * A query string (without '?') as a map from lower-cased key to decoded value. Keys are case-insensitive (Telegram
 * Desktop lower-cases them); a key without '=' has the value ''; when a key repeats, the first one counts (as
 * URLSearchParams.get does).
 */
export function parseQuery(query: string, input: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    const key = decodeComponent(rawKey, input, true).toLowerCase();
    if (params.has(key)) continue;
    params.set(key, decodeComponent(rawValue, input, true));
  }
  return params;
}
