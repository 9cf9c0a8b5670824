// GramJS (telegram@2.17.10: TelegramClient, StringSession) against MtprotoServer: obfuscated abridged over WebSocket,
// RSA_PAD with p_q_inner_data (no dc). What it takes:
//   - trust the local key: `telegram/crypto/RSA` exports `_serverKeys`, a Map keyed by the *signed* decimal fingerprint
//     with {n: big-integer, e: number};
//   - the socket: `networkSocket: PromisedWebSockets` (from `telegram/extensions`) builds ws://ip:port/apiws (wss only
//     for port 443), `useWSS: false`;
//   - the address: GramJS passes port 80/443 to the connection whatever the session says, so a subclass of
//     ConnectionTCPObfuscated (`telegram/network`) forces {ip, port}; the session's DC address is then irrelevant (a
//     StringSession cannot save a port above 32767 anyway: it packs it in an int16).
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/harness';

const require = createRequire(import.meta.url);
/* eslint-disable @typescript-eslint/no-explicit-any */
const { TelegramClient, Api } = require('telegram') as any;
const { StringSession } = require('telegram/sessions') as any;
const { PromisedWebSockets } = require('telegram/extensions') as any;
const { ConnectionTCPObfuscated } = require('telegram/network') as any;
const RSA = require('telegram/crypto/RSA') as { _serverKeys: Map<string, { n: unknown; e: number }> };
const bigInt = require('big-integer') as (s: string, base?: number) => unknown;

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
  const k = srv.mtproto.publicKey;
  RSA._serverKeys.set(BigInt.asIntN(64, k.fingerprint).toString(), { n: bigInt(k.modulusHex, 16), e: parseInt(k.exponentHex, 16) });
});
afterAll(async () => {
  await srv.close();
});

function gramClient(session: string): any {
  const port = srv.port;
  class LocalConnection extends ConnectionTCPObfuscated {
    constructor(o: Record<string, unknown>) {
      super({ ...o, ip: '127.0.0.1', port });
    }
  }
  const client = new TelegramClient(new StringSession(session), 1, 'local', {
    connection: LocalConnection,
    networkSocket: PromisedWebSockets,
    useWSS: false,
    connectionRetries: 1,
  });
  client.setLogLevel('none');
  return client;
}

/** GramJS's own first connect fails ~1 in 100 (its factoriser may answer p = 1; its _disconnect then throws), so a
 * fresh client is tried, at most three times. */
async function connectedGramClient(session: string): Promise<any> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const client = gramClient(session);
    try {
      await client.connect();
      return client;
    } catch (error) {
      lastError = error;
      await client.destroy().catch(() => undefined);
    }
  }
  throw lastError;
}

describe('GramJS 2.17.10 against the server', () => {
  it('connects (RSA_PAD handshake over obfuscated abridged) and invokes help.getConfig; the saved session reconnects', async () => {
    const a = await connectedGramClient('');
    let saved: string;
    try {
      const config = await a.invoke(new Api.help.GetConfig());
      expect(config.className).toBe('Config');
      expect(config.thisDc).toBe(2);
      const created = srv.logs.filter((l) => l.event === 'auth_key.created');
      expect(created.at(-1)!.detail).toMatchObject({ padding: 'rsa_pad', innerType: 'p_q_inner_data' });
      const call = srv.dispatcher.calls.at(-1)!;
      expect(call.method._).toBe('help.getConfig');
      expect(call.ctx.layer).toBe(158);
      expect(call.ctx.apiId).toBe(1);
      saved = a.session.save();
    } finally {
      await a.destroy();
    }
    const keys = srv.store.size;
    const b = await connectedGramClient(saved);
    try {
      expect((await b.invoke(new Api.help.GetNearestDc())).className).toBe('NearestDc');
      expect(srv.store.size).toBe(keys); // no new auth key
      // a bare Vector<int> result decodes in GramJS
      const sources = await b.invoke(
        new Api.phone.CheckGroupCall({ call: new Api.InputGroupCall({ id: bigInt('1'), accessHash: bigInt('2') }), sources: [5, -7] }),
      );
      expect(sources).toEqual([5, -7]);
      await expect(b.invoke(new Api.auth.SendCode({ phoneNumber: '1', apiId: 1, apiHash: 'x', settings: new Api.CodeSettings({}) }))).rejects.toMatchObject({
        code: 400,
        errorMessage: 'PHONE_NUMBER_INVALID',
      });
    } finally {
      await b.destroy();
    }
  });
});
