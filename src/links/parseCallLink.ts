// parseCallLink: any text a person may paste or a browser may hand us → the CallLink it names, or an InvalidLinkError
// saying why not. Pure and bounded: inputs longer than MAX_LINK_LENGTH are refused before any work, and every step is a
// linear scan (no backtracking patterns), so no input can make it hang. The forms it reads are listed in README.md.

import { CALL_LINK_KINDS, type CallLink, type CallLinkKind, type CallLinkSource } from './callLink';
import { InvalidLinkError } from './invalidLinkError';
import { isValidInviteHash, MAX_INVITE_HASH_LENGTH } from './inviteHash';
import { decodeComponent, hasControlCharacter, parseQuery } from './linkQuery';
import { canonicalUsername, isValidUsername } from './telegramUsername';

/** Far above any real call link (a 32-letter name and a 256-character hash, even percent-encoded twice). */
export const MAX_LINK_LENGTH = 4096;

/** t.me and its aliases (core.telegram.org/api/links); `www.` in front is allowed. */
const TELEGRAM_HOSTS: ReadonlySet<string> = new Set(['t.me', 'telegram.me', 'telegram.dog']);

/**
 * First path segments of t.me that are Telegram's own pages, not chats (and `<name>.t.me` subdomains that are not
 * usernames): the list in core.telegram.org/api/links, plus the other fixed t.me paths.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'addemoji', 'addlist', 'addstickers', 'addstyle', 'addtheme', 'auction', 'auth', 'boost', 'call', 'confirmphone',
  'contact', 'giftcode', 'invoice', 'joinchat', 'login', 'm', 'nft', 'proxy', 'setlanguage', 'share', 'socks', 'web',
  'a', 'k', 'z', 'c', 's', 'iv', 'bg', 'msg', 'privatepost', 'www',
]);

/** The scheme at the start of a link (RFC 3986 syntax). */
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/** Parses a call link; throws InvalidLinkError (and nothing else) when `input` is not one. */
export function parseCallLink(input: string): CallLink {
  return parseLinkText(input, input, true);
}

/** `text` is what is being read now, `input` what the caller passed (they differ inside /join?link=…). */
function parseLinkText(text: string, input: string, mayBeWrapped: boolean): CallLink {
  if (text.length > MAX_LINK_LENGTH) throw new InvalidLinkError('too-long', input, `${text.length} characters, at most ${MAX_LINK_LENGTH}`);
  const trimmed = text.trim();
  if (trimmed === '') throw new InvalidLinkError('empty', input);
  if (hasControlCharacter(trimmed)) throw new InvalidLinkError('control-character', input);
  // "The #fragment part is always ignored when parsing Telegram deep links" (core.telegram.org/api/links).
  const hashAt = trimmed.indexOf('#');
  const link = hashAt < 0 ? trimmed : trimmed.slice(0, hashAt);

  if (link.startsWith('//')) return parseWebLink(link.slice(2), input, false);
  if (link.startsWith('/')) return parseAppRoute(link, input, mayBeWrapped);
  const scheme = SCHEME.exec(link);
  // A "scheme" with a dot is a host with a port ("t.me:443/name"), not a scheme.
  if (scheme !== null && !scheme[1].includes('.')) {
    const name = scheme[1].toLowerCase();
    const rest = link.slice(scheme[0].length);
    if (name === 'https' || name === 'http') {
      if (!rest.startsWith('//')) throw new InvalidLinkError('not-a-link', input, `${name}: without //`);
      return parseWebLink(rest.slice(2), input, false);
    }
    if (name === 'tg' || name === 'web+tg') return parseTgLink(rest, input);
    throw new InvalidLinkError('unsupported-scheme', input, `${name}:`);
  }
  return parseWebLink(link, input, true);
}

/** `rest` is the link after "https://" (or the whole link when it has no scheme): host, path, query. */
function parseWebLink(rest: string, input: string, schemeless: boolean): CallLink {
  const { head: authority, path, query } = splitLink(rest);
  if (authority.includes('@')) throw new InvalidLinkError('unknown-host', input, 'user info in the host');
  const colon = authority.lastIndexOf(':');
  const port = colon < 0 ? '' : authority.slice(colon + 1);
  if (port !== '' && port !== '80' && port !== '443') throw new InvalidLinkError('unknown-host', input, `port ${port}`);
  let host = (colon < 0 ? authority : authority.slice(0, colon)).toLowerCase();
  if (schemeless && !host.includes('.')) throw new InvalidLinkError('not-a-link', input);
  if (host.startsWith('www.')) host = host.slice(4);

  if (TELEGRAM_HOSTS.has(host)) {
    const username = usernameFromPath(path, input);
    return { username, ...callOf(parseQuery(query, input), input), source: 'https' };
  }
  if (host.endsWith('.t.me')) {
    // <username>.t.me is t.me/<username> (core.telegram.org/api/links).
    const name = host.slice(0, -'.t.me'.length);
    if (name.includes('.') || RESERVED_NAMES.has(name)) throw new InvalidLinkError('unknown-host', input, host);
    if (path !== '' && path !== '/') throw new InvalidLinkError('unexpected-path', input, path);
    return { username: validUsername(name, input), ...callOf(parseQuery(query, input), input), source: 'https' };
  }
  throw new InvalidLinkError('unknown-host', input, host === '' ? 'no host' : host);
}

/** The username in a t.me path: "/name", "/name/", "/s/name" (the channel preview page). */
function usernameFromPath(path: string, input: string): string {
  const segments = path.split('/').slice(1);
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  if (segments.length === 2 && segments[0].toLowerCase() === 's') segments.shift();
  if (segments.length === 0 || (segments.length === 1 && segments[0] === '')) throw new InvalidLinkError('missing-username', input);
  if (segments.length > 1) throw new InvalidLinkError('unexpected-path', input, path);
  const name = decodeComponent(segments[0], input, false);
  if (RESERVED_NAMES.has(name.toLowerCase()) || name.startsWith('+') || name.startsWith(' ')) {
    throw new InvalidLinkError('unexpected-path', input, `/${name} is not a chat`);
  }
  return validUsername(name, input);
}

/** `rest` is the link after "tg:" or "web+tg:": "//resolve?domain=…" or "resolve?domain=…". */
function parseTgLink(rest: string, input: string): CallLink {
  const { head, path, query } = splitLink(rest.startsWith('//') ? rest.slice(2) : rest);
  const command = (head + path).toLowerCase().replace(/\/$/, '');
  if (command !== 'resolve') throw new InvalidLinkError('unexpected-path', input, `tg:${command === '' ? '' : `//${command}`} is not resolve`);
  return withDomain(parseQuery(query, input), input, 'tg');
}

/**
 * This app's route: `/join?domain=<username>&<kind>[=<hash>]`, or `/join?link=<percent-encoded link>` as the web+tg
 * protocol handler (registered as `/join?link=%s`) passes a clicked tg link. The route may sit under a base path
 * (`/app/join`). A wrapped link keeps its own source ('tg' for web+tg:, 'https' for t.me).
 */
function parseAppRoute(link: string, input: string, mayBeWrapped: boolean): CallLink {
  const { head, path, query } = splitLink(link);
  const segments = (head + path).split('/').filter((s) => s !== '');
  const last = segments.length === 0 ? '' : segments[segments.length - 1].toLowerCase();
  if (last !== 'join') throw new InvalidLinkError('unexpected-path', input, `${head + path} is not /join`);
  const params = parseQuery(query, input);
  const wrapped = params.get('link');
  if (wrapped !== undefined) {
    if (!mayBeWrapped || wrapped.trim().startsWith('/')) throw new InvalidLinkError('nested-link', input);
    return parseLinkText(wrapped, input, false);
  }
  return withDomain(params, input, 'app');
}

function withDomain(params: Map<string, string>, input: string, source: CallLinkSource): CallLink {
  const domain = params.get('domain');
  if (domain === undefined || domain === '') throw new InvalidLinkError('missing-username', input);
  return { username: validUsername(domain, input), ...callOf(params, input), source };
}

function validUsername(name: string, input: string): string {
  if (!isValidUsername(name)) throw new InvalidLinkError('invalid-username', input, JSON.stringify(name.slice(0, 40)));
  return canonicalUsername(name);
}

/** The call key with Telegram Desktop's precedence (livestream, videochat, voicechat) and its hash. */
function callOf(params: Map<string, string>, input: string): { kind: CallLinkKind; inviteHash: string | undefined } {
  for (const kind of CALL_LINK_KINDS) {
    const value = params.get(kind);
    if (value === undefined) continue;
    if (value === '') return { kind, inviteHash: undefined };
    if (value.length > MAX_INVITE_HASH_LENGTH) throw new InvalidLinkError('invite-hash-too-long', input, `${value.length} characters`);
    if (!isValidInviteHash(value)) throw new InvalidLinkError('invalid-invite-hash', input, `?${kind}=${JSON.stringify(value.slice(0, 40))}`);
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
  return slash < 0 ? { head: beforeQuery, path: '', query } : { head: beforeQuery.slice(0, slash), path: beforeQuery.slice(slash), query };
}
