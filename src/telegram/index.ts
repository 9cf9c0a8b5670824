// The public face of src/telegram: everything the app and the call engine may import from here.
export type { CallOptions, ConnectionState, FloodWait, Subscribable, TelegramApi, UpdateEvent } from './api';
export { RpcError, type MigrateKind } from './rpcError';
export { createTelegramClient, TelegramClient, type ClientCallOptions, type TelegramClientOptions } from './client';
export {
  dcsFor,
  endpointStorageName,
  sameOriginLocalEndpoint,
  trustedKeysFor,
  type DcAddress,
  type Endpoint,
} from './endpoints';
export {
  exponentialBackoff,
  type ExponentialBackoffOptions,
  type ReconnectContext,
  type ReconnectPolicy,
} from './backoff';
export { MemoryStorage, namespacedStorage, webStorage, type KeyValueStorage } from './storage';
export { isUpdates, UpdatesManager, type UpdatesCaller, type UpdatesManagerOptions } from './updates';
export {
  acceptTermsOfService,
  cancelCode,
  checkPassword,
  CODE_SETTINGS,
  getSelf,
  logOut,
  resendCode,
  sendCode,
  sendLoginEmailCode,
  signIn,
  signUp,
  verifyLoginEmail,
  type CodeEntry,
  type SendCodeResult,
  type SignInResult,
  type TermsOfService,
} from './auth';
export type { CodeDelivery, NextDelivery, SentCodeInfo } from './sentCode';
export { computePasswordCheck, SrpError, type SrpDeps } from './srp';
export type { WebSocketFactory, WebSocketLike } from './transport';
export type { Timers } from './timers';
