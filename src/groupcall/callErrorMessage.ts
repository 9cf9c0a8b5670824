// Plain sentences for the UI: one per CallError reason and one per Telegram error type that phone.createGroupCall and
// phone.joinGroupCall document. Pure; the UI shows the sentence, logs keep the reason and type.

import { CallError, type CallErrorReason } from './callError';

/** Every error type listed on the phone.createGroupCall and phone.joinGroupCall pages, and the sentence for each. */
const RPC_TYPE_MESSAGES: Readonly<Record<string, string>> = {
  // phone.createGroupCall
  CHANNEL_PRIVATE: 'You are not a member of this channel or group.',
  CHAT_ADMIN_REQUIRED: 'Only an admin of this chat can do that.',
  CREATE_CALL_FAILED: 'Telegram could not create the call. Please try again.',
  GROUPCALL_ALREADY_DISCARDED: 'This call has already ended.',
  PEER_ID_INVALID: 'This chat cannot have a call.',
  SCHEDULE_DATE_INVALID: 'The start date of the call is not valid: choose a time in the future.',
  // phone.joinGroupCall
  DATA_JSON_INVALID: 'The app sent connection data that Telegram did not accept. Please report this problem.',
  GROUPCALL_FORBIDDEN: 'This call has already ended.',
  GROUPCALL_INVALID: 'This call does not exist or is no longer available.',
  GROUPCALL_SSRC_DUPLICATE_MUCH: 'Could not join the call because of a connection conflict. Please try again.',
  JOIN_AS_PEER_INVALID: 'You cannot join the call as the chosen account or channel.',
};

/** Errors of the video methods (not on those two pages), as Telegram's apps meet them. */
const VIDEO_RPC_TYPE_MESSAGES: Readonly<Record<string, string>> = {
  // joinGroupCall with the camera on, editGroupCallParticipant {video_stopped: false}, joinGroupCallPresentation, past
  // the call's unmuted_video_limit (Telegram's Android app reloads the call on it).
  GROUPCALL_VIDEO_TOO_MUCH:
    'Video limit reached: this call already has as many people sending video as it allows. Try again when someone turns theirs off.',
};

const rpcTypeMessage = (type: string): string | undefined =>
  Object.hasOwn(RPC_TYPE_MESSAGES, type)
    ? RPC_TYPE_MESSAGES[type]
    : Object.hasOwn(VIDEO_RPC_TYPE_MESSAGES, type)
      ? VIDEO_RPC_TYPE_MESSAGES[type]
      : undefined;

const REASON_MESSAGES: Readonly<Record<CallErrorReason, string>> = {
  'microphone-denied': 'Microphone access was denied. Allow the microphone in the browser to join the call.',
  'microphone-unavailable': 'No microphone was found, or it is in use by another app.',
  'camera-denied':
    'Camera access was denied. Allow the camera in the browser (the icon in the address bar) to turn it on.',
  'camera-unavailable': 'No camera was found, or it is in use by another app.',
  'video-unavailable': 'Video cannot be sent in this call.',
  'screen-denied':
    'Screen sharing was cancelled or not allowed. To allow it, check the browser’s screen-sharing permission for this site.',
  'screen-unavailable': 'Your screen could not be shared.',
  'ssrc-retries-exhausted': RPC_TYPE_MESSAGES.GROUPCALL_SSRC_DUPLICATE_MUCH,
  'join-refused': 'Telegram did not let you join the call.',
  'connection-timeout': 'Connecting to the call took too long. Check your connection and try again.',
  'transport-invalid': 'The call server sent connection data the app cannot use.',
  'stream-unsupported': 'This call is a livestream, which the app cannot play yet.',
  'media-failed': 'The audio connection to the call failed.',
  'rejoin-exhausted': 'The connection to the call was lost and could not be restored.',
  'joined-elsewhere': 'You joined this call from another device, so it was closed here.',
  'call-ended': 'The call has ended.',
  'cannot-unmute': 'An admin muted you. Raise your hand to ask to speak.',
  'not-connected': 'You are not in the call.',
  cancelled: 'You left the call.',
  'request-failed': 'Telegram could not do that. Please try again.',
};

const FALLBACK = 'Something went wrong with the call.';

/**
 * The sentence for a CallError (its Telegram error type wins when there is a sentence for it), a CallErrorReason, or a
 * Telegram error type such as "GROUPCALL_FORBIDDEN".
 */
export function callErrorMessage(error: CallError | string): string {
  if (error instanceof CallError) {
    const byType = error.rpcType === undefined ? undefined : rpcTypeMessage(error.rpcType);
    return byType ?? REASON_MESSAGES[error.reason];
  }
  const byType = rpcTypeMessage(error);
  if (byType !== undefined) return byType;
  if (Object.hasOwn(REASON_MESSAGES, error)) return REASON_MESSAGES[error as CallErrorReason];
  if (/^FLOOD_WAIT_\d+$/.test(error)) return 'Too many attempts. Please wait a moment and try again.';
  return FALLBACK;
}

/** The Telegram error types that have their own sentence (for tests and documentation). */
export const DOCUMENTED_RPC_TYPES: readonly string[] = Object.keys(RPC_TYPE_MESSAGES);
