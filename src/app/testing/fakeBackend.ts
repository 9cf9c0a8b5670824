// An in-memory Backend for store tests and for looking at screens without a server: test phones 99966XYYYY with code
// X×5, one account (9996630000) with a password ("secret"), 9996620000 is new (sign-up, with terms to accept).
// 9996610102 gets an SMS (next: a call after 60 s), 9996610108 must set up a login email first (code 11111 to it).
import type {
  Backend,
  CallChanged,
  CallInvitation,
  CallSummary,
  ChatsChanged,
  ChatSummary,
  ConnectionState,
  Contact,
  InviteCandidate,
  JoinAsChoices,
  Listenable,
  SelfUser,
  TermsOfService,
} from '../stores/backend';
import { candidateMatches, mergeCandidates } from '../stores/inviteSearch';

class Emitter<T> implements Listenable<T> {
  private listeners = new Set<(value: T) => void>();
  subscribe(listener: (value: T) => void): () => void {
    const entry = (value: T) => listener(value);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }
  emit(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
}

const rpc = (code: number, type: string) => Object.assign(new Error(`${code} ${type}`), { code, type });

export interface FakeBackend extends Backend {
  setConnection(state: ConnectionState): void;
  pushChats(change: ChatsChanged): void;
  pushCall(change: CallChanged): void;
  signedInUser: SelfUser | null;
  /** auth.cancelCode calls so far. */
  cancelledCodes: number;
  /** What the last sign-up accepted. */
  acceptedTerms: TermsOfService | null;
}

export interface FakeBackendOptions {
  signedIn?: SelfUser | null;
  chats?: ChatSummary[];
  contacts?: Contact[];
  /** What getJoinAs answers (default: no choice). */
  joinAs?: JoinAsChoices;
  /**
   * A supergroup's members for the invite picker (default: every contact is a member). The first `firstPage` of them
   * are the first list; searchInviteMembers searches them all.
   */
  members?: InviteCandidate[];
  firstPage?: number;
  /** How far the server's clock is ahead of the device's, milliseconds (default 0). */
  serverClockAheadMs?: number;
}

export function createFakeBackend(options: FakeBackendOptions = {}): FakeBackend {
  const connection = new Emitter<ConnectionState>();
  const chatChanges = new Emitter<ChatsChanged>();
  let state: ConnectionState = 'ready';
  let chats: ChatSummary[] = options.chats ?? [
    { key: 'channel:1', id: '1', kind: 'group', title: 'tgcall demo', callActive: true, callNotEmpty: true },
    { key: 'chat:2', id: '2', kind: 'group', title: 'Weekend hikers', callActive: false, callNotEmpty: false },
    { key: 'channel:3', id: '3', kind: 'channel', title: 'Release notes', callActive: false, callNotEmpty: false },
  ];
  const contacts = options.contacts ?? [
    { id: '11', name: 'Alice Archer', phone: '9996610001' },
    { id: '12', name: 'Bob Brown', phone: '9996610002' },
    { id: '13', name: 'Carol Chen', phone: '9996610003' },
  ];
  let nextId = 100;
  const callChanges = new Emitter<CallChanged>();
  const invitations = new Emitter<CallInvitation>();
  const calls = new Map<string, CallSummary>();
  const userFor = (phone: string): SelfUser => ({
    id: phone.slice(-4),
    firstName: 'Test',
    lastName: phone.slice(-4),
    phone,
  });

  const backend: FakeBackend = {
    endpointKind: 'local',
    signedInUser: options.signedIn ?? null,
    cancelledCodes: 0,
    acceptedTerms: null,
    connection: {
      get state() {
        return state;
      },
      subscribe: (listener) => connection.subscribe(listener),
    },
    chatChanges,
    callChanges,
    async getChatCall(chatKey) {
      // The fake's channels are public (call links); its basic groups are private, and the person made them.
      return {
        chatKey,
        canManageCalls: true,
        isOwner: true,
        linkPolicy: chatKey.startsWith('channel:') ? 'call-links' : 'chat-invite',
        call: calls.get(chatKey) ?? null,
      };
    },
    async createCall(chatKey, options) {
      const call: CallSummary = {
        ref: { id: String(nextId++), accessHash: '1' },
        title: options.title,
        participantsCount: 0,
        scheduleDate: options.scheduleDate ?? null,
        subscribed: false,
        rtmp: options.rtmp === true,
      };
      calls.set(chatKey, call);
      return call;
    },
    async getRtmpUrl() {
      return { url: 'rtmp://127.0.0.1/live', key: 'fake-key' };
    },
    async startScheduledCall(ref) {
      for (const call of calls.values()) if (call.ref.id === ref.id) call.scheduleDate = null;
    },
    async setCallStartSubscription(ref, subscribed) {
      for (const call of calls.values()) if (call.ref.id === ref.id) call.subscribed = subscribed;
    },
    async setCallJoinMuted() {},
    async openGroupCall() {
      throw new Error('the fake backend has no call engine: joining needs the real backend');
    },
    async getProfile(peerId) {
      const [kind, id = ''] = peerId.split(':');
      if (kind === 'user') {
        const contact = contacts.find((c) => c.id === id);
        if (contact === undefined) throw rpc(400, 'USER_ID_INVALID');
        return { peerId, kind: 'user', name: contact.name, username: null, about: '', chatKey: null };
      }
      const chat = chats.find((c) => c.key === peerId);
      if (chat === undefined) throw rpc(400, 'CHANNEL_INVALID');
      return { peerId, kind: 'channel', name: chat.title, username: null, about: '', chatKey: chat.key };
    },
    async peerNames() {
      return new Map();
    },
    async getInviteList() {
      if (options.members === undefined) {
        const members = contacts.map((c) => ({ id: c.id, name: c.name, member: true }));
        return { candidates: members, memberCount: members.length, membersLoaded: members.length, searchable: false };
      }
      const first = options.members.slice(0, options.firstPage ?? options.members.length);
      const others = contacts.map((c) => ({ id: c.id, name: c.name, member: false }));
      return {
        candidates: mergeCandidates(first, others),
        memberCount: options.members.length,
        membersLoaded: first.length,
        searchable: true,
      };
    },
    async searchInviteMembers(_chatKey, query, limit) {
      const found = (options.members ?? []).filter((m) => candidateMatches(m, query));
      return { members: found.slice(0, limit), count: found.length };
    },
    async inviteToCall() {},
    async setParticipantMuted() {},
    invitations,
    async resolveCallLink() {
      return { kind: 'unknown-username' };
    },
    async resolveChatCall(chatKey) {
      const chatTitle = chats.find((c) => c.key === chatKey)?.title ?? 'the group';
      const call = calls.get(chatKey);
      return call === undefined
        ? { kind: 'no-call', chatKey, chatTitle }
        : { kind: 'call', chatKey, chatTitle, canManageCalls: true, call };
    },
    async checkChatInvite(hash) {
      const chat = chats.find((c) => `invite-${c.id}` === hash);
      return chat === undefined ? { kind: 'invalid' } : { kind: 'member', chatKey: chat.key, chatTitle: chat.title };
    },
    async importChatInvite(hash) {
      const chat = chats.find((c) => `invite-${c.id}` === hash);
      return chat === undefined ? { kind: 'invalid' } : { kind: 'joined', chatKey: chat.key, chatTitle: chat.title };
    },
    async exportChatInviteLink(chatKey) {
      return `https://t.me/+invite-${chatKey.split(':')[1]}`;
    },
    async getJoinAs() {
      return options.joinAs ?? { options: [], defaultPeerId: null };
    },
    async saveDefaultJoinAs() {},
    async exportCallInvite(ref, speaker) {
      return `https://t.me/fake?videochat=${speaker ? 'speaker' : 'listener'}${ref.id}`;
    },
    async revokeSpeakerLinks() {},
    setConnection(next) {
      state = next;
      connection.emit(next);
    },
    pushChats(change) {
      chatChanges.emit(change);
    },
    pushCall(change) {
      callChanges.emit(change);
    },
    async getSelf() {
      return backend.signedInUser;
    },
    async sendCode(phone) {
      if (!/^99966[1-3]\d{4}$/.test(phone)) throw rpc(400, 'PHONE_NUMBER_INVALID');
      const phoneCodeHash = `hash-${phone}`;
      if (phone === '9996610102')
        return {
          kind: 'codeSent',
          phoneCodeHash,
          delivery: { kind: 'sms', length: 5 },
          next: 'call',
          timeoutSeconds: 60,
        };
      if (phone === '9996610108')
        return { kind: 'codeSent', phoneCodeHash, delivery: { kind: 'setUpEmail' }, next: null, timeoutSeconds: null };
      return {
        kind: 'codeSent',
        phoneCodeHash,
        delivery: { kind: 'app', length: 5 },
        next: null,
        timeoutSeconds: null,
      };
    },
    async resendCode(phone, phoneCodeHash) {
      if (phone !== '9996610102') throw rpc(400, 'SEND_CODE_UNAVAILABLE');
      return {
        kind: 'codeSent',
        phoneCodeHash,
        delivery: { kind: 'call', length: 5 },
        next: null,
        timeoutSeconds: null,
      };
    },
    async cancelCode() {
      backend.cancelledCodes += 1;
    },
    async sendLoginEmailCode(_phone, _hash, email) {
      if (!email.includes('@')) throw rpc(400, 'EMAIL_INVALID');
      return { emailPattern: `${email[0]}***@${email.split('@')[1]}`, length: 5 };
    },
    async verifyLoginEmail(_phone, phoneCodeHash, code) {
      if (code !== '11111') throw rpc(400, 'EMAIL_CODE_INVALID');
      return {
        kind: 'codeSent',
        phoneCodeHash,
        delivery: { kind: 'email', emailPattern: 'a***@example.com', length: 5 },
        next: null,
        timeoutSeconds: null,
      };
    },
    async signIn(phone, _hash, entry) {
      const code = 'emailCode' in entry ? entry.emailCode : entry.code;
      if (code !== phone[5].repeat(5))
        throw rpc(400, 'emailCode' in entry ? 'EMAIL_CODE_INVALID' : 'PHONE_CODE_INVALID');
      if (phone === '9996620000')
        return { kind: 'signUpRequired', termsOfService: { id: '{"v":1}', text: 'Be kind.', minAge: null } };
      if (phone === '9996630000') return { kind: 'passwordNeeded', hint: 'the usual' };
      backend.signedInUser = userFor(phone);
      return { kind: 'signedIn', user: backend.signedInUser };
    },
    async signUp(phone, _hash, firstName, lastName, acceptedTerms) {
      backend.acceptedTerms = acceptedTerms;
      backend.signedInUser = { id: phone.slice(-4), firstName, lastName, phone };
      return backend.signedInUser;
    },
    async checkPassword(password) {
      if (password !== 'secret') throw rpc(400, 'PASSWORD_HASH_INVALID');
      backend.signedInUser = userFor('9996630000');
      return backend.signedInUser;
    },
    async logOut() {
      backend.signedInUser = null;
    },
    async getChats() {
      return [...chats];
    },
    async getContacts() {
      return [...contacts];
    },
    async createGroup(title) {
      const chat: ChatSummary = {
        key: `chat:${nextId}`,
        id: String(nextId++),
        kind: 'group',
        title,
        callActive: false,
        callNotEmpty: false,
      };
      chats = [chat, ...chats];
      return chat;
    },
    reconnectNow() {
      if (state === 'waiting-to-reconnect') backend.setConnection('connecting');
    },
    serverNow: () => Date.now() + (options.serverClockAheadMs ?? 0),
    dispose() {},
  };
  return backend;
}
