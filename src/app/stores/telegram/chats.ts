// The person's groups and channels and contacts: dialogs page by page, new groups, and the chats the server pushes.
import type { TypeChat, TypeDialog } from '../../../telegram/tl/api.generated';
import type { Backend, ChatsChanged, ChatSummary, Contact, Listenable } from '../backend';
import { nextDialogsOffset, type DialogsOffset } from '../dialogPaging';
import { chatsInDialogOrder, chatSummaryFromTl, contactFromTl, isFullUser, removedChatKey } from '../fromTl';
import { chatsOfUpdates, type BackendContext } from './peers';

const DIALOGS_PER_PAGE = 100;
const MAX_DIALOG_PAGES = 20;

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

/** Channel updates are ordered from the dialog's pts (not from the first update that happens to arrive). */
function knowChannelsOf({ client }: BackendContext, dialogs: TypeDialog[], chats: TypeChat[]): void {
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

export async function loadDialogs(context: BackendContext): Promise<ChatSummary[]> {
  const { api, peers } = context;
  // Pages of dialogs until the server has no more (capped: the list is for picking a group, not an archive).
  const dialogs: TypeDialog[] = [];
  const chats: TypeChat[] = [];
  let offset: DialogsOffset = { offset_date: 0, offset_id: 0, offset_peer: { _: 'inputPeerEmpty' } };
  for (let page = 0; page < MAX_DIALOG_PAGES; page++) {
    const result = await api.call('messages.getDialogs', { ...offset, limit: DIALOGS_PER_PAGE, hash: '0' });
    if (result._ === 'messages.dialogsNotModified') break;
    dialogs.push(...result.dialogs);
    chats.push(...result.chats);
    peers.remember(result.chats, result.users);
    knowChannelsOf(context, result.dialogs, result.chats);
    if (result._ === 'messages.dialogs' || result.dialogs.length === 0 || dialogs.length >= result.count) break;
    const next = nextDialogsOffset(result);
    if (!next) break;
    offset = next;
  }
  return chatsInDialogOrder(dialogs, chats);
}

/** The chat's TL object (access hash, rights); after a reload on a chat's page the dialogs are not loaded yet. */
export async function knownChat(context: BackendContext, chatKey: string): Promise<void> {
  if (!context.peers.knownChats.has(chatKey)) await loadDialogs(context);
}

/** contacts.getContacts; their access hashes are kept for inviting them and making groups with them. */
export async function loadContacts({ api, peers }: BackendContext): Promise<Contact[]> {
  const result = await api.call('contacts.getContacts', { hash: '0' });
  if (result._ === 'contacts.contactsNotModified') return [];
  for (const user of result.users) if (isFullUser(user)) peers.knownUsers.set(user.id, user);
  peers.remember([], result.users);
  return result.users.flatMap((user) => contactFromTl(user) ?? []);
}

export type ChatsPart = Pick<Backend, 'chatChanges' | 'getChats' | 'getContacts' | 'createGroup'>;

export function chatsPart(context: BackendContext): ChatsPart {
  const { api, peers } = context;
  const chatChanges: Listenable<ChatsChanged> = {
    subscribe(listener) {
      return api.updates.subscribe((event) => {
        const change = chatChangesOf(event.chats);
        if (change) listener(change);
      });
    },
  };
  return {
    chatChanges,
    getChats: () => loadDialogs(context),
    getContacts: () => loadContacts(context),

    async createGroup(title, userIds) {
      const users = userIds.map((id) => {
        const user = peers.knownUsers.get(id);
        return { _: 'inputUser' as const, user_id: id, access_hash: user?.access_hash ?? '0' };
      });
      const updates = await api.call('messages.createChat', { users, title });
      peers.remember(chatsOfUpdates(updates), []);
      const created = chatsOfUpdates(updates)
        .map(chatSummaryFromTl)
        .find((chat): chat is ChatSummary => chat !== null && chat.kind === 'group');
      if (!created) throw new Error('messages.createChat answered without the new chat');
      return created;
    },
  };
}
