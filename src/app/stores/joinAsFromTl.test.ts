// phone.getGroupCallJoinAs → the picker's options: the person is their personal account, a broadcast channel is a
// channel, a supergroup (megagroup) is a group — as Telegram Desktop's calls_choose_join_as labels them.
import { describe, expect, it } from 'vitest';
import type { Channel, TypeChat } from '../../telegram/tl/api.generated';
import { joinAsKindOfChat, joinAsOptionsFromTl } from './joinAsFromTl';
import { joinAsLabel } from './joinAsChoice';

const channel = (id: string, title: string, flags: Partial<Channel>): Channel => ({
  _: 'channel',
  id,
  title,
  access_hash: '1',
  photo: { _: 'chatPhotoEmpty' },
  date: 0,
  ...flags,
});

const names = new Map([
  ['user:1', 'Alice Archer'],
  ['channel:20', 'tgcall news'],
  ['channel:30', 'tgcall demo'],
]);

describe('join-as options from phone.joinAsPeers', () => {
  const result = {
    peers: [
      { _: 'peerUser' as const, user_id: '1' },
      { _: 'peerChannel' as const, channel_id: '20' },
      { _: 'peerChannel' as const, channel_id: '30' },
      { _: 'peerChannel' as const, channel_id: '40' },
    ],
    chats: [
      channel('20', 'tgcall news', { broadcast: true }),
      channel('30', 'tgcall demo', { megagroup: true }),
    ] as TypeChat[],
  };

  it('carries each peer’s kind from the channel’s megagroup flag; the person is their personal account', () => {
    const options = joinAsOptionsFromTl(result, '1', (id) => names.get(id));
    expect(options).toEqual([
      { peerId: 'user:1', title: 'Alice Archer', isSelf: true, kind: 'self' },
      { peerId: 'channel:20', title: 'tgcall news', isSelf: false, kind: 'channel' },
      { peerId: 'channel:30', title: 'tgcall demo', isSelf: false, kind: 'group' },
      // A channel the answer did not describe: a channel, named by its id.
      { peerId: 'channel:40', title: 'channel:40', isSelf: false, kind: 'channel' },
    ]);
    expect(options.map(joinAsLabel)).toEqual(['personal account', 'channel', 'group', 'channel']);
  });

  it('finds the person by id, or takes the first user peer when the id is not known', () => {
    expect(joinAsOptionsFromTl(result, null, () => undefined)[0]).toMatchObject({ peerId: 'user:1', isSelf: true });
    expect(joinAsOptionsFromTl(result, '999', () => undefined)[0]).toMatchObject({ peerId: 'user:1', isSelf: true });
    const selfSecond = { peers: [result.peers[1], result.peers[0]], chats: result.chats };
    expect(joinAsOptionsFromTl(selfSecond, '1', () => undefined).map((o) => o.isSelf)).toEqual([false, true]);
  });

  it('a forbidden supergroup is still a group; a basic group (never listed in practice) is a group', () => {
    expect(joinAsKindOfChat({ _: 'channelForbidden', id: '5', access_hash: '1', title: 'x', megagroup: true })).toBe(
      'group',
    );
    expect(joinAsKindOfChat({ _: 'channelForbidden', id: '5', access_hash: '1', title: 'x', broadcast: true })).toBe(
      'channel',
    );
    expect(joinAsKindOfChat({ _: 'chatForbidden', id: '6', title: 'y' })).toBe('group');
    expect(joinAsKindOfChat(undefined)).toBe('channel');
  });
});
