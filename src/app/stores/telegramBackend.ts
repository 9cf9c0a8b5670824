// The one place the app meets src/telegram: builds a client for the chosen endpoint and answers the stores' questions
// with TelegramApi calls, turning TL objects into the app's shapes (fromTl.ts).
import type { TelegramApi } from '../../telegram/api';
import type { MethodResult } from '../../telegram/tl/api.generated';
import {
  RpcError,
  acceptTermsOfService,
  cancelCode,
  checkPassword,
  createTelegramClient,
  getSelf,
  sameOriginLocalEndpoint,
  resendCode,
  sendCode,
  sendLoginEmailCode,
  signIn,
  signUp,
  verifyLoginEmail,
  webStorage,
  type SendCodeResult,
  type Endpoint,
} from '../../telegram';
import type {
  GroupCall as TelegramGroupCall,
  InputGroupCall,
  MessagesChatFull,
  TypeChannelParticipant,
  TypeChat,
  TypeDialog,
  TypeInputPeer,
  TypeUpdate,
  TypeUpdates,
  TypeUser,
  User,
} from '../../telegram/tl/api.generated';
// The engine's modules one by one, never its index: GroupCall itself loads only when a call is opened.
import { CallError } from '../../groupcall/callError';
import { peerIdOf } from '../../groupcall/callParticipant';
import {
  createGroupCall,
  getGroupCallStreamRtmpUrl,
  startScheduledGroupCall,
  toggleGroupCallStartSubscription,
} from '../../groupcall/groupCallAdmin';
import { isSignedOutError } from '../errorMessages';
import type {
  Backend,
  CodeOutcome,
  CallChanged,
  CallInvitation,
  CallRef,
  ChatInvitePreview,
  ChatsChanged,
  ChatSummary,
  Contact,
  InviteCandidate,
  Listenable,
  ResolvedCallLink,
  SelfUser,
} from './backend';
import { callLinkPolicyOf, callRightsOf, callSummaryFromTl, chatNamesOf, userNamesOf } from './callFromTl';
import { chatInvitePreviewOf, chatKeyOfTl, deadInviteOf } from './chatInviteFromTl';
import { nextDialogsOffset, type DialogsOffset } from './dialogPaging';
import { mergeCandidates } from './inviteSearch';
import { joinAsOptionsFromTl } from './joinAsFromTl';
import {
  chatKey,
  chatsInDialogOrder,
  chatSummaryFromTl,
  contactFromTl,
  displayName,
  isFullUser,
  removedChatKey,
  selfFromTl,
} from './fromTl';
import { apiCredentialsFor, type Settings } from './settingsStore';

const DIALOGS_PER_PAGE = 100;
const MAX_DIALOG_PAGES = 20;
const LOG_OUT_TIMEOUT_MS = 4_000;
/** channels.getParticipants page size (Telegram's most), and how many pages the invite list reads before a search. */
const MEMBERS_PER_PAGE = 200;
const INITIAL_MEMBER_PAGES = 1;

/** A messageActionInviteToGroupCall addressed to `selfId`, as the app needs it (names looked up by the caller). */
function invitationOf(
  update: TypeUpdate,
  selfId: string | null,
): { chatKey: string; inviterId: string | null; ref: CallRef; date: number } | null {
  if (selfId === null || (update._ !== 'updateNewMessage' && update._ !== 'updateNewChannelMessage')) return null;
  const message = update.message;
  if (message._ !== 'messageService' || message.action._ !== 'messageActionInviteToGroupCall') return null;
  const action = message.action;
  if (!action.users.includes(selfId) || action.call._ !== 'inputGroupCall') return null;
  const peer = message.peer_id;
  if (peer._ === 'peerUser') return null;
  const key = peer._ === 'peerChat' ? chatKey('chat', peer.chat_id) : chatKey('channel', peer.channel_id);
  const inviterId = message.from_id?._ === 'peerUser' ? message.from_id.user_id : null;
  return {
    chatKey: key,
    inviterId,
    ref: { id: action.call.id, accessHash: action.call.access_hash },
    date: message.date,
  };
}

function endpointFor(settings: Settings): Endpoint {
  if (settings.endpoint === 'local') return sameOriginLocalEndpoint(window.location);
  return { kind: settings.endpoint };
}

function chatsOfUpdates(updates: TypeUpdates): TypeChat[] {
  return updates._ === 'updates' || updates._ === 'updatesCombined' ? updates.chats : [];
}

/** Groups and channels that changed in one batch of updates. */
function chatChangesOf(chats: TypeChat[]): ChatsChanged | null {
  const changed: ChatSummary[] = [];
  const removed: string[] = [];
  for (const chat of chats) {
    const summary = chatSummaryFromTl(chat);
    if (summary) changed.push(summary);
    const gone = removedChatKey(chat);
    if (gone) removed.push(gone);
  }
  return changed.length || removed.length ? { chats: changed, removed } : null;
}

export function createTelegramBackend(settings: Settings): Backend {
  const credentials = apiCredentialsFor(settings);
  const client = createTelegramClient({
    endpoint: endpointFor(settings),
    apiId: credentials.apiId,
    apiHash: credentials.apiHash,
    storage: webStorage(window.localStorage),
    // Reconnects, dropped replies and update gaps are not errors of any one call; the console is where to look for them.
    onDiagnostic: (message, detail) => console.debug(`[telegram] ${message}`, detail ?? ''),
  });
  const onOnline = () => client.reconnectNow('the browser is back online');
  window.addEventListener('online', onOnline);

  // Every call below is one a person started and waits for, so each may cut a reconnect delay short.
  const api: TelegramApi = {
    call: (method, params, options) => {
      client.reconnectNow(`${method} is waiting`); // only acts while the client sits out a backoff delay
      const result = client.call(method, params, options);
      // The engine reads a call's participants page by page: the people on those pages get their names (and access
      // hashes, for muting or inviting them) here, with no second round of requests for the panel.
      if (method === 'phone.getGroupParticipants') {
        void result.then(
          (page) => {
            const { users, chats } = page as MethodResult<'phone.getGroupParticipants'>;
            remember(chats, users);
          },
          () => undefined,
        );
      }
      return result;
    },
    updates: client.updates,
    connection: client.connection,
  };
  // A sign-out the server did not hear (offline) must not come undone on the next start, when getSelf would find
  // the auth key still signed in: remember it and finish it before asking who we are.
  const pendingLogOutKey = `tgcall:pending-logout:${settings.endpoint}`;
  const pendingLogOut = {
    get: () => window.localStorage.getItem(pendingLogOutKey) === '1',
    set: () => window.localStorage.setItem(pendingLogOutKey, '1'),
    clear: () => window.localStorage.removeItem(pendingLogOutKey),
  };
  /** True once the server has forgotten the session (or never had it). */
  async function tryLogOut(): Promise<boolean> {
    try {
      // Short: the person asked to sign out and should not wait for a server that is away.
      await api.call('auth.logOut', {}, { timeoutMs: LOG_OUT_TIMEOUT_MS });
      return true;
    } catch (error) {
      return isSignedOutError(error);
    }
  }
  let selfId: string | null = null;
  function signedInAs(user: User): SelfUser {
    pendingLogOut.clear();
    selfId = user.id;
    return selfFromTl(user);
  }

  function codeOutcome(sent: SendCodeResult): CodeOutcome {
    return sent.kind === 'signedIn' ? { kind: 'signedIn', user: signedInAs(sent.user) } : sent;
  }

  // contacts.getContacts gives users with access hashes; messages.createChat needs them back as inputUser.
  const knownUsers = new Map<string, User>();

  // Chats as Telegram sent them (access hashes, admin rights) and the names of people and chats seen so far, by key.
  const knownChats = new Map<string, TypeChat>();
  // The last description of each call (join_muted, can_change_join_muted): a join into a muted call starts muted.
  const callInfos = new Map<string, TelegramGroupCall>();
  const names = new Map<string, string>();
  function remember(chats: TypeChat[], users: TypeUser[]): void {
    // Access hashes of everyone seen (call participants, members): inviting or muting them needs inputUser / inputPeerUser.
    for (const user of users)
      if (isFullUser(user) && (user.min !== true || !knownUsers.has(user.id))) knownUsers.set(user.id, user);
    for (const chat of chats) {
      if (chat._ === 'chat') knownChats.set(`chat:${chat.id}`, chat);
      else if (chat._ === 'channel' && chat.min !== true) knownChats.set(`channel:${chat.id}`, chat);
    }
    for (const [key, name] of [...userNamesOf(users), ...chatNamesOf(chats)]) names.set(key, name);
  }
  api.updates.subscribe((event) => {
    remember(event.chats, event.users);
    if (event.update._ === 'updateGroupCall' && event.update.call._ === 'groupCall')
      callInfos.set(event.update.call.id, event.update.call);
  });

  function inputPeerOf(chatKey: string): TypeInputPeer {
    const chat = knownChats.get(chatKey);
    if (chat?._ === 'chat') return { _: 'inputPeerChat', chat_id: chat.id };
    if (chat?._ === 'channel')
      return { _: 'inputPeerChannel', channel_id: chat.id, access_hash: chat.access_hash ?? '0' };
    throw new Error(`unknown chat ${chatKey}`);
  }
  async function loadDialogs(): Promise<ChatSummary[]> {
    // Pages of dialogs until the server has no more (capped: the list is for picking a group, not an archive).
    const dialogs: TypeDialog[] = [];
    const chats: TypeChat[] = [];
    let offset: DialogsOffset = { offset_date: 0, offset_id: 0, offset_peer: { _: 'inputPeerEmpty' } };
    for (let page = 0; page < MAX_DIALOG_PAGES; page++) {
      const result = await api.call('messages.getDialogs', { ...offset, limit: DIALOGS_PER_PAGE, hash: '0' });
      if (result._ === 'messages.dialogsNotModified') break;
      dialogs.push(...result.dialogs);
      chats.push(...result.chats);
      remember(result.chats, result.users);
      knowChannelsOf(result.dialogs, result.chats);
      if (result._ === 'messages.dialogs' || result.dialogs.length === 0 || dialogs.length >= result.count) break;
      const next = nextDialogsOffset(result);
      if (!next) break;
      offset = next;
    }
    return chatsInDialogOrder(dialogs, chats);
  }

  /** Channel updates are ordered from the dialog's pts (not from the first update that happens to arrive). */
  function knowChannelsOf(dialogs: TypeDialog[], chats: TypeChat[]): void {
    for (const dialog of dialogs) {
      if (dialog._ !== 'dialog' || dialog.peer._ !== 'peerChannel' || dialog.pts === undefined) continue;
      const channelId = dialog.peer.channel_id;
      const chat = chats.find((c) => c._ === 'channel' && c.id === channelId);
      if (chat?._ !== 'channel' || chat.access_hash === undefined) continue;
      void client.updatesManager
        .knowChannel({ id: channelId, accessHash: chat.access_hash, pts: dialog.pts })
        .catch((error: unknown) => console.debug('[telegram] channel pts from dialogs', error));
    }
  }

  /** The chat's TL object (access hash, rights); after a reload on a chat's page the dialogs are not loaded yet. */
  async function knownChat(chatKey: string): Promise<void> {
    if (!knownChats.has(chatKey)) await loadDialogs();
  }

  // The full chat's groupcall_default_join_as ("Remember my choice"), by chat key.
  const defaultJoinAs = new Map<string, string>();

  /** messages.getFullChat / channels.getFullChannel of a known chat; remembers what it names. */
  async function fullChatOf(chatKey: string): Promise<MessagesChatFull> {
    const peer = inputPeerOf(chatKey);
    const full =
      peer._ === 'inputPeerChat'
        ? await api.call('messages.getFullChat', { chat_id: peer.chat_id })
        : peer._ === 'inputPeerChannel'
          ? await api.call('channels.getFullChannel', {
              channel: { _: 'inputChannel', channel_id: peer.channel_id, access_hash: peer.access_hash },
            })
          : null;
    if (full === null) throw new Error(`not a group or channel: ${chatKey}`);
    remember(full.chats, full.users);
    if (peer._ === 'inputPeerChannel' && full.full_chat._ === 'channelFull') {
      // The chat on screen (and any call in it): kept up to date with getChannelDifference across reconnects.
      void client.updatesManager
        .watchChannel({ id: peer.channel_id, accessHash: peer.access_hash, pts: full.full_chat.pts })
        .catch((error: unknown) => console.debug('[telegram] channel difference', error));
    }
    const saved = full.full_chat.groupcall_default_join_as;
    if (saved !== undefined) defaultJoinAs.set(chatKey, peerIdOf(saved));
    return full;
  }

  /** A JoinAsOption's peerId as phone.joinGroupCall's join_as; the person themselves is inputPeerSelf. */
  function joinAsPeer(peerId: string): TypeInputPeer {
    if (peerId.startsWith('user:')) return { _: 'inputPeerSelf' };
    return inputPeerOf(peerId);
  }

  const inputUser = (id: string) => ({
    _: 'inputUser' as const,
    user_id: id,
    access_hash: knownUsers.get(id)?.access_hash ?? '0',
  });

  const invitations: Listenable<CallInvitation> = {
    subscribe(listener) {
      return api.updates.subscribe((event) => {
        const found = invitationOf(event.update, selfId);
        if (found === null) return;
        remember(event.chats, event.users);
        listener({
          chatKey: found.chatKey,
          chatTitle: names.get(found.chatKey) ?? 'a group',
          inviterName: (found.inviterId !== null ? names.get(`user:${found.inviterId}`) : undefined) ?? 'Someone',
          ref: found.ref,
          date: found.date,
        });
      });
    },
  };

  /** The members a channels.getParticipants answer lists (its `users` also names inviters and promoters), as candidates. */
  function membersOfParticipants(result: {
    participants: TypeChannelParticipant[];
    users: TypeUser[];
  }): InviteCandidate[] {
    const ids = new Set(result.participants.flatMap((p) => ('user_id' in p ? [p.user_id] : [])));
    return candidatesOfUsers(result.users.filter((u) => ids.has(u.id)));
  }

  function candidatesOfUsers(users: TypeUser[]): InviteCandidate[] {
    return users.flatMap((u) =>
      isFullUser(u) && u.deleted !== true && u.bot !== true && u.id !== selfId
        ? [{ id: u.id, name: displayName(u), member: true, ...(u.username ? { username: u.username } : {}) }]
        : [],
    );
  }

  /** A basic group's members (all: the full chat lists them), or a supergroup's or channel's first page(s). */
  async function chatMembers(
    chatKey: string,
  ): Promise<{ members: InviteCandidate[]; count: number; searchable: boolean }> {
    await knownChat(chatKey);
    const peer = inputPeerOf(chatKey);
    if (peer._ === 'inputPeerChat') {
      const full = await api.call('messages.getFullChat', { chat_id: peer.chat_id });
      remember(full.chats, full.users);
      const list =
        full.full_chat._ === 'chatFull' && full.full_chat.participants._ === 'chatParticipants'
          ? full.full_chat.participants.participants
          : [];
      const ids = new Set(list.map((m) => m.user_id));
      const members = candidatesOfUsers(full.users.filter((u) => ids.has(u.id)));
      return { members, count: members.length, searchable: false };
    }
    if (peer._ !== 'inputPeerChannel') return { members: [], count: 0, searchable: false };
    const channel = { _: 'inputChannel' as const, channel_id: peer.channel_id, access_hash: peer.access_hash };
    const members: InviteCandidate[] = [];
    let read = 0;
    let count = 0;
    for (let page = 0; page < INITIAL_MEMBER_PAGES; page++) {
      const result = await api.call('channels.getParticipants', {
        channel,
        filter: { _: 'channelParticipantsRecent' },
        offset: page * MEMBERS_PER_PAGE,
        limit: MEMBERS_PER_PAGE,
        hash: '0',
      });
      if (result._ !== 'channels.channelParticipants') break;
      remember(result.chats, result.users);
      members.push(...membersOfParticipants(result));
      read += result.participants.length;
      count = result.count;
      if (result.participants.length < MEMBERS_PER_PAGE || read >= result.count) break;
    }
    // Oneself and bots are read but not listed: the count of what is left unread is the server's count minus the read.
    return { members, count: Math.max(count, read) - read + members.length, searchable: true };
  }

  const inputCall = (ref: CallRef): InputGroupCall => ({
    _: 'inputGroupCall',
    id: ref.id,
    access_hash: ref.accessHash,
  });

  /** messages.checkChatInvite in the app's words; a dead link is an answer, not an error. */
  async function checkChatInvite(hash: string): Promise<ChatInvitePreview> {
    let invite;
    try {
      invite = await api.call('messages.checkChatInvite', { hash });
    } catch (error) {
      const dead = deadInviteOf(error);
      if (dead !== null) return { kind: dead };
      throw error;
    }
    remember(
      invite._ === 'chatInvite' ? [] : [invite.chat],
      invite._ === 'chatInvite' ? (invite.participants ?? []) : [],
    );
    return chatInvitePreviewOf(invite);
  }

  /** A known chat's call (full chat → phone.getGroupCall), for a call link or a chat joined by its invite link. */
  async function chatCallOf(
    chatKey: string,
  ): Promise<Exclude<ResolvedCallLink, { kind: 'unknown-username' | 'not-a-chat' }>> {
    const chatTitle = names.get(chatKey) ?? 'the group';
    const full = await fullChatOf(chatKey);
    const callRef = full.full_chat.call;
    if (callRef === undefined) return { kind: 'no-call', chatKey, chatTitle };
    const result = await api.call('phone.getGroupCall', { call: callRef, limit: 100 });
    remember(result.chats, result.users);
    if (result.call._ === 'groupCall') callInfos.set(result.call.id, result.call);
    const call = callSummaryFromTl(result.call);
    if (call === null) return { kind: 'no-call', chatKey, chatTitle };
    return {
      kind: 'call',
      chatKey,
      chatTitle,
      canManageCalls: callRightsOf(knownChats.get(chatKey)).canManageCalls,
      call,
    };
  }

  const callChanges: Listenable<CallChanged> = {
    subscribe(listener) {
      return api.updates.subscribe((event) => {
        if (event.update._ !== 'updateGroupCall') return;
        const { chat_id: chatId, call } = event.update;
        listener({ chatId, callId: call.id, call: callSummaryFromTl(call) });
      });
    },
  };

  const chatChanges: Listenable<ChatsChanged> = {
    subscribe(listener) {
      return api.updates.subscribe((event) => {
        const change = chatChangesOf(event.chats);
        if (change) listener(change);
      });
    },
  };

  /** contacts.getContacts; their access hashes are kept for inviting them and making groups with them. */
  async function loadContacts(): Promise<Contact[]> {
    const result = await api.call('contacts.getContacts', { hash: '0' });
    if (result._ === 'contacts.contactsNotModified') return [];
    for (const user of result.users) if (isFullUser(user)) knownUsers.set(user.id, user);
    remember([], result.users);
    return result.users.flatMap((user) => contactFromTl(user) ?? []);
  }

  /** The hint the person set with their password; only a help, so a failure to fetch it is not an error. */
  async function passwordHint(): Promise<string> {
    try {
      const password = await api.call('account.getPassword', {});
      return password.hint ?? '';
    } catch (error) {
      console.debug('[tgcall] no password hint', error);
      return '';
    }
  }

  return {
    endpointKind: settings.endpoint,
    connection: api.connection,
    floodWaits: client.floodWaits,
    chatChanges,
    callChanges,
    invitations,

    reconnectNow() {
      client.reconnectNow('asked to retry now');
    },

    async getSelf() {
      if (pendingLogOut.get()) {
        if (await tryLogOut()) pendingLogOut.clear();
        return null;
      }
      try {
        const user = await getSelf(api);
        return user ? signedInAs(user) : null;
      } catch (error) {
        if (isSignedOutError(error)) return null;
        throw error;
      }
    },

    async sendCode(phone) {
      if (credentials.apiId === null) throw RpcError.apiIdMissing();
      return codeOutcome(await sendCode(api, { phone, apiId: credentials.apiId, apiHash: credentials.apiHash }));
    },

    async resendCode(phone, phoneCodeHash) {
      return codeOutcome(await resendCode(api, { phone, phoneCodeHash }));
    },

    async cancelCode(phone, phoneCodeHash) {
      await cancelCode(api, { phone, phoneCodeHash });
    },

    sendLoginEmailCode: (phone, phoneCodeHash, email) => sendLoginEmailCode(api, { phone, phoneCodeHash, email }),

    async verifyLoginEmail(phone, phoneCodeHash, code) {
      return codeOutcome(await verifyLoginEmail(api, { phone, phoneCodeHash, code }));
    },

    async signIn(phone, phoneCodeHash, entry) {
      const result = await signIn(api, { phone, phoneCodeHash, ...entry });
      if (result.kind === 'signedIn') return { kind: 'signedIn', user: signedInAs(result.user) };
      if (result.kind === 'passwordNeeded') return { kind: 'passwordNeeded', hint: await passwordHint() };
      return result;
    },

    async signUp(phone, phoneCodeHash, firstName, lastName, acceptedTerms) {
      const user = signedInAs((await signUp(api, { phone, phoneCodeHash, firstName, lastName })).user);
      // Telegram's apps accept the shown terms right after the account exists (help.acceptTermsOfService).
      if (acceptedTerms) await acceptTermsOfService(api, acceptedTerms);
      return user;
    },

    async checkPassword(password) {
      return signedInAs((await checkPassword(api, password)).user);
    },

    async logOut() {
      if (!(await tryLogOut())) pendingLogOut.set();
    },

    getChats: loadDialogs,

    getContacts: loadContacts,

    async createGroup(title, userIds) {
      const users = userIds.map((id) => {
        const user = knownUsers.get(id);
        return { _: 'inputUser' as const, user_id: id, access_hash: user?.access_hash ?? '0' };
      });
      const updates = await api.call('messages.createChat', { users, title });
      remember(chatsOfUpdates(updates), []);
      const created = chatsOfUpdates(updates)
        .map(chatSummaryFromTl)
        .find((chat): chat is ChatSummary => chat !== null && chat.kind === 'group');
      if (!created) throw new Error('messages.createChat answered without the new chat');
      return created;
    },

    async getChatCall(chatKey) {
      await knownChat(chatKey);
      const full = await fullChatOf(chatKey);
      const chat = knownChats.get(chatKey);
      const rights = { ...callRightsOf(chat), linkPolicy: callLinkPolicyOf(chat) };
      const callRef = full.full_chat.call;
      if (callRef === undefined) return { chatKey, ...rights, call: null };
      const result = await api.call('phone.getGroupCall', { call: callRef, limit: 100 });
      remember(result.chats, result.users);
      if (result.call._ === 'groupCall') callInfos.set(result.call.id, result.call);
      return { chatKey, ...rights, call: callSummaryFromTl(result.call) };
    },

    async createCall(chatKey, options) {
      await knownChat(chatKey);
      const created = await createGroupCall(api, {
        peer: inputPeerOf(chatKey),
        title: options.title,
        ...(options.scheduleDate !== undefined ? { scheduleDate: options.scheduleDate } : {}),
        ...(options.rtmp === true ? { rtmpStream: true } : {}),
      });
      callInfos.set(created.info.id, created.info);
      const summary = callSummaryFromTl(created.info);
      if (summary === null)
        throw CallError.requestFailed('phone.createGroupCall', new Error('the new call is already discarded'));
      return summary;
    },

    async getRtmpUrl(chatKey, revoke = false) {
      await knownChat(chatKey);
      return getGroupCallStreamRtmpUrl(api, inputPeerOf(chatKey), revoke);
    },
    startScheduledCall: (ref) => startScheduledGroupCall(api, inputCall(ref)),
    setCallStartSubscription: (ref, subscribed) => toggleGroupCallStartSubscription(api, inputCall(ref), subscribed),

    async setCallJoinMuted(ref, joinMuted) {
      try {
        await api.call('phone.toggleGroupCallSettings', { call: inputCall(ref), join_muted: joinMuted });
      } catch (error) {
        throw CallError.requestFailed('phone.toggleGroupCallSettings', error);
      }
    },

    async openGroupCall(ref, options) {
      // The engine (WebRTC, SDP) is its own chunk: signing in and browsing chats never load it.
      const { GroupCall } = await import('../../groupcall/groupCall');
      const info = callInfos.get(ref.id);
      return new GroupCall({
        api,
        call: inputCall(ref),
        ...(info !== undefined ? { info } : {}),
        ...(options.muted === true ? { muted: true } : {}),
        ...(options.microphone !== undefined ? { microphone: options.microphone } : {}),
        ...(options.inviteHash !== undefined ? { inviteHash: options.inviteHash } : {}),
        ...(options.joinAs !== undefined ? { joinAs: joinAsPeer(options.joinAs) } : {}),
        ...(options.initialCamera !== undefined ? { initialCamera: options.initialCamera } : {}),
      });
    },

    async resolveCallLink(username) {
      let resolved;
      try {
        resolved = await api.call('contacts.resolveUsername', { username });
      } catch (error) {
        if (error instanceof RpcError && (error.type === 'USERNAME_NOT_OCCUPIED' || error.type === 'USERNAME_INVALID'))
          return { kind: 'unknown-username' };
        throw error;
      }
      remember(resolved.chats, resolved.users);
      const peer = resolved.peer;
      if (peer._ === 'peerUser') return { kind: 'not-a-chat' };
      const chatKey = peer._ === 'peerChat' ? `chat:${peer.chat_id}` : `channel:${peer.channel_id}`;
      if (!knownChats.has(chatKey)) throw new Error(`contacts.resolveUsername answered without the chat ${chatKey}`);
      return chatCallOf(chatKey);
    },

    resolveChatCall: async (chatKey) => {
      await knownChat(chatKey);
      return chatCallOf(chatKey);
    },

    checkChatInvite,

    async importChatInvite(hash) {
      let updates;
      try {
        updates = await api.call('messages.importChatInvite', { hash });
      } catch (error) {
        const dead = deadInviteOf(error);
        if (dead !== null) return { kind: dead };
        if (error instanceof RpcError && error.type === 'INVITE_REQUEST_SENT') return { kind: 'request-sent' };
        if (error instanceof RpcError && error.type === 'USER_ALREADY_PARTICIPANT') {
          const again = await checkChatInvite(hash);
          if (again.kind === 'member') return { kind: 'joined', chatKey: again.chatKey, chatTitle: again.chatTitle };
        }
        throw error;
      }
      const chats = chatsOfUpdates(updates);
      remember(chats, updates._ === 'updates' || updates._ === 'updatesCombined' ? updates.users : []);
      const joined = chats.map(chatKeyOfTl).find((key): key is string => key !== null);
      if (joined === undefined) throw new Error('messages.importChatInvite answered without the chat');
      return { kind: 'joined', chatKey: joined, chatTitle: names.get(joined) ?? 'the group' };
    },

    async exportChatInviteLink(chatKey) {
      await knownChat(chatKey);
      const full = await fullChatOf(chatKey);
      const own = full.full_chat.exported_invite;
      if (own?._ === 'chatInviteExported' && own.revoked !== true) return own.link;
      let made;
      try {
        made = await api.call('messages.exportChatInvite', { peer: inputPeerOf(chatKey) });
      } catch (error) {
        throw CallError.requestFailed('messages.exportChatInvite', error);
      }
      if (made._ !== 'chatInviteExported') throw new Error('messages.exportChatInvite answered without a link');
      return made.link;
    },

    async getJoinAs(chatKey) {
      await knownChat(chatKey);
      const result = await api.call('phone.getGroupCallJoinAs', { peer: inputPeerOf(chatKey) });
      remember(result.chats, result.users);
      // The person, then channels (broadcast) and groups (megagroup) they own, each with its kind.
      const options = joinAsOptionsFromTl(result, selfId, (peerId) => names.get(peerId));
      return { options, defaultPeerId: defaultJoinAs.get(chatKey) ?? null };
    },

    async saveDefaultJoinAs(chatKey, peerId) {
      try {
        await api.call('phone.saveDefaultGroupCallJoinAs', { peer: inputPeerOf(chatKey), join_as: joinAsPeer(peerId) });
        defaultJoinAs.set(chatKey, peerId);
      } catch (error) {
        throw CallError.requestFailed('phone.saveDefaultGroupCallJoinAs', error);
      }
    },

    async exportCallInvite(ref, speaker) {
      try {
        const result = await api.call('phone.exportGroupCallInvite', {
          call: inputCall(ref),
          ...(speaker ? { can_self_unmute: true } : {}),
        });
        return result.link;
      } catch (error) {
        throw CallError.requestFailed('phone.exportGroupCallInvite', error);
      }
    },

    async revokeSpeakerLinks(ref) {
      try {
        await api.call('phone.toggleGroupCallSettings', { call: inputCall(ref), reset_invite_hash: true });
      } catch (error) {
        throw CallError.requestFailed('phone.toggleGroupCallSettings', error);
      }
    },

    async getInviteList(chatKey) {
      const [{ members, count, searchable }, contacts] = await Promise.all([chatMembers(chatKey), loadContacts()]);
      const others = contacts.flatMap((c) => (c.id !== selfId ? [{ id: c.id, name: c.name, member: false }] : []));
      return {
        candidates: mergeCandidates(members, others),
        memberCount: count,
        membersLoaded: members.length,
        searchable,
      };
    },

    async searchInviteMembers(chatKey, query, limit) {
      await knownChat(chatKey);
      const peer = inputPeerOf(chatKey);
      if (peer._ !== 'inputPeerChannel') return { members: [], count: 0 };
      const result = await api.call('channels.getParticipants', {
        channel: { _: 'inputChannel', channel_id: peer.channel_id, access_hash: peer.access_hash },
        filter: { _: 'channelParticipantsSearch', q: query },
        offset: 0,
        limit: Math.min(limit, MEMBERS_PER_PAGE),
        hash: '0',
      });
      if (result._ !== 'channels.channelParticipants') return { members: [], count: 0 };
      remember(result.chats, result.users);
      const members = membersOfParticipants(result);
      return { members, count: result.count };
    },

    async inviteToCall(ref, userId) {
      await api.call('phone.inviteToGroupCall', { call: inputCall(ref), users: [inputUser(userId)] });
    },

    async setParticipantMuted(ref, peerId, muted) {
      const [kind, id = ''] = peerId.split(':');
      const participant: TypeInputPeer =
        kind === 'user'
          ? { _: 'inputPeerUser', user_id: id, access_hash: knownUsers.get(id)?.access_hash ?? '0' }
          : kind === 'channel'
            ? {
                _: 'inputPeerChannel',
                channel_id: id,
                access_hash: (knownChats.get(peerId) as { access_hash?: string } | undefined)?.access_hash ?? '0',
              }
            : { _: 'inputPeerChat', chat_id: id };
      try {
        await api.call('phone.editGroupCallParticipant', { call: inputCall(ref), participant, muted });
      } catch (error) {
        throw CallError.requestFailed('phone.editGroupCallParticipant', error);
      }
    },

    async peerNames(peerIds, refresh) {
      if (refresh !== undefined && peerIds.some((id) => !names.has(id))) {
        const result = await api.call('phone.getGroupCall', { call: inputCall(refresh), limit: 1000 });
        remember(result.chats, result.users);
      }
      return new Map(peerIds.flatMap((id) => (names.has(id) ? [[id, names.get(id)!] as [string, string]] : [])));
    },

    dispose() {
      window.removeEventListener('online', onOnline);
      client.close();
    },
  };
}
