// parseCallLink / parseOpenableLink: any text a person may paste or a browser may hand us → the call link or chat invite
// link it names, or an InvalidLinkError saying why not. Both share one reading of the link (readLink: size, scheme,
// host, app route and its wrapped link=) into LinkParts, then interpret the parts: callFrom as a call link, inviteFrom
// as a chat invite. Pure and bounded: inputs longer than MAX_LINK_LENGTH are refused before any work, and every step is
// a linear scan (no backtracking patterns), so no input can make it hang. The forms read are listed in README.md.

import { CALL_LINK_KINDS, type CallLink, type CallLinkKind, type CallLinkSource } from './callLink';
import { checkedChatInviteHash, isPhoneNumberText, type ChatInviteLink, type OpenableLink } from './chatInviteLink';
import { InvalidLinkError } from './invalidLinkError';
import { isValidInviteHash, MAX_INVITE_HASH_LENGTH } from './inviteHash';
import { decodeComponent, hasControlCharacter, parseQuery } from './linkQuery';
import { canonicalUsername, isValidUsername } from './telegramUsername';

/** Far above any real link (a 32-letter name and a 256-character hash, even percent-encoded twice). */
export const MAX_LINK_LENGTH = 4096;

/** t.me and its aliases (core.telegram.org/api/links); `www.` in front is allowed. */
const TELEGRAM_HOSTS: ReadonlySet<string> = new Set(['t.me', 'telegram.me', 'telegram.dog']);

/**
 * First path segments of t.me that are Telegram's own pages, not chats (and `<name>.t.me` subdomains that are not
 * usernames): the list in core.telegram.org/api/links, plus the other fixed t.me paths.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'addemoji',
  'addlist',
  'addstickers',
  'addstyle',
  'addtheme',
  'auction',
  'auth',
  'boost',
  'call',
  'confirmphone',
  'contact',
  'giftcode',
  'invoice',
  'joinchat',
  'login',
  'm',
  'nft',
  'proxy',
  'setlanguage',
  'share',
  'socks',
  'web',
  'a',
  'k',
  'z',
  'c',
  's',
  'iv',
  'bg',
  'msg',
  'privatepost',
  'www',
]);

/** The query keys of this app's /join route that make it a call link; with `invite` they make it ambiguous. */
const APP_CALL_KEYS: readonly string[] = ['domain', ...CALL_LINK_KINDS];

/** The scheme at the start of a link (RFC 3986 syntax). */
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * A link read as far as both interpretations agree: where it points, with the parts still to interpret. Path and query
 * of t.me and tg: links are kept raw, so that each interpretation decodes them in its own order (and parseCallLink keeps
 * its reasons).
 */
type Place =
  | { readonly at: 't.me'; readonly path: string; readonly query: string }
  | { readonly at: 'subdomain'; readonly name: string; readonly query: string }
  | { readonly at: 'tg'; readonly command: string; readonly query: string }
  | { readonly at: 'app'; readonly params: ReadonlyMap<string, string> };

/** `wrapper`: the query of the /join?link=… route the link came wrapped in, if it did. */
type LinkParts = Place & { readonly wrapper: ReadonlyMap<string, string> | undefined };

/**
 * Parses a call link; throws InvalidLinkError (and nothing else) when `input` is not one. Chat invite links are not
 * call links: they are refused as ever ('unexpected-path' for t.me/+…, t.me/joinchat/…, tg://join; /join?invite=… is
 * read for its call keys alone). Use parseOpenableLink to accept them.
 */
export function parseCallLink(input: string): CallLink {
  return callFrom(readLink(input, input, true), input);
}

/**
 * Any link the app can open: a call link or a chat invite link. Throws InvalidLinkError and nothing else. Every link
 * parseCallLink accepts comes back as `{ kind: 'call' }` with the same CallLink, except the app route naming an invite
 * as well (`/join?domain=x&videochat&invite=y`, `/join?link=…&invite=y`), which is 'ambiguous-link'.
 */
export function parseOpenableLink(input: string): OpenableLink {
  const parts = readLink(input, input, true);
  const invite = inviteFrom(parts, input);
  return invite === undefined ? { kind: 'call', call: callFrom(parts, input) } : { kind: 'chat-invite', invite };
}

/** `text` is what is being read now, `input` what the caller passed (they differ inside /join?link=…). */
function readLink(text: string, input: string, mayBeWrapped: boolean): LinkParts {
  if (text.length > MAX_LINK_LENGTH)
    throw new InvalidLinkError('too-long', input, `${text.length} characters, at most ${MAX_LINK_LENGTH}`);
  const trimmed = text.trim();
  if (trimmed === '') throw new InvalidLinkError('empty', input);
  if (hasControlCharacter(trimmed)) throw new InvalidLinkError('control-character', input);
  // "The #fragment part is always ignored when parsing Telegram deep links" (core.telegram.org/api/links).
  const hashAt = trimmed.indexOf('#');
  const link = hashAt < 0 ? trimmed : trimmed.slice(0, hashAt);

  if (link.startsWith('//')) return unwrapped(readWebLink(link.slice(2), input, false));
  if (link.startsWith('/')) return readAppRoute(link, input, mayBeWrapped);
  const scheme = SCHEME.exec(link);
  // A "scheme" with a dot is a host with a port ("t.me:443/name"), not a scheme.
  if (scheme !== null && !scheme[1].includes('.')) {
    const name = scheme[1].toLowerCase();
    const rest = link.slice(scheme[0].length);
    if (name === 'https' || name === 'http') {
      if (!rest.startsWith('//')) throw new InvalidLinkError('not-a-link', input, `${name}: without //`);
      return unwrapped(readWebLink(rest.slice(2), input, false));
    }
    if (name === 'tg' || name === 'web+tg') return unwrapped(readTgLink(rest));
    throw new InvalidLinkError('unsupported-scheme', input, `${name}:`);
  }
  return unwrapped(readWebLink(link, input, true));
}

function unwrapped(parts: Place): LinkParts {
  return { ...parts, wrapper: undefined };
}

/** `rest` is the link after "https://" (or the whole link when it has no scheme): host, path, query. */
function readWebLink(rest: string, input: string, schemeless: boolean): Place {
  const { head: authority, path, query } = splitLink(rest);
  if (authority.includes('@')) throw new InvalidLinkError('unknown-host', input, 'user info in the host');
  const colon = authority.lastIndexOf(':');
  const port = colon < 0 ? '' : authority.slice(colon + 1);
  if (port !== '' && port !== '80' && port !== '443') throw new InvalidLinkError('unknown-host', input, `port ${port}`);
  let host = (colon < 0 ? authority : authority.slice(0, colon)).toLowerCase();
  if (schemeless && !host.includes('.')) throw new InvalidLinkError('not-a-link', input);
  if (host.startsWith('www.')) host = host.slice(4);

  if (TELEGRAM_HOSTS.has(host)) return { at: 't.me', path, query };
  if (host.endsWith('.t.me')) {
    // <username>.t.me is t.me/<username> (core.telegram.org/api/links).
    const name = host.slice(0, -'.t.me'.length);
    if (name.includes('.') || RESERVED_NAMES.has(name)) throw new InvalidLinkError('unknown-host', input, host);
    if (path !== '' && path !== '/') throw new InvalidLinkError('unexpected-path', input, path);
    return { at: 'subdomain', name, query };
  }
  throw new InvalidLinkError('unknown-host', input, host === '' ? 'no host' : host);
}

/** `rest` is the link after "tg:" or "web+tg:": "//resolve?domain=…", "resolve?domain=…", "//join?invite=…". */
function readTgLink(rest: string): Place {
  const { head, path, query } = splitLink(rest.startsWith('//') ? rest.slice(2) : rest);
  return { at: 'tg', command: (head + path).toLowerCase().replace(/\/$/, ''), query };
}

/**
 * This app's route: `/join?domain=<username>&<kind>[=<hash>]`, `/join?invite=<hash>`, or `/join?link=<percent-encoded
 * link>` as the web+tg protocol handler (registered as `/join?link=%s`) passes a clicked tg link. The route may sit
 * under a base path (`/app/join`). A wrapped link keeps its own source ('tg' for web+tg:, 'https' for t.me).
 */
function readAppRoute(link: string, input: string, mayBeWrapped: boolean): LinkParts {
  const { head, path, query } = splitLink(link);
  const segments = (head + path).split('/').filter((s) => s !== '');
  const last = segments.length === 0 ? '' : segments[segments.length - 1].toLowerCase();
  if (last !== 'join') throw new InvalidLinkError('unexpected-path', input, `${head + path} is not /join`);
  const params = parseQuery(query, input);
  const wrapped = params.get('link');
  if (wrapped !== undefined) {
    if (!mayBeWrapped || wrapped.trim().startsWith('/')) throw new InvalidLinkError('nested-link', input);
    return { ...readLink(wrapped, input, false), wrapper: params };
  }
  return { at: 'app', params, wrapper: undefined };
}

/** The call link the parts name, or why they name none (parseCallLink's reasons, unchanged). */
function callFrom(parts: LinkParts, input: string): CallLink {
  switch (parts.at) {
    case 't.me':
      return {
        username: usernameFromPath(parts.path, input),
        ...callOf(parseQuery(parts.query, input), input),
        source: 'https',
      };
    case 'subdomain':
      return {
        username: validUsername(parts.name, input),
        ...callOf(parseQuery(parts.query, input), input),
        source: 'https',
      };
    case 'tg':
      if (parts.command !== 'resolve') {
        throw new InvalidLinkError(
          'unexpected-path',
          input,
          `tg:${parts.command === '' ? '' : `//${parts.command}`} is not resolve`,
        );
      }
      return withDomain(parseQuery(parts.query, input), input, 'tg');
    case 'app':
      return withDomain(parts.params, input, 'app');
  }
}

/**
 * The chat invite the parts name; undefined when they are not shaped like an invite link (then they are read as a call
 * link). Query parameters other than `invite` are ignored, but must decode. In this app's route `invite` may not come
 * with a call key, `domain=` or `link=`: such a link is 'ambiguous-link' rather than a guess.
 */
function inviteFrom(parts: LinkParts, input: string): ChatInviteLink | undefined {
  if (parts.wrapper?.has('invite') === true)
    throw new InvalidLinkError('ambiguous-link', input, '/join with both link= and invite=');
  switch (parts.at) {
    case 't.me': {
      const found = inviteInPath(parts.path, input);
      if (found === undefined) return undefined;
      parseQuery(parts.query, input);
      if (found.plus && isPhoneNumberText(found.hash)) throw new InvalidLinkError('phone-number-link', input);
      return { hash: checkedChatInviteHash(found.hash, input), source: 'https' };
    }
    case 'subdomain':
      return undefined;
    case 'tg': {
      if (parts.command !== 'join') return undefined;
      const params = parseQuery(parts.query, input);
      return { hash: checkedChatInviteHash(params.get('invite') ?? '', input), source: 'tg' };
    }
    case 'app': {
      const hash = parts.params.get('invite');
      if (hash === undefined) return undefined;
      const callKey = APP_CALL_KEYS.find((key) => parts.params.has(key));
      if (callKey !== undefined)
        throw new InvalidLinkError('ambiguous-link', input, `/join with both invite= and ${callKey}`);
      return { hash: checkedChatInviteHash(hash, input), source: 'app' };
    }
  }
}

/**
 * The invite hash in a t.me path, percent-decoded: "/+<hash>" (`plus`, which may turn out to be a phone number) or
 * "/joinchat/<hash>" (`joinchat` in any case), each with or without a trailing slash; '' when the hash is missing.
 * Undefined for any other path: "/s/+x", "/+x/y", "/joinchat/x/y" are no invite links (the call reading refuses them).
 */
function inviteInPath(path: string, input: string): { hash: string; plus: boolean } | undefined {
  const segments = pathSegments(path);
  if (segments.length === 0) return undefined;
  if (segments[0].toLowerCase() === 'joinchat') {
    if (segments.length > 2) return undefined;
    return { hash: segments.length === 2 ? decodeComponent(segments[1], input, false) : '', plus: false };
  }
  if (segments.length !== 1) return undefined;
  const name = decodeComponent(segments[0], input, false);
  return name.startsWith('+') ? { hash: name.slice(1), plus: true } : undefined;
}

/** The segments of a path ("/a/b/" → ["a", "b"], "/" → [""], "" → []). */
function pathSegments(path: string): string[] {
  const segments = path.split('/').slice(1);
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  return segments;
}

/** The username in a t.me path: "/name", "/name/", "/s/name" (the channel preview page). */
function usernameFromPath(path: string, input: string): string {
  const segments = pathSegments(path);
  if (segments.length === 2 && segments[0].toLowerCase() === 's') segments.shift();
  if (segments.length === 0 || (segments.length === 1 && segments[0] === ''))
    throw new InvalidLinkError('missing-username', input);
  if (segments.length > 1) throw new InvalidLinkError('unexpected-path', input, path);
  const name = decodeComponent(segments[0], input, false);
  if (RESERVED_NAMES.has(name.toLowerCase()) || name.startsWith('+') || name.startsWith(' ')) {
    throw new InvalidLinkError('unexpected-path', input, `/${name} is not a chat`);
  }
  return validUsername(name, input);
}

function withDomain(params: ReadonlyMap<string, string>, input: string, source: CallLinkSource): CallLink {
  const domain = params.get('domain');
  if (domain === undefined || domain === '') throw new InvalidLinkError('missing-username', input);
  return { username: validUsername(domain, input), ...callOf(params, input), source };
}

function validUsername(name: string, input: string): string {
  if (!isValidUsername(name)) throw new InvalidLinkError('invalid-username', input, JSON.stringify(name.slice(0, 40)));
  return canonicalUsername(name);
}

/** The call key with Telegram Desktop's precedence (livestream, videochat, voicechat) and its hash. */
function callOf(
  params: ReadonlyMap<string, string>,
  input: string,
): { kind: CallLinkKind; inviteHash: string | undefined } {
  for (const kind of CALL_LINK_KINDS) {
    const value = params.get(kind);
    if (value === undefined) continue;
    if (value === '') return { kind, inviteHash: undefined };
    if (value.length > MAX_INVITE_HASH_LENGTH)
      throw new InvalidLinkError('invite-hash-too-long', input, `${value.length} characters`);
    if (!isValidInviteHash(value))
      throw new InvalidLinkError('invalid-invite-hash', input, `?${kind}=${JSON.stringify(value.slice(0, 40))}`);
    return { kind, inviteHash: value };
  }
  throw new InvalidLinkError('no-call-parameter', input, 'no videochat, voicechat or livestream key');
}

/** Splits "host/path?query" at the first '/' and the first '?' (the fragment is already gone). */
function splitLink(text: string): { head: string; path: string; query: string } {
  const q = text.indexOf('?');
  const beforeQuery = q < 0 ? text : text.slice(0, q);
  const query = q < 0 ? '' : text.slice(q + 1);
  const slash = beforeQuery.indexOf('/');
  return slash < 0
    ? { head: beforeQuery, path: '', query }
    : { head: beforeQuery.slice(0, slash), path: beforeQuery.slice(slash), query };
}
