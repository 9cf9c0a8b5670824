// The rules on msg_id and server salt, apart from the connection plumbing: which client msg_ids are refused (and with
// which bad_msg_notification code), what msgs_state_req says about one, the server's own time-based msg_ids, and the
// salts (one per 30-minute period and auth key, derived from a secret; the current and the previous are accepted).
import { longBytes, randomBytes, readLong, sha256 } from './crypto';
import { BadMsg, MSG_TOO_NEW_SECONDS, MSG_TOO_OLD_SECONDS, SALT_PERIOD_SECONDS } from './limits';
import type { Session } from './session';

/** The bad_msg_notification code for a client msg_id (time window, low bits, forgotten), or undefined when fine. */
export function msgIdProblem(session: Session, msgId: bigint, nowMs: number): number | undefined {
  const nowSec = nowMs / 1000;
  const msgSec = Number(msgId >> 32n);
  if (msgId % 4n !== 0n) return BadMsg.MSG_ID_BAD_BITS;
  if (msgSec < nowSec - MSG_TOO_OLD_SECONDS) return BadMsg.MSG_ID_TOO_LOW;
  if (msgSec > nowSec + MSG_TOO_NEW_SECONDS) return BadMsg.MSG_ID_TOO_HIGH;
  if (msgId <= session.forgottenBelow && !session.received.has(msgId)) return BadMsg.MSG_TOO_OLD;
  return undefined;
}

/** One byte of msgs_state_info for a client msg_id. */
export function msgStateOf(session: Session, id: bigint, nowMs: number): number {
  const r = session.received.get(id);
  if (r) {
    let v = 4; // received
    if (r.state === 'service') v |= 16;
    if (r.state === 'running') v |= 32;
    if (r.state === 'done') v |= 32 | (r.answer ? 64 : 0);
    return v;
  }
  const sec = Number(id >> 32n);
  const nowSec = nowMs / 1000;
  if (sec < nowSec - MSG_TOO_OLD_SECONDS || id <= session.forgottenBelow) return 1;
  if (sec > nowSec + MSG_TOO_NEW_SECONDS) return 3;
  return 2;
}

/** Server msg_ids: time-based, strictly increasing, ≡ 1 (mod 4) for answers and 3 for other messages. */
export class MsgIdClock {
  private lastBase = 0n;

  constructor(private readonly now: () => number) {}

  next(kind: 1 | 3): bigint {
    const ms = this.now();
    const sec = BigInt(Math.floor(ms / 1000));
    const frac = BigInt(Math.floor(((ms % 1000) / 1000) * 2 ** 32)) & ~3n;
    let base = (sec << 32n) | frac;
    if (base <= this.lastBase) base = this.lastBase + 4n;
    this.lastBase = base;
    return base | BigInt(kind);
  }
}

/** What the server remembers of an auth key beyond the key: the handshake's salt, the layer and api_id it said. */
export interface AuthKeyState {
  key: Uint8Array;
  /** the handshake's salt, accepted until `initialSaltUntil` (ms) */
  initialSalt?: bigint;
  initialSaltUntil?: number;
  layer?: number;
  apiId?: number;
}

/** Server salts: derived from a secret, the auth key and the period, so nothing needs keeping. */
export class ServerSalts {
  private readonly secret = randomBytes(32);

  constructor(private readonly now: () => number) {}

  period(): number {
    return Math.floor(this.now() / 1000 / SALT_PERIOD_SECONDS);
  }

  saltFor(authKeyId: bigint, period: number): bigint {
    const h = sha256(this.secret, longBytes(authKeyId), longBytes(BigInt(period)));
    return readLong(h, 0);
  }

  current(authKeyId: bigint): bigint {
    return this.saltFor(authKeyId, this.period());
  }

  /** The current or the previous period's salt, or the handshake's salt while it is young. */
  accepts(authKeyId: bigint, keyState: AuthKeyState, salt: bigint): boolean {
    const period = this.period();
    if (salt === this.saltFor(authKeyId, period) || salt === this.saltFor(authKeyId, period - 1)) return true;
    return (
      keyState.initialSalt !== undefined &&
      salt === keyState.initialSalt &&
      this.now() < (keyState.initialSaltUntil ?? 0)
    );
  }
}
