import { describe, expect, it } from 'vitest';
import type { TypeChat } from '../../telegram/tl/api.generated';
import { callLinkPolicyOf, callRightsOf, callSummaryFromTl, userNamesOf } from './callFromTl';

/** A basic group (`chat`) as the server sends it, with these fields changed. */
const basicGroup = (extra: object): TypeChat => ({
  _: 'chat',
  id: '5',
  title: 'G',
  photo: { _: 'chatPhotoEmpty' },
  participants_count: 2,
  date: 0,
  version: 1,
  ...extra,
});

describe('callSummaryFromTl', () => {
  it('keeps what the chat page shows of a call', () => {
    expect(
      callSummaryFromTl({
        _: 'groupCall',
        id: '7',
        access_hash: '9',
        participants_count: 3,
        title: 'Standup',
        schedule_date: 1800000000,
        schedule_start_subscribed: true,
        unmuted_video_limit: 30,
        version: 1,
      }),
    ).toEqual({
      ref: { id: '7', accessHash: '9' },
      title: 'Standup',
      participantsCount: 3,
      scheduleDate: 1800000000,
      subscribed: true,
      rtmp: false,
    });
  });

  it('a call without title or schedule is an untitled call going on; a discarded one is none', () => {
    const summary = callSummaryFromTl({
      _: 'groupCall',
      id: '1',
      access_hash: '2',
      participants_count: 0,
      rtmp_stream: true,
      unmuted_video_limit: 30,
      version: 1,
    });
    expect(summary).toMatchObject({ title: '', scheduleDate: null, rtmp: true, subscribed: false });
    expect(callSummaryFromTl({ _: 'groupCallDiscarded', id: '1', access_hash: '2', duration: 5 })).toBeNull();
  });
});

describe('callRightsOf', () => {
  const chat = basicGroup;
  it('creators and admins with manage_call may manage calls; only creators own the chat', () => {
    expect(callRightsOf(chat({ creator: true }))).toEqual({ canManageCalls: true, isOwner: true });
    expect(callRightsOf(chat({ admin_rights: { _: 'chatAdminRights', manage_call: true } }))).toEqual({
      canManageCalls: true,
      isOwner: false,
    });
    expect(callRightsOf(chat({ admin_rights: { _: 'chatAdminRights', pin_messages: true } }))).toEqual({
      canManageCalls: false,
      isOwner: false,
    });
    expect(callRightsOf(chat({}))).toEqual({ canManageCalls: false, isOwner: false });
    expect(callRightsOf(undefined)).toEqual({ canManageCalls: false, isOwner: false });
  });
});

describe('callLinkPolicyOf', () => {
  const group = basicGroup;
  const channel = (extra: object): TypeChat => ({
    _: 'channel',
    id: '6',
    access_hash: '1',
    title: 'C',
    photo: { _: 'chatPhotoEmpty' },
    date: 0,
    megagroup: true,
    ...extra,
  });
  it('a public chat has call links, for members and admins alike', () => {
    expect(callLinkPolicyOf(channel({ username: 'tgcall_demo' }))).toBe('call-links');
    expect(callLinkPolicyOf(channel({ usernames: [{ _: 'username', username: 'extra_name', active: true }] }))).toBe(
      'call-links',
    );
  });
  it('a private chat shares its invite link, made by the creator or an admin who may invite', () => {
    expect(callLinkPolicyOf(group({ creator: true }))).toBe('chat-invite');
    expect(callLinkPolicyOf(channel({ admin_rights: { _: 'chatAdminRights', invite_users: true } }))).toBe(
      'chat-invite',
    );
    expect(callLinkPolicyOf(channel({ usernames: [{ _: 'username', username: 'gone_name' }], creator: true }))).toBe(
      'chat-invite',
    );
  });
  it('other members of a private chat have no link to hand out', () => {
    expect(callLinkPolicyOf(group({}))).toBe('none');
    expect(callLinkPolicyOf(channel({ admin_rights: { _: 'chatAdminRights', manage_call: true } }))).toBe('none');
    expect(callLinkPolicyOf(undefined)).toBe('none');
  });
});

describe('userNamesOf', () => {
  it('names users by peer id, skipping empty users', () => {
    expect(
      userNamesOf([
        { _: 'user', id: '42', first_name: 'Bob', last_name: 'Baker' },
        { _: 'userEmpty', id: '43' },
      ]),
    ).toEqual([['user:42', 'Bob Baker']]);
  });
});
