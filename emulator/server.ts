// The local Telegram-compatible server in one call: an http.Server on loopback carrying MTProto over WebSocket at
// /apiws (emulator/mtproto), the API (emulator/api) over the persisted world (emulator/world), and — when asked —
// the test-control API under /control/ (emulator/control).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApi, type Api } from './api/index';
import type { RpcDispatcher } from './api/types';
import { CallLog } from './control/callLog';
import { FaultTable, withControl } from './control/faults';
import { handleControl } from './control/routes';
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

export async function startServer(opts: StartServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) throw new Error(`startServer: host ${host} is not loopback`);
  const logLine = opts.log
    ? (event: string, detail?: Record<string, unknown>) =>
        process.stderr.write(JSON.stringify({ at: new Date().toISOString(), event, ...detail }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) + '\n')
    : undefined;

  const world = World.open(opts.dataDir);
  try {
    if (seedWorld(world)) logLine?.('world.seeded', { dataDir: opts.dataDir });
    let port = opts.port ?? 0;
    let mtproto: MtprotoServer | undefined;
    const api = createApi(world, {
      push: (authKeyId, updates) => void mtproto?.sendToAuthKey(authKeyId, updates),
      host: () => host,
      port: () => port,
    });
    const faults = new FaultTable();
    const callLog = new CallLog();
    const dispatcher: RpcDispatcher = opts.control ? withControl(api, { faults, log: callLog, userOf: api.userOf }) : api;

    const server = http.createServer((req, res) => {
      if (opts.control && mtproto) {
        const mt = mtproto;
        const handled = handleControl(req, res, {
          faults,
          log: callLog,
          keysOf: (userId) => world.authKeys.keysOf(userId),
          dropConnections: (filter) => mt.dropConnections(filter),
        });
        if (handled) return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`tgcall local server: MTProto over WebSocket at ${WS_PATH}\n`);
    });
    mtproto = new MtprotoServer({
      rsaPrivateKeyPem: fs.readFileSync(path.join(here, 'keys', 'private.pem'), 'utf8'),
      authKeys: world.authKeys,
      dispatcher,
      log: logLine,
    });
    mtproto.attach(server, WS_PATH);

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
    const close = () =>
      (closing ??= (async () => {
        await mtproto?.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        world.close();
      })());
    return { port, url: `ws://127.0.0.1:${port}${WS_PATH}`, world, api, close };
  } catch (e) {
    world.close();
    throw e;
  }
}
