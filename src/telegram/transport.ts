// Our transport for @mtproto/core: one WebSocket (subprotocol "binary") carrying obfuscated intermediate framing, with
// stream reassembly, reconnects paced by a ReconnectPolicy, and an observable connection state. The RPC layer above
// (patchedRpc.ts) listens to its 'open' / 'message' / 'error' events, as the library's own transport contract says.
import { EventEmitter } from 'events';
import AES from '@mtproto/core/src/crypto/aes/index.js';
import type { ConnectionState } from './api';
import { exponentialBackoff, type ReconnectPolicy } from './backoff';
import { frameIntermediate, IntermediateFrameReader } from './framing';
import { Emitter } from './subscribable';
import { realTimers, type Timers } from './timers';

/** The subset of the WebSocket API we use: the browser's WebSocket and the `ws` package both fit. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: ArrayBuffer | Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export type WebSocketFactory = (url: string, protocol: string) => WebSocketLike;

const OPEN = 1;

export interface TransportOptions {
  url: string;
  getRandomBytes(length: number): Uint8Array;
  reconnectPolicy?: ReconnectPolicy;
  createWebSocket?: WebSocketFactory;
  timers?: Timers;
  /** A socket that has not opened after this long is abandoned and retried (default 10 s). */
  connectTimeoutMs?: number;
  /** Called with anything that went wrong inside the transport (corrupt framing, socket errors), for diagnostics. */
  onDiagnostic?(message: string, detail?: unknown): void;
}

/** Events towards the library: 'open', 'message' (ArrayBuffer, one unframed packet), 'error' ({type, code?}). */
export class WebSocketTransport extends EventEmitter {
  readonly state = new Emitter<ConnectionState>();
  private currentState: ConnectionState = 'connecting';
  private socket: WebSocketLike | null = null;
  /** Identifies the current socket; events from older sockets are ignored. */
  private generation = 0;
  private attempt = 0;
  private retryTimer: unknown = null;
  private connectTimer: unknown = null;
  private closed = false;
  private encryptor: { encrypt(bytes: Uint8Array): Uint8Array } | null = null;
  private decryptor: { decrypt(bytes: Uint8Array): Uint8Array } | null = null;
  private reader = new IntermediateFrameReader();
  private readonly policy: ReconnectPolicy;
  private readonly timers: Timers;
  private readonly createWebSocket: WebSocketFactory;

  constructor(private readonly options: TransportOptions) {
    super();
    this.policy = options.reconnectPolicy ?? exponentialBackoff();
    this.timers = options.timers ?? realTimers;
    this.createWebSocket =
      options.createWebSocket ?? ((url, protocol) => new WebSocket(url, protocol) as unknown as WebSocketLike);
    // The library's RPC subscribes right after construction; connecting on the next tick lets it do so first.
    queueMicrotask(() => this.connect());
  }

  get connectionState(): ConnectionState {
    return this.currentState;
  }

  /** Read by the library before it sends calls or acks. */
  get isAvailable(): boolean {
    return !this.closed && this.socket !== null && this.socket.readyState === OPEN && this.encryptor !== null;
  }

  /** Frame, obfuscate and send one MTProto packet. Dropped when not connected: the library resends on the next 'open'. */
  send(packet: Uint8Array): void {
    if (!this.isAvailable || !this.socket || !this.encryptor) {
      this.options.onDiagnostic?.('send while disconnected: packet dropped');
      return;
    }
    // Encrypt synchronously: AES-CTR is a stream, so packets must be encrypted in exactly the order they are sent.
    const bytes = this.encryptor.encrypt(frameIntermediate(packet));
    this.socket.send(bytes);
  }

  /** Drop the current socket (if any) and connect again after the policy's delay. For a dead or confused connection. */
  reconnect(reason: string): void {
    if (this.closed) return;
    this.options.onDiagnostic?.(`reconnect: ${reason}`);
    this.dropSocket();
    this.scheduleReconnect();
  }

  /**
   * While sitting out a backoff delay, connect at once instead (a person is waiting for an answer, or the browser says
   * the network is back). In any other state it does nothing: a live or opening socket is left alone. The backoff keeps
   * counting, so a server that is still down is not hammered by repeated calls.
   */
  reconnectNow(reason: string): void {
    if (this.closed || this.currentState !== 'waiting-to-reconnect') return;
    this.options.onDiagnostic?.(`reconnect now: ${reason}`);
    this.connect();
  }

  /** Close for good: no more reconnects, state 'closed'. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearTimers();
    this.dropSocket();
    this.setState('closed');
    this.removeAllListeners('open');
    this.removeAllListeners('message');
  }

  private connect(): void {
    if (this.closed) return;
    this.clearTimers();
    this.setState('connecting');
    const generation = ++this.generation;
    let socket: WebSocketLike;
    try {
      socket = this.createWebSocket(this.options.url, 'binary');
    } catch (error) {
      this.options.onDiagnostic?.('WebSocket constructor threw', error);
      this.scheduleReconnect();
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.encryptor = null;
    this.decryptor = null;
    this.reader = new IntermediateFrameReader();
    const current = () => generation === this.generation && !this.closed;

    this.connectTimer = this.timers.setTimeout(() => {
      if (current() && socket.readyState !== OPEN) this.reconnect('connect timeout');
    }, this.options.connectTimeoutMs ?? 10_000);

    socket.addEventListener('open', () => {
      if (!current()) return;
      this.timers.clearTimeout(this.connectTimer);
      this.startObfuscation(socket);
      this.setState('ready');
      this.emit('open');
    });
    socket.addEventListener('message', (event) => {
      if (!current()) return;
      this.handleData(event.data);
    });
    socket.addEventListener('error', () => {
      if (!current()) return;
      this.emit('error', { type: 'socket' });
    });
    socket.addEventListener('close', () => {
      if (!current()) return;
      this.socket = null;
      this.encryptor = null;
      this.scheduleReconnect();
    });
  }

  // https://core.telegram.org/mtproto/mtproto-transports#transport-obfuscation: a random 64-byte init whose bytes 56..59
  // carry the protocol tag; keys and IVs come from the init (forwards) and its reverse (backwards).
  private startObfuscation(socket: WebSocketLike): void {
    const init = this.randomInit();
    const reversed = init.slice().reverse();
    const encryptor = new AES.CTR(init.slice(8, 40), init.slice(40, 56));
    const decryptor = new AES.CTR(reversed.slice(8, 40), reversed.slice(40, 56));
    const encryptedInit = encryptor.encrypt(init);
    const wire = init.slice();
    wire.set(encryptedInit.slice(56, 64), 56);
    socket.send(wire);
    this.encryptor = { encrypt: (bytes) => new Uint8Array(encryptor.encrypt(bytes)) };
    this.decryptor = { decrypt: (bytes) => new Uint8Array(decryptor.decrypt(bytes)) };
  }

  private randomInit(): Uint8Array {
    const forbiddenFirstInts = [0x44414548, 0x54534f50, 0x20544547, 0x4954504f, 0xdddddddd, 0xeeeeeeee, 0x02010316];
    // Each draw is rejected with probability ~2^-8, so 1000 draws never all fail in practice; the bound keeps it finite.
    for (let i = 0; i < 1000; i++) {
      const init = this.options.getRandomBytes(64);
      const view = new DataView(init.buffer, init.byteOffset, 64);
      view.setUint32(56, 0xeeeeeeee, true);
      if (init[0] === 0xef) continue;
      if (forbiddenFirstInts.includes(view.getUint32(0, true))) continue;
      if (view.getUint32(4, true) === 0) continue;
      return init;
    }
    throw new Error('obfuscation: could not draw a valid init');
  }

  private handleData(data: unknown): void {
    if (!this.decryptor) return;
    let bytes: Uint8Array;
    if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else {
      this.options.onDiagnostic?.('non-binary WebSocket message ignored');
      return;
    }
    if (bytes.length > 0) this.attempt = 0; // the connection works: the next outage starts from a short delay again
    let frames;
    try {
      frames = this.reader.push(this.decryptor.decrypt(bytes));
    } catch (error) {
      // Corrupt framing leaves the CTR stream unusable: only a fresh connection recovers.
      this.options.onDiagnostic?.('corrupt framing', error);
      this.reconnect('corrupt framing');
      return;
    }
    for (const frame of frames) {
      if (frame.kind === 'transport-error') {
        this.emit('error', { type: 'transport', code: -frame.code });
      } else {
        const payload = frame.payload;
        this.emit('message', payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.byteLength));
      }
    }
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.clearTimers();
    const delay = this.policy.nextRetryDelayMs({ attempt: this.attempt });
    this.attempt += 1;
    if (delay === null) {
      this.options.onDiagnostic?.('reconnect policy gave up');
      this.close();
      return;
    }
    this.setState('waiting-to-reconnect');
    this.retryTimer = this.timers.setTimeout(() => this.connect(), delay);
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.generation += 1; // silences the old socket's late events
    this.socket = null;
    this.encryptor = null;
    this.decryptor = null;
    if (socket) {
      try {
        socket.close();
      } catch (error) {
        this.options.onDiagnostic?.('closing socket failed', error);
      }
    }
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    if (this.connectTimer !== null) this.timers.clearTimeout(this.connectTimer);
    this.retryTimer = null;
    this.connectTimer = null;
  }

  private setState(state: ConnectionState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.state.emit(state);
  }
}
