// One WebSocket connection: its obfuscated transport, the sessions and auth keys seen on it, what waits to be sent, its
// flood budget, the packets not yet worked on, and its timers (first packet, packet completion, idle, ping_delay).
import type { WebSocket } from 'ws';
import { FloodBudget, type FloodLimits } from './floodControl';
import type { Handshaker } from './handshake';
import type { OutMsg, Session } from './session';
import { ObfuscatedTransport } from './transport';

export class Connection {
  readonly transport = new ObfuscatedTransport();
  readonly sessions = new Set<Session>();
  readonly authKeyIds = new Set<bigint>();
  outbox: Array<{ session: Session; msg: OutMsg }> = [];
  flushScheduled = false;
  closed = false;
  pingDisconnectTimer: NodeJS.Timeout | undefined;
  readonly flood: FloodBudget;
  /** whole packets received and not yet worked on (worked on a few per turn) */
  queue: Uint8Array[] = [];
  working = false;
  /** close a socket that has not completed its first packet / the packet it started / any packet for a while */
  firstPacketTimer: NodeJS.Timeout | undefined;
  packetTimer: NodeJS.Timeout | undefined;
  idleTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: number,
    readonly ws: WebSocket,
    readonly handshaker: Handshaker,
    flood: FloodLimits,
    now: number,
  ) {
    this.flood = new FloodBudget(flood, now);
  }

  clearTimers(): void {
    for (const t of [this.pingDisconnectTimer, this.firstPacketTimer, this.packetTimer, this.idleTimer])
      if (t) clearTimeout(t);
  }
}
