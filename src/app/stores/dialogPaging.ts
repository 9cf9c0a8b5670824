// Where the next page of messages.getDialogs starts: Telegram pages dialogs by (date, id, peer) of the last dialog's
// top message, and its peer must come back as an InputPeer with its access hash from the same answer.
import type {
  TypeChat,
  TypeDialog,
  TypeInputPeer,
  TypeMessage,
  TypePeer,
  TypeUser,
} from '../../telegram/tl/api.generated';

export interface DialogsPage {
  dialogs: TypeDialog[];
  messages: TypeMessage[];
  chats: TypeChat[];
  users: TypeUser[];
}

export interface DialogsOffset {
  offset_date: number;
  offset_id: number;
  offset_peer: TypeInputPeer;
}

function samePeer(a: TypePeer | undefined, b: TypePeer): boolean {
  if (!a || a._ !== b._) return false;
  if (a._ === 'peerUser' && b._ === 'peerUser') return a.user_id === b.user_id;
  if (a._ === 'peerChat' && b._ === 'peerChat') return a.chat_id === b.chat_id;
  if (a._ === 'peerChannel' && b._ === 'peerChannel') return a.channel_id === b.channel_id;
  return false;
}

function inputPeerOf(peer: TypePeer, page: DialogsPage): TypeInputPeer | null {
  switch (peer._) {
    case 'peerChat':
      return { _: 'inputPeerChat', chat_id: peer.chat_id };
    case 'peerUser': {
      const user = page.users.find((u) => u.id === peer.user_id);
      return user && user._ === 'user'
        ? { _: 'inputPeerUser', user_id: user.id, access_hash: user.access_hash ?? '0' }
        : null;
    }
    case 'peerChannel': {
      const channel = page.chats.find(
        (c) => c.id === peer.channel_id && (c._ === 'channel' || c._ === 'channelForbidden'),
      );
      return channel && (channel._ === 'channel' || channel._ === 'channelForbidden')
        ? { _: 'inputPeerChannel', channel_id: channel.id, access_hash: channel.access_hash ?? '0' }
        : null;
    }
  }
}

/** The offset after this page, or null when it cannot be worked out (an empty page, or its last message missing). */
export function nextDialogsOffset(page: DialogsPage): DialogsOffset | null {
  const last = [...page.dialogs].reverse().find((d) => d._ === 'dialog');
  if (!last || last._ !== 'dialog') return null;
  const message = page.messages.find(
    (m) => m.id === last.top_message && m._ !== 'messageEmpty' && samePeer(m.peer_id, last.peer),
  );
  const peer = inputPeerOf(last.peer, page);
  if (!message || message._ === 'messageEmpty' || !peer) return null;
  return { offset_date: message.date, offset_id: message.id, offset_peer: peer };
}
