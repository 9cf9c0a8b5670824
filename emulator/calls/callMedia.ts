// What the call logic needs from the SFU (emulator/sfu's Sfu satisfies it as is), and the mapping of the SFU's typed
// errors to Telegram's: 'join-payload-invalid' → DATA_JSON_INVALID, 'ssrc-duplicate' → GROUPCALL_SSRC_DUPLICATE_MUCH.
import { RpcError } from '../rpcError';
import { SfuError, type Sfu } from '../sfu/index';

export type CallMedia = Pick<
  Sfu,
  | 'join'
  | 'leave'
  | 'closeCall'
  | 'setMuted'
  | 'cameraStateChanged'
  | 'addSimulatedSpeaker'
  | 'addSimulatedCamera'
  | 'cutEndpoint'
  | 'endpointState'
  | 'sources'
  | 'stats'
  | 'onEndpointState'
  | 'onSourceActive'
  | 'close'
>;

/** The SFU key of a call. */
export const callKeyOf = (callId: number): string => String(callId);

/** An SFU failure as the RpcError Telegram answers; anything else is rethrown unchanged. */
export function rpcErrorOfMedia(error: unknown): unknown {
  if (!(error instanceof SfuError)) return error;
  switch (error.reason) {
    case 'join-payload-invalid':
      return RpcError.badRequest('DATA_JSON_INVALID');
    case 'ssrc-duplicate':
      return RpcError.badRequest('GROUPCALL_SSRC_DUPLICATE_MUCH');
    case 'left':
      // A newer join of the same participant (or a leave) overtook this one while it was being set up; the caller
      // answers GROUPCALL_FORBIDDEN instead when the call itself ended meanwhile.
      return RpcError.badRequest('GROUPCALL_JOIN_MISSING');
    default:
      return RpcError.internal('GROUPCALL_JOIN_FAILED');
  }
}
