// SSRC number forms: SDP writes SSRCs unsigned (0..2^32-1); Telegram's JSON and TL `int` fields carry them signed.
// Both conversions reject anything that is not a 32-bit integer in either form.

import { SdpError } from './sdpError';

const TWO_TO_31 = 2 ** 31;
const TWO_TO_32 = 2 ** 32;

function check(ssrc: number): void {
  if (!Number.isInteger(ssrc) || ssrc < -TWO_TO_31 || ssrc >= TWO_TO_32) throw SdpError.ssrcOutOfRange(ssrc);
}

/** The signed int32 form Telegram uses (`ssrc | 0`). */
export function toSignedSsrc(ssrc: number): number {
  check(ssrc);
  return ssrc | 0;
}

/** The unsigned form SDP uses (`ssrc >>> 0`). */
export function toUnsignedSsrc(ssrc: number): number {
  check(ssrc);
  return ssrc >>> 0;
}
