// The group calls of the local server: every change to a call (create, join, leave, mute, discard, …) applied to the
// persisted rows, fanned out as updates (updateGroupCall to the chat's members, updateGroupCallParticipants to the
// call's participants) and mirrored in the SFU. phoneHandlers.ts checks the requests; the control routes and SFU
// events (an endpoint whose ICE/DTLS failed) come here too.
import crypto from 'node:crypto';
import { Events, UpdateBatch } from '../api/events';
import { postServiceMessage } from '../api/operations';
import { Refs } from '../api/views';
import type { TlObject } from '../api/types';
import type { OpusClip, Vp8Clip } from '../sfu/index';
import type { World } from '../world/world';
import { callKeyOf, type CallMedia } from './callMedia';
import {
  CallStore,
  type VideoGroup,
  type CallChat,
  type CallPeer,
  type CallRow,
  type ParticipantKind,
  type ParticipantRow,
} from './callStore';
import {
  groupCallTl,
  inputGroupCallTl,
  participantTl,
  peerKey,
  presentationEndpoint,
  type ParticipantFlags,
} from './callTl';

export interface GroupCallsOptions {
  media: CallMedia;
  /** How long (ms) a participant whose media failed keeps its place before it is removed (default 5000). */
  failedGraceMs?: number;
  /** Clips simulated speakers loop (taken in turn); none: simulated speakers cannot be added. */
  speakerAudio?: () => readonly OpusClip[];
  /** The clip a simulated speaker's camera loops (addSimulatedSpeakers with cameras); none: no simulated cameras. */
  cameraVideo?: () => Vp8Clip;
  /** Called with errors of background work (SFU events); default console.error. */
  onError?: (error: unknown) => void;
}

export interface ParticipantChange {
  row: ParticipantRow;
  flags: ParticipantFlags;
}

const chatIdTl = (chat: CallChat): bigint => BigInt(chat.id);

/**
 * The shortest time (s) between two activity updates (`active_date` pushed) of one participant: a speaker who pauses and
 * goes on is announced once, not at every breath, as Telegram rate-limits them.
 */
export const ACTIVITY_UPDATE_INTERVAL_S = 5;

export class GroupCalls {
  readonly store: CallStore;
  readonly media: CallMedia;
  private events: Events;
  private readonly failedTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly failedGraceMs: number;
  private readonly onError: (error: unknown) => void;
  private clips: readonly OpusClip[] | undefined;
  private speakersAdded = 0;
  private closed = false;

  constructor(
    readonly world: World,
    private readonly options: GroupCallsOptions,
  ) {
    this.store = new CallStore(world);
    this.media = options.media;
    this.failedGraceMs = options.failedGraceMs ?? 5000;
    this.onError = options.onError ?? ((e) => console.error('group calls:', e));
    // Until the API attaches its Events, changes are logged for getDifference but pushed to no one.
    this.events = new Events(world, () => {});
    this.unsubscribe.push(
      this.media.onEndpointState((callKey, endpointId, state) => this.endpointStateChanged(callKey, endpointId, state)),
      this.media.onSourceActive((callKey, ssrc, reason) => {
        if (reason === 'speaking') this.sourceSpoke(Number(callKey), ssrc);
      }),
    );
  }

  /** The API's Events: from now on, changes made outside a request (SFU, control) are pushed live. */
  attach(events: Events): void {
    this.events = events;
  }

  // ── who may do what ─────────────────────────────────────────────────────────────────────────────────────────────

  members(chat: CallChat): number[] {
    return chat.type === 'chat'
      ? this.world.chats.members(chat.id).map((m) => m.userId)
      : this.world.channels.members(chat.id).map((m) => m.userId);
  }

  isMember(chat: CallChat, userId: number): boolean {
    return chat.type === 'chat'
      ? this.world.chats.member(chat.id, userId) !== undefined
      : this.world.channels.member(chat.id, userId) !== undefined;
  }

  /** Creator or admin (all admins here hold manage_call). */
  isAdmin(chat: CallChat, userId: number): boolean {
    if (chat.type === 'chat') {
      const c = this.world.chats.get(chat.id);
      return c?.creatorId === userId || this.world.chats.member(chat.id, userId)?.isAdmin === true;
    }
    const role = this.world.channels.member(chat.id, userId)?.role;
    return role === 'creator' || role === 'admin';
  }

  isOwner(chat: CallChat, userId: number): boolean {
    return chat.type === 'chat'
      ? this.world.chats.get(chat.id)?.creatorId === userId
      : this.world.channels.member(chat.id, userId)?.role === 'creator';
  }

  /** Public supergroups and channels (with a username) let anyone see and join their calls. */
  isPublic(chat: CallChat): boolean {
    return chat.type === 'channel' && (this.world.channels.get(chat.id)?.username ?? null) !== null;
  }

  /** Channels `userId` owns, which they may join calls as (Telegram's "join as" list, besides themself). */
  ownedChannels(userId: number): number[] {
    return this.world.channels
      .ofUser(userId)
      .filter((id) => this.world.channels.member(id, userId)?.role === 'creator');
  }

  /** The viewer's flags of a call object. */
  private viewer(call: CallRow, userId: number): { userId: number; isAdmin: boolean } {
    return { userId, isAdmin: this.isAdmin(call.chat, userId) };
  }

  callTl(call: CallRow, userId: number): TlObject {
    return groupCallTl(this.store, call, this.viewer(call, userId));
  }

  participantTlFor(row: ParticipantRow, viewerId: number, flags: ParticipantFlags = {}): TlObject {
    return participantTl(row, viewerId, this.store.localPrefs(row.callId, viewerId), flags);
  }

  /** Users with a live client in the call (who get participant updates). */
  participantUsers(callId: number): number[] {
    return this.store.clientUsers(callId);
  }

  // ── fan-out ─────────────────────────────────────────────────────────────────────────────────────────────────────

  private refsOfCall(call: CallRow): Refs {
    const refs = new Refs();
    if (call.chat.type === 'chat') refs.chats.add(call.chat.id);
    else refs.channels.add(call.chat.id);
    return refs;
  }

  /** updateGroupCall to `users` (default: the chat's members), logged for getDifference (pts-less, see Events.other). */
  announceCall(batch: UpdateBatch, call: CallRow, users: readonly number[] = this.members(call.chat)): void {
    const fresh = this.store.get(call.id)!;
    const refs = this.refsOfCall(fresh);
    for (const userId of new Set(users)) {
      this.events.other(
        batch,
        userId,
        { _: 'updateGroupCall', chat_id: chatIdTl(fresh.chat), call: this.callTl(fresh, userId) },
        refs,
      );
    }
  }

  /**
   * updateGroupCallParticipants (and updateGroupCall with the new count when it changed) to every participant and
   * `extraUsers`. Not logged: a client that missed one sees the version gap and reloads the list, as Telegram's do.
   */
  announceParticipants(
    batch: UpdateBatch,
    call: CallRow,
    changes: readonly ParticipantChange[],
    opts: { extraUsers?: readonly number[]; countChanged?: boolean } = {},
  ): void {
    const fresh = this.store.get(call.id)!;
    const users = new Set([...this.participantUsers(call.id), ...(opts.extraUsers ?? [])]);
    for (const userId of users) {
      const part = batch.part(userId);
      const refs = this.refsOfCall(fresh);
      for (const c of changes) {
        if (c.row.peer.type === 'user') refs.users.add(c.row.peer.id);
        else refs.channels.add(c.row.peer.id);
      }
      part.updates.push({
        _: 'updateGroupCallParticipants',
        call: inputGroupCallTl(fresh),
        participants: changes.map((c) => this.participantTlFor(c.row, userId, c.flags)),
        version: fresh.version,
      });
      if (opts.countChanged)
        part.updates.push({ _: 'updateGroupCall', chat_id: chatIdTl(fresh.chat), call: this.callTl(fresh, userId) });
      part.refs.addRefs(refs.toJSON());
    }
  }

  /**
   * When a call goes from empty to not empty or back, the chat's members hear of it (updateGroupCall, with the chat
   * whose call_not_empty flag changed), so that chat lists can show that people are talking.
   */
  private announceIfEmptinessChanged(batch: UpdateBatch, call: CallRow, countBefore: number): void {
    const after = this.store.count(call.id);
    if ((countBefore === 0) !== (after === 0)) this.announceCall(batch, call);
  }

  /** Delivers a batch built outside a request (SFU event, control route): pushed to every key of every user. */
  deliverLive(batch: UpdateBatch): void {
    this.events.deliver(batch);
  }

  // ── changes ─────────────────────────────────────────────────────────────────────────────────────────────────────

  /** A new call (now, or scheduled), announced to the chat with messageActionGroupCall(Scheduled). */
  create(
    now: number,
    creatorId: number,
    chat: CallChat,
    input: { randomId: number; title: string | null; scheduleDate: number | null; rtmp: boolean },
  ): { call: CallRow; batch: UpdateBatch } {
    return this.world.transaction(() => {
      const batch = new UpdateBatch(now);
      const call = this.store.create({
        chat,
        createdBy: creatorId,
        randomId: input.randomId,
        title: input.title,
        scheduleDate: input.scheduleDate,
        rtmp: input.rtmp,
        now,
      });
      const action: TlObject =
        call.scheduleDate !== null
          ? { _: 'messageActionGroupCallScheduled', call: inputGroupCallTl(call), schedule_date: call.scheduleDate }
          : { _: 'messageActionGroupCall', call: inputGroupCallTl(call) };
      postServiceMessage({ world: this.world, events: this.events, now }, creatorId, chat, action, batch);
      this.announceCall(batch, call);
      return { call, batch };
    });
  }

  /**
   * Puts a participant into the call (a rejoin replaces the peer's record) after the SFU accepted its media.
   * Returns the batch (participants update to everyone in the call) and the participant.
   */
  addParticipant(
    now: number,
    call: CallRow,
    p: {
      peer: CallPeer;
      userId: number;
      kind: ParticipantKind;
      source: number;
      muted: boolean;
      canSelfUnmute: boolean;
      videoGroups?: VideoGroup[] | null;
      videoStopped?: boolean;
    },
    /** The same person's records under another peer (they switched "join as"): they leave in the same step. */
    replaced: readonly ParticipantRow[] = [],
  ): { batch: UpdateBatch; row: ParticipantRow } {
    const result = this.world.transaction(() => {
      const batch = new UpdateBatch(now);
      const before = this.store.count(call.id);
      const videoBefore = this.store.videoCount(call.id);
      for (const old of replaced) this.store.remove(call.id, old.peer);
      const row = this.store.upsert(call.id, { ...p, date: now });
      this.store.bumpVersion(call.id);
      const changes: ParticipantChange[] = [
        ...replaced.map((old) => ({ row: old, flags: { left: true, versioned: true } })),
        { row, flags: { justJoined: true, versioned: true } },
      ];
      // participants_count or unmuted_video_count moved: the call object goes with the participants.
      const countChanged = this.store.count(call.id) !== before || this.store.videoCount(call.id) !== videoBefore;
      this.announceParticipants(batch, call, changes, { countChanged });
      this.announceIfEmptinessChanged(batch, call, before);
      return { batch, row };
    });
    for (const old of replaced) {
      this.clearFailedTimer(call.id, old.peer);
      if (old.kind !== 'fake') void this.media.leave(callKeyOf(call.id), peerKey(old.peer)).catch(this.onError);
    }
    return result;
  }

  /** Takes a participant out (left, cut, failed media); the SFU endpoint is closed too. */
  removeParticipant(now: number, call: CallRow, row: ParticipantRow, extraUsers: readonly number[] = []): UpdateBatch {
    const batch = this.world.transaction(() => {
      const b = new UpdateBatch(now);
      const before = this.store.count(call.id);
      this.store.remove(call.id, row.peer);
      this.store.bumpVersion(call.id);
      this.announceParticipants(b, call, [{ row, flags: { left: true, versioned: true } }], {
        extraUsers: [row.userId, ...extraUsers],
        countChanged: true,
      });
      this.announceIfEmptinessChanged(b, call, before);
      return b;
    });
    this.clearFailedTimer(call.id, row.peer);
    if (row.kind !== 'fake') void this.media.leave(callKeyOf(call.id), peerKey(row.peer)).catch(this.onError);
    if (row.presentationGroups !== null)
      void this.media.leave(callKeyOf(call.id), presentationEndpoint(row.peer)).catch(this.onError);
    return batch;
  }

  /**
   * A participant's screen share starts (groups and audio SSRC, after the SFU took its connection) or ends (null): the
   * participant's `presentation` changes for everyone, one version step. Ending also closes the SFU endpoint.
   */
  setPresentation(
    now: number,
    call: CallRow,
    row: ParticipantRow,
    presentation: { groups: VideoGroup[]; audio: number | null } | null,
  ): UpdateBatch {
    const batch = this.world.transaction(() => {
      const b = new UpdateBatch(now);
      const videoBefore = this.store.videoCount(call.id);
      const changed = this.store.setPresentation(call.id, row.peer, presentation);
      this.store.bumpVersion(call.id);
      this.announceParticipants(b, call, [{ row: changed, flags: { versioned: true } }], {
        extraUsers: [row.userId],
        countChanged: this.store.videoCount(call.id) !== videoBefore,
      });
      return b;
    });
    if (presentation === null)
      void this.media.leave(callKeyOf(call.id), presentationEndpoint(row.peer)).catch(this.onError);
    return batch;
  }

  /** Applies a change to participants that everyone in the call sees (mute by admin, hand, volume), one version step. */
  changeParticipants(
    now: number,
    call: CallRow,
    edits: readonly { peer: CallPeer; change: Parameters<CallStore['update']>[2] }[],
    extraUsers: readonly number[] = [],
  ): UpdateBatch {
    return this.world.transaction(() => {
      const batch = new UpdateBatch(now);
      const videoBefore = this.store.videoCount(call.id);
      const rows = edits.map((e) => this.store.update(call.id, e.peer, e.change));
      if (rows.length === 0) return batch;
      this.store.bumpVersion(call.id);
      for (const [i, row] of rows.entries()) {
        if (row.kind !== 'fake') {
          try {
            this.media.setMuted(callKeyOf(call.id), peerKey(row.peer), row.muted);
          } catch {
            // No endpoint (joining, or its media already gone): the SFU applies the state at the next join.
          }
          // The camera stopped, paused or started again: what the SFU kept of it is from before.
          const change = edits[i].change;
          if (change.videoStopped !== undefined || change.videoPaused !== undefined)
            this.media.cameraStateChanged(callKeyOf(call.id), peerKey(row.peer));
        }
      }
      // A camera on or off changes the call's unmuted_video_count: participants get the call object too.
      const countChanged = this.store.videoCount(call.id) !== videoBefore;
      this.announceParticipants(
        batch,
        call,
        rows.map((row) => ({ row, flags: { versioned: true } })),
        { extraUsers, countChanged },
      );
      return batch;
    });
  }

  /**
   * The call's limit of people sending video (null: Telegram's 30): the call object, with its new
   * unmuted_video_limit and each one's can_start_video, goes to the chat and to everyone in the call.
   */
  setVideoLimit(now: number, call: CallRow, limit: number | null): UpdateBatch {
    return this.world.transaction(() => {
      const batch = new UpdateBatch(now);
      this.store.setVideoLimit(call.id, limit);
      this.announceCall(batch, call, [...this.members(call.chat), ...this.participantUsers(call.id)]);
      return batch;
    });
  }

  /** Title, join_muted, invite hashes, start: the call object changed for the whole chat. */
  announceCallChange(now: number, call: CallRow, batch = new UpdateBatch(now)): UpdateBatch {
    return this.world.transaction(() => {
      this.announceCall(batch, call);
      return batch;
    });
  }

  start(now: number, call: CallRow, byUserId: number): UpdateBatch {
    return this.world.transaction(() => {
      const batch = new UpdateBatch(now);
      this.store.start(call.id, now);
      postServiceMessage(
        { world: this.world, events: this.events, now },
        byUserId,
        call.chat,
        { _: 'messageActionGroupCall', call: inputGroupCallTl(call) },
        batch,
      );
      this.announceCall(batch, call);
      return batch;
    });
  }

  /** Ends the call for everyone: groupCallDiscarded to the chat, the service message with the duration, media closed. */
  discard(now: number, call: CallRow, byUserId: number): UpdateBatch {
    const participants = this.participantUsers(call.id);
    const batch = this.world.transaction(() => {
      const b = new UpdateBatch(now);
      this.store.discard(call.id, now);
      const ended = this.store.get(call.id)!;
      postServiceMessage(
        { world: this.world, events: this.events, now },
        byUserId,
        call.chat,
        { _: 'messageActionGroupCall', call: inputGroupCallTl(ended), duration: ended.duration ?? 0 },
        b,
      );
      this.announceCall(b, ended, [...this.members(call.chat), ...participants]);
      return b;
    });
    for (const key of [...this.failedTimers.keys()]) if (key.startsWith(`${call.id}/`)) this.clearTimerKey(key);
    void this.media.closeCall(callKeyOf(call.id)).catch(this.onError);
    return batch;
  }

  invite(now: number, call: CallRow, inviterId: number, userIds: readonly number[]): UpdateBatch {
    return this.world.transaction(() => {
      const batch = new UpdateBatch(now);
      for (const id of userIds) this.store.addInvite(call.id, id, inviterId, now);
      const action: TlObject = {
        _: 'messageActionInviteToGroupCall',
        call: inputGroupCallTl(call),
        users: userIds.map((id) => BigInt(id)),
      };
      postServiceMessage({ world: this.world, events: this.events, now }, inviterId, call.chat, action, batch);
      return batch;
    });
  }

  /** Adds simulated speakers (users `userIds`) that loop the demo audio through the SFU; announced like joins. */
  addSimulatedSpeakers(
    now: number,
    call: CallRow,
    userIds: readonly number[],
    options: { cameras?: number } = {},
  ): ParticipantRow[] {
    this.clips ??= this.options.speakerAudio?.() ?? [];
    if (this.clips.length === 0) throw new Error('simulated speakers need audio (speakerAudio option)');
    const added: ParticipantRow[] = [];
    for (const userId of userIds) {
      const peer: CallPeer = { type: 'user', id: userId };
      const existing = this.store.participant(call.id, peer);
      if (existing) continue;
      const source = this.freeSource(call.id);
      // Clips are taken in turn, so the demo's two speakers answer each other instead of saying the same thing.
      const clip = this.clips[this.speakersAdded++ % this.clips.length];
      this.media.addSimulatedSpeaker(callKeyOf(call.id), source, clip, { endpointId: peerKey(peer) });
      // The first `cameras` speakers also send video (a looped VP8 clip), camera on.
      let videoGroups: VideoGroup[] | null = null;
      if (added.length < (options.cameras ?? 0) && this.options.cameraVideo) {
        videoGroups = this.media.addSimulatedCamera(
          callKeyOf(call.id),
          peerKey(peer),
          this.freeVideoSource(call.id),
          this.options.cameraVideo(),
        );
      }
      const { batch, row } = this.addParticipant(now, call, {
        peer,
        userId,
        kind: 'simulated',
        source,
        muted: false,
        canSelfUnmute: true,
        videoGroups,
        videoStopped: videoGroups === null,
      });
      this.deliverLive(batch);
      added.push(row);
    }
    return added;
  }

  /** Adds `count` participants without media (listeners, muted), as new people "Listener N", for load tests. */
  addFakeParticipants(now: number, call: CallRow, count: number): number {
    const batchSize = 500;
    let added = 0;
    while (added < count) {
      const n = Math.min(batchSize, count - added);
      const before = this.store.count(call.id);
      const rows = this.world.transaction(() => {
        const out: ParticipantRow[] = [];
        const first = before + 1;
        for (let i = 0; i < n; i++) {
          // Not a test-DC number: no one can sign in as a fake listener.
          const user = this.world.users.create({
            phone: `fake-${crypto.randomUUID()}`,
            firstName: 'Listener',
            lastName: String(first + i),
            now,
          });
          out.push(
            this.store.upsert(call.id, {
              peer: { type: 'user', id: user.id },
              userId: user.id,
              kind: 'fake',
              source: this.freeSource(call.id),
              muted: true,
              canSelfUnmute: !call.joinMuted,
              date: now,
            }),
          );
        }
        this.store.bumpVersion(call.id);
        return out;
      });
      const batch = new UpdateBatch(now);
      this.world.transaction(() => {
        this.announceParticipants(
          batch,
          call,
          rows.map((row) => ({ row, flags: { justJoined: true, versioned: true } })),
          { countChanged: true },
        );
        this.announceIfEmptinessChanged(batch, call, before);
      });
      this.deliverLive(batch);
      added += n;
    }
    return added;
  }

  /** A random signed 32-bit source no one in the call has. */
  /** A video SSRC whose RTX partner (+1) is free too, as no one's audio or video. */
  private freeVideoSource(callId: number): number {
    for (let i = 0; i < 1000; i++) {
      const s = (Math.floor(Math.random() * 0x7ffffffe) + 1) | 0;
      const taken = (x: number) =>
        this.store.bySource(callId, x) !== undefined || this.store.byVideoSource(callId, x) !== undefined;
      if (!taken(s) && !taken(s + 1)) return s;
    }
    throw new Error('no free video source');
  }

  freeSource(callId: number): number {
    for (let i = 0; i < 1000; i++) {
      const s = (Math.floor(Math.random() * 0xffffffff) + 1) | 0;
      if (s !== 0 && !this.store.bySource(callId, s)) return s;
    }
    throw new Error('no free source');
  }

  /**
   * After a restart the participants' werift peers are gone: everyone is out (their clients rejoin when
   * checkGroupCall no longer shows their source). Each affected call moves one version.
   */
  dropParticipantsAfterRestart(): Map<number, number> {
    return this.world.transaction(() => {
      const removed = this.store.clearAllParticipants();
      const batch = new UpdateBatch(this.world.now());
      for (const [callId, count] of removed) {
        this.store.bumpVersion(callId);
        // Logged only (nothing is connected yet): a client catching up with getDifference sees the call emptied.
        this.announceIfEmptinessChanged(batch, this.store.get(callId)!, count);
      }
      return removed;
    });
  }

  // ── SFU events ──────────────────────────────────────────────────────────────────────────────────────────────────

  private endpointStateChanged(callKey: string, endpointId: string, state: string): void {
    if (this.closed) return;
    const key = `${callKey}/${endpointId}`;
    if (state === 'connected') {
      this.clearTimerKey(key);
      return;
    }
    if (state !== 'failed' || this.failedTimers.has(key)) return;
    const timer = setTimeout(() => {
      this.failedTimers.delete(key);
      try {
        this.removeFailed(Number(callKey), endpointId);
      } catch (e) {
        this.onError(e);
      }
    }, this.failedGraceMs);
    timer.unref?.();
    this.failedTimers.set(key, timer);
  }

  private removeFailed(callId: number, endpointId: string): void {
    if (this.closed) return;
    const state = this.media.endpointState(callKeyOf(callId), endpointId);
    if (state !== 'failed' && state !== undefined) return; // rejoined meanwhile
    const call = this.store.get(callId);
    if (!call || call.discardedAt !== null) return;
    const [peerPart, connection] = endpointId.split('#');
    const [type, id] = (peerPart ?? '').split(':');
    if ((type !== 'user' && type !== 'channel') || !id) return;
    const row = this.store.participant(callId, { type, id: Number(id) });
    if (!row || row.kind !== 'client') return;
    // A failed screen-share connection ends the share only; the participant stays.
    if (connection === 'presentation') {
      if (row.presentationGroups !== null) this.deliverLive(this.setPresentation(this.world.now(), call, row, null));
      return;
    }
    this.deliverLive(this.removeParticipant(this.world.now(), call, row));
  }

  /**
   * The SFU heard a participant start speaking: its `active_date` becomes now and everyone in the call gets the
   * participant (clients re-sort their lists by it, and one that holds no m-line for that speaker makes room). At most
   * one such update per participant every ACTIVITY_UPDATE_INTERVAL_S; a muted participant's audio never counts. Not
   * `versioned`, at the call's current version: activity is not a change of the list's state, and Telegram's rule
   * applies such an update without a version step (a participant without `versioned` carries the current version).
   */
  private sourceSpoke(callId: number, ssrc: number): void {
    if (this.closed || !Number.isFinite(callId)) return;
    const call = this.store.get(callId);
    if (!call || call.discardedAt !== null) return;
    const row = this.store.bySource(callId, ssrc);
    if (!row || row.muted) return;
    const now = this.world.now();
    const last = row.activeDate;
    if (last !== null && now >= last && now - last < ACTIVITY_UPDATE_INTERVAL_S) return;
    const batch = this.world.transaction(() => {
      const b = new UpdateBatch(now);
      const changed = this.store.update(callId, row.peer, { activeDate: now });
      this.announceParticipants(b, call, [{ row: changed, flags: {} }]);
      return b;
    });
    this.deliverLive(batch);
  }

  private clearFailedTimer(callId: number, peer: CallPeer): void {
    this.clearTimerKey(`${callKeyOf(callId)}/${peerKey(peer)}`);
  }

  private clearTimerKey(key: string): void {
    const t = this.failedTimers.get(key);
    if (t) clearTimeout(t);
    this.failedTimers.delete(key);
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      for (const key of [...this.failedTimers.keys()]) this.clearTimerKey(key);
      for (const u of this.unsubscribe.splice(0)) u();
    }
    return Promise.resolve();
  }
}
