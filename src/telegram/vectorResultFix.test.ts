import { describe, expect, it } from 'vitest';
import Deserializer from '@mtproto/core/src/tl/deserializer/index.js';
import { expectBareVectorResult, forgetRequest, installVectorResultFix } from './vectorResultFix';

/** rpc_result#f35c6d01 req_msg_id:long result:Vector<int|long>, as a server sends it. */
function rpcResultBytes(reqMsgId: bigint, elements: bigint[], width: 4 | 8): ArrayBuffer {
  const buffer = new ArrayBuffer(4 + 8 + 4 + 4 + elements.length * width);
  const view = new DataView(buffer);
  view.setUint32(0, 0xf35c6d01, true);
  view.setBigUint64(4, reqMsgId, true);
  view.setUint32(12, 0x1cb5c415, true);
  view.setUint32(16, elements.length, true);
  elements.forEach((value, i) => {
    if (width === 4) view.setInt32(20 + i * 4, Number(value), true);
    else view.setBigInt64(20 + i * 8, value, true);
  });
  return buffer;
}

describe('bare Vector<int> / Vector<long> results', () => {
  it('the unpatched library decodes [111, 222] as constructors (the defect this mends)', () => {
    // Runs first in this file (Vitest isolates files), so the parser map is still the library's own.
    const parsed = new Deserializer(rpcResultBytes(7n, [111n, 222n], 4)).predicate() as { result: unknown[] };
    expect(parsed.result).toEqual([undefined, undefined]);
  });

  it('decodes the result of a registered request as ints or longs', () => {
    installVectorResultFix();
    const intId = (1n << 40n) + 4n;
    expectBareVectorResult(intId.toString(), 'int');
    const ints = new Deserializer(rpcResultBytes(intId, [111n, 222n, -5n], 4)).predicate();
    expect(ints).toEqual({ _: 'mt_rpc_result', req_msg_id: intId.toString(), result: [111, 222, -5] });

    const longId = (1n << 40n) + 8n;
    expectBareVectorResult(longId.toString(), 'long');
    const longs = new Deserializer(rpcResultBytes(longId, [1n, 1n << 40n], 8)).predicate() as { result: unknown };
    expect(longs.result).toEqual(['1', (1n << 40n).toString()]);
    forgetRequest(intId.toString());
    forgetRequest(longId.toString());
  });

  it('leaves vectors of objects alone for other requests', () => {
    installVectorResultFix();
    // Vector<User> with one userEmpty#d3bc4b7a id:long
    const buffer = new ArrayBuffer(4 + 8 + 4 + 4 + 4 + 8);
    const view = new DataView(buffer);
    view.setUint32(0, 0xf35c6d01, true);
    view.setBigUint64(4, 99n, true);
    view.setUint32(12, 0x1cb5c415, true);
    view.setUint32(16, 1, true);
    view.setUint32(20, 0xd3bc4b7a, true);
    view.setBigUint64(24, 42n, true);
    expect((new Deserializer(buffer).predicate() as { result: unknown }).result).toEqual([
      { _: 'userEmpty', id: '42' },
    ]);
  });
});

/** future_salts#ae500895 as Telegram sends it: req_msg_id, now, then a bare vector (count only) of bare future_salt. */
function futureSaltsBytes(reqMsgId: bigint, now: number, salts: Array<[number, number, bigint]>): ArrayBuffer {
  const buffer = new ArrayBuffer(4 + 8 + 4 + 4 + salts.length * 16);
  const view = new DataView(buffer);
  view.setUint32(0, 0xae500895, true);
  view.setBigUint64(4, reqMsgId, true);
  view.setInt32(12, now, true);
  view.setInt32(16, salts.length, true);
  salts.forEach(([since, until, salt], i) => {
    view.setInt32(20 + i * 16, since, true);
    view.setInt32(24 + i * 16, until, true);
    view.setBigInt64(28 + i * 16, salt, true);
  });
  return buffer;
}

describe('future_salts', () => {
  it('decodes the bare vector of bare future_salt and ends where the message ends', () => {
    installVectorResultFix();
    const bytes = futureSaltsBytes(9n, 1_796_650_000, [
      [1_796_650_200, 1_796_653_800, 77n],
      [1_796_652_000, 1_796_655_600, 1n << 40n],
    ]);
    const d = new Deserializer(bytes);
    expect(d.predicate()).toEqual({
      _: 'mt_future_salts',
      req_msg_id: '9',
      now: 1_796_650_000,
      salts: [
        { _: 'mt_future_salt', valid_since: 1_796_650_200, valid_until: 1_796_653_800, salt: '77' },
        { _: 'mt_future_salt', valid_since: 1_796_652_000, valid_until: 1_796_655_600, salt: (1n << 40n).toString() },
      ],
    });
    expect(d.offset).toBe(bytes.byteLength);
  });
});
