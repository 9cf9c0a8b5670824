// A local MtprotoServer on 127.0.0.1:0 with a tiny dispatcher, for tests.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RpcError } from '../../rpcError';
import type { TlObject, TlValue } from '../../tl/codec';
import { getSchema, type TlType } from '../../tl/schema';
import { MtprotoServer } from '../server';
import { MemoryAuthKeyStore, type MtprotoServerOptions, type RpcContext, type RpcDispatcher } from '../types';

export const RSA_PRIVATE_KEY_PEM = readFileSync(new URL('../../keys/private.pem', import.meta.url), 'utf8');

function zero(t: TlType): TlValue {
  switch (t.kind) {
    case 'int':
    case 'double':
    case '#':
      return 0;
    case 'long':
      return 0n;
    case 'string':
      return '';
    case 'bytes':
      return new Uint8Array(0);
    case 'int128':
      return new Uint8Array(16);
    case 'int256':
      return new Uint8Array(32);
    case 'Bool':
    case 'true':
      return false;
    case 'vector':
      return [];
    default:
      return undefined;
  }
}

/** A constructor with its required fields set to zero values, then `fields` on top. */
export function minimalObject(name: string, fields: Record<string, TlValue> = {}): TlObject {
  const c = getSchema().constructorsByName.get(name);
  if (!c) throw new Error(`unknown constructor ${name}`);
  const o: TlObject = { _: name };
  for (const p of c.params) if (!p.flag && p.parsed.kind !== '#') o[p.name] = zero(p.parsed);
  return Object.assign(o, fields);
}

export interface RecordedCall {
  ctx: RpcContext;
  method: TlObject;
}

/**
 * Answers help.getConfig, help.getNearestDc, phone.checkGroupCall (echoes the sources), auth.sendCode (→ 400
 * PHONE_NUMBER_INVALID), help.getCdnConfig (throws a plain Error → 500 INTERNAL), help.getAppConfig (waits for
 * `release()`); records every call.
 */
export class TestDispatcher implements RpcDispatcher {
  readonly calls: RecordedCall[] = [];
  readonly disconnects: Array<{ authKeyId: bigint; sessionId: bigint }> = [];
  private waiting: Array<() => void> = [];

  async invoke(ctx: RpcContext, method: TlObject): Promise<TlValue> {
    this.calls.push({ ctx, method });
    switch (method._) {
      case 'help.getConfig':
        return minimalObject('config', { date: Math.floor(Date.now() / 1000), this_dc: 2, test_mode: false });
      case 'help.getNearestDc':
        return { _: 'nearestDc', country: 'ZZ', this_dc: 2, nearest_dc: 2 };
      case 'phone.checkGroupCall':
        return method.sources;
      case 'auth.sendCode':
        throw new RpcError(400, 'PHONE_NUMBER_INVALID');
      case 'help.getCdnConfig':
        throw new Error('boom');
      case 'help.getAppConfig':
        await new Promise<void>((resolve) => this.waiting.push(resolve));
        return { _: 'help.appConfigNotModified' };
      default:
        throw new RpcError(400, 'METHOD_NOT_IN_TEST_DISPATCHER');
    }
  }

  release(): void {
    const w = this.waiting;
    this.waiting = [];
    for (const r of w) r();
  }

  onDisconnect(authKeyId: bigint, sessionId: bigint): void {
    this.disconnects.push({ authKeyId, sessionId });
  }

  count(name: string): number {
    return this.calls.filter((c) => c.method._ === name).length;
  }
}

export interface TestServer {
  url: string;
  port: number;
  http: Server;
  mtproto: MtprotoServer;
  store: MemoryAuthKeyStore;
  dispatcher: TestDispatcher;
  logs: Array<{ event: string; detail?: Record<string, unknown> }>;
  close(): Promise<void>;
}

export async function startTestServer(opts: Partial<MtprotoServerOptions> = {}): Promise<TestServer> {
  const http = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  const store = (opts.authKeys as MemoryAuthKeyStore | undefined) ?? new MemoryAuthKeyStore();
  const dispatcher = (opts.dispatcher as TestDispatcher | undefined) ?? new TestDispatcher();
  const logs: TestServer['logs'] = [];
  const mtproto = new MtprotoServer({
    ...opts,
    rsaPrivateKeyPem: RSA_PRIVATE_KEY_PEM,
    authKeys: store,
    dispatcher,
    log: (event, detail) => {
      logs.push({ event, detail });
      opts.log?.(event, detail);
    },
  });
  mtproto.attach(http);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/apiws`,
    port,
    http,
    mtproto,
    store,
    dispatcher,
    logs,
    close: async () => {
      await mtproto.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
