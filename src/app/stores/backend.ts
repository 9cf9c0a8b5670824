// What the app's stores need from Telegram, in the app's own words (no TL shapes): the stores depend on this only,
// so tests hand them a fake and the real one (telegramBackend.ts) is the single place that knows src/telegram.
import type { ConnectionState } from '../../telegram/api';
import type { CodeEntry, TermsOfService } from '../../telegram/auth';
import type { CodeDelivery, NextDelivery, SentCodeInfo } from '../../telegram/sentCode';
import type { GroupCall, MicrophoneSource } from '../../groupcall';

export type { CodeDelivery, CodeEntry, ConnectionState, NextDelivery, SentCodeInfo, TermsOfService };

/** auth.sendCode / auth.resendCode / a verified login email: a code is on its way, or Telegram signed the device in. */
export type CodeOutcome = ({ kind: 'codeSent' } & SentCodeInfo) | { kind: 'signedIn'; user: SelfUser };

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
  | { kind: 'signUpRequired'; termsOfService: TermsOfService | null }
  | { kind: 'passwordNeeded'; hint: string };

/** Something that changed a chat (new group, call started, title...), pushed by the server. */
export interface ChatsChanged {
  chats: ChatSummary[];
  /** Keys of chats we are no longer in. */
  removed: string[];
}

/** One call waiting out Telegram's FLOOD_WAIT_X (the method, and when (Date.now() ms) it is tried again). */
export interface FloodWaitNotice {
  method: string;
  seconds: number;
  until: number;
}

export interface Listenable<T> {
  subscribe(listener: (value: T) => void): () => void;
}

/** Names one group call for the backend (opaque to the app: ids as Telegram gave them). */
export interface CallRef {
  id: string;
  accessHash: string;
}

/** A chat's group call as the chat page shows it. */
export interface CallSummary {
  ref: CallRef;
  title: string;
  participantsCount: number;
  /** Unix seconds of a scheduled start; null once the call has started. */
  scheduleDate: number | null;
  /** "Notify me" is on for this scheduled call. */
  subscribed: boolean;
  rtmp: boolean;
}

/**
 * Which link the person can hand out for the chat's call, the way Telegram's apps decide it: a public group or channel
 * has call links (phone.exportGroupCallInvite: listener, and for admins speaker); a private one has none, so its own
 * invite link (t.me/+…) is shared instead, by those allowed to make one; other members have nothing to share.
 */
export type CallLinkPolicy = 'call-links' | 'chat-invite' | 'none';

/** What the chat page needs: the call (if any) and whether the person may start, schedule or end one. */
export interface ChatCallState {
  chatKey: string;
  canManageCalls: boolean;
  /** Only the owner may start an RTMP stream. */
  isOwner: boolean;
  linkPolicy: CallLinkPolicy;
  call: CallSummary | null;
}

/** A chat's call changed (started, updated) or ended (call: null), pushed by the server. */
export interface CallChanged {
  /** The chat's id (without kind: Telegram's updateGroupCall gives only the id). */
  chatId: string;
  callId: string;
  call: CallSummary | null;
}

export interface NewCallOptions {
  title: string;
  /** Unix seconds; absent to start now. */
  scheduleDate?: number;
  rtmp?: boolean;
}

/**
 * What a join-as peer is to the person, as Telegram Desktop labels it: their own (personal) account, a broadcast channel,
 * or a group (a supergroup is a channel on the wire, with the megagroup flag).
 */
export type JoinAsKind = 'self' | 'channel' | 'group';

/** Whom a person may join a call as (phone.getGroupCallJoinAs): themselves, or a channel or supergroup they own. */
export interface JoinAsOption {
  /** "user:<id>" (the person) or "channel:<id>". */
  peerId: string;
  /** The person's name or the channel's title. */
  title: string;
  isSelf: boolean;
  kind: JoinAsKind;
}

export interface JoinAsChoices {
  options: JoinAsOption[];
  /** The peer saved with "Remember my choice" (the full chat's groupcall_default_join_as), if any. */
  defaultPeerId: string | null;
}

/** What a call link's username leads to. */
export type ResolvedCallLink =
  | { kind: 'call'; chatKey: string; chatTitle: string; canManageCalls: boolean; call: CallSummary }
  | { kind: 'no-call'; chatKey: string; chatTitle: string }
  /** No one has that username (USERNAME_NOT_OCCUPIED / USERNAME_INVALID). */
  | { kind: 'unknown-username' }
  /** The username is a person's or a bot's: people have no group calls. */
  | { kind: 'not-a-chat' };

/** What a chat invite link (t.me/+…) leads to: messages.checkChatInvite in the app's words. */
export type ChatInvitePreview =
  /** The person is already in the chat (chatInviteAlready / chatInvitePeek). */
  | { kind: 'member'; chatKey: string; chatTitle: string }
  /** A chat the person may join with the link (chatInvite). */
  | {
      kind: 'invite';
      title: string;
      about: string;
      broadcast: boolean;
      participantsCount: number;
      requestNeeded: boolean;
    }
  /** No such link (INVITE_HASH_INVALID / INVITE_HASH_EMPTY). */
  | { kind: 'invalid' }
  /** The link was revoked, has expired or was used up (INVITE_HASH_EXPIRED). */
  | { kind: 'expired' };

/** What joining with a chat invite link did (messages.importChatInvite). */
export type ChatInviteJoin =
  | { kind: 'joined'; chatKey: string; chatTitle: string }
  /** The link needs an admin's approval: the request was sent (INVITE_REQUEST_SENT). */
  | { kind: 'request-sent' }
  | { kind: 'invalid' }
  | { kind: 'expired' };

export interface OpenCallOptions {
  muted?: boolean;
  /** Opens the microphone (the chosen device; a silent stand-in for a listener whose browser refused it). */
  microphone?: MicrophoneSource;
  /** The hash of the invite link the person came from (a speaker link lets them unmute in a join-muted call). */
  inviteHash?: string;
  /** A JoinAsOption's peerId; absent to join as oneself. */
  joinAs?: string;
  /** A camera turned on before joining (the preview's track): the join sends video from the start. */
  initialCamera?: MediaStreamTrack;
}

/** Someone who could be invited to a call: a member of the chat or a contact. */
export interface InviteCandidate {
  /** The user's id (no kind prefix). */
  id: string;
  name: string;
  /** A member of the chat (contacts who are not cannot be invited: USER_NOT_PARTICIPANT). */
  member: boolean;
  /** The public username, if any (searching matches it as well as the name). */
  username?: string;
}

/** The invite picker's first list: the chat's first members and the person's contacts, and what was left unread. */
export interface InviteCandidateList {
  /** Members read so far (member: true) and contacts (member: false), without oneself. */
  candidates: InviteCandidate[];
  /** Members the chat has, as the server counts them. */
  memberCount: number;
  /** Members read for this list; fewer than memberCount means the others are found only by searchInviteMembers. */
  membersLoaded: number;
  /** The server can search the chat's members by name (a supergroup or channel: channels.getParticipants search). */
  searchable: boolean;
}

/** The chat's members matching a query, as the server found them (channelParticipantsSearch). */
export interface InviteMemberSearch {
  /** At most the limit asked for, without oneself; all members. */
  members: InviteCandidate[];
  /** How many members match in all (the server's count). */
  count: number;
}

/** Someone invited the signed-in person to a chat's call (messageActionInviteToGroupCall), pushed by the server. */
export interface CallInvitation {
  chatKey: string;
  chatTitle: string;
  inviterName: string;
  ref: CallRef;
  /** Unix seconds of the invitation message. */
  date: number;
}

/** A call participant's profile as the per-person menu's "Open profile" shows it. */
export interface PeerProfile {
  peerId: string;
  /** A person, or a channel / group that takes part in the call (joined as it). */
  kind: 'user' | 'channel';
  /** The person's name or the channel's title. */
  name: string;
  /** The public username without "@", or null. */
  username: string | null;
  /** The person's bio (users.getFullUser about) or the channel's description; '' when there is none. */
  about: string;
  /** The chat page of a channel / group the signed-in person is in, or null. */
  chatKey: string | null;
}

export interface Backend {
  readonly endpointKind: EndpointKind;
  readonly connection: Listenable<ConnectionState> & { readonly state: ConnectionState };
  /**
   * Calls waiting out a FLOOD_WAIT_X before they are tried again, told at each change, for a countdown on the screen.
   * Optional: a backend that never waits has none.
   */
  readonly floodWaits?: Listenable<readonly FloodWaitNotice[]> & { readonly state: readonly FloodWaitNotice[] };
  readonly chatChanges: Listenable<ChatsChanged>;

  /** The signed-in user, or null when this auth key is not signed in (AUTH_KEY_UNREGISTERED). */
  getSelf(): Promise<SelfUser | null>;
  /** Telegram may sign a known device straight in (auth.sentCodeSuccess) instead of sending a code. */
  sendCode(phone: string): Promise<CodeOutcome>;
  /** auth.resendCode: the code again, the way the last answer's next_type said. */
  resendCode(phone: string, phoneCodeHash: string): Promise<CodeOutcome>;
  /** auth.cancelCode: the person went back to the phone number. */
  cancelCode(phone: string, phoneCodeHash: string): Promise<void>;
  /** auth.sentCodeTypeSetUpEmailRequired, step 1: a code to this address. */
  sendLoginEmailCode(
    phone: string,
    phoneCodeHash: string,
    email: string,
  ): Promise<{ emailPattern: string; length: number }>;
  /** Step 2: that code; Telegram then sends the login code (usually to the new address). */
  verifyLoginEmail(phone: string, phoneCodeHash: string, code: string): Promise<CodeOutcome>;
  signIn(phone: string, phoneCodeHash: string, entry: CodeEntry): Promise<SignInOutcome>;
  /** `acceptedTerms`: the terms shown at sign-up, which the person accepted (help.acceptTermsOfService follows). */
  signUp(
    phone: string,
    phoneCodeHash: string,
    firstName: string,
    lastName: string,
    acceptedTerms: TermsOfService | null,
  ): Promise<SelfUser>;
  checkPassword(password: string): Promise<SelfUser>;
  logOut(): Promise<void>;

  getChats(): Promise<ChatSummary[]>;
  getContacts(): Promise<Contact[]>;
  createGroup(title: string, userIds: string[]): Promise<ChatSummary>;

  /** The chat's group call (going, scheduled or none) and the person's rights there. */
  getChatCall(chatKey: string): Promise<ChatCallState>;
  readonly callChanges: Listenable<CallChanged>;
  /** phone.createGroupCall: now, scheduled or RTMP. Rejects with a CallError. */
  createCall(chatKey: string, options: NewCallOptions): Promise<CallSummary>;
  /** The RTMP server URL and stream key of the chat's livestream. Rejects with a CallError. */
  getRtmpUrl(chatKey: string, revoke?: boolean): Promise<{ url: string; key: string }>;
  startScheduledCall(ref: CallRef): Promise<void>;
  setCallStartSubscription(ref: CallRef, subscribed: boolean): Promise<void>;
  /** "Only admins can speak" (phone.toggleGroupCallSettings join_muted), admins only. Rejects with a CallError. */
  setCallJoinMuted(ref: CallRef, joinMuted: boolean): Promise<void>;
  /** The engine for one membership in the call (not joined yet); its code loads on the first call. */
  openGroupCall(ref: CallRef, options: OpenCallOptions): Promise<GroupCall>;
  /** contacts.resolveUsername → the chat → full chat → its call. Rejects only when Telegram could not be asked. */
  resolveCallLink(username: string): Promise<ResolvedCallLink>;
  /** The call of a chat the person is in, as resolveCallLink gives it. Rejects only when Telegram could not be asked. */
  resolveChatCall(chatKey: string): Promise<Exclude<ResolvedCallLink, { kind: 'unknown-username' | 'not-a-chat' }>>;
  /** messages.checkChatInvite. Rejects only when Telegram could not be asked (or with an unexpected error). */
  checkChatInvite(hash: string): Promise<ChatInvitePreview>;
  /** messages.importChatInvite; an "already a member" answer counts as joined. Rejects with Telegram's other errors. */
  importChatInvite(hash: string): Promise<ChatInviteJoin>;
  /** The chat's invite link: the person's permanent one from the full chat, else messages.exportChatInvite. */
  exportChatInviteLink(chatKey: string): Promise<string>;
  /** phone.getGroupCallJoinAs for the chat: the person first, then the channels they own. */
  getJoinAs(chatKey: string): Promise<JoinAsChoices>;
  /** phone.saveDefaultGroupCallJoinAs ("Remember my choice"). Rejects with a CallError. */
  saveDefaultJoinAs(chatKey: string, peerId: string): Promise<void>;
  /** phone.exportGroupCallInvite: a listener link, or (admins) a speaker link. Rejects with a CallError. */
  exportCallInvite(ref: CallRef, speaker: boolean): Promise<string>;
  /** phone.toggleGroupCallSettings reset_invite_hash: speaker links given out so far stop working (admins). */
  revokeSpeakerLinks(ref: CallRef): Promise<void>;
  /** The invite picker's first list: a supergroup's first page of members (not all of them) and the contacts. */
  getInviteList(chatKey: string): Promise<InviteCandidateList>;
  /** channels.getParticipants with channelParticipantsSearch {q}: up to `limit` members matching `query`. */
  searchInviteMembers(chatKey: string, query: string, limit: number): Promise<InviteMemberSearch>;
  /** phone.inviteToGroupCall for one user; rejects with Telegram's error (USER_ALREADY_INVITED…) as it came. */
  inviteToCall(ref: CallRef, userId: string): Promise<void>;
  /** An admin mutes another participant for everyone (muted: true) or allows them to speak (muted: false). */
  setParticipantMuted(ref: CallRef, peerId: string, muted: boolean): Promise<void>;
  /** Invitations to calls addressed to the signed-in person. */
  readonly invitations: Listenable<CallInvitation>;
  /** "Open profile": users.getFullUser for a person, channels.getFullChannel for a channel or group. */
  getProfile(peerId: string): Promise<PeerProfile>;
  /** Display names of peers ("user:42") known so far; `refresh` asks the call for its participants' names first. */
  peerNames(peerIds: string[], refresh?: CallRef): Promise<Map<string, string>>;

  /** If waiting to reconnect, try at once instead of after the backoff delay. */
  reconnectNow(): void;

  /** Now by the server's clock, milliseconds (the device clock until the connection has measured its skew). */
  serverNow(): number;

  /** Close the connection; the backend is not used again. */
  dispose(): void;
}
