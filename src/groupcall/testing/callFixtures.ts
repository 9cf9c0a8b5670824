// Telegram objects for GroupCall tests: the call, participants, the server's transport JSON, Updates results.

import type { GroupCallParticipant, InputGroupCall, TypeUpdate, TypeUpdates } from '../../telegram/tl/api.generated';
import type { RtcGroupCallTransport } from '../sdp';

export const CALL: InputGroupCall = { _: 'inputGroupCall', id: '777', access_hash: '888' };

export const SERVER_TRANSPORT: RtcGroupCallTransport = {
  transport: {
    ufrag: 'srv1',
    pwd: 'serverpasswordserverpassword',
    fingerprints: [{ hash: 'sha-256', setup: 'passive', fingerprint: '01:23:45:67' }],
    candidates: [
      {
        generation: '0',
        component: '1',
        protocol: 'udp',
        port: '32000',
        ip: '127.0.0.1',
        foundation: '1',
        id: '1',
        priority: '2130706431',
        type: 'host',
        network: '1',
      },
    ],
  },
  audio: {
    'payload-types': [
      { id: 111, name: 'opus', clockrate: 48000, channels: 2, parameters: { minptime: '10', useinbandfec: '1' } },
    ],
    'rtp-hdrexts': [{ id: 1, uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level' }],
  },
};

export function connectionUpdate(transport: RtcGroupCallTransport = SERVER_TRANSPORT): TypeUpdate {
  return { _: 'updateGroupCallConnection', params: { _: 'dataJSON', data: JSON.stringify(transport) } };
}

export function updatesOf(...updates: TypeUpdate[]): TypeUpdates {
  return { _: 'updates', updates, users: [], chats: [], date: 1, seq: 0 };
}

export function participant(
  userId: string,
  source: number,
  extra: Partial<GroupCallParticipant> = {},
): GroupCallParticipant {
  return { _: 'groupCallParticipant', peer: { _: 'peerUser', user_id: userId }, date: 1, source, ...extra };
}

export function participantsUpdate(version: number, ...participants: GroupCallParticipant[]): TypeUpdate {
  return { _: 'updateGroupCallParticipants', call: CALL, participants, version };
}
