// The local server's seeded test accounts and world, as the e2e tests rely on them (see emulator/world seed).
// Test-DC rule: phone 99966XYYYY signs in with code X×5.
import { randomInt } from 'node:crypto';

export interface TestAccount {
  phone: string;
  code: string;
  password?: string;
}

export function codeFor(phone: string): string {
  return phone[5].repeat(5);
}

export function account(phone: string, password?: string): TestAccount {
  return { phone, code: codeFor(phone), password };
}

/** A number nobody has used yet in this run (sign-up), in DC X's range. */
// 5000–9999: clear of the seeded numbers (…0001–…0013). A random start, then one after another: never the same number
// twice in a run (one worker), and not read from the clock.
let nextFresh = randomInt(0, 5000);
export function freshPhone(x: 1 | 2 | 3 = 3): string {
  nextFresh = (nextFresh + 1) % 5000;
  return `99966${x}${5000 + nextFresh}`;
}

export const seed = {
  /** Alice Archer: contacts with everyone seeded, in the basic group, the megagroup and the channel. */
  main: account('9996610001'),
  /** Bob Baker and Carol Chen: other seeded people, so that no number asks for codes too often. */
  bob: account('9996610002'),
  carol: account('9996610003'),
  dave: account('9996610004'),
  erin: account('9996610005'),
  frank: account('9996610006'),
  grace: account('9996610007'),
  heidi: account('9996610008'),
  ivan: account('9996610009'),
  judy: account('9996610010'),
  /** Victor Vance, the seeded account with two-step verification. */
  twoFactor: account('9996620013', 'tgcall-2fa'),
  basicGroup: 'Book Club',
  megagroup: 'tgcall demo',
  channel: 'tgcall news',
};
