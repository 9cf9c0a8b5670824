// The words of the code step for each way Telegram sends a login code (auth.SentCodeType), and for "send the code
// another way" (next_type). Pure, so that every wording is tested without a page.
import type { CodeDelivery, NextDelivery } from './stores/backend';

export interface CodeStepText {
  /** What happened and what to do, one or two sentences. */
  lead: string;
  /** The field's label; null when there is nothing to type yet (Firebase). */
  fieldLabel: string | null;
  /** A link the person needs (Fragment's page of the number). */
  link?: { href: string; label: string };
}

export function codeStepText(delivery: CodeDelivery, phone: string): CodeStepText {
  const number = `+${phone}`;
  switch (delivery.kind) {
    case 'app':
      return {
        lead: `We sent the code to the Telegram app where ${number} is signed in: look for a message from Telegram.`,
        fieldLabel: 'Code',
      };
    case 'sms':
      return { lead: `We sent the code by SMS to ${number}.`, fieldLabel: 'Code' };
    case 'call':
      return { lead: `We are calling ${number}: a voice will read out the code.`, fieldLabel: 'Code' };
    case 'flashCall':
      return {
        lead: `We called ${number} and hung up at once. Enter the number that called you: it looks like +${delivery.pattern}, where each * is a digit.`,
        fieldLabel: 'Number that called',
      };
    case 'missedCall':
      return {
        lead: `You will get a missed call on ${number} from a number starting with ${delivery.prefix}. Enter the last ${delivery.length} digits of that number.`,
        fieldLabel: `Last ${delivery.length} digits`,
      };
    case 'email':
      return { lead: `We sent the code to your email ${delivery.emailPattern}.`, fieldLabel: 'Code from the email' };
    case 'fragmentSms':
      return {
        lead: `${number} is an anonymous number from Fragment: the code is on the number's page there.`,
        fieldLabel: 'Code',
        link: { href: delivery.url, label: 'Open the code on Fragment' },
      };
    case 'firebaseSms':
      return {
        lead: 'Telegram wants to check this device with Google Firebase before it sends an SMS, and only its phone apps can do that.',
        fieldLabel: null,
      };
    case 'setUpEmail':
      // Has its own steps (emailSetup, emailSetupCode); never shown as a code step.
      return { lead: 'Telegram asks for a login email first.', fieldLabel: null };
  }
}

/** The button that asks for the code the next way (auth.resendCode). */
export function nextDeliveryLabel(next: NextDelivery): string {
  switch (next) {
    case 'sms':
      return 'Send the code by SMS';
    case 'call':
      return 'Call me with the code';
    case 'flashCall':
      return 'Send the code by a flash call';
    case 'missedCall':
      return 'Send the code by a missed call';
    case 'fragmentSms':
      return 'Send the code via Fragment';
  }
}

/** "0:28": what is left of a countdown, for the button that waits for sentCode.timeout. */
export function countdownText(msLeft: number): string {
  const seconds = Math.max(0, Math.ceil(msLeft / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
