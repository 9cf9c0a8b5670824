// GramJS (telegram@2.17.10: TelegramClient, StringSession) against MtprotoServer: obfuscated abridged over WebSocket,
// RSA_PAD with p_q_inner_data (no dc). How GramJS is bound to a local server: emulator/testing/gramjs.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, bigInt, connectedGramClient, trustServerKey } from '../testing/gramjs';
import { startTestServer, type TestServer } from './testing/harness';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
  trustServerKey(srv.mtproto.publicKey);
});
afterAll(async () => {
  await srv.close();
});

describe('GramJS 2.17.10 against the server', () => {
  it('connects (RSA_PAD handshake over obfuscated abridged) and invokes help.getConfig; the saved session reconnects', async () => {
    const a = await connectedGramClient({ port: srv.port, session: '' });
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
    const b = await connectedGramClient({ port: srv.port, session: saved });
    try {
      expect((await b.invoke(new Api.help.GetNearestDc())).className).toBe('NearestDc');
      expect(srv.store.size).toBe(keys); // no new auth key
      // a bare Vector<int> result decodes in GramJS
      const sources = await b.invoke(
        new Api.phone.CheckGroupCall({
          call: new Api.InputGroupCall({ id: bigInt('1'), accessHash: bigInt('2') }),
          sources: [5, -7],
        }),
      );
      expect(sources).toEqual([5, -7]);
      await expect(
        b.invoke(
          new Api.auth.SendCode({ phoneNumber: '1', apiId: 1, apiHash: 'x', settings: new Api.CodeSettings({}) }),
        ),
      ).rejects.toMatchObject({
        code: 400,
        errorMessage: 'PHONE_NUMBER_INVALID',
      });
    } finally {
      await b.destroy();
    }
  });
});
