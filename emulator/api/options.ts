// Options createApi takes besides the world and the push function: where the server is reachable (for
// help.getConfig's dc_options), hooks other server parts plug in (group calls), and tunable limits.
import type { Handler, HandlerEntry, PushUpdates, TlObject } from './types';

export interface ApiHooks {
  /** The group call active in a chat or channel (inputGroupCall), for chatFull.call / channelFull.call. */
  activeCall?: (peer: { type: 'chat' | 'channel'; id: number }) => TlObject | undefined;
}

export interface ApiDepsInput {
  push: PushUpdates;
  /** Unix seconds. */
  now?: () => number;
  host?: () => string;
  port?: () => number;
  hooks?: ApiHooks;
  /** Extra methods (e.g. phone.*) served by the same dispatcher, with the same sign-in rule. */
  extraHandlers?: Record<string, HandlerEntry | Handler>;
  /** auth.sendCode calls allowed per phone per minute before FLOOD_WAIT_X (Telegram's is small; default 5). */
  sendCodePerMinute?: number;
  /** Seconds a login code stays valid (default 300). */
  codeLifetime?: number;
}

export interface ApiOptions {
  now: () => number;
  host: () => string;
  port: () => number;
  hooks: ApiHooks;
  sendCodePerMinute: number;
  codeLifetime: number;
}

export function apiOptions(d: ApiDepsInput): ApiOptions {
  return {
    now: d.now ?? (() => Math.floor(Date.now() / 1000)),
    host: d.host ?? (() => '127.0.0.1'),
    port: d.port ?? (() => 443),
    hooks: d.hooks ?? {},
    sendCodePerMinute: d.sendCodePerMinute ?? 5,
    codeLifetime: d.codeLifetime ?? 300,
  };
}
