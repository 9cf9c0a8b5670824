import { describe, expect, it } from 'vitest';
import { RpcError } from '../telegram/rpcError';
import { CallError, type CallErrorReason } from './callError';
import { callErrorMessage, DOCUMENTED_RPC_TYPES } from './callErrorMessage';

const SEED_PAGE_TYPES = [
  // phone.createGroupCall
  'CHANNEL_PRIVATE',
  'CHAT_ADMIN_REQUIRED',
  'CREATE_CALL_FAILED',
  'GROUPCALL_ALREADY_DISCARDED',
  'PEER_ID_INVALID',
  'SCHEDULE_DATE_INVALID',
  // phone.joinGroupCall
  'DATA_JSON_INVALID',
  'GROUPCALL_FORBIDDEN',
  'GROUPCALL_INVALID',
  'GROUPCALL_SSRC_DUPLICATE_MUCH',
  'JOIN_AS_PEER_INVALID',
];

const REASONS: CallErrorReason[] = [
  'microphone-denied',
  'microphone-unavailable',
  'camera-denied',
  'camera-unavailable',
  'video-unavailable',
  'screen-denied',
  'screen-unavailable',
  'ssrc-retries-exhausted',
  'join-refused',
  'connection-timeout',
  'transport-invalid',
  'stream-unsupported',
  'media-failed',
  'rejoin-exhausted',
  'joined-elsewhere',
  'call-ended',
  'cannot-unmute',
  'not-connected',
  'cancelled',
  'request-failed',
];

const FALLBACK = callErrorMessage('SOMETHING_UNKNOWN');

describe('callErrorMessage', () => {
  it.each(SEED_PAGE_TYPES)('has its own plain sentence for %s', (type) => {
    const message = callErrorMessage(type);
    expect(message).not.toBe(FALLBACK);
    expect(message).toMatch(/^[A-Z].*\.$/);
    expect(message).not.toMatch(/[A-Z]{2,}_[A-Z]/); // no error codes shown to people
  });

  it('says the video limit is reached for GROUPCALL_VIDEO_TOO_MUCH, from any method', () => {
    const refused = CallError.requestFailed(
      'phone.editGroupCallParticipant',
      new RpcError(400, 'GROUPCALL_VIDEO_TOO_MUCH'),
    );
    expect(callErrorMessage(refused)).toMatch(/^Video limit reached/);
    expect(callErrorMessage('GROUPCALL_VIDEO_TOO_MUCH')).toBe(callErrorMessage(refused));
  });

  it('covers exactly the seed pages’ types', () => {
    expect([...DOCUMENTED_RPC_TYPES].sort()).toEqual([...SEED_PAGE_TYPES].sort());
  });

  it.each(REASONS)('has a sentence for the reason %s', (reason) => {
    expect(callErrorMessage(reason)).toMatch(/^[A-Z].*\.$/);
  });

  it('prefers the Telegram type of a CallError, else its reason', () => {
    expect(callErrorMessage(CallError.joinRefused(new RpcError(403, 'GROUPCALL_FORBIDDEN')))).toBe(
      callErrorMessage('GROUPCALL_FORBIDDEN'),
    );
    expect(callErrorMessage(CallError.joinRefused(new RpcError(400, 'NEW_ERROR')))).toBe(
      callErrorMessage('join-refused'),
    );
    expect(callErrorMessage(CallError.microphoneDenied())).toBe(callErrorMessage('microphone-denied'));
    expect(callErrorMessage('FLOOD_WAIT_30')).toMatch(/wait/);
  });
});
