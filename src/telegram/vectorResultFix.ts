// Mends @mtproto/core's decoding of bare Vector<int> / Vector<long> results (dependency-facts defect 1), and of the
// bare vector of future_salts (below). Its parser decodes every element of a result vector as a boxed constructor, so phone.checkGroupCall's [111, 222] arrives as
// [undefined, undefined]. The parser cannot know the element type; the request can. So each outgoing request whose
// result is such a vector is registered by msg_id, and the patched rpc_result entry decodes accordingly.
import parserMap from '@mtproto/core/src/tl/parser/index.js';
import type Deserializer from '@mtproto/core/src/tl/deserializer/index.js';

export type BareVectorKind = 'int' | 'long';

/** Methods of layer 158 whose result is a bare vector of numbers. Longs stay decimal strings, as elsewhere. */
export const BARE_VECTOR_RESULTS: Readonly<Record<string, BareVectorKind>> = {
  'phone.checkGroupCall': 'int',
  'contacts.getContactIDs': 'int',
  'messages.receivedQueue': 'long',
  'photos.deletePhotos': 'long',
};

const VECTOR_ID = 0x1cb5c415;
const RPC_RESULT_ID = 0xf35c6d01;
const MESSAGE_ID = 0x5bb8e511; // mt_message (inside msg_container)
const FUTURE_SALTS_ID = 0xae500895;

// The parser map is process-wide, so the registry is too. Keys are msg_ids (time + random), unique across clients.
const expected = new Map<string, BareVectorKind>();
// Set only during the synchronous decoding of one rpc_result's body (possibly through gzip_packed).
let decodingKind: BareVectorKind | undefined;
let installed = false;

export function expectBareVectorResult(msgId: string, kind: BareVectorKind): void {
  expected.set(msgId, kind);
}

export function forgetRequest(msgId: string): void {
  expected.delete(msgId);
}

/** Patch the library's parser map (idempotent). */
export function installVectorResultFix(): void {
  if (installed) return;
  const originalVector = parserMap.get(VECTOR_ID);
  const originalResult = parserMap.get(RPC_RESULT_ID);
  const originalMessage = parserMap.get(MESSAGE_ID);
  if (!originalVector || !originalResult || !originalMessage || !parserMap.get(FUTURE_SALTS_ID)) {
    throw new Error('vectorResultFix: @mtproto/core parser map lacks the expected entries (library version changed?)');
  }
  installed = true;

  parserMap.set(VECTOR_ID, function (this: Deserializer) {
    const kind = decodingKind;
    decodingKind = undefined; // only the outermost vector of the result is the bare one
    if (kind === 'int')
      return this.vector(function (this: Deserializer) {
        return this.int();
      }, true);
    if (kind === 'long')
      return this.vector(function (this: Deserializer) {
        return this.long();
      }, true);
    return originalVector.call(this);
  });

  parserMap.set(RPC_RESULT_ID, function (this: Deserializer) {
    const reqMsgId = this.long();
    const previous = decodingKind;
    decodingKind = expected.get(reqMsgId);
    try {
      return { _: 'mt_rpc_result', req_msg_id: reqMsgId, result: this.predicate() };
    } finally {
      decodingKind = previous;
    }
  });

  // Inside a container each message states its length: honour it, so one body the parser misjudges cannot shift
  // every message after it.
  parserMap.set(MESSAGE_ID, function (this: Deserializer) {
    const msgId = this.long();
    const seqno = this.int();
    const bytes = this.int();
    const start = this.offset;
    const body = this.predicate();
    this.offset = start + bytes;
    return { _: 'mt_message', msg_id: msgId, seqno, bytes, body };
  });

  // future_salts#ae500895 req_msg_id:long now:int salts:vector<future_salt>: a bare vector (count only) of bare
  // future_salt (valid_since:int valid_until:int salt:long), as the MTProto schema writes it and Telegram sends it.
  // The library reads a boxed vector of boxed elements, takes the first valid_since for the count and runs off the
  // end of the message, losing the replies that share its container.
  parserMap.set(FUTURE_SALTS_ID, function (this: Deserializer) {
    const reqMsgId = this.long();
    const now = this.int();
    const count = this.int();
    const salts: Array<{ _: 'mt_future_salt'; valid_since: number; valid_until: number; salt: string }> = [];
    for (let i = 0; i < count; i++)
      salts.push({ _: 'mt_future_salt', valid_since: this.int(), valid_until: this.int(), salt: this.long() });
    return { _: 'mt_future_salts', req_msg_id: reqMsgId, now, salts };
  });
}
