// The local Telegram-compatible server in one call: an http.Server on loopback carrying MTProto over WebSocket at
// /apiws (emulator/mtproto), the API (emulator/api) over the persisted world (emulator/world), and — when asked —
// the test-control API under /control/ (emulator/control).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApi, type Api, type ApiHooks } from './api/index';
import type { ApiDepsInput } from './api/options';
import type { RpcDispatcher } from './api/types';
import { groupCallsExtension } from './calls/callsExtension';
import { ServerClock } from './clock';
import { CallLog } from './control/callLog';
import { FaultTable, withControl } from './control/faults';
import { handleControl, type ExtraControlRoutes } from './control/routes';
import { MtprotoServer } from './mtproto/index';
import { seedWorld } from './world/seed';
import { World } from './world/world';

export interface StartServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback only; default 127.0.0.1. */
  host?: string;
  /** Where world.sqlite lives; created if missing, seeded when empty. */
  dataDir: string;
  /** Serve the test-control API under /control/. */
  control?: boolean;
  /** Print one JSON line per MTProto/API event to stderr. */
  log?: boolean;
  /**
   * Other server parts that add methods and hooks over the same world; closed before the world. Default: group calls
   * (emulator/calls, with its werift SFU and the demo calls).
   */
  extend?: (world: World) => ServerExtension;
}

export interface ServerExtension {
  extraHandlers?: ApiDepsInput['extraHandlers'];
  hooks?: ApiHooks;
  /** Called once the API exists (its Events push changes made outside a request, e.g. by the SFU). */
  attach?: (api: Api) => void;
  /** Routes under /control/ (served only with `control`). */
  controlRoutes?: ExtraControlRoutes;
  close?: () => Promise<void>;
}

export interface RunningServer {
  port: number;
  /** The MTProto WebSocket endpoint, ws://127.0.0.1:N/apiws. */
  url: string;
  world: World;
  api: Api;
  close(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const WS_PATH = '/apiws';

/** With --log: one line per API call (method, key, user, time taken, error type). */
function withCallLogging(
  inner: RpcDispatcher,
  api: Api,
  logLine: (event: string, detail?: Record<string, unknown>) => void,
): RpcDispatcher {
  return {
    async invoke(ctx, method) {
      const started = performance.now();
      const base = { method: method._, authKeyId: ctx.authKeyId, userId: api.userOf(ctx.authKeyId) };
      try {
        const result = await inner.invoke(ctx, method);
        logLine('api.call', { ...base, ms: Math.round(performance.now() - started) });
        return result;
      } catch (e) {
        logLine('api.call', {
          ...base,
          ms: Math.round(performance.now() - started),
          error: e instanceof Error ? e.message : String(e),
        });
        throw e;
      }
    },
    onDisconnect: inner.onDisconnect?.bind(inner),
  };
}

export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw new Error(`startServer: host ${host} is not loopback`);
  const logLine = opts.log
    ? (event: string, detail?: Record<string, unknown>) =>
        process.stderr.write(
          JSON.stringify({ at: new Date().toISOString(), event, ...detail }, (_k, v: unknown) =>
            typeof v === 'bigint' ? v.toString() : v,
          ) + '\n',
        )
    : undefined;

  const clock = new ServerClock();
  const world = World.open(opts.dataDir, { now: clock.nowSeconds });
  // Everything started so far, stopped in reverse on close or on a failed start.
  const stops: (() => Promise<void> | void)[] = [() => world.close()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    if (seedWorld(world)) logLine?.('world.seeded', { dataDir: opts.dataDir });
    let port = opts.port ?? 0;
    const extension = (opts.extend ?? groupCallsExtension())(world);
    if (extension.close) stops.push(extension.close);
    const faults = new FaultTable();
    const callLog = new CallLog();
    const server = http.createServer((req, res) => {
      const handled =
        opts.control &&
        handleControl(req, res, {
          faults,
          log: callLog,
          keysOf: (userId) => world.authKeys.keysOf(userId),
          dropConnections: (filter) => mtproto.dropConnections(filter),
          clock,
          forgetSessions: (filter) => mtproto.forgetSessions(filter),
          armServiceFault: (fault) => mtproto.armServiceFault(fault),
          clearServiceFaults: () => mtproto.clearServiceFaults(),
          extraRoutes: extension.controlRoutes,
        });
      if (handled) return;
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`tgcall local server: MTProto over WebSocket at ${WS_PATH}\n`);
    });
    stops.push(() => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const api = createApi(world, {
      push: (authKeyId, updates) => void mtproto.sendToAuthKey(authKeyId, updates),
      now: clock.nowSeconds,
      host: () => host,
      port: () => port,
      hooks: extension.hooks,
      extraHandlers: extension.extraHandlers,
    });
    extension.attach?.(api);
    const controlled: RpcDispatcher = opts.control
      ? withControl(api, { faults, log: callLog, userOf: api.userOf })
      : api;
    const dispatcher: RpcDispatcher = logLine ? withCallLogging(controlled, api, logLine) : controlled;
    const mtproto = new MtprotoServer({
      rsaPrivateKeyPem: fs.readFileSync(path.join(here, 'keys', 'private.pem'), 'utf8'),
      authKeys: world.authKeys,
      dispatcher,
      now: clock.nowMs,
      log: logLine,
    });
    mtproto.attach(server, WS_PATH);
    stops.push(() => mtproto.close());

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('startServer: no TCP address after listen');
    port = address.port;

    let closing: Promise<void> | undefined;
    const close = () => (closing ??= stopAll());
    return { port, url: `ws://127.0.0.1:${port}${WS_PATH}`, world, api, close };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
