// GramJS (telegram@2.17.10: TelegramClient, StringSession, MemorySession) for the interoperability tests: the few
// pieces of it they touch, described by interfaces, and a client bound to a local server. GramJS is CommonJS; it is
// loaded with require. Against this server it speaks obfuscated abridged over WebSocket, RSA_PAD with p_q_inner_data
// (no dc). What it takes:
//   - trust the local key: `telegram/crypto/RSA` exports `_serverKeys`, a Map keyed by the *signed* decimal fingerprint
//     with {n: big-integer, e: number} (trustServerKey);
//   - the socket: `networkSocket: PromisedWebSockets` (from `telegram/extensions`) builds ws://ip:port/apiws (wss only
//     for port 443), `useWSS: false`;
//   - the address: GramJS passes port 80/443 to the connection whatever the session says, so a subclass of
//     ConnectionTCPObfuscated (`telegram/network`) forces {ip, port}; the session's DC address is then irrelevant (a
//     StringSession cannot save a port above 32767 anyway: it packs it in an int16).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A value of the `big-integer` package, GramJS's type for TL longs in what it decodes. */
export interface BigInteger {
  toString(radix?: number): string;
}

/** A TL long as GramJS takes it in what it sends: big-integer or a native bigint. */
export type GramLong = BigInteger | bigint;

/** A TL object as GramJS builds or decodes it: its constructor's name ('Config', 'Updates', …); fields in camelCase. */
export interface GramObject {
  className: string;
}

declare const result: unique symbol;

/** A request built from `Api`; `invoke` resolves to R (described as far as the tests read it). */
export interface GramRequest<R> {
  readonly [result]?: R;
}

type RequestClass<Args, R> = new (args: Args) => GramRequest<R>;

export interface GramConfig extends GramObject {
  thisDc: number;
}

export interface GramUser extends GramObject {
  id: BigInteger;
  firstName?: string;
  username?: string;
}

/** messages.ChatFull of a channel, with the group call of its ChannelFull. */
export interface GramChatFull extends GramObject {
  fullChat: GramObject & { call?: GramObject & { id: BigInteger; accessHash: BigInteger } };
}

/** groupCallParticipantVideo: a camera or a screen, its endpoint and source groups. */
export interface GramParticipantVideo extends GramObject {
  endpoint: string;
  sourceGroups: (GramObject & { semantics: string; sources: number[] })[];
  paused?: boolean;
}

export interface GramCallParticipant extends GramObject {
  source: number;
  video?: GramParticipantVideo;
}

export interface GramGroupCall extends GramObject {
  unmutedVideoCount?: number;
  unmutedVideoLimit: number;
  canStartVideo?: boolean;
}

/** One update as the tests read it: a service message's action, a call's connection or its participants. */
export interface GramUpdate extends GramObject {
  message?: GramObject & { action?: GramObject & { users?: BigInteger[] } };
  /** updateGroupCallConnection's transport JSON. */
  params?: GramObject & { data: string };
  /** updateGroupCallParticipants. */
  participants?: GramCallParticipant[];
}

/** Updates, as far as the tests read them. */
export interface GramUpdates extends GramObject {
  updates: GramUpdate[];
}

/** `Api` of `telegram`: the constructors and requests the tests build. */
export interface GramApi {
  CodeSettings: new (args: Record<string, never>) => GramObject;
  InputGroupCall: new (args: { id: GramLong; accessHash: GramLong }) => GramObject;
  InputPeerSelf: new () => GramObject;
  DataJSON: new (args: { data: string }) => GramObject;
  auth: {
    SendCode: RequestClass<{ phoneNumber: string; apiId: number; apiHash: string; settings: GramObject }, GramObject>;
  };
  channels: {
    GetFullChannel: RequestClass<{ channel: string }, GramChatFull>;
  };
  contacts: {
    GetContacts: RequestClass<{ hash: GramLong }, GramObject>;
    ResolveUsername: RequestClass<{ username: string }, GramObject>;
  };
  help: {
    GetConfig: new () => GramRequest<GramConfig>;
    GetNearestDc: new () => GramRequest<GramObject>;
  };
  messages: {
    SendMessage: RequestClass<{ peer: string; message: string; randomId: GramLong }, GramObject>;
  };
  phone: {
    CheckGroupCall: RequestClass<{ call: GramObject; sources: number[] }, number[]>;
    JoinGroupCall: RequestClass<
      { call: GramObject; joinAs: GramObject; params: GramObject; videoStopped?: boolean },
      GramUpdates
    >;
    GetGroupCall: RequestClass<{ call: GramObject; limit: number }, GramObject & { call: GramGroupCall }>;
    EditGroupCallParticipant: RequestClass<
      { call: GramObject; participant: GramObject; videoStopped?: boolean },
      GramUpdates
    >;
    LeaveGroupCall: RequestClass<{ call: GramObject; source: number }, GramUpdates>;
    /** Users by username, as GramJS resolves them. */
    InviteToGroupCall: RequestClass<{ call: GramObject; users: string[] }, GramUpdates>;
  };
}

/** GramJS's AuthKey, handed from one session to another. */
export interface GramAuthKey {
  getKey(): Buffer | undefined;
}

/** What every GramJS session has (MemorySession, and StringSession which extends it). */
export interface GramSession {
  /** The key for `dcId`; undefined for another DC than the session's. */
  getAuthKey(dcId?: number): GramAuthKey | undefined;
}

export interface GramStringSession extends GramSession {
  /** The string a new StringSession resumes from. */
  save(): string;
}

interface GramMemorySession extends GramSession {
  setDC(dcId: number, ip: string, port: number): void;
  /** Ignored for another DC than the session's. */
  setAuthKey(authKey: GramAuthKey, dcId?: number): void;
}

type GramLogLevel = 'none' | 'error' | 'warn' | 'info' | 'debug';

interface GramLogger {
  setLevel(level: GramLogLevel): void;
}

export interface GramClient<S extends GramSession = GramSession> {
  connect(): Promise<void>;
  start(p: {
    phoneNumber: string;
    phoneCode: () => Promise<string>;
    password?: () => Promise<string>;
    firstAndLastNames?: () => Promise<[string, string]>;
    onError: (e: Error) => Promise<boolean> | boolean;
  }): Promise<void>;
  getMe(): Promise<GramUser>;
  getDialogs(p: { limit: number }): Promise<{ title?: string }[]>;
  invoke<R>(request: GramRequest<R>): Promise<R>;
  addEventHandler(cb: (update: Partial<GramUpdate>) => void): void;
  destroy(): Promise<void>;
  setLogLevel(level: GramLogLevel): void;
  floodSleepThreshold: number;
  readonly session: S;
}

/** What the connection class is built with (GramJS passes more: dcId, loggers, proxy, socket, testServers). */
interface GramConnectionParams {
  ip: string;
  port: number;
  [more: string]: unknown;
}

type GramConnectionClass = new (params: GramConnectionParams) => object;

interface GramClientParams {
  connection: GramConnectionClass;
  /** A socket class, passed along unopened. */
  networkSocket: unknown;
  useWSS: boolean;
  connectionRetries: number;
  baseLogger: GramLogger;
}

type GramClientClass = new (
  session: GramSession,
  apiId: number,
  apiHash: string,
  params: GramClientParams,
) => GramClient;

const telegram = require('telegram') as { TelegramClient: GramClientClass; Api: GramApi };
const sessions = require('telegram/sessions') as {
  StringSession: new (saved: string) => GramStringSession;
  MemorySession: new () => GramMemorySession;
};
const extensions = require('telegram/extensions') as {
  PromisedWebSockets: unknown;
  Logger: new (level: GramLogLevel) => GramLogger;
};
const network = require('telegram/network') as { ConnectionTCPObfuscated: GramConnectionClass };
const RSA = require('telegram/crypto/RSA') as { _serverKeys: Map<string, { n: BigInteger; e: number }> };

export const Api: GramApi = telegram.Api;
export const bigInt = require('big-integer') as (value: string, base?: number) => BigInteger;

/** GramJS trusts Telegram's keys only: add this one, by its signed fingerprint as GramJS spells it. */
export function trustServerKey(publicKey: { fingerprint: bigint; modulusHex: string; exponentHex: string }): void {
  RSA._serverKeys.set(BigInt.asIntN(64, publicKey.fingerprint).toString(), {
    n: bigInt(publicKey.modulusHex, 16),
    e: parseInt(publicKey.exponentHex, 16),
  });
}

export interface GramClientOptions {
  /** The server's port on 127.0.0.1; the connection goes there whatever the session says. */
  port: number;
  /**
   * A StringSession from its saved string ('' for a new one); or a MemorySession on DC 2 at 127.0.0.1:port, holding
   * `authKey` when given (a StringSession cannot store a port above 32767).
   */
  session: string | { authKey?: GramAuthKey };
  /** GramJS's connectionRetries; 1 unless given. */
  connectionRetries?: number;
  /** GramJS's floodSleepThreshold (its default: 60 s); 0 surfaces FLOOD_WAIT instead of sleeping through it. */
  floodSleepThreshold?: number;
}

/** A GramJS client on a local server (not connected yet), logging nothing. */
export function gramClient(options: GramClientOptions & { session: string }): GramClient<GramStringSession>;
export function gramClient(options: GramClientOptions): GramClient;
export function gramClient(options: GramClientOptions): GramClient {
  const { port } = options;
  class LocalConnection extends network.ConnectionTCPObfuscated {
    constructor(params: GramConnectionParams) {
      super({ ...params, ip: '127.0.0.1', port });
    }
  }
  let session: GramSession;
  if (typeof options.session === 'string') {
    session = new sessions.StringSession(options.session);
  } else {
    const memory = new sessions.MemorySession();
    memory.setDC(2, '127.0.0.1', port); // setAuthKey(key, 2) is ignored while the session is not on DC 2: set the DC first
    if (options.session.authKey !== undefined) memory.setAuthKey(options.session.authKey, 2);
    session = memory;
  }
  const client = new telegram.TelegramClient(session, 1, 'local', {
    connection: LocalConnection,
    networkSocket: extensions.PromisedWebSockets,
    useWSS: false,
    connectionRetries: options.connectionRetries ?? 1,
    baseLogger: new extensions.Logger('none'), // else the constructor logs its version before setLogLevel can apply
  });
  client.setLogLevel('none');
  if (options.floodSleepThreshold !== undefined) client.floodSleepThreshold = options.floodSleepThreshold;
  return client;
}

/**
 * A connected GramJS client on a local server. GramJS's own first connect fails now and then (measured: ~1 in 100 —
 * its Pollard factoriser can answer p = 1, q = pq, and its _disconnect then throws "reading 'cancel'" before any
 * retry), so connect with a fresh client (and a fresh session), at most three times. Real Telegram sees the same GramJS
 * behaviour; the server is not at fault.
 */
export async function connectedGramClient(
  options: GramClientOptions & { session: string },
): Promise<GramClient<GramStringSession>>;
export async function connectedGramClient(options: GramClientOptions): Promise<GramClient>;
export async function connectedGramClient(options: GramClientOptions): Promise<GramClient> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const client = gramClient(options);
    try {
      await client.connect();
      return client;
    } catch (error) {
      lastError = error;
      await client.destroy().catch(() => undefined);
    }
  }
  throw lastError;
}
