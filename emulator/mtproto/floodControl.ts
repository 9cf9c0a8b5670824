// Flood control per connection: a token bucket charged by what each thing asked of the server costs (a message is
// one unit; a handshake step weighs its RSA / Diffie-Hellman work), refilled only for the time between arrivals, so
// that the time the server spends working through a burst does not pay for the burst. Used by server.ts.

export interface FloodLimits {
  /** units a connection may spend at once */
  burst: number;
  /** units given back per second */
  perSecond: number;
}

export const DEFAULT_FLOOD_LIMITS: FloodLimits = { burst: 2000, perSecond: 1000 };

/** What things cost, in units. */
export const FloodCost = {
  /** one message: an API call, a ping, an ack, each item of a container */
  message: 1,
  /** decrypting a packet, per started 64 KiB */
  packetPer64KiB: 1,
  /** req_pq / req_pq_multi: a pq to make and handshake state to keep */
  reqPq: 20,
  /** req_DH_params (RSA decryption, g_a) and set_client_DH_params (the shared key) */
  dhStep: 100,
} as const;

/** Thrown while working through a connection's packets when it has spent more than it may. */
export class FloodError extends Error {
  constructor(readonly cost: number) {
    super(`flood: ${cost} units over the budget`);
    this.name = 'FloodError';
  }
}

export class FloodBudget {
  private tokens: number;
  private stamp: number;

  constructor(
    private readonly limits: FloodLimits,
    now: number,
  ) {
    this.tokens = limits.burst;
    this.stamp = now;
  }

  /** Give back what the time since the last arrival earned (call when data arrives, not while working on it). */
  refill(now: number): void {
    const earned = (Math.max(0, now - this.stamp) / 1000) * this.limits.perSecond;
    this.tokens = Math.min(this.limits.burst, this.tokens + earned);
    this.stamp = now;
  }

  /** Spend `cost` units; throws FloodError when there are not enough. */
  charge(cost: number): void {
    if (this.tokens < cost) throw new FloodError(cost);
    this.tokens -= cost;
  }
}

/** The handshake's plain requests, by constructor id, and what each costs; anything else unencrypted is a message. */
const PLAIN_COSTS = new Map<number, number>([
  [0x60469778, FloodCost.reqPq], // req_pq
  [0xbe7e8ef1, FloodCost.reqPq], // req_pq_multi
  [0xd712e4be, FloodCost.dhStep], // req_DH_params
  [0xf5045f1f, FloodCost.dhStep], // set_client_DH_params
]);

export function plainMessageCost(constructorId: number): number {
  return PLAIN_COSTS.get(constructorId) ?? FloodCost.message;
}
