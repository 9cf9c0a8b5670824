// Phone numbers under Telegram's test-DC rule: 99966XYYYY (X = 1, 2 or 3) is a valid number whose login code is
// X repeated five times. Anything else is PHONE_NUMBER_INVALID on this server.
const TEST_PHONE = /^99966([123])\d{4}$/;

/** Digits only ("+999 66 1 0001" → "9996610001"). */
export function normalizePhone(raw: string): string {
  return raw.replace(/[\s\-()+]/g, '');
}

/** The login code for a valid test number, or undefined if the number is not one. */
export function testLoginCode(phone: string): string | undefined {
  const m = TEST_PHONE.exec(phone);
  return m ? m[1].repeat(5) : undefined;
}
