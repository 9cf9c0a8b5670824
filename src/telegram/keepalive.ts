// Keepalive for one connection: a ping every interval while connected, and a connection whose pong does not come back
// in time is declared dead (the owner replaces the socket). Pure timing over injected functions and Timers.
import type { Timers } from './timers';

export interface KeepaliveOptions {
  timers: Timers;
  intervalMs: number;
  pongTimeoutMs: number;
  /** Send a ping; resolves with its id, or null when it could not be sent (not connected). */
  sendPing(): Promise<string | null>;
  /** No pong in time. */
  onDead(): void;
  onError?(error: unknown): void;
}

export class Keepalive {
  private pingTimer: unknown = null;
  private pongTimer: unknown = null;
  private awaited: string | null = null;
  private running = false;
  private lastPong: number | null = null;

  constructor(private readonly options: KeepaliveOptions) {}

  get lastPongAt(): number | null {
    return this.lastPong;
  }

  /** Connected: start pinging (idempotent). */
  start(): void {
    if (this.options.intervalMs <= 0 || this.running) return;
    this.running = true;
    this.schedule();
  }

  /** Disconnected or closed: forget everything outstanding. */
  stop(): void {
    this.running = false;
    this.options.timers.clearTimeout(this.pingTimer);
    this.options.timers.clearTimeout(this.pongTimer);
    this.pingTimer = null;
    this.pongTimer = null;
    this.awaited = null;
  }

  pong(pingId: string): void {
    if (pingId !== this.awaited) return;
    this.awaited = null;
    this.lastPong = Date.now();
    this.options.timers.clearTimeout(this.pongTimer);
    this.pongTimer = null;
  }

  private schedule(): void {
    this.pingTimer = this.options.timers.setTimeout(() => {
      this.pingTimer = null;
      void this.ping().finally(() => {
        if (this.running) this.schedule();
      });
    }, this.options.intervalMs);
  }

  private async ping(): Promise<void> {
    // One ping in flight at a time: a new ping must not push back the deadline of the unanswered one.
    if (this.awaited !== null) return;
    let pingId: string | null;
    try {
      pingId = await this.options.sendPing();
    } catch (error) {
      this.options.onError?.(error);
      return;
    }
    if (pingId === null || !this.running) return;
    this.awaited = pingId;
    this.pongTimer = this.options.timers.setTimeout(() => {
      this.pongTimer = null;
      if (this.awaited !== pingId) return;
      this.awaited = null;
      this.options.onDead();
    }, this.options.pongTimeoutMs);
  }
}
