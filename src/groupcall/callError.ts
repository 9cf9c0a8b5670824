// CallError: the one error type the call engine reports (events, rejected promises). Callers match on `reason`, and on
// `rpcType` (Telegram's error string, kept as is) when the server refused something; never on message text.

import { RpcError } from '../telegram/rpcError';

export type CallErrorReason =
  | 'microphone-denied' // the person (or the browser) refused microphone access
  | 'microphone-unavailable' // no microphone, or it could not be opened
  | 'camera-denied' // the person (or the browser) refused camera access
  | 'camera-unavailable' // no camera, or it could not be opened
  | 'video-unavailable' // this connection cannot send video (the server answered no video section)
  | 'screen-denied' // screen capture was cancelled or refused
  | 'screen-unavailable' // screen capture failed
  | 'ssrc-retries-exhausted' // GROUPCALL_SSRC_DUPLICATE_MUCH on every attempt
  | 'join-refused' // phone.joinGroupCall failed with a server error (see rpcType)
  | 'connection-timeout' // no updateGroupCallConnection, or no ICE/DTLS connection, in time
  | 'transport-invalid' // the server's transport JSON could not be used
  | 'stream-unsupported' // the call is a livestream (no WebRTC): not played by this engine
  | 'media-failed' // the RTCPeerConnection failed (ICE / DTLS / SDP)
  | 'rejoin-exhausted' // the rejoin policy gave up
  | 'joined-elsewhere' // the own participant appeared with a source this client never used
  | 'call-ended' // the call was discarded for everyone
  | 'cannot-unmute' // muted by an admin without can_self_unmute: only raising the hand is possible
  | 'not-connected' // an action needs a joined call
  | 'cancelled' // the call was left while the action was still running
  | 'request-failed'; // another method failed (see rpcType)

export class CallError extends Error {
  override readonly name = 'CallError';

  private constructor(
    readonly reason: CallErrorReason,
    message: string,
    /** Telegram's error type (e.g. "GROUPCALL_FORBIDDEN") when the server refused. */
    readonly rpcType?: string,
    /** Whether the engine may try again by itself (a rejoin), as opposed to giving up. */
    readonly retryable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static microphoneDenied(cause?: unknown): CallError {
    return new CallError('microphone-denied', 'microphone access was denied', undefined, false, { cause });
  }

  static microphoneUnavailable(cause?: unknown): CallError {
    return new CallError('microphone-unavailable', 'no microphone could be opened', undefined, false, { cause });
  }

  static cameraDenied(cause?: unknown): CallError {
    return new CallError('camera-denied', 'camera access was denied', undefined, false, { cause });
  }

  static cameraUnavailable(cause?: unknown): CallError {
    return new CallError('camera-unavailable', 'no camera could be opened', undefined, false, { cause });
  }

  static videoUnavailable(why: string): CallError {
    return new CallError('video-unavailable', `video cannot be sent: ${why}`);
  }

  static screenDenied(cause?: unknown): CallError {
    return new CallError('screen-denied', 'screen capture was cancelled or refused', undefined, false, { cause });
  }

  static screenUnavailable(cause?: unknown): CallError {
    return new CallError('screen-unavailable', 'the screen could not be captured', undefined, false, { cause });
  }

  static ssrcRetriesExhausted(attempts: number): CallError {
    return new CallError(
      'ssrc-retries-exhausted',
      `GROUPCALL_SSRC_DUPLICATE_MUCH on all ${attempts} attempts`,
      'GROUPCALL_SSRC_DUPLICATE_MUCH',
    );
  }

  /** phone.joinGroupCall refused; timeouts and lost connections are retryable, server refusals are not. */
  static joinRefused(error: RpcError): CallError {
    return new CallError(
      'join-refused',
      `phone.joinGroupCall: ${error.code} ${error.type}`,
      error.type,
      isTransient(error),
      { cause: error },
    );
  }

  static connectionTimeout(what: string): CallError {
    return new CallError('connection-timeout', `timed out waiting for ${what}`, undefined, true);
  }

  static transportInvalid(cause: unknown): CallError {
    const detail = cause instanceof Error ? cause.message : String(cause);
    // Retryable: a garbled transport may be a server's passing fault; the rejoin policy bounds how often it is asked again.
    return new CallError('transport-invalid', `the server's transport cannot be used: ${detail}`, undefined, true, {
      cause,
    });
  }

  static streamUnsupported(): CallError {
    return new CallError('stream-unsupported', 'the call is a livestream, which this engine does not play');
  }

  static mediaFailed(what: string, cause?: unknown): CallError {
    return new CallError('media-failed', `media connection failed: ${what}`, undefined, true, { cause });
  }

  static rejoinExhausted(attempts: number, last?: CallError): CallError {
    return new CallError('rejoin-exhausted', `gave up rejoining after ${attempts} attempts`, last?.rpcType, false, {
      cause: last,
    });
  }

  static joinedElsewhere(source: number): CallError {
    return new CallError('joined-elsewhere', `joined the call from another device (source ${source})`);
  }

  static callEnded(): CallError {
    return new CallError('call-ended', 'the call ended');
  }

  static cannotUnmute(): CallError {
    return new CallError('cannot-unmute', 'muted by an admin: raise the hand instead');
  }

  static notConnected(action: string): CallError {
    return new CallError('not-connected', `${action} needs a joined call`);
  }

  static cancelled(): CallError {
    return new CallError('cancelled', 'the call was left before the action finished');
  }

  static requestFailed(method: string, cause: unknown): CallError {
    const error = RpcError.from(cause);
    return new CallError('request-failed', `${method}: ${error.code} ${error.type}`, error.type, isTransient(error), {
      cause: error,
    });
  }
}

/** No answer, or the connection to Telegram is gone: the same request may work later. */
function isTransient(error: RpcError): boolean {
  return error.code === -503 || error.code === -500 || error.code >= 500 || error.isFloodWait;
}
