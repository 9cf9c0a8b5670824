// auth.sentCode as the sign-in screens need it: how the code was sent (auth.SentCodeType), the way a resend would use
// (next_type) and when (timeout). Pure; auth.ts makes the calls.
import type { AuthSentCode, TypeAuthCodeType, TypeAuthSentCodeType } from './tl/api.generated';

export type CodeDelivery =
  /** In the Telegram app on another device of the account (a message from "Telegram"). */
  | { kind: 'app'; length: number }
  | { kind: 'sms'; length: number }
  /** A phone call that dictates the code. */
  | { kind: 'call'; length: number }
  /** A call hung up at once: the code is the calling number, which matches `pattern` ("*" for unknown digits). */
  | { kind: 'flashCall'; pattern: string }
  /** A missed call from a number starting with `prefix`: its last `length` digits are the code. */
  | { kind: 'missedCall'; prefix: string; length: number }
  | { kind: 'email'; emailPattern: string; length: number }
  /** Telegram wants an email address for login codes first (account.sendVerifyEmailCode, account.verifyEmail). */
  | { kind: 'setUpEmail' }
  /** An anonymous number bought on Fragment: the code is on its page there. */
  | { kind: 'fragmentSms'; url: string; length: number }
  /** An SMS after a Firebase device check, which only Telegram's mobile apps can pass. */
  | { kind: 'firebaseSms'; length: number };

export type NextDelivery = 'sms' | 'call' | 'flashCall' | 'missedCall' | 'fragmentSms';

export interface SentCodeInfo {
  phoneCodeHash: string;
  delivery: CodeDelivery;
  /** How auth.resendCode would send it; null when there is no other way. */
  next: NextDelivery | null;
  /** Seconds before asking for `next` makes sense (Telegram clients count down); null when not given. */
  timeoutSeconds: number | null;
}

export function deliveryOf(type: TypeAuthSentCodeType): CodeDelivery {
  switch (type._) {
    case 'auth.sentCodeTypeApp':
      return { kind: 'app', length: type.length };
    case 'auth.sentCodeTypeSms':
      return { kind: 'sms', length: type.length };
    case 'auth.sentCodeTypeCall':
      return { kind: 'call', length: type.length };
    case 'auth.sentCodeTypeFlashCall':
      return { kind: 'flashCall', pattern: type.pattern };
    case 'auth.sentCodeTypeMissedCall':
      return { kind: 'missedCall', prefix: type.prefix, length: type.length };
    case 'auth.sentCodeTypeEmailCode':
      return { kind: 'email', emailPattern: type.email_pattern, length: type.length };
    case 'auth.sentCodeTypeSetUpEmailRequired':
      return { kind: 'setUpEmail' };
    case 'auth.sentCodeTypeFragmentSms':
      return { kind: 'fragmentSms', url: type.url, length: type.length };
    case 'auth.sentCodeTypeFirebaseSms':
      return { kind: 'firebaseSms', length: type.length };
  }
}

export function nextDeliveryOf(type: TypeAuthCodeType | undefined): NextDelivery | null {
  switch (type?._) {
    case undefined:
      return null;
    case 'auth.codeTypeSms':
      return 'sms';
    case 'auth.codeTypeCall':
      return 'call';
    case 'auth.codeTypeFlashCall':
      return 'flashCall';
    case 'auth.codeTypeMissedCall':
      return 'missedCall';
    case 'auth.codeTypeFragmentSms':
      return 'fragmentSms';
  }
}

export function sentCodeInfo(sent: AuthSentCode): SentCodeInfo {
  return {
    phoneCodeHash: sent.phone_code_hash,
    delivery: deliveryOf(sent.type),
    next: nextDeliveryOf(sent.next_type),
    timeoutSeconds: typeof sent.timeout === 'number' && sent.timeout > 0 ? sent.timeout : null,
  };
}
