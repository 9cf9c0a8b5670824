// Which strings can be a group call invite hash. Telegram documents none, and no client checks it (TDLib passes it on
// as is); the hashes phone.exportGroupCallInvite hands out are URL-safe tokens. We accept the base64url alphabet plus
// '=' padding and the other unreserved URL characters ('.', '~'), 1–256 characters: anything else is not a hash
// Telegram made, and refusing it here beats sending junk to phone.joinGroupCall.

export const MAX_INVITE_HASH_LENGTH = 256;

const INVITE_HASH = /^[A-Za-z0-9_\-.~=]+$/;

/** Whether `hash` (already percent-decoded, non-empty) is an acceptable invite hash. */
export function isValidInviteHash(hash: string): boolean {
  return hash.length > 0 && hash.length <= MAX_INVITE_HASH_LENGTH && INVITE_HASH.test(hash);
}
