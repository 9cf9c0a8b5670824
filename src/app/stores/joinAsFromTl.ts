// phone.getGroupCallJoinAs's answer → the join-as picker's options. Pure, so the rules (who is the person, which peers
// are channels and which are groups) are tested without a server.
import type { PhoneJoinAsPeers, TypeChat } from '../../telegram/tl/api.generated';
import { peerIdOf } from '../../groupcall/callParticipant';
import type { JoinAsKind, JoinAsOption } from './backend';

/** A channel object's kind: a supergroup (megagroup flag) is a group to the person, anything else a channel. */
export function joinAsKindOfChat(chat: TypeChat | undefined): Exclude<JoinAsKind, 'self'> {
  if (chat === undefined) return 'channel';
  if (chat._ === 'channel' || chat._ === 'channelForbidden') return chat.megagroup === true ? 'group' : 'channel';
  // A basic group cannot be joined as, but should Telegram ever list one it is a group.
  return chat._ === 'chat' || chat._ === 'chatForbidden' ? 'group' : 'channel';
}

/**
 * The options in Telegram's order. The person is the user peer that is `selfId`, or, when that id is not known or not
 * listed, the first user peer (Telegram lists the person first; Telegram Desktop reads it so too).
 */
export function joinAsOptionsFromTl(
  result: Pick<PhoneJoinAsPeers, 'peers' | 'chats'>,
  selfId: string | null,
  nameOf: (peerId: string) => string | undefined,
): JoinAsOption[] {
  const chats = new Map<string, TypeChat>();
  for (const chat of result.chats) {
    if (chat._ === 'channel' || chat._ === 'channelForbidden') chats.set(`channel:${chat.id}`, chat);
    else if (chat._ === 'chat' || chat._ === 'chatForbidden') chats.set(`chat:${chat.id}`, chat);
  }
  const byId = result.peers.findIndex((p) => p._ === 'peerUser' && p.user_id === selfId);
  const selfIndex = byId >= 0 ? byId : result.peers.findIndex((p) => p._ === 'peerUser');
  return result.peers.map((peer, index) => {
    const peerId = peerIdOf(peer);
    const isSelf = index === selfIndex;
    const kind: JoinAsKind = peer._ === 'peerUser' ? 'self' : joinAsKindOfChat(chats.get(peerId));
    return { peerId, title: nameOf(peerId) ?? peerId, isSelf, kind };
  });
}
