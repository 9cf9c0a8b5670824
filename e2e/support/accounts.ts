// The local server's seeded test accounts and world, as the e2e tests rely on them (see emulator/world seed).
// Test-DC rule: phone 99966XYYYY signs in with code X×5.

export interface TestAccount {
  phone: string;
  code: string;
  password?: string;
}

export function codeFor(phone: string): string {
  return phone[5]!.repeat(5);
}

export function account(phone: string, password?: string): TestAccount {
  return { phone, code: codeFor(phone), password };
}

/** A number nobody has used yet in this run (sign-up), in DC X's range. */
let nextFresh = 0;
export function freshPhone(x: 1 | 2 | 3 = 3): string {
  nextFresh += 1;
  const tail = String((Date.now() % 9000) + nextFresh).padStart(4, '0').slice(-4);
  return `99966${x}${tail}`;
}

export const seed = {
  /** A seeded person with contacts, in the basic group, the megagroup and the channel. */
  main: account('9996610001'),
  /** The seeded account with two-step verification. */
  twoFactor: account('9996630001', 'password'),
  basicGroup: 'Basic group',
  megagroup: 'tgcall demo',
  channel: 'Channel',
  /** Contacts of `main`, by first name. */
  contacts: [] as string[],
};
