// What the person reads while Telegram makes a call wait (FLOOD_WAIT_X): which step waits, and for how long.
import { countdownText } from './codeDeliveryText';

/** The step a method is part of, in the words of the screen; other methods are "your last request". */
const STEPS: Record<string, string> = {
  'phone.joinGroupCall': 'joining the call',
  'phone.joinGroupCallPresentation': 'sharing the screen',
  'phone.getGroupParticipants': 'loading who is in the call',
  'phone.getGroupCall': 'loading the call',
  'phone.inviteToGroupCall': 'sending the invitation',
  'phone.createGroupCall': 'starting the video chat',
  'phone.editGroupCallParticipant': 'changing the microphone',
  'messages.getDialogs': 'loading the chats',
  'contacts.getContacts': 'loading the contacts',
  'contacts.search': 'searching',
  'messages.createChat': 'creating the group',
  'auth.sendCode': 'sending the code',
};

export function floodWaitStep(method: string): string {
  return STEPS[method] ?? 'your last request';
}

/** "Telegram asked to wait: joining the call again in" — the countdown (countdownText) follows. */
export function floodWaitSentence(methods: readonly string[]): string {
  const steps = [...new Set(methods.map(floodWaitStep))];
  return `Telegram asked to wait: ${steps.join(', ')} again in`;
}

/** "0:03": the longest of the waits, counted down from `nowMs`. */
export function floodWaitCountdown(untils: readonly number[], nowMs: number): string {
  return countdownText(Math.max(0, ...untils.map((until) => until - nowMs)));
}
