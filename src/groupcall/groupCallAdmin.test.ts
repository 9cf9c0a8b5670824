import { describe, expect, it } from 'vitest';
import { RpcError } from '../telegram/rpcError';
import {
  createGroupCall,
  getGroupCallStreamRtmpUrl,
  startScheduledGroupCall,
  toggleGroupCallStartSubscription,
} from './groupCallAdmin';
import { callErrorMessage } from './callErrorMessage';
import { CALL, updatesOf } from './testing/callFixtures';
import { ScriptedApi } from './testing/scriptedApi';

const PEER = { _: 'inputPeerChannel' as const, channel_id: '10', access_hash: '20' };
const INFO = {
  _: 'groupCall' as const,
  id: '777',
  access_hash: '888',
  participants_count: 0,
  unmuted_video_limit: 30,
  version: 1,
  title: 'Demo',
  schedule_date: 2_000_000_000,
};

describe('group call administration', () => {
  it('creates a call and returns it from the Updates result', async () => {
    const api = new ScriptedApi().on('phone.createGroupCall', () =>
      updatesOf({ _: 'updateGroupCall', chat_id: '10', call: INFO }),
    );
    const created = await createGroupCall(api, {
      peer: PEER,
      title: 'Demo',
      scheduleDate: 2_000_000_000,
      randomId: 42,
    });
    expect(api.callsOf('phone.createGroupCall')).toEqual([
      { peer: PEER, random_id: 42, title: 'Demo', schedule_date: 2_000_000_000 },
    ]);
    expect(created).toEqual({ call: CALL, info: INFO, chatId: '10' });
  });

  it('also finds the call in an updateShort, and sends rtmp_stream and a random int32 id', async () => {
    const api = new ScriptedApi().on('phone.createGroupCall', () => ({
      _: 'updateShort' as const,
      update: { _: 'updateGroupCall' as const, chat_id: '10', call: INFO },
      date: 1,
    }));
    const created = await createGroupCall(api, { peer: PEER, rtmpStream: true });
    const [params] = api.callsOf('phone.createGroupCall');
    expect(params.rtmp_stream).toBe(true);
    expect(Number.isInteger(params.random_id) && params.random_id >= -(2 ** 31) && params.random_id < 2 ** 31).toBe(
      true,
    );
    expect(created.call.id).toBe('777');
  });

  it.each([
    'CHANNEL_PRIVATE',
    'CHAT_ADMIN_REQUIRED',
    'CREATE_CALL_FAILED',
    'GROUPCALL_ALREADY_DISCARDED',
    'PEER_ID_INVALID',
    'SCHEDULE_DATE_INVALID',
  ])('turns %s into a CallError whose message is the plain sentence', async (type) => {
    const api = new ScriptedApi().on('phone.createGroupCall', () => {
      throw new RpcError(400, type);
    });
    const error = await createGroupCall(api, { peer: PEER }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'request-failed', rpcType: type });
    expect(callErrorMessage(error as never)).toBe(callErrorMessage(type));
  });

  it('fails clearly when the result has no call', async () => {
    const api = new ScriptedApi().on('phone.createGroupCall', () => updatesOf());
    await expect(createGroupCall(api, { peer: PEER })).rejects.toMatchObject({ reason: 'request-failed' });
  });

  it('starts a scheduled call, toggles the start subscription, reads the RTMP URL', async () => {
    const api = new ScriptedApi()
      .on('phone.startScheduledGroupCall', () => updatesOf())
      .on('phone.toggleGroupCallStartSubscription', () => updatesOf())
      .on('phone.getGroupCallStreamRtmpUrl', () => ({
        _: 'phone.groupCallStreamRtmpUrl' as const,
        url: 'rtmps://dc4.example/s/',
        key: 'k-1',
      }));
    await startScheduledGroupCall(api, CALL);
    await toggleGroupCallStartSubscription(api, CALL, true);
    expect(await getGroupCallStreamRtmpUrl(api, PEER, true)).toEqual({ url: 'rtmps://dc4.example/s/', key: 'k-1' });
    expect(api.recorded).toEqual([
      { method: 'phone.startScheduledGroupCall', params: { call: CALL } },
      { method: 'phone.toggleGroupCallStartSubscription', params: { call: CALL, subscribed: true } },
      { method: 'phone.getGroupCallStreamRtmpUrl', params: { peer: PEER, revoke: true } },
    ]);
  });
});
