import { describe, expect, it } from 'vitest';
import { RpcError } from '../../telegram';
import type { TypeChat } from '../../telegram/tl/api.generated';
import { chatInvitePreviewOf, deadInviteOf } from './chatInviteFromTl';

const owls = {
  _: 'channel',
  id: '77',
  access_hash: '5',
  title: 'Night Owls',
  photo: { _: 'chatPhotoEmpty' },
  date: 0,
  megagroup: true,
  participants_count: 3,
} as TypeChat;

describe('chatInvitePreviewOf', () => {
  it('an invite to a chat one is not in says what it is', () => {
    expect(
      chatInvitePreviewOf({
        _: 'chatInvite',
        channel: true,
        megagroup: true,
        title: 'Night Owls',
        about: 'Late talks',
        photo: { _: 'photoEmpty', id: '0' },
        participants_count: 3,
      }),
    ).toEqual({
      kind: 'invite',
      title: 'Night Owls',
      about: 'Late talks',
      broadcast: false,
      participantsCount: 3,
      requestNeeded: false,
    });
    expect(
      chatInvitePreviewOf({
        _: 'chatInvite',
        channel: true,
        broadcast: true,
        request_needed: true,
        title: 'News',
        photo: { _: 'photoEmpty', id: '0' },
        participants_count: 1,
      }),
    ).toMatchObject({ broadcast: true, requestNeeded: true, about: '' });
  });

  it('a peek is still an invite (the person is not a member yet); already in is the chat', () => {
    expect(chatInvitePreviewOf({ _: 'chatInvitePeek', chat: owls, expires: 100 })).toEqual({
      kind: 'invite',
      title: 'Night Owls',
      about: '',
      broadcast: false,
      participantsCount: 3,
      requestNeeded: false,
    });
    expect(chatInvitePreviewOf({ _: 'chatInviteAlready', chat: owls })).toEqual({
      kind: 'member',
      chatKey: 'channel:77',
      chatTitle: 'Night Owls',
    });
    expect(
      chatInvitePreviewOf({ _: 'chatInviteAlready', chat: { _: 'chatForbidden', id: '9', title: 'Gone' } }),
    ).toEqual({ kind: 'invalid' });
  });
});

describe('deadInviteOf', () => {
  it('tells unknown links from expired ones, and leaves other errors alone', () => {
    expect(deadInviteOf(new RpcError(400, 'INVITE_HASH_INVALID'))).toBe('invalid');
    expect(deadInviteOf(new RpcError(400, 'INVITE_HASH_EMPTY'))).toBe('invalid');
    expect(deadInviteOf(new RpcError(400, 'INVITE_HASH_EXPIRED'))).toBe('expired');
    expect(deadInviteOf(new RpcError(400, 'USERS_TOO_MUCH'))).toBeNull();
    expect(deadInviteOf(new Error('offline'))).toBeNull();
  });
});
