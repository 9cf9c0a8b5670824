// How the login code reaches a test number: the auth.SentCodeType Telegram answers auth.sendCode with, the next_type
// auth.resendCode moves to, and the timeout before that is allowed. Telegram picks these per number and device; here
// dedicated test numbers (99966X0101 … 99966X0110, README "Test numbers") each start with one delivery so that a
// client can be tested against every screen, and any other number gets the code in the Telegram app, as before.
import type { TlObject } from './types';

export type DeliveryKind =
  'app' | 'sms' | 'call' | 'flashCall' | 'missedCall' | 'email' | 'setUpEmail' | 'fragmentSms' | 'firebaseSms';

export interface DeliveryStep {
  kind: DeliveryKind;
  /** The auth.CodeType of the step after this one (auth.resendCode), if there is one. */
  next?: 'sms' | 'call' | 'flashCall' | 'missedCall' | 'fragmentSms';
  /** Seconds before auth.resendCode may be used, sent as auth.sentCode.timeout. */
  timeout?: number;
}

/** The delivery chains of the dedicated numbers, by the last four digits; each resend moves one step on. */
const CHAINS: Record<string, DeliveryStep[]> = {
  '0101': [{ kind: 'app', next: 'sms', timeout: 30 }, { kind: 'sms', next: 'call', timeout: 60 }, { kind: 'call' }],
  '0102': [{ kind: 'sms', next: 'call', timeout: 60 }, { kind: 'call' }],
  '0103': [{ kind: 'call' }],
  '0104': [{ kind: 'flashCall', next: 'sms', timeout: 30 }, { kind: 'sms' }],
  '0105': [{ kind: 'missedCall', next: 'sms', timeout: 30 }, { kind: 'sms' }],
  '0106': [{ kind: 'fragmentSms' }],
  '0107': [{ kind: 'firebaseSms', next: 'sms' }, { kind: 'sms' }],
  '0108': [{ kind: 'setUpEmail' }],
  '0109': [{ kind: 'email' }],
};

const DEFAULT_CHAIN: DeliveryStep[] = [{ kind: 'app' }];

/** Numbers 99966X0110 … 99966X0199 sign up with terms of service to accept (any other new number without). */
export function signUpNeedsTerms(phone: string): boolean {
  const tail = Number(phone.slice(-4));
  return tail >= 110 && tail <= 199;
}

/** What the client allows (codeSettings): Telegram never places a flash or missed call for a client that cannot take one. */
export interface CodeSettingsAllow {
  flashCall: boolean;
  missedCall: boolean;
}

/** The chain for `phone`, with flash / missed calls replaced by SMS where the client does not allow them. */
export function deliveryChain(phone: string, allow: CodeSettingsAllow): DeliveryStep[] {
  const chain = CHAINS[phone.slice(-4)] ?? DEFAULT_CHAIN;
  const allowed = (kind: string) =>
    kind === 'flashCall' ? allow.flashCall : kind === 'missedCall' ? allow.missedCall : true;
  return chain
    .map((step) => (allowed(step.kind) ? step : { ...step, kind: 'sms' as const }))
    .map((step) => (step.next && !allowed(step.next) ? { ...step, next: 'sms' as const } : step));
}

/** The email address a number's login codes go to once set up, shown masked as Telegram does. */
export function maskEmail(email: string): string {
  const [name = '', domain = ''] = email.split('@');
  return `${name.slice(0, 1)}${'*'.repeat(Math.max(3, name.length - 1))}@${domain}`;
}

const SEEDED_EMAIL = 'tgcall-test@example.org';

/**
 * The auth.SentCodeType of a step. `code` is the login code (X×5); flash and missed calls derive what the person
 * reads on their phone from it: the whole calling number for a flash call, its last digits for a missed call.
 */
export function sentCodeType(step: DeliveryStep, phone: string, code: string, email?: string): TlObject {
  const length = code.length;
  switch (step.kind) {
    case 'app':
      return { _: 'auth.sentCodeTypeApp', length };
    case 'sms':
      return { _: 'auth.sentCodeTypeSms', length };
    case 'call':
      return { _: 'auth.sentCodeTypeCall', length };
    case 'flashCall':
      return { _: 'auth.sentCodeTypeFlashCall', pattern: `${flashCallPrefix(phone)}${'*'.repeat(length)}` };
    case 'missedCall':
      return { _: 'auth.sentCodeTypeMissedCall', prefix: `+${flashCallPrefix(phone)}`, length };
    case 'email':
      return { _: 'auth.sentCodeTypeEmailCode', email_pattern: maskEmail(email ?? SEEDED_EMAIL), length };
    case 'setUpEmail':
      return { _: 'auth.sentCodeTypeSetUpEmailRequired' };
    case 'fragmentSms':
      return { _: 'auth.sentCodeTypeFragmentSms', url: `https://fragment.com/number/${phone}/code`, length };
    case 'firebaseSms':
      return { _: 'auth.sentCodeTypeFirebaseSms', length };
  }
}

/** The number that calls: the test-DC prefix 99966 and the DC digit, so the whole number is prefix + code. */
function flashCallPrefix(phone: string): string {
  return phone.slice(0, 5);
}

/** What the person types for a step: the whole calling number for a flash call, the code otherwise. */
export function expectedEntry(step: DeliveryStep, phone: string, code: string): string {
  return step.kind === 'flashCall' ? `${flashCallPrefix(phone)}${code}` : code;
}

export function codeTypeTl(next: NonNullable<DeliveryStep['next']>): TlObject {
  const names = {
    sms: 'auth.codeTypeSms',
    call: 'auth.codeTypeCall',
    flashCall: 'auth.codeTypeFlashCall',
    missedCall: 'auth.codeTypeMissedCall',
    fragmentSms: 'auth.codeTypeFragmentSms',
  } as const;
  return { _: names[next] };
}
