// One sentence for any failure around a call: CallErrors through the engine's callErrorMessage (a sentence per reason
// and per documented Telegram error), anything else through the app's messageForError.
import { CallError, callErrorMessage } from '../../groupcall';
import { messageForError } from '../errorMessages';

export function messageForCallError(error: unknown): string {
  return error instanceof CallError ? callErrorMessage(error) : messageForError(error);
}

/** How to allow a refused microphone in this browser (Chromium, Firefox and Safari all put it by the address). */
export const MICROPHONE_ALLOW = 'click the microphone or lock icon in the address bar and allow the microphone for this site';

/** What the person can do about a refused microphone, after the sentence saying it was refused. */
export const MICROPHONE_HELP = 'Click the microphone or lock icon in the address bar, allow the microphone for this site, then join again.';
