// What the app's stores need from Telegram, in the app's own words (no TL shapes): the stores depend on this only,
// so tests hand them a fake and the real one (telegramBackend.ts) is the single place that knows src/telegram.
import type { ConnectionState } from '../../telegram/api';

export type { ConnectionState };

export type EndpointKind = 'local' | 'production' | 'test';

export interface SelfUser {
  id: string;
  firstName: string;
  lastName: string;
  phone: string;
}

export type ChatKind = 'group' | 'channel';

export interface ChatSummary {
  /** Stable key across kinds: "chat:<id>" or "channel:<id>". */
  key: string;
  id: string;
  kind: ChatKind;
  title: string;
  /** The chat has a group call (going on, or scheduled). */
  callActive: boolean;
  /** Someone is in that call. */
  callNotEmpty: boolean;
}

export interface Contact {
  id: string;
  name: string;
  phone: string;
}

export type SignInOutcome =
  | { kind: 'signedIn'; user: SelfUser }
  | { kind: 'signUpRequired' }
  | { kind: 'passwordNeeded'; hint: string };

/** Something that changed a chat (new group, call started, title...), pushed by the server. */
export interface ChatsChanged {
  chats: ChatSummary[];
  /** Keys of chats we are no longer in. */
  removed: string[];
}

export interface Listenable<T> {
  subscribe(listener: (value: T) => void): () => void;
}

export interface Backend {
  readonly endpointKind: EndpointKind;
  readonly connection: Listenable<ConnectionState> & { readonly state: ConnectionState };
  readonly chatChanges: Listenable<ChatsChanged>;

  /** The signed-in user, or null when this auth key is not signed in (AUTH_KEY_UNREGISTERED). */
  getSelf(): Promise<SelfUser | null>;
  /** Telegram may sign a known device straight in (auth.sentCodeSuccess) instead of sending a code. */
  sendCode(phone: string): Promise<{ kind: 'codeSent'; phoneCodeHash: string } | { kind: 'signedIn'; user: SelfUser }>;
  signIn(phone: string, phoneCodeHash: string, code: string): Promise<SignInOutcome>;
  signUp(phone: string, phoneCodeHash: string, firstName: string, lastName: string): Promise<SelfUser>;
  checkPassword(password: string): Promise<SelfUser>;
  logOut(): Promise<void>;

  getChats(): Promise<ChatSummary[]>;
  getContacts(): Promise<Contact[]>;
  createGroup(title: string, userIds: string[]): Promise<ChatSummary>;

  /** If waiting to reconnect, try at once instead of after the backoff delay. */
  reconnectNow(): void;

  /** Close the connection; the backend is not used again. */
  dispose(): void;
}
