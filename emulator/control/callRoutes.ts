// The group-call routes of the test-control API: read calls, participants and what the SFU forwarded; cut a
// participant's media, end a call, add fake listeners (load tests) or simulated speakers, and fill a supergroup with
// members (the invite picker of a big group). Faults for phone.* methods go through the generic table
// (POST /control/calls/faults, routes.ts).
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { callKeyOf } from '../calls/callMedia';
import type { CallRow, ParticipantRow } from '../calls/callStore';
import { peerKey } from '../calls/callTl';
import type { GroupCalls } from '../calls/groupCalls';
import { readJson, send, type ExtraControlRoutes, type Json } from './routes';

const MAX_FAKE = 20_000;
const MAX_SPEAKERS = 50;
const MAX_MEMBERS = 20_000;

function participantJson(p: ParticipantRow): Json {
  return {
    peer: peerKey(p.peer),
    userId: p.userId,
    kind: p.kind,
    source: p.source,
    muted: p.muted,
    canSelfUnmute: p.canSelfUnmute,
    volume: p.volume,
    raiseHandRating: p.raiseHandRating === null ? null : p.raiseHandRating.toString(),
    date: p.date,
    activeDate: p.activeDate,
    videoGroups:
      p.videoGroups === null ? null : p.videoGroups.map((g) => ({ semantics: g.semantics, sources: [...g.sources] })),
    videoStopped: p.videoStopped,
    videoPaused: p.videoPaused,
    presentationGroups:
      p.presentationGroups === null
        ? null
        : p.presentationGroups.map((g) => ({ semantics: g.semantics, sources: [...g.sources] })),
    presentationAudio: p.presentationAudio,
    presentationPaused: p.presentationPaused,
  };
}

function callJson(calls: GroupCalls, c: CallRow, withParticipants: boolean): Json {
  const participants = calls.store.participants(c.id);
  return {
    id: c.id,
    accessHash: c.accessHash.toString(),
    chat: { type: c.chat.type, id: c.chat.id },
    title: c.title,
    createdBy: c.createdBy,
    scheduleDate: c.scheduleDate,
    rtmp: c.rtmp,
    joinMuted: c.joinMuted,
    version: c.version,
    videoLimit: c.videoLimit,
    videoCount: calls.store.videoCount(c.id),
    startedAt: c.startedAt,
    discardedAt: c.discardedAt,
    duration: c.duration,
    participantsCount: participants.length,
    participants: withParticipants ? participants.slice(0, 1000).map(participantJson) : [],
    sources: participants.map((p) => p.source),
    mediaSources: calls.media.sources(callKeyOf(c.id)),
    invites: calls.store.invites(c.id).map((i) => ({ userId: i.userId, inviterId: i.inviterId, date: i.date })),
  };
}

function intOf(v: unknown, name: string, min: number, max: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be an integer in ${min}..${max}`);
  return n;
}

export function callControlRoutes(calls: GroupCalls): ExtraControlRoutes {
  const liveCall = (id: number, res: http.ServerResponse): CallRow | undefined => {
    const c = calls.store.get(id);
    if (!c || c.discardedAt !== null) {
      send(res, 404, { error: `no live call ${id}` });
      return undefined;
    }
    return c;
  };

  return async (req, res, path) => {
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/control/calls') {
      send(res, 200, { calls: calls.store.live().map((c) => callJson(calls, c, true)) });
      return true;
    }
    if (method === 'POST' && path === '/control/calls/seed-participants') {
      const b = await readJson(req);
      const call = liveCall(intOf(b.callId, 'callId', 1, Number.MAX_SAFE_INTEGER), res);
      if (!call) return true;
      const added = calls.addFakeParticipants(calls.world.now(), call, intOf(b.count, 'count', 1, MAX_FAKE));
      send(res, 200, { added, participantsCount: calls.store.count(call.id) });
      return true;
    }
    if (method === 'POST' && path === '/control/channels/seed-members') {
      // Members no one can sign in as ("Member 0001"…, not test-DC phones), added quietly: no updates, no messages.
      const b = await readJson(req);
      const username = typeof b.username === 'string' ? b.username : '';
      const channel = calls.world.channels.byUsername(username);
      if (!channel) {
        send(res, 404, { error: `no channel @${username}` });
        return true;
      }
      const count = intOf(b.count, 'count', 1, MAX_MEMBERS);
      const now = calls.world.now();
      const width = Math.max(4, String(count).length);
      calls.world.transaction(() => {
        for (let i = 1; i <= count; i++) {
          const user = calls.world.users.create({
            phone: `member-${randomUUID()}`,
            firstName: 'Member',
            lastName: String(i).padStart(width, '0'),
            now,
          });
          calls.world.channels.addMember(channel.id, user.id, channel.creatorId, now);
        }
      });
      send(res, 200, { added: count, members: calls.world.channels.members(channel.id).length });
      return true;
    }
    const m = /^\/control\/calls\/(\d+)\/(rtp|cut|discard|speakers|video-limit)$/.exec(path);
    if (!m) return false;
    const id = Number(m[1]);
    const action = m[2];
    if (action === 'rtp' && method === 'GET') {
      if (!calls.store.get(id)) {
        send(res, 404, { error: `no call ${id}` });
        return true;
      }
      send(res, 200, { sources: (calls.media.stats()[callKeyOf(id)] ?? {}) as unknown as Json });
      return true;
    }
    if (method !== 'POST') return false;
    const call = liveCall(id, res);
    if (!call) return true;
    const b = await readJson(req);
    if (action === 'cut') {
      const peer =
        typeof b.peer === 'string' ? b.peer : `user:${intOf(b.userId, 'userId', 1, Number.MAX_SAFE_INTEGER)}`;
      const p = calls.store.participants(call.id).find((x) => peerKey(x.peer) === peer);
      if (!p || p.kind !== 'client') {
        send(res, 404, { error: `${peer} has no media in call ${id}` });
        return true;
      }
      calls.media.cutEndpoint(callKeyOf(call.id), peer);
      send(res, 200, { ok: true, source: p.source });
      return true;
    }
    if (action === 'video-limit') {
      // {limit: n} sets the call's unmuted_video_limit (tests of a full call need no 30 cameras); {limit: null} resets.
      const limit = b.limit === null ? null : intOf(b.limit, 'limit', 0, 1000);
      calls.deliverLive(calls.setVideoLimit(calls.world.now(), call, limit));
      send(res, 200, { ok: true, limit, count: calls.store.videoCount(call.id) });
      return true;
    }
    if (action === 'discard') {
      calls.deliverLive(calls.discard(calls.world.now(), call, call.createdBy));
      send(res, 200, { ok: true });
      return true;
    }
    // speakers: members of the chat not yet in the call first, then new people "Speaker N".
    const count = intOf(b.count, 'count', 1, MAX_SPEAKERS);
    const inCall = new Set(calls.store.participants(call.id).map((p) => p.userId));
    const users = calls
      .members(call.chat)
      .filter((u) => !inCall.has(u))
      .slice(0, count);
    while (users.length < count) {
      const serial = users.length + 1;
      users.push(
        calls.world.users.create({
          phone: `speaker-${randomUUID()}`,
          firstName: 'Speaker',
          lastName: String(serial),
          now: calls.world.now(),
        }).id,
      );
    }
    const added = calls.addSimulatedSpeakers(calls.world.now(), call, users);
    send(res, 200, { added: added.map(participantJson) });
    return true;
  };
}
