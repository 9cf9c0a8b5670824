// Calls around a group call that are not a membership: create (now, scheduled or RTMP), start a scheduled call,
// "notify me" for a scheduled call, and the RTMP URL. Plain functions over TelegramApi; failures become CallErrors.

import type { TelegramApi } from '../telegram/api';
import type {
  GroupCall as TelegramGroupCall,
  InputGroupCall,
  PhoneGroupCallStreamRtmpUrl,
  TypeInputPeer,
  TypeUpdates,
} from '../telegram/tl/api.generated';
import { CallError } from './callError';
import { updatesOfResult } from './updatesOfResult';

export interface CreateGroupCallOptions {
  /** The group, supergroup or channel the call belongs to. */
  peer: TypeInputPeer;
  title?: string;
  /** Unix time (seconds) to schedule the call for. */
  scheduleDate?: number;
  /** A livestream fed over RTMP (owners only). */
  rtmpStream?: boolean;
  /** Duplicate protection: the same random_id twice creates one call. Default: a fresh random int32. */
  randomId?: number;
}

export interface CreatedGroupCall {
  call: InputGroupCall;
  /** The new call as the result's updateGroupCall describes it. */
  info: TelegramGroupCall;
  chatId: string;
}

/** phone.createGroupCall, returning the call found in the Updates result. */
export async function createGroupCall(api: TelegramApi, options: CreateGroupCallOptions): Promise<CreatedGroupCall> {
  let result: TypeUpdates;
  try {
    result = await api.call('phone.createGroupCall', {
      peer: options.peer,
      random_id: options.randomId ?? randomInt32(),
      ...(options.title !== undefined ? { title: options.title } : {}),
      ...(options.scheduleDate !== undefined ? { schedule_date: options.scheduleDate } : {}),
      ...(options.rtmpStream === true ? { rtmp_stream: true } : {}),
    });
  } catch (error) {
    throw CallError.requestFailed('phone.createGroupCall', error);
  }
  const created = groupCallOfUpdates(result);
  if (created === undefined)
    throw CallError.requestFailed(
      'phone.createGroupCall',
      new Error('the result has no updateGroupCall with a live call'),
    );
  return created;
}

/** The live call an Updates result announces (updateGroupCall with a groupCall), if any. */
export function groupCallOfUpdates(result: TypeUpdates): CreatedGroupCall | undefined {
  for (const update of updatesOfResult(result)) {
    if (update._ === 'updateGroupCall' && update.call._ === 'groupCall') {
      return {
        call: { _: 'inputGroupCall', id: update.call.id, access_hash: update.call.access_hash },
        info: update.call,
        chatId: update.chat_id,
      };
    }
  }
  return undefined;
}

/** Starts a scheduled call now (admins). */
export async function startScheduledGroupCall(api: TelegramApi, call: InputGroupCall): Promise<void> {
  try {
    await api.call('phone.startScheduledGroupCall', { call });
  } catch (error) {
    throw CallError.requestFailed('phone.startScheduledGroupCall', error);
  }
}

/** "Notify me when it starts" for a scheduled call, or its opposite. */
export async function toggleGroupCallStartSubscription(
  api: TelegramApi,
  call: InputGroupCall,
  subscribed: boolean,
): Promise<void> {
  try {
    await api.call('phone.toggleGroupCallStartSubscription', { call, subscribed });
  } catch (error) {
    throw CallError.requestFailed('phone.toggleGroupCallStartSubscription', error);
  }
}

/** The RTMP server URL and stream key of a chat's livestream; `revoke` makes a new key. */
export async function getGroupCallStreamRtmpUrl(
  api: TelegramApi,
  peer: TypeInputPeer,
  revoke = false,
): Promise<{ url: string; key: string }> {
  let result: PhoneGroupCallStreamRtmpUrl;
  try {
    result = await api.call('phone.getGroupCallStreamRtmpUrl', { peer, revoke });
  } catch (error) {
    throw CallError.requestFailed('phone.getGroupCallStreamRtmpUrl', error);
  }
  return { url: result.url, key: result.key };
}

function randomInt32(): number {
  const bytes = new Uint32Array(1);
  globalThis.crypto.getRandomValues(bytes);
  return bytes[0] | 0;
}
