// MTProto 2.0 server core: see server.ts. The API / world code imports from here.
export { MtprotoServer, BadMsg, SALT_PERIOD_SECONDS } from './server';
export {
  MemoryAuthKeyStore,
  type AuthKeyStore,
  type MtprotoLog,
  type MtprotoServerOptions,
  type RpcContext,
  type RpcDispatcher,
  type TlObject,
  type TlValue,
} from './types';
export { loadRsaKey, authKeyIdOf, type RsaKey } from './crypto';
