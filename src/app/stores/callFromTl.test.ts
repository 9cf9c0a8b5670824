import { describe, expect, it } from 'vitest';
import type { TypeChat } from '../../telegram/tl/api.generated';
import { callRightsOf, callSummaryFromTl, userNamesOf } from './callFromTl';

describe('callSummaryFromTl', () => {
  it('keeps what the chat page shows of a call', () => {
    expect(
      callSummaryFromTl({ _: 'groupCall', id: '7', access_hash: '9', participants_count: 3, title: 'Standup', schedule_date: 1800000000, schedule_start_subscribed: true, unmuted_video_limit: 30, version: 1 }),
    ).toEqual({ ref: { id: '7', accessHash: '9' }, title: 'Standup', participantsCount: 3, scheduleDate: 1800000000, subscribed: true, rtmp: false });
  });

  it('a call without title or schedule is an untitled call going on; a discarded one is none', () => {
    const summary = callSummaryFromTl({ _: 'groupCall', id: '1', access_hash: '2', participants_count: 0, rtmp_stream: true, unmuted_video_limit: 30, version: 1 });
    expect(summary).toMatchObject({ title: '', scheduleDate: null, rtmp: true, subscribed: false });
    expect(callSummaryFromTl({ _: 'groupCallDiscarded', id: '1', access_hash: '2', duration: 5 })).toBeNull();
  });
});

describe('callRightsOf', () => {
  const chat = (extra: object): TypeChat => ({ _: 'chat', id: '5', title: 'G', photo: { _: 'chatPhotoEmpty' }, participants_count: 2, date: 0, version: 1, ...extra }) as TypeChat;
  it('creators and admins with manage_call may manage calls; only creators own the chat', () => {
    expect(callRightsOf(chat({ creator: true }))).toEqual({ canManageCalls: true, isOwner: true });
    expect(callRightsOf(chat({ admin_rights: { _: 'chatAdminRights', manage_call: true } }))).toEqual({ canManageCalls: true, isOwner: false });
    expect(callRightsOf(chat({ admin_rights: { _: 'chatAdminRights', pin_messages: true } }))).toEqual({ canManageCalls: false, isOwner: false });
    expect(callRightsOf(chat({}))).toEqual({ canManageCalls: false, isOwner: false });
    expect(callRightsOf(undefined)).toEqual({ canManageCalls: false, isOwner: false });
  });
});

describe('userNamesOf', () => {
  it('names users by peer id, skipping empty users', () => {
    expect(userNamesOf([{ _: 'user', id: '42', first_name: 'Bob', last_name: 'Baker' }, { _: 'userEmpty', id: '43' }])).toEqual([['user:42', 'Bob Baker']]);
  });
});
