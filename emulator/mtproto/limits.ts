// The MTProto server's numbers: constructor ids it reads on the wire, bad_msg_notification codes, and the limits and
// time windows of sessions, messages and connections. Shared by server.ts and its parts.
import type { ConnectionTimeouts } from './types';

/** Constructor ids read or written as raw bytes (without the codec). */
export const ID = {
  msg_container: 0x73f1f8dc,
  rpc_result: 0xf35c6d01,
  gzip_packed: 0x3072cfa1,
  msgs_ack: 0x62d6b459,
};

/** Wrappers unwrapped before dispatch. */
export const WRAPPERS = new Set([
  'invokeWithLayer',
  'initConnection',
  'invokeWithoutUpdates',
  'invokeAfterMsg',
  'invokeAfterMsgs',
  'invokeWithMessagesRange',
  'invokeWithTakeout',
]);

/** Client messages that are not content-related (must carry an even seq_no). */
export const NON_CONTENT = new Set(['msgs_ack', 'msg_container', 'http_wait']);

/** bad_msg_notification error codes */
export const BadMsg = {
  MSG_ID_TOO_LOW: 16,
  MSG_ID_TOO_HIGH: 17,
  MSG_ID_BAD_BITS: 18,
  CONTAINER_MSG_ID_DUPLICATE: 19,
  MSG_TOO_OLD: 20,
  SEQNO_TOO_LOW: 32,
  SEQNO_TOO_HIGH: 33,
  SEQNO_EXPECTED_EVEN: 34,
  SEQNO_EXPECTED_ODD: 35,
  BAD_SERVER_SALT: 48,
  INVALID_CONTAINER: 64,
} as const;

export const SALT_PERIOD_SECONDS = 1800;
export const MSG_TOO_OLD_SECONDS = 300;
export const MSG_TOO_NEW_SECONDS = 30;
export const MAX_REMEMBERED_MSG_IDS = 2000;
export const MAX_UNACKED = 1000;
export const SESSION_IDLE_MS = 60 * 60 * 1000;
/** a session whose connection closed is kept this long for the client to come back (and get what it missed) */
export const SESSION_DETACHED_MS = 5 * 60 * 1000;
/** sessions one auth key may have; a new one past this evicts the least recently used */
export const MAX_SESSIONS_PER_KEY = 64;
export const SWEEP_EVERY_MS = 60 * 1000;
/** the largest packet accepted, and what gzip_packed in one may inflate to in all */
export const MAX_PACKET_BYTES = 4 * 1024 * 1024;
/** packets of one connection worked on before the others get a turn */
export const PACKETS_PER_TURN = 32;
export const DEFAULT_MAX_CONNECTIONS = 1000;
export const DEFAULT_TIMEOUTS: ConnectionTimeouts = { firstPacketMs: 10_000, packetMs: 30_000, idleMs: 5 * 60_000 };
export const GZIP_THRESHOLD = 16 * 1024;
export const MAX_CONTAINER_BYTES = 512 * 1024;
