// Every error text a person can see, in one place: an RPC error type (Telegram's "PHONE_CODE_INVALID") becomes a plain
// sentence that says what happened and what to do. Screens call messageForError() and never show raw error types.

/** The shape of src/telegram's RpcError; matched structurally so this module stays free of the client. */
export interface RpcErrorLike {
  code: number;
  type: string;
  seconds?: number;
}

const messages: Record<string, string> = {
  PHONE_NUMBER_INVALID: 'That phone number is not valid. Check the country code and the digits, then try again.',
  PHONE_NUMBER_BANNED: 'This phone number is banned from Telegram.',
  PHONE_NUMBER_FLOOD: 'This number asked for too many codes. Try again later.',
  PHONE_NUMBER_UNOCCUPIED: 'There is no account with this phone number yet.',
  PHONE_CODE_INVALID: 'That code is not right. Check the code you received and try again.',
  PHONE_CODE_EMPTY: 'Enter the code you received.',
  PHONE_CODE_EXPIRED: 'That code has expired. Ask for a new code.',
  PHONE_CODE_HASH_EMPTY: 'The sign-in was interrupted. Ask for a new code.',
  SEND_CODE_UNAVAILABLE:
    'Telegram has no other way to send the code to this number. Wait for it, or ask for a new code later.',
  EMAIL_INVALID: 'That email address is not valid. Check it and try again.',
  EMAIL_NOT_ALLOWED: 'Telegram does not allow this email address for login codes. Try another one.',
  EMAIL_CODE_INVALID: 'That code from the email is not right. Check the email and try again.',
  EMAIL_VERIFY_EXPIRED: 'The email check took too long. Change the number and ask for a new code.',
  SESSION_PASSWORD_NEEDED: 'This account has two-step verification. Enter your password.',
  PASSWORD_HASH_INVALID: 'That password is not right. Try again.',
  SRP_ID_INVALID: 'The password check was interrupted. Try again.',
  FIRSTNAME_INVALID: 'Enter a first name (up to 64 characters).',
  LASTNAME_INVALID: 'That last name is not allowed (up to 64 characters).',
  AUTH_KEY_UNREGISTERED: 'You were signed out. Sign in again.',
  SESSION_REVOKED: 'This session was ended from another device. Sign in again.',
  USER_DEACTIVATED: 'This account has been deleted.',
  API_ID_INVALID: 'The api_id and api_hash in Settings are not valid for this server.',
  API_ID_MISSING: 'Telegram needs your own api_id and api_hash from my.telegram.org. Enter them in Settings.',
  CHAT_TITLE_EMPTY: 'Give the group a name.',
  USERS_TOO_FEW: 'Pick at least one contact for the group.',
  USER_PRIVACY_RESTRICTED: 'One of the people you picked does not allow being added to groups.',
  USER_RESTRICTED: 'Your account cannot create groups right now.',
  USERS_TOO_MUCH: 'This group is full: it has as many members as Telegram allows.',
  CHANNELS_TOO_MUCH: 'You are in too many groups and channels to join another one. Leave one first.',
  SERVER_KEY_UNTRUSTED:
    'The server could not prove it is the one chosen in Settings: its key is not one Telegram’s apps trust. Check the server in Settings.',
  TIMEOUT: 'The server did not answer in time. Check your connection and try again.',
  NETWORK: 'Cannot reach the server. Check your connection; it will reconnect by itself, then try again.',
};

export function isRpcErrorLike(error: unknown): error is RpcErrorLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { type?: unknown }).type === 'string' &&
    typeof (error as { code?: unknown }).code === 'number'
  );
}

/** The number of seconds in FLOOD_WAIT_X, from the seconds field or the type itself. */
function floodWaitSeconds(error: RpcErrorLike): number | undefined {
  if (typeof error.seconds === 'number') return error.seconds;
  const match = /^FLOOD_WAIT_(\d+)$/.exec(error.type);
  return match ? Number(match[1]) : undefined;
}

function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.ceil(minutes / 60);
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** A plain sentence for any error a call into Telegram can throw. */
export function messageForError(error: unknown): string {
  if (isRpcErrorLike(error)) {
    const seconds = floodWaitSeconds(error);
    if (error.type.startsWith('FLOOD_WAIT') && seconds !== undefined) {
      return `Too many attempts. Wait ${waitText(seconds)}, then try again.`;
    }
    const known = messages[error.type];
    if (known) return known;
    if (error.code === -503 || error.code < 0) return messages.NETWORK;
    if (error.code >= 500) return 'The server had a problem. Try again in a moment.';
    return `Something went wrong (${error.type}). Try again.`;
  }
  if (error instanceof TypeError || (error instanceof Error && /network|socket|websocket/i.test(error.message))) {
    return messages.NETWORK;
  }
  return 'Something went wrong. Try again.';
}

/** True for errors that mean this session is no longer signed in. */
export function isSignedOutError(error: unknown): boolean {
  return (
    isRpcErrorLike(error) &&
    ['AUTH_KEY_UNREGISTERED', 'SESSION_REVOKED', 'SESSION_EXPIRED', 'USER_DEACTIVATED', 'AUTH_KEY_INVALID'].includes(
      error.type,
    )
  );
}
