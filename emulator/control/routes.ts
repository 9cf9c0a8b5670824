// The test-control HTTP API under /control/ (JSON, loopback peers only; mounted only when the server is started
// with control on): arm faults, drop connections, read and clear the call log; other parts add their own routes.
// Any web page can send requests to loopback: a foreign Origin or a non-loopback Host (DNS rebinding) is refused, and a
// POST must be JSON (a cross-site form or text/plain POST needs no preflight; application/json does).
import type http from 'node:http';
import { loopbackRefusal } from '../mtproto/loopbackGuard';
import type { ServerClock } from '../clock';
import type { CallLog } from './callLog';
import { LATE_ANSWER, type FaultTable } from './faults';
import type { ServiceFault } from '../mtproto/server';

export interface ControlDeps {
  faults: FaultTable;
  log: CallLog;
  /** Auth keys a user is signed in on. */
  keysOf(userId: number): bigint[];
  /** Closes MTProto connections (all, or one key's); returns how many. */
  dropConnections(filter?: { authKeyId?: bigint }): number;
  /** The server's clock, which tests may move to a chosen instant. */
  clock: ServerClock;
  /** Forgets MTProto sessions (sockets stay open): the next message starts a new one (new_session_created). */
  forgetSessions(filter?: { authKeyId?: bigint }): number;
  /** MTProto service-message faults for a method's next call (msg_detailed_info, bad_msg_notification 32/33/64). */
  armServiceFault(fault: ServiceFault): void;
  clearServiceFaults(): void;
  /** Routes of other server parts (group calls: /control/calls/…); true when one served the request. */
  extraRoutes?: ExtraControlRoutes;
}

export type ExtraControlRoutes = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
  path: string,
) => Promise<boolean>;

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const MAX_BODY = 64 * 1024;

export function send(res: http.ServerResponse, status: number, body: Json): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** The request's media type is JSON (application/json, any parameters). */
function isJson(req: http.IncomingMessage): boolean {
  const type = req.headers['content-type'];
  return type !== undefined && type.split(';')[0].trim().toLowerCase() === 'application/json';
}

export class UnsupportedMediaType extends Error {}

/** The body as a JSON object; an empty body is `{}`. A body without `content-type: application/json` is refused. */
export function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({});
      if (!isJson(req))
        return reject(new UnsupportedMediaType('control API takes application/json, the body came untyped'));
      try {
        const v: unknown = JSON.parse(text);
        if (v === null || typeof v !== 'object' || Array.isArray(v)) reject(new Error('body must be a JSON object'));
        else resolve(v as Record<string, unknown>);
      } catch {
        reject(new Error('body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

function isLoopback(addr: string | undefined): boolean {
  return addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1';
}

/** Serves the request if its path is under /control/; returns false (untouched) otherwise. */
export function handleControl(req: http.IncomingMessage, res: http.ServerResponse, deps: ControlDeps): boolean {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith('/control/')) return false;
  if (!isLoopback(req.socket.remoteAddress)) {
    send(res, 403, { error: 'control API is for loopback clients only' });
    return true;
  }
  const refusal = loopbackRefusal(req);
  if (refusal) {
    send(res, 403, { error: refusal });
    return true;
  }
  if (req.method === 'POST' && req.headers['content-type'] !== undefined && !isJson(req)) {
    send(res, 415, { error: `control API takes application/json, not ${req.headers['content-type']}` });
    req.resume();
    return true;
  }
  void route(req, res, url.pathname, deps).catch((e: unknown) =>
    send(res, e instanceof UnsupportedMediaType ? 415 : 400, { error: e instanceof Error ? e.message : String(e) }),
  );
  return true;
}

async function route(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  path: string,
  deps: ControlDeps,
): Promise<void> {
  const key = `${req.method ?? 'GET'} ${path}`;
  switch (key) {
    case 'POST /control/faults':
    case 'POST /control/calls/faults': {
      const b = await readJson(req);
      const method = b.method;
      const delayMs = b.delayMs;
      if (
        delayMs !== undefined &&
        (typeof delayMs !== 'number' || !Number.isInteger(delayMs) || delayMs < 1 || delayMs > 60_000)
      ) {
        throw new Error('delayMs must be an integer from 1 to 60000');
      }
      // a delay alone answers late with the real result
      const type = b.type ?? (delayMs !== undefined ? LATE_ANSWER : undefined);
      if (typeof method !== 'string' || method === '') throw new Error('method (string) is required');
      if (key === 'POST /control/calls/faults' && !method.startsWith('phone.'))
        throw new Error('call faults are for phone.* methods');
      // Telegram's types are upper case, except -503's "Timeout".
      if (typeof type !== 'string' || !/^[A-Za-z0-9_]+$/.test(type))
        throw new Error('type (an error type like FLOOD_WAIT_5) is required');
      const code = typeof b.code === 'number' ? b.code : type.startsWith('FLOOD_WAIT_') ? 420 : 400;
      const times = typeof b.times === 'number' && Number.isInteger(b.times) && b.times > 0 ? b.times : 1;
      const userId = b.userId;
      if (userId !== undefined && (typeof userId !== 'number' || !Number.isSafeInteger(userId) || userId <= 0))
        throw new Error('userId must be a positive integer');
      deps.faults.add({
        method,
        code,
        type,
        times,
        ...(delayMs !== undefined ? { delayMs } : {}),
        ...(userId !== undefined ? { userId } : {}),
      });
      return send(res, 200, { ok: true, faults: deps.faults.list().map((f) => ({ ...f })) });
    }
    case 'GET /control/faults':
      return send(res, 200, { faults: deps.faults.list().map((f) => ({ ...f })) });
    case 'POST /control/service-faults': {
      const b = await readJson(req);
      if (typeof b.method !== 'string' || b.method === '') throw new Error('method (string) is required');
      if (b.kind === 'detailed-info') deps.armServiceFault({ kind: 'detailed-info', method: b.method });
      else if (b.kind === 'duplicate-result') deps.armServiceFault({ kind: 'duplicate-result', method: b.method });
      else if (b.kind === 'bad-msg' && (b.code === 32 || b.code === 33 || b.code === 64))
        deps.armServiceFault({ kind: 'bad-msg', method: b.method, code: b.code });
      else throw new Error('kind is detailed-info, duplicate-result, or bad-msg with code 32, 33 or 64');
      return send(res, 200, { ok: true });
    }
    case 'POST /control/forget-sessions': {
      const b = await readJson(req);
      if (b.userId === undefined || b.userId === null) return send(res, 200, { forgotten: deps.forgetSessions() });
      if (typeof b.userId !== 'number') throw new Error('userId must be a number');
      let forgotten = 0;
      for (const authKeyId of deps.keysOf(b.userId)) forgotten += deps.forgetSessions({ authKeyId });
      return send(res, 200, { forgotten });
    }
    case 'POST /control/drop-connections': {
      const b = await readJson(req);
      if (b.userId === undefined || b.userId === null) return send(res, 200, { dropped: deps.dropConnections() });
      const userId = Number(b.userId);
      if (!Number.isSafeInteger(userId)) throw new Error('userId must be an integer');
      let dropped = 0;
      for (const authKeyId of deps.keysOf(userId)) dropped += deps.dropConnections({ authKeyId });
      return send(res, 200, { dropped });
    }
    case 'GET /control/clock':
      return send(res, 200, { now: deps.clock.nowMs(), offsetMs: deps.clock.offset });
    case 'POST /control/clock': {
      // { "now": <ms since the epoch> } moves the server's clock there (it runs on from it); { "now": null } undoes it.
      const b = await readJson(req);
      if (b.now !== null && !(typeof b.now === 'number' && Number.isSafeInteger(b.now) && b.now > 0))
        throw new Error('now must be ms since the epoch, or null');
      deps.clock.set(b.now);
      return send(res, 200, { now: deps.clock.nowMs(), offsetMs: deps.clock.offset });
    }
    case 'GET /control/log':
      return send(
        res,
        200,
        deps.log.list().map((e) => ({ ...e })),
      );
    case 'POST /control/clear':
      deps.log.clear();
      deps.faults.clear();
      deps.clearServiceFaults();
      return send(res, 200, { ok: true });
    default:
      if (deps.extraRoutes && (await deps.extraRoutes(req, res, path))) return;
      return send(res, 404, { error: `no control endpoint ${key}` });
  }
}
