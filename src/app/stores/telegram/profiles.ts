// "Open profile" from a call participant's menu: a person's name, username and bio (users.getFullUser), or a channel's
// or group's title, username and description (channels.getFullChannel), and its chat page when the person is in it.
import type { Backend } from '../backend';
import { chatSummaryFromTl, displayName } from '../fromTl';
import { type BackendContext } from './peers';

export type ProfilesPart = Pick<Backend, 'getProfile'>;

export function profilesPart({ api, peers }: BackendContext): ProfilesPart {
  return {
    async getProfile(peerId) {
      const [kind, id = ''] = peerId.split(':');
      if (kind === 'user') {
        const result = await api.call('users.getFullUser', { id: peers.inputUser(id) });
        peers.remember(result.chats, result.users);
        const user = result.users.find((u) => u.id === id);
        const full = user?._ === 'user' ? user : peers.knownUsers.get(id);
        return {
          peerId,
          kind: 'user',
          name: full !== undefined ? displayName(full) : (peers.names.get(peerId) ?? 'Someone'),
          username: full?.username ?? null,
          about: result.full_user.about ?? '',
          chatKey: null,
        };
      }
      if (kind !== 'channel') throw new Error(`no profile for ${peerId}`);
      const known = peers.knownChats.get(peerId);
      const accessHash = known?._ === 'channel' ? (known.access_hash ?? '0') : '0';
      const result = await api.call('channels.getFullChannel', {
        channel: { _: 'inputChannel', channel_id: id, access_hash: accessHash },
      });
      peers.remember(result.chats, result.users);
      const chat = result.chats.find((c) => c.id === id);
      return {
        peerId,
        kind: 'channel',
        name: chat !== undefined && 'title' in chat ? chat.title : (peers.names.get(peerId) ?? 'A channel'),
        username: chat?._ === 'channel' ? (chat.username ?? null) : null,
        about: result.full_chat.about,
        // Its chat page when the person is in it (the list shows it), as Telegram opens the channel.
        chatKey: chat !== undefined && chatSummaryFromTl(chat) !== null ? peerId : null,
      };
    },
  };
}
