// One sentence for any failure around a call: CallErrors through the engine's callErrorMessage (a sentence per reason
// and per documented Telegram error), anything else through the app's messageForError.
import { CallError } from '../../groupcall/callError';
import { callErrorMessage } from '../../groupcall/callErrorMessage';
import { messageForError } from '../errorMessages';

export function messageForCallError(error: unknown): string {
  return error instanceof CallError ? callErrorMessage(error) : messageForError(error);
}

/** How to allow a refused microphone in this browser (Chromium, Firefox and Safari all put it by the address). */
export const MICROPHONE_ALLOW =
  'click the microphone or lock icon in the address bar and allow the microphone for this site';

/** What the person can do about a refused microphone, after the sentence saying it was refused. */
export const MICROPHONE_HELP =
  'Click the microphone or lock icon in the address bar, allow the microphone for this site, then join again.';

/** CallError reasons that another attempt cannot change: the failed call screen offers no "Try again" for them. */
const FINAL_REASONS: ReadonlySet<string> = new Set(['stream-unsupported']);

/** Whether "Try again" can help after a call failed for `reason` (null: an error without a reason). */
export function retryCanHelp(reason: string | null): boolean {
  return reason === null || !FINAL_REASONS.has(reason);
}

/** What the person can do instead, when trying again cannot help; null otherwise. */
export function whatIsPossible(reason: string | null): string | null {
  return reason === 'stream-unsupported'
    ? 'Open it in Telegram’s own app to watch; if it is your stream, your encoder sends to it with the server URL and key from the chat’s page.'
    : null;
}

/** What the person can do about a refused camera (Chromium, Firefox and Safari all put the permission by the address). */
export const CAMERA_HELP =
  'To allow it, click the camera or lock icon in the address bar, allow the camera for this site, then turn the camera on again.';

/**
 * What the person can do about a refused screen share. Cancelling the picker is the same refusal to the page; when it
 * was not cancelled, the site's permission or (macOS) the system's screen-recording permission is missing.
 */
export const SCREEN_HELP =
  'If you did not cancel it: allow screen sharing for this site (the lock icon in the address bar), and on macOS allow the browser in System Settings → Privacy & Security → Screen Recording; then share again.';
