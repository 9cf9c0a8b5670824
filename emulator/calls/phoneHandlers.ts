// The phone.* group-call methods: each request's checks, with Telegram's errors where Telegram gives them, then the
// change through GroupCalls and the caller's `updates` as the result. Decisions where Telegram's pages are silent:
//  - createGroupCall: the same random_id again returns the same call; if that call has ended: GROUPCALL_ALREADY_DISCARDED.
//    A chat that already has a live (active or scheduled) call: CREATE_CALL_FAILED (one call per chat).
//  - joinGroupCall: a scheduled call that has not started, or a private chat the user is not in: GROUPCALL_FORBIDDEN.
//  - editGroupCallParticipant: unmuting oneself without can_self_unmute: CHAT_ADMIN_REQUIRED; not in the call:
//    GROUPCALL_JOIN_MISSING (oneself) / USER_NOT_PARTICIPANT (someone else). Non-admins muting or setting the volume
//    of others change only their own view (muted_by_you, volume), as Telegram documents.
//  - checkGroupCall from someone not in the call: GROUPCALL_JOIN_MISSING (Telegram Desktop rejoins on it).
import { RpcError } from '../rpcError';
import { UpdateBatch } from '../api/events';
import { resolveInputPeer, resolveInputUser } from '../api/peers';
import { Refs, peerChannel, peerUser } from '../api/views';
import {
  field,
  idOf,
  isArray,
  isObject,
  isString,
  type Call,
  type HandlerMap,
  type TlObject,
  type TlValue,
} from '../api/types';
import { parseJoinPayloadJson } from '../sfu/index';
import { callKeyOf, rpcErrorOfMedia } from './callMedia';
import type { CallChat, CallPeer, CallRow, ParticipantRow } from './callStore';
import {
  DEFAULT_VOLUME,
  canStartVideo,
  inputGroupCallTl,
  peerKey,
  presentationEndpoint,
  sendsVideo,
  videoLimitOf,
} from './callTl';
import type { GroupCalls } from './groupCalls';

/** Telegram lets a call be scheduled up to a week ahead. */
export const MAX_SCHEDULE_AHEAD_S = 7 * 24 * 3600;
const MAX_TITLE = 64;
const MAX_PAGE = 500;
/** Where the (absent) RTMP ingest would listen: loopback, never a real address. */
const RTMP_URL = 'rtmp://127.0.0.1:1935/s/';

export function phoneHandlers(calls: GroupCalls): HandlerMap {
  const { store } = calls;

  const result = (call: Call, batch: UpdateBatch): TlObject =>
    call.events.deliver(batch, { userId: call.requireUser(), authKeyId: call.ctx.authKeyId })!;

  /** inputGroupCall → the call; GROUPCALL_INVALID for unknown ids and wrong access hashes. */
  function callOf(call: Call, v: TlValue): CallRow {
    if (!isObject(v) || v._ !== 'inputGroupCall') throw RpcError.badRequest('GROUPCALL_INVALID');
    const row = store.get(idOf(v.id));
    const hash =
      typeof v.access_hash === 'bigint'
        ? v.access_hash
        : typeof v.access_hash === 'number'
          ? BigInt(v.access_hash)
          : undefined;
    if (!row || hash !== row.accessHash) throw RpcError.badRequest('GROUPCALL_INVALID');
    const me = call.requireUser();
    if (!calls.isPublic(row.chat) && !calls.isMember(row.chat, me)) throw RpcError.forbidden('GROUPCALL_FORBIDDEN');
    return row;
  }

  /** A call that has not ended; GROUPCALL_FORBIDDEN (403) for an ended one. */
  function liveCallOf(call: Call, v: TlValue): CallRow {
    const row = callOf(call, v);
    if (row.discardedAt !== null) throw RpcError.forbidden('GROUPCALL_FORBIDDEN');
    return row;
  }

  function requireAdmin(row: CallRow, me: number): void {
    if (!calls.isAdmin(row.chat, me)) throw RpcError.badRequest('CHAT_ADMIN_REQUIRED');
  }

  /** The group or channel an InputPeer names, visible to the caller. */
  function chatOf(call: Call, v: TlValue): CallChat {
    const me = call.requireUser();
    const peer = resolveInputPeer(call, v);
    if (peer.type === 'user') throw RpcError.badRequest('PEER_ID_INVALID');
    const chat: CallChat = { type: peer.type, id: peer.id };
    if (!calls.isMember(chat, me))
      throw chat.type === 'channel' ? RpcError.badRequest('CHANNEL_PRIVATE') : RpcError.badRequest('PEER_ID_INVALID');
    return chat;
  }

  /** Whom the caller may appear as: themself or a channel they own; JOIN_AS_PEER_INVALID otherwise. */
  function joinAsOf(call: Call, v: TlValue): CallPeer {
    const me = call.requireUser();
    let peer;
    try {
      peer = resolveInputPeer(call, v);
    } catch {
      throw RpcError.badRequest('JOIN_AS_PEER_INVALID');
    }
    if (peer.type === 'user' && peer.id === me) return { type: 'user', id: me };
    if (peer.type === 'channel' && calls.ownedChannels(me).includes(peer.id)) return { type: 'channel', id: peer.id };
    throw RpcError.badRequest('JOIN_AS_PEER_INVALID');
  }

  /** A participant peer named by an InputPeer (user or channel). */
  function participantPeerOf(call: Call, v: TlValue): CallPeer {
    const peer = resolveInputPeer(call, v);
    if (peer.type === 'chat') throw RpcError.badRequest('PEER_ID_INVALID');
    return peer;
  }

  /** The caller's participant record (as themself or one of their channels). */
  function ownParticipant(row: CallRow, me: number): ParticipantRow | undefined {
    return store.ofUser(row.id, me).find((p) => p.kind === 'client') ?? store.ofUser(row.id, me)[0];
  }

  function participantsRefs(rows: readonly ParticipantRow[], row: CallRow): Refs {
    const refs = new Refs();
    if (row.chat.type === 'chat') refs.chats.add(row.chat.id);
    else refs.channels.add(row.chat.id);
    for (const p of rows) {
      if (p.peer.type === 'user') refs.users.add(p.peer.id);
      else refs.channels.add(p.peer.id);
    }
    return refs;
  }

  const volumeOf = (v: TlValue): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 20_000)
      throw RpcError.badRequest('USER_VOLUME_INVALID');
    return v;
  };

  return {
    'phone.createGroupCall': {
      handler: (call, p) => {
        const me = call.requireUser();
        const chat = chatOf(call, p.peer);
        const randomId = field(p, 'random_id', (v): v is number => typeof v === 'number');
        if (!calls.isAdmin(chat, me)) throw RpcError.badRequest('CHAT_ADMIN_REQUIRED');
        const rtmp = p.rtmp_stream === true;
        if (rtmp && !calls.isOwner(chat, me)) throw RpcError.badRequest('CHAT_ADMIN_REQUIRED');
        const replay = store.byRandomId(me, chat, randomId);
        if (replay) {
          if (replay.discardedAt !== null) throw RpcError.badRequest('GROUPCALL_ALREADY_DISCARDED');
          // The client resent its request: the same call, announced to the caller again.
          const batch = new UpdateBatch(call.now);
          call.world.transaction(() => calls.announceCall(batch, replay, [me]));
          return result(call, batch);
        }
        let scheduleDate: number | null = null;
        if (p.schedule_date !== undefined) {
          const d = p.schedule_date;
          if (typeof d !== 'number' || d <= call.now || d > call.now + MAX_SCHEDULE_AHEAD_S)
            throw RpcError.badRequest('SCHEDULE_DATE_INVALID');
          scheduleDate = d;
        }
        if (store.liveOf(chat)) throw RpcError.badRequest('CREATE_CALL_FAILED');
        const title = typeof p.title === 'string' && p.title.trim() !== '' ? p.title.trim().slice(0, MAX_TITLE) : null;
        const { batch } = calls.create(call.now, me, chat, { randomId, title, scheduleDate, rtmp });
        return result(call, batch);
      },
    },

    'phone.joinGroupCall': {
      handler: async (call, p) => {
        const me = call.requireUser();
        const row = liveCallOf(call, p.call);
        const joinAs = joinAsOf(call, p.join_as);
        if (row.scheduleDate !== null) throw RpcError.forbidden('GROUPCALL_FORBIDDEN');
        const params = p.params;
        if (!isObject(params) || params._ !== 'dataJSON' || typeof params.data !== 'string')
          throw RpcError.badRequest('DATA_JSON_INVALID');
        const data = params.data;
        let join: ReturnType<typeof parseJoinPayloadJson>;
        try {
          join = parseJoinPayloadJson(data);
        } catch (e) {
          throw rpcErrorOfMedia(e);
        }
        const source = join.payload.ssrc;
        const videoGroups = join.video?.groups ?? null;
        // Every SSRC of the join (audio and video) must be no one else's, as audio or as video.
        for (const ssrc of [source, ...(join.video?.ssrcs.map((s) => s | 0) ?? [])]) {
          const holder = store.bySource(row.id, ssrc) ?? store.byVideoSource(row.id, ssrc);
          if (holder && peerKey(holder.peer) !== peerKey(joinAs))
            throw RpcError.badRequest('GROUPCALL_SSRC_DUPLICATE_MUCH');
        }

        // A camera on at join counts against the call's limit (the person's own earlier records aside: a rejoin).
        const videoStopped = p.video_stopped === true || videoGroups === null;
        const overVideoLimit = () =>
          !videoStopped && !row.rtmp && store.videoCount(row.id, { userId: me }) >= videoLimitOf(row);
        if (overVideoLimit()) throw RpcError.badRequest('GROUPCALL_VIDEO_TOO_MUCH');

        const admin = calls.isAdmin(row.chat, me);
        const previous = store.participant(row.id, joinAs);
        const speakerLink = typeof p.invite_hash === 'string' && p.invite_hash === row.speakerHash;
        let canSelfUnmute = !row.joinMuted || admin || speakerLink;
        // An admin's mute survives a rejoin: leaving and coming back is no way around it.
        if (previous && !previous.canSelfUnmute && !admin) canSelfUnmute = false;
        const muted = p.muted === true || !canSelfUnmute;

        let transportJson: string;
        if (row.rtmp) {
          transportJson = JSON.stringify({ stream: true, rtmp: true });
        } else {
          try {
            transportJson = JSON.stringify(await calls.media.join(callKeyOf(row.id), peerKey(joinAs), data, { muted }));
          } catch (e) {
            if (store.get(row.id)!.discardedAt !== null) throw RpcError.forbidden('GROUPCALL_FORBIDDEN');
            throw rpcErrorOfMedia(e);
          }
        }
        // The call may have ended, or the source been taken, while the SFU set the connection up.
        // So may the last place for a camera have gone to someone else.
        const now = store.get(row.id)!;
        const taken = store.bySource(row.id, source);
        if (now.discardedAt !== null || (taken && peerKey(taken.peer) !== peerKey(joinAs)) || overVideoLimit()) {
          if (!row.rtmp) await calls.media.leave(callKeyOf(row.id), peerKey(joinAs));
          throw now.discardedAt !== null
            ? RpcError.forbidden('GROUPCALL_FORBIDDEN')
            : taken && peerKey(taken.peer) !== peerKey(joinAs)
              ? RpcError.badRequest('GROUPCALL_SSRC_DUPLICATE_MUCH')
              : RpcError.badRequest('GROUPCALL_VIDEO_TOO_MUCH');
        }
        // One person is in a call once: joining as another peer (oneself ↔ an owned channel) takes the old one out.
        const replaced = store
          .ofUser(row.id, me)
          .filter((x) => x.kind === 'client' && peerKey(x.peer) !== peerKey(joinAs));
        const { batch } = calls.addParticipant(
          call.now,
          now,
          { peer: joinAs, userId: me, kind: 'client', source, muted, canSelfUnmute, videoGroups, videoStopped },
          replaced,
        );
        const own = result(call, batch);
        // The connection parameters are for the joining session only, not the user's other devices.
        (own.updates as TlObject[]).push({
          _: 'updateGroupCallConnection',
          params: { _: 'dataJSON', data: transportJson },
        });
        return own;
      },
    },

    // Screen sharing: a second connection of a participant already in the call (tgcalls, tdesktop). Its join JSON names
    // the screen's video groups and its audio SSRC; the answer is updateGroupCallConnection with `presentation`.
    'phone.joinGroupCallPresentation': {
      handler: async (call, p) => {
        const me = call.requireUser();
        const row = liveCallOf(call, p.call);
        const mine = store.ofUser(row.id, me).find((x) => x.kind === 'client');
        if (!mine) throw RpcError.badRequest('GROUPCALL_JOIN_MISSING');
        const params = p.params;
        if (!isObject(params) || params._ !== 'dataJSON' || typeof params.data !== 'string')
          throw RpcError.badRequest('DATA_JSON_INVALID');
        const data = params.data;
        let join: ReturnType<typeof parseJoinPayloadJson>;
        try {
          join = parseJoinPayloadJson(data);
        } catch (e) {
          throw rpcErrorOfMedia(e);
        }
        if (join.video === null) throw RpcError.badRequest('DATA_JSON_INVALID');
        // A screen is video too: past the limit only someone already sending video may share one.
        if (!canStartVideo(store, row, me)) throw RpcError.badRequest('GROUPCALL_VIDEO_TOO_MUCH');
        const ownScreen = (x: ParticipantRow, ssrc: number) =>
          peerKey(x.peer) === peerKey(mine.peer) &&
          (x.presentationAudio === ssrc || x.presentationGroups?.some((g) => g.sources.includes(ssrc)) === true);
        for (const ssrc of [join.payload.ssrc, ...join.video.ssrcs.map((s) => s | 0)]) {
          const holder = store.bySource(row.id, ssrc) ?? store.byVideoSource(row.id, ssrc);
          if (holder && !ownScreen(holder, ssrc)) throw RpcError.badRequest('GROUPCALL_SSRC_DUPLICATE_MUCH');
        }
        let transportJson: string;
        try {
          transportJson = JSON.stringify(
            await calls.media.join(callKeyOf(row.id), presentationEndpoint(mine.peer), data, {
              muted: false,
              dataChannel: false,
            }),
          );
        } catch (e) {
          throw rpcErrorOfMedia(e);
        }
        // The participant may have left, or the call ended, while the SFU set the connection up.
        const now = store.get(row.id)!;
        const still = store.participant(row.id, mine.peer);
        if (now.discardedAt !== null || !still || still.source !== mine.source) {
          await calls.media.leave(callKeyOf(row.id), presentationEndpoint(mine.peer));
          throw now.discardedAt !== null
            ? RpcError.forbidden('GROUPCALL_FORBIDDEN')
            : RpcError.badRequest('GROUPCALL_JOIN_MISSING');
        }
        const batch = calls.setPresentation(call.now, now, still, {
          groups: join.video.groups,
          audio: join.payload.ssrc,
        });
        const own = result(call, batch);
        (own.updates as TlObject[]).push({
          _: 'updateGroupCallConnection',
          presentation: true,
          params: { _: 'dataJSON', data: transportJson },
        });
        return own;
      },
    },

    'phone.leaveGroupCallPresentation': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = liveCallOf(call, p.call);
        const mine = store.ofUser(row.id, me).find((x) => x.kind === 'client');
        if (!mine) throw RpcError.badRequest('GROUPCALL_JOIN_MISSING');
        if (mine.presentationGroups === null) return result(call, new UpdateBatch(call.now));
        return result(call, calls.setPresentation(call.now, row, mine, null));
      },
    },

    'phone.leaveGroupCall': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = callOf(call, p.call);
        const source = field(p, 'source', (v): v is number => typeof v === 'number');
        const mine = store.ofUser(row.id, me).find((x) => x.source === source && x.kind === 'client');
        // Leaving with a source that is no longer ours (rejoined elsewhere, already dropped) changes nothing.
        if (row.discardedAt !== null || !mine) return result(call, new UpdateBatch(call.now));
        return result(call, calls.removeParticipant(call.now, row, mine));
      },
    },

    'phone.discardGroupCall': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = callOf(call, p.call);
        requireAdmin(row, me);
        if (row.discardedAt !== null) throw RpcError.badRequest('GROUPCALL_ALREADY_DISCARDED');
        return result(call, calls.discard(call.now, row, me));
      },
    },

    'phone.getGroupCall': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = callOf(call, p.call);
        const limit = typeof p.limit === 'number' ? Math.max(0, Math.min(p.limit, MAX_PAGE)) : 0;
        const page = row.discardedAt === null && limit > 0 ? store.participants(row.id, 0, limit + 1) : [];
        const shown = page.slice(0, limit);
        const refs = participantsRefs(shown, row);
        return {
          _: 'phone.groupCall',
          call: calls.callTl(row, me),
          participants: shown.map((x) => calls.participantTlFor(x, me)),
          participants_next_offset: page.length > limit ? String(shown.at(-1)!.seq) : '',
          chats: refs.chatsTl(call.world, me),
          users: refs.usersTl(call.world, me),
        };
      },
    },

    'phone.getGroupParticipants': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = liveCallOf(call, p.call);
        const ids = (isArray(p.ids) ? p.ids : []).map((v) => participantPeerOf(call, v));
        const sources = (isArray(p.sources) ? p.sources : []).filter((v): v is number => typeof v === 'number');
        const limit = typeof p.limit === 'number' ? Math.max(0, Math.min(p.limit, MAX_PAGE)) : 100;
        let shown: ParticipantRow[];
        let nextOffset = '';
        if (ids.length > 0 || sources.length > 0) {
          const found = new Map<string, ParticipantRow>();
          for (const peer of ids) {
            const x = store.participant(row.id, peer);
            if (x) found.set(peerKey(x.peer), x);
          }
          for (const s of sources) {
            const x = store.bySource(row.id, s);
            if (x) found.set(peerKey(x.peer), x);
          }
          shown = [...found.values()].slice(0, Math.max(limit, ids.length + sources.length));
        } else {
          const after = typeof p.offset === 'string' && /^\d+$/.test(p.offset) ? Number(p.offset) : 0;
          const page = store.participants(row.id, after, limit + 1);
          shown = page.slice(0, limit);
          if (page.length > limit) nextOffset = String(shown.at(-1)!.seq);
        }
        const refs = participantsRefs(shown, row);
        return {
          _: 'phone.groupParticipants',
          count: store.count(row.id),
          participants: shown.map((x) => calls.participantTlFor(x, me)),
          next_offset: nextOffset,
          chats: refs.chatsTl(call.world, me),
          users: refs.usersTl(call.world, me),
          version: row.version,
        };
      },
    },

    'phone.checkGroupCall': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = liveCallOf(call, p.call);
        const sources = field(p, 'sources', isArray).filter((v): v is number => typeof v === 'number');
        const mine = store.ofUser(row.id, me).filter((x) => x.kind === 'client');
        if (mine.length === 0) throw RpcError.badRequest('GROUPCALL_JOIN_MISSING');
        // The screen share's audio SSRC counts as the caller's source too (tdesktop checks both).
        const present = new Set(
          mine.flatMap((x) => (x.presentationAudio === null ? [x.source] : [x.source, x.presentationAudio])),
        );
        return sources.filter((s) => present.has(s));
      },
    },

    'phone.editGroupCallParticipant': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = liveCallOf(call, p.call);
        const target = participantPeerOf(call, p.participant);
        const isSelf =
          (target.type === 'user' && target.id === me) ||
          (target.type === 'channel' && calls.ownedChannels(me).includes(target.id));
        const existing = store.participant(row.id, target);
        if (!existing)
          throw isSelf ? RpcError.badRequest('GROUPCALL_JOIN_MISSING') : RpcError.badRequest('USER_NOT_PARTICIPANT');
        const admin = calls.isAdmin(row.chat, me);
        const muted = typeof p.muted === 'boolean' ? p.muted : undefined;
        const volume = p.volume === undefined ? undefined : volumeOf(p.volume);
        const raiseHand = typeof p.raise_hand === 'boolean' ? p.raise_hand : undefined;
        const videoStopped = typeof p.video_stopped === 'boolean' ? p.video_stopped : undefined;
        const videoPaused = typeof p.video_paused === 'boolean' ? p.video_paused : undefined;
        const presentationPaused = typeof p.presentation_paused === 'boolean' ? p.presentation_paused : undefined;

        if (isSelf) {
          if (muted === false && !existing.canSelfUnmute && !admin) throw RpcError.badRequest('CHAT_ADMIN_REQUIRED');
          // A camera turned on past the call's limit (Telegram's apps reload the call on this error and show why).
          const cameraStarts = videoStopped === false && existing.videoGroups !== null && existing.videoStopped;
          if (cameraStarts && !sendsVideo(existing) && !canStartVideo(store, row, existing.userId))
            throw RpcError.badRequest('GROUPCALL_VIDEO_TOO_MUCH');
          const change = {
            muted,
            // An admin unmuting themself also lifts any mute put on them.
            canSelfUnmute: muted === false ? true : undefined,
            volume,
            raiseHandRating: raiseHand === undefined ? undefined : raiseHand ? BigInt(Date.now()) : null,
            videoStopped,
            // A camera turned on again starts unpaused.
            videoPaused: videoStopped === false && videoPaused === undefined ? false : videoPaused,
            presentationPaused,
          };
          return result(call, calls.changeParticipants(call.now, row, [{ peer: target, change }], [me]));
        }
        if (raiseHand === true) throw RpcError.badRequest('RAISE_HAND_FORBIDDEN');
        if (!admin) {
          if (raiseHand !== undefined) throw RpcError.badRequest('RAISE_HAND_FORBIDDEN');
          // Without the right to manage the call, muting or setting someone's volume changes only one's own playback.
          call.world.transaction(() => store.setLocalPref(row.id, me, target, { muted, volume }));
          const batch = new UpdateBatch(call.now);
          const part = batch.part(me);
          part.updates.push({
            _: 'updateGroupCallParticipants',
            call: inputGroupCallTl(row),
            participants: [calls.participantTlFor(store.participant(row.id, target)!, me)],
            version: store.get(row.id)!.version,
          });
          part.refs.addRefs(participantsRefs([existing], row).toJSON());
          return result(call, batch);
        }
        const change = {
          // An admin mute takes the right to unmute away; "allow to speak" gives it back and leaves the mic off.
          muted: muted === true ? true : undefined,
          canSelfUnmute: muted === undefined ? undefined : !muted,
          volume,
          volumeByAdmin: volume === undefined ? undefined : volume !== DEFAULT_VOLUME,
          // Telegram lowers the hand when an admin allows the person to speak (its apps send only muted: false and show
          // the person "you can speak now"); a raised hand has nothing left to ask for.
          raiseHandRating: raiseHand === false || muted === false ? null : undefined,
        };
        return result(call, calls.changeParticipants(call.now, row, [{ peer: target, change }], [me]));
      },
    },

    'phone.editGroupCallTitle': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = liveCallOf(call, p.call);
        requireAdmin(row, me);
        const title = field(p, 'title', isString).trim().slice(0, MAX_TITLE);
        call.world.transaction(() => store.setTitle(row.id, title === '' ? null : title));
        return result(call, calls.announceCallChange(call.now, row));
      },
    },

    'phone.toggleGroupCallSettings': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = liveCallOf(call, p.call);
        requireAdmin(row, me);
        const joinMuted = typeof p.join_muted === 'boolean' ? p.join_muted : undefined;
        const reset = p.reset_invite_hash === true;
        if (!reset && (joinMuted === undefined || joinMuted === row.joinMuted))
          throw RpcError.badRequest('GROUPCALL_NOT_MODIFIED');
        let batch = new UpdateBatch(call.now);
        if (reset) call.world.transaction(() => store.resetInviteHashes(row.id));
        if (joinMuted !== undefined && joinMuted !== row.joinMuted) {
          call.world.transaction(() => store.setJoinMuted(row.id, joinMuted));
          // "Only admins can speak" mutes everyone else now; lifting it lets them unmute themselves.
          const others = store.participants(row.id).filter((x) => !calls.isAdmin(row.chat, x.userId));
          const edits = others.map((x) => ({
            peer: x.peer,
            change: joinMuted ? { muted: true, canSelfUnmute: false } : { canSelfUnmute: true },
          }));
          if (edits.length > 0) batch = calls.changeParticipants(call.now, row, edits, [me]);
        }
        return result(call, calls.announceCallChange(call.now, row, batch));
      },
    },

    'phone.startScheduledGroupCall': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = liveCallOf(call, p.call);
        requireAdmin(row, me);
        if (row.scheduleDate === null) throw RpcError.forbidden('GROUPCALL_ALREADY_STARTED');
        return result(call, calls.start(call.now, row, me));
      },
    },

    'phone.toggleGroupCallStartSubscription': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = liveCallOf(call, p.call);
        const subscribed = field(p, 'subscribed', (v): v is boolean => typeof v === 'boolean');
        if (row.scheduleDate === null) throw RpcError.forbidden('GROUPCALL_ALREADY_STARTED');
        const batch = new UpdateBatch(call.now);
        call.world.transaction(() => {
          store.setSubscribed(row.id, me, subscribed);
          calls.announceCall(batch, row, [me]);
        });
        return result(call, batch);
      },
    },

    'phone.getGroupCallStreamRtmpUrl': {
      handler: (call, p) => {
        const me = call.requireUser();
        const chat = chatOf(call, p.peer);
        if (!calls.isOwner(chat, me)) throw RpcError.badRequest('CHAT_ADMIN_REQUIRED');
        const revoke = p.revoke === true;
        const key = call.world.transaction(() => store.rtmpKey(chat, revoke));
        return { _: 'phone.groupCallStreamRtmpUrl', url: RTMP_URL, key };
      },
    },

    'phone.exportGroupCallInvite': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = liveCallOf(call, p.call);
        const speaker = p.can_self_unmute === true;
        if (speaker) requireAdmin(row, me);
        const fresh = store.get(row.id)!;
        const hash = speaker ? fresh.speakerHash : fresh.listenerHash;
        const username = row.chat.type === 'channel' ? call.world.channels.get(row.chat.id)?.username : null;
        const base = username ? `https://t.me/${username}` : `https://t.me/c/${row.chat.id}`;
        return { _: 'phone.exportedGroupCallInvite', link: `${base}?videochat=${hash}` };
      },
    },

    'phone.inviteToGroupCall': {
      handler: (call, p) => {
        const me = call.requireUser();
        const row = callOf(call, p.call);
        if (row.discardedAt !== null) throw RpcError.forbidden('GROUPCALL_FORBIDDEN');
        if (!calls.isMember(row.chat, me)) throw RpcError.forbidden('USER_NOT_PARTICIPANT');
        const own = ownParticipant(row, me);
        if (own && own.peer.type === 'channel') throw RpcError.badRequest('INVITE_FORBIDDEN_WITH_JOINAS');
        const users = field(p, 'users', isArray).map((u) => resolveInputUser(call, u));
        if (users.length === 0) throw RpcError.badRequest('USERS_TOO_FEW');
        for (const id of users) if (!calls.isMember(row.chat, id)) throw RpcError.forbidden('USER_NOT_PARTICIPANT');
        const fresh = [...new Set(users)].filter(
          (id) => id !== me && !store.invited(row.id, id) && !store.ofUser(row.id, id).some((x) => x.kind === 'client'),
        );
        if (fresh.length === 0) throw RpcError.badRequest('USER_ALREADY_INVITED');
        return result(call, calls.invite(call.now, row, me, fresh));
      },
    },

    'phone.getGroupCallJoinAs': {
      handler: (call, p) => {
        const me = call.requireUser();
        chatOf(call, p.peer);
        const owned = calls.ownedChannels(me);
        const refs = new Refs();
        refs.users.add(me);
        owned.forEach((id) => refs.channels.add(id));
        return {
          _: 'phone.joinAsPeers',
          peers: [peerUser(me), ...owned.map((id) => peerChannel(id))],
          chats: refs.chatsTl(call.world, me),
          users: refs.usersTl(call.world, me),
        };
      },
    },

    'phone.saveDefaultGroupCallJoinAs': {
      handler: (call, p) => {
        const me = call.requireUser();
        const chat = chatOf(call, p.peer);
        const joinAs = joinAsOf(call, p.join_as);
        call.world.transaction(() => store.setDefaultJoinAs(chat, me, joinAs));
        return true;
      },
    },
  };
}
