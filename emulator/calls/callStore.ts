// Group calls as persisted rows in the world's database (namespace 'calls', migrated by world.migrate): calls, their
// participants, invites, "notify me" subscriptions of scheduled calls, per-viewer mutes/volumes, join-as defaults.
import crypto from 'node:crypto';
import { randomAccessHash } from '../world/ids';
import type { World } from '../world/world';

export const CALLS_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE group_calls (
    id INTEGER PRIMARY KEY, access_hash TEXT NOT NULL,
    peer_type TEXT NOT NULL CHECK (peer_type IN ('chat', 'channel')), peer_id INTEGER NOT NULL,
    created_by INTEGER NOT NULL, random_id INTEGER NOT NULL, title TEXT, schedule_date INTEGER,
    rtmp INTEGER NOT NULL DEFAULT 0, join_muted INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL, started_at INTEGER, discarded_at INTEGER, duration INTEGER,
    speaker_hash TEXT NOT NULL, listener_hash TEXT NOT NULL
  );
  CREATE INDEX group_calls_peer ON group_calls(peer_type, peer_id, discarded_at);
  CREATE UNIQUE INDEX group_calls_random ON group_calls(created_by, peer_type, peer_id, random_id);
  CREATE TABLE group_call_participants (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, call_id INTEGER NOT NULL REFERENCES group_calls(id),
    peer_type TEXT NOT NULL CHECK (peer_type IN ('user', 'channel')), peer_id INTEGER NOT NULL, user_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('client', 'simulated', 'fake')), source INTEGER NOT NULL,
    muted INTEGER NOT NULL, can_self_unmute INTEGER NOT NULL, volume INTEGER NOT NULL DEFAULT 10000,
    volume_by_admin INTEGER NOT NULL DEFAULT 0, raise_hand_rating INTEGER, video_stopped INTEGER NOT NULL DEFAULT 1,
    date INTEGER NOT NULL, active_date INTEGER,
    UNIQUE (call_id, peer_type, peer_id)
  );
  CREATE INDEX group_call_participants_source ON group_call_participants(call_id, source);
  CREATE INDEX group_call_participants_user ON group_call_participants(call_id, user_id);
  CREATE TABLE group_call_invites (
    call_id INTEGER NOT NULL REFERENCES group_calls(id), user_id INTEGER NOT NULL, inviter_id INTEGER NOT NULL,
    date INTEGER NOT NULL, PRIMARY KEY (call_id, user_id)
  );
  CREATE TABLE group_call_subscribers (
    call_id INTEGER NOT NULL REFERENCES group_calls(id), user_id INTEGER NOT NULL, PRIMARY KEY (call_id, user_id)
  );
  CREATE TABLE group_call_local_prefs (
    call_id INTEGER NOT NULL REFERENCES group_calls(id), viewer_id INTEGER NOT NULL,
    peer_type TEXT NOT NULL, peer_id INTEGER NOT NULL, muted INTEGER, volume INTEGER,
    PRIMARY KEY (call_id, viewer_id, peer_type, peer_id)
  );
  CREATE TABLE group_call_join_as (
    chat_type TEXT NOT NULL, chat_id INTEGER NOT NULL, user_id INTEGER NOT NULL,
    join_as_type TEXT NOT NULL, join_as_id INTEGER NOT NULL, PRIMARY KEY (chat_type, chat_id, user_id)
  );
  CREATE TABLE group_call_rtmp_keys (
    peer_type TEXT NOT NULL, peer_id INTEGER NOT NULL, stream_key TEXT NOT NULL, PRIMARY KEY (peer_type, peer_id)
  );
  `,
  // Video: the source groups a join announced (JSON, signed SSRCs; NULL = joined without video) and the paused flag.
  `
  ALTER TABLE group_call_participants ADD COLUMN video_groups TEXT;
  ALTER TABLE group_call_participants ADD COLUMN video_paused INTEGER NOT NULL DEFAULT 0;
  `,
  // Screen sharing (phone.joinGroupCallPresentation): its video groups (JSON, signed), its audio SSRC, paused.
  `
  ALTER TABLE group_call_participants ADD COLUMN presentation_groups TEXT;
  ALTER TABLE group_call_participants ADD COLUMN presentation_audio INTEGER;
  ALTER TABLE group_call_participants ADD COLUMN presentation_paused INTEGER NOT NULL DEFAULT 0;
  `,
  // The call's limit of people sending video (groupCall.unmuted_video_limit); NULL = Telegram's default.
  `
  ALTER TABLE group_calls ADD COLUMN video_limit INTEGER;
  `,
];

const CALL_ID_BASE = 5_000_000;

export type CallChat = { type: 'chat' | 'channel'; id: number };
export type CallPeer = { type: 'user' | 'channel'; id: number };
export type ParticipantKind = 'client' | 'simulated' | 'fake';

export interface CallRow {
  id: number;
  accessHash: bigint;
  chat: CallChat;
  createdBy: number;
  randomId: number;
  title: string | null;
  /** Set while the call is scheduled and not started. */
  scheduleDate: number | null;
  rtmp: boolean;
  joinMuted: boolean;
  version: number;
  createdAt: number;
  startedAt: number | null;
  discardedAt: number | null;
  duration: number | null;
  speakerHash: string;
  listenerHash: string;
  /** This call's limit of people sending video; null: Telegram's default (UNMUTED_VIDEO_LIMIT). */
  videoLimit: number | null;
}

export interface ParticipantRow {
  seq: number;
  callId: number;
  peer: CallPeer;
  /** The user behind the participant (the same as peer for users; the owner for "join as channel"). */
  userId: number;
  kind: ParticipantKind;
  /** Signed 32-bit SSRC. */
  source: number;
  muted: boolean;
  canSelfUnmute: boolean;
  volume: number;
  volumeByAdmin: boolean;
  raiseHandRating: bigint | null;
  videoStopped: boolean;
  /** The video source groups of the join (signed SSRCs); null when the join announced no video. */
  videoGroups: VideoGroup[] | null;
  videoPaused: boolean;
  /** A screen being shared: its video groups (signed SSRCs) and its audio SSRC; null when none. */
  presentationGroups: VideoGroup[] | null;
  presentationAudio: number | null;
  presentationPaused: boolean;
  date: number;
  activeDate: number | null;
}

export interface VideoGroup {
  semantics: string;
  sources: number[];
}

interface RawCall {
  id: number;
  access_hash: string;
  peer_type: 'chat' | 'channel';
  peer_id: number;
  created_by: number;
  random_id: number;
  title: string | null;
  schedule_date: number | null;
  rtmp: number;
  join_muted: number;
  version: number;
  created_at: number;
  started_at: number | null;
  discarded_at: number | null;
  duration: number | null;
  speaker_hash: string;
  listener_hash: string;
  video_limit: number | null;
}

interface RawParticipant {
  seq: number;
  call_id: number;
  peer_type: 'user' | 'channel';
  peer_id: number;
  user_id: number;
  kind: ParticipantKind;
  source: number;
  muted: number;
  can_self_unmute: number;
  volume: number;
  volume_by_admin: number;
  raise_hand_rating: number | bigint | null;
  video_stopped: number;
  video_groups: string | null;
  video_paused: number;
  presentation_groups: string | null;
  presentation_audio: number | null;
  presentation_paused: number;
  date: number;
  active_date: number | null;
}

function callFromRaw(r: RawCall): CallRow {
  return {
    id: r.id,
    accessHash: BigInt(r.access_hash),
    chat: { type: r.peer_type, id: r.peer_id },
    createdBy: r.created_by,
    randomId: r.random_id,
    title: r.title,
    scheduleDate: r.schedule_date,
    rtmp: r.rtmp === 1,
    joinMuted: r.join_muted === 1,
    version: r.version,
    createdAt: r.created_at,
    startedAt: r.started_at,
    discardedAt: r.discarded_at,
    duration: r.duration,
    speakerHash: r.speaker_hash,
    listenerHash: r.listener_hash,
    videoLimit: r.video_limit,
  };
}

function participantFromRaw(r: RawParticipant): ParticipantRow {
  return {
    seq: r.seq,
    callId: r.call_id,
    peer: { type: r.peer_type, id: r.peer_id },
    userId: r.user_id,
    kind: r.kind,
    source: r.source,
    muted: r.muted === 1,
    canSelfUnmute: r.can_self_unmute === 1,
    volume: r.volume,
    volumeByAdmin: r.volume_by_admin === 1,
    raiseHandRating: r.raise_hand_rating === null ? null : BigInt(r.raise_hand_rating),
    videoStopped: r.video_stopped === 1,
    videoGroups: r.video_groups === null ? null : (JSON.parse(r.video_groups) as VideoGroup[]),
    videoPaused: r.video_paused === 1,
    presentationGroups: r.presentation_groups === null ? null : (JSON.parse(r.presentation_groups) as VideoGroup[]),
    presentationAudio: r.presentation_audio,
    presentationPaused: r.presentation_paused === 1,
    date: r.date,
    activeDate: r.active_date,
  };
}

/** An invite-link hash: 16 URL-safe characters. */
export function newInviteHash(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export interface NewParticipant {
  peer: CallPeer;
  userId: number;
  kind: ParticipantKind;
  source: number;
  muted: boolean;
  canSelfUnmute: boolean;
  date: number;
  /** The join's video source groups, and whether it said video_stopped; absent: no video. */
  videoGroups?: VideoGroup[] | null;
  videoStopped?: boolean;
}

export class CallStore {
  constructor(private readonly world: World) {
    world.migrate('calls', CALLS_MIGRATIONS);
  }

  private get db() {
    return this.world.db;
  }

  // ── calls ───────────────────────────────────────────────────────────────────────────────────────────────────────

  create(input: {
    chat: CallChat;
    createdBy: number;
    randomId: number;
    title: string | null;
    scheduleDate: number | null;
    rtmp: boolean;
    now: number;
  }): CallRow {
    const row = this.db.prepare('SELECT MAX(id) AS m FROM group_calls').get() as { m: number | null };
    const id = Math.max(CALL_ID_BASE, (row.m ?? 0) + 1);
    this.db
      .prepare(
        `INSERT INTO group_calls (id, access_hash, peer_type, peer_id, created_by, random_id, title, schedule_date, rtmp, created_at, started_at, speaker_hash, listener_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        randomAccessHash().toString(),
        input.chat.type,
        input.chat.id,
        input.createdBy,
        input.randomId,
        input.title,
        input.scheduleDate,
        input.rtmp ? 1 : 0,
        input.now,
        input.scheduleDate === null ? input.now : null,
        newInviteHash(),
        newInviteHash(),
      );
    return this.get(id)!;
  }

  get(id: number): CallRow | undefined {
    const r = this.db.prepare('SELECT * FROM group_calls WHERE id = ?').get(id) as RawCall | undefined;
    return r ? callFromRaw(r) : undefined;
  }

  byRandomId(createdBy: number, chat: CallChat, randomId: number): CallRow | undefined {
    const r = this.db
      .prepare('SELECT * FROM group_calls WHERE created_by = ? AND peer_type = ? AND peer_id = ? AND random_id = ?')
      .get(createdBy, chat.type, chat.id, randomId) as RawCall | undefined;
    return r ? callFromRaw(r) : undefined;
  }

  /** The call of a chat that has not been discarded (active or scheduled), if any. */
  liveOf(chat: CallChat): CallRow | undefined {
    const r = this.db
      .prepare(
        'SELECT * FROM group_calls WHERE peer_type = ? AND peer_id = ? AND discarded_at IS NULL ORDER BY id DESC LIMIT 1',
      )
      .get(chat.type, chat.id) as RawCall | undefined;
    return r ? callFromRaw(r) : undefined;
  }

  live(): CallRow[] {
    return (this.db.prepare('SELECT * FROM group_calls WHERE discarded_at IS NULL ORDER BY id').all() as RawCall[]).map(
      callFromRaw,
    );
  }

  /** Moves the call's participants version by one and returns the new version. */
  bumpVersion(callId: number): number {
    this.db.prepare('UPDATE group_calls SET version = version + 1 WHERE id = ?').run(callId);
    return this.get(callId)!.version;
  }

  setTitle(callId: number, title: string | null): void {
    this.db.prepare('UPDATE group_calls SET title = ? WHERE id = ?').run(title, callId);
  }

  setJoinMuted(callId: number, joinMuted: boolean): void {
    this.db.prepare('UPDATE group_calls SET join_muted = ? WHERE id = ?').run(joinMuted ? 1 : 0, callId);
  }

  resetInviteHashes(callId: number): void {
    this.db
      .prepare('UPDATE group_calls SET speaker_hash = ?, listener_hash = ? WHERE id = ?')
      .run(newInviteHash(), newInviteHash(), callId);
  }

  start(callId: number, now: number): void {
    this.db.prepare('UPDATE group_calls SET schedule_date = NULL, started_at = ? WHERE id = ?').run(now, callId);
  }

  discard(callId: number, now: number): void {
    const call = this.get(callId)!;
    const duration = call.startedAt === null ? 0 : Math.max(0, now - call.startedAt);
    this.db.prepare('UPDATE group_calls SET discarded_at = ?, duration = ? WHERE id = ?').run(now, duration, callId);
    this.db.prepare('DELETE FROM group_call_participants WHERE call_id = ?').run(callId);
  }

  // ── participants ────────────────────────────────────────────────────────────────────────────────────────────────

  participants(callId: number, after = 0, limit = -1): ParticipantRow[] {
    return (
      this.db
        .prepare('SELECT * FROM group_call_participants WHERE call_id = ? AND seq > ? ORDER BY seq LIMIT ?')
        .all(callId, after, limit) as RawParticipant[]
    ).map(participantFromRaw);
  }

  /** Users with a live client in the call (not simulated speakers or fake listeners). */
  clientUsers(callId: number): number[] {
    return (
      this.db
        .prepare(
          "SELECT DISTINCT user_id FROM group_call_participants WHERE call_id = ? AND kind = 'client' ORDER BY user_id",
        )
        .all(callId) as { user_id: number }[]
    ).map((r) => r.user_id);
  }

  count(callId: number): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM group_call_participants WHERE call_id = ?').get(callId) as {
        n: number;
      }
    ).n;
  }

  participant(callId: number, peer: CallPeer): ParticipantRow | undefined {
    const r = this.db
      .prepare('SELECT * FROM group_call_participants WHERE call_id = ? AND peer_type = ? AND peer_id = ?')
      .get(callId, peer.type, peer.id) as RawParticipant | undefined;
    return r ? participantFromRaw(r) : undefined;
  }

  bySource(callId: number, source: number): ParticipantRow | undefined {
    const r = this.db
      .prepare('SELECT * FROM group_call_participants WHERE call_id = ? AND source = ?')
      .get(callId, source) as RawParticipant | undefined;
    return r ? participantFromRaw(r) : undefined;
  }

  /** The participant whose join (or screen share) announced `ssrc` (signed) among its video SSRCs or as screen audio. */
  byVideoSource(callId: number, ssrc: number): ParticipantRow | undefined {
    const rows = this.db
      .prepare(
        'SELECT * FROM group_call_participants WHERE call_id = ? AND (video_groups IS NOT NULL OR presentation_groups IS NOT NULL)',
      )
      .all(callId) as RawParticipant[];
    const has = (groups: VideoGroup[] | null) => groups?.some((g) => g.sources.includes(ssrc)) === true;
    return rows
      .map(participantFromRaw)
      .find((p) => has(p.videoGroups) || has(p.presentationGroups) || p.presentationAudio === ssrc);
  }

  /** Starts (groups and audio) or ends (null) a participant's screen share. */
  setPresentation(
    callId: number,
    peer: CallPeer,
    presentation: { groups: VideoGroup[]; audio: number | null } | null,
  ): ParticipantRow {
    this.db
      .prepare(
        'UPDATE group_call_participants SET presentation_groups = ?, presentation_audio = ?, presentation_paused = 0 WHERE call_id = ? AND peer_type = ? AND peer_id = ?',
      )
      .run(
        presentation === null ? null : JSON.stringify(presentation.groups),
        presentation?.audio ?? null,
        callId,
        peer.type,
        peer.id,
      );
    return this.participant(callId, peer)!;
  }

  /**
   * Participants sending video now, a camera or a screen (groupCall.unmuted_video_count): a person counts once, as
   * Telegram's apps count them against unmuted_video_limit. `except` leaves out one person's records (a rejoin).
   */
  videoCount(callId: number, except?: { userId: number }): number {
    return (
      this.db
        .prepare(
          `SELECT COUNT(*) AS n FROM group_call_participants WHERE call_id = ? AND user_id IS NOT ?
             AND ((video_groups IS NOT NULL AND video_stopped = 0) OR presentation_groups IS NOT NULL)`,
        )
        .get(callId, except?.userId ?? null) as { n: number }
    ).n;
  }

  /** Sets the call's limit of people sending video (null: Telegram's default). */
  setVideoLimit(callId: number, limit: number | null): void {
    this.db.prepare('UPDATE group_calls SET video_limit = ? WHERE id = ?').run(limit, callId);
  }

  /** Participants `userId` stands behind (as themself or as a channel). */
  ofUser(callId: number, userId: number): ParticipantRow[] {
    return (
      this.db
        .prepare('SELECT * FROM group_call_participants WHERE call_id = ? AND user_id = ?')
        .all(callId, userId) as RawParticipant[]
    ).map(participantFromRaw);
  }

  /** Adds a participant, or replaces the record of the same peer (a rejoin: new source, new date). */
  upsert(callId: number, p: NewParticipant): ParticipantRow {
    this.db
      .prepare(
        `INSERT INTO group_call_participants (call_id, peer_type, peer_id, user_id, kind, source, muted, can_self_unmute, date, active_date,
           video_groups, video_stopped, video_paused)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, 0)
         ON CONFLICT (call_id, peer_type, peer_id) DO UPDATE SET user_id = excluded.user_id, kind = excluded.kind, source = excluded.source,
           muted = excluded.muted, can_self_unmute = excluded.can_self_unmute, date = excluded.date, raise_hand_rating = NULL,
           video_groups = excluded.video_groups, video_stopped = excluded.video_stopped, video_paused = 0`,
      )
      .run(
        callId,
        p.peer.type,
        p.peer.id,
        p.userId,
        p.kind,
        p.source,
        p.muted ? 1 : 0,
        p.canSelfUnmute ? 1 : 0,
        p.date,
        p.videoGroups ? JSON.stringify(p.videoGroups) : null,
        p.videoGroups && p.videoStopped === false ? 0 : 1,
      );
    return this.participant(callId, p.peer)!;
  }

  update(
    callId: number,
    peer: CallPeer,
    change: Partial<
      Pick<
        ParticipantRow,
        | 'muted'
        | 'canSelfUnmute'
        | 'volume'
        | 'volumeByAdmin'
        | 'raiseHandRating'
        | 'videoStopped'
        | 'videoPaused'
        | 'presentationPaused'
        | 'activeDate'
      >
    >,
  ): ParticipantRow {
    const columns: Record<string, string> = {
      muted: 'muted',
      canSelfUnmute: 'can_self_unmute',
      volume: 'volume',
      volumeByAdmin: 'volume_by_admin',
      raiseHandRating: 'raise_hand_rating',
      videoStopped: 'video_stopped',
      videoPaused: 'video_paused',
      presentationPaused: 'presentation_paused',
      activeDate: 'active_date',
    };
    const sets: string[] = [];
    const values: (number | bigint | null)[] = [];
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) continue;
      sets.push(`${columns[key]} = ?`);
      values.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
    }
    if (sets.length > 0) {
      this.db
        .prepare(
          `UPDATE group_call_participants SET ${sets.join(', ')} WHERE call_id = ? AND peer_type = ? AND peer_id = ?`,
        )
        .run(...values, callId, peer.type, peer.id);
    }
    return this.participant(callId, peer)!;
  }

  remove(callId: number, peer: CallPeer): void {
    this.db
      .prepare('DELETE FROM group_call_participants WHERE call_id = ? AND peer_type = ? AND peer_id = ?')
      .run(callId, peer.type, peer.id);
  }

  /** Everyone out of every call (a restart: their media is gone). Returns how many were removed per call. */
  clearAllParticipants(): Map<number, number> {
    const rows = this.db
      .prepare('SELECT call_id, COUNT(*) AS n FROM group_call_participants GROUP BY call_id')
      .all() as { call_id: number; n: number }[];
    this.db.prepare('DELETE FROM group_call_participants').run();
    return new Map(rows.map((r) => [r.call_id, r.n]));
  }

  // ── invites, subscriptions, per-viewer preferences, join-as defaults, RTMP keys ─────────────────────────────────

  invited(callId: number, userId: number): boolean {
    return (
      this.db.prepare('SELECT 1 FROM group_call_invites WHERE call_id = ? AND user_id = ?').get(callId, userId) !==
      undefined
    );
  }

  addInvite(callId: number, userId: number, inviterId: number, now: number): void {
    this.db
      .prepare('INSERT OR IGNORE INTO group_call_invites (call_id, user_id, inviter_id, date) VALUES (?, ?, ?, ?)')
      .run(callId, userId, inviterId, now);
  }

  invites(callId: number): { userId: number; inviterId: number; date: number }[] {
    return (
      this.db
        .prepare('SELECT user_id, inviter_id, date FROM group_call_invites WHERE call_id = ? ORDER BY date, user_id')
        .all(callId) as { user_id: number; inviter_id: number; date: number }[]
    ).map((r) => ({ userId: r.user_id, inviterId: r.inviter_id, date: r.date }));
  }

  subscribed(callId: number, userId: number): boolean {
    return (
      this.db.prepare('SELECT 1 FROM group_call_subscribers WHERE call_id = ? AND user_id = ?').get(callId, userId) !==
      undefined
    );
  }

  setSubscribed(callId: number, userId: number, on: boolean): void {
    if (on)
      this.db
        .prepare('INSERT OR IGNORE INTO group_call_subscribers (call_id, user_id) VALUES (?, ?)')
        .run(callId, userId);
    else this.db.prepare('DELETE FROM group_call_subscribers WHERE call_id = ? AND user_id = ?').run(callId, userId);
  }

  subscribers(callId: number): number[] {
    return (
      this.db.prepare('SELECT user_id FROM group_call_subscribers WHERE call_id = ? ORDER BY user_id').all(callId) as {
        user_id: number;
      }[]
    ).map((r) => r.user_id);
  }

  /** A viewer's own mute / volume of another participant (non-admins: local playback only). */
  localPrefs(callId: number, viewerId: number): Map<string, { muted: boolean | null; volume: number | null }> {
    const rows = this.db
      .prepare(
        'SELECT peer_type, peer_id, muted, volume FROM group_call_local_prefs WHERE call_id = ? AND viewer_id = ?',
      )
      .all(callId, viewerId) as {
      peer_type: string;
      peer_id: number;
      muted: number | null;
      volume: number | null;
    }[];
    return new Map(
      rows.map((r) => [
        `${r.peer_type}:${r.peer_id}`,
        { muted: r.muted === null ? null : r.muted === 1, volume: r.volume },
      ]),
    );
  }

  setLocalPref(callId: number, viewerId: number, peer: CallPeer, change: { muted?: boolean; volume?: number }): void {
    this.db
      .prepare(
        `INSERT INTO group_call_local_prefs (call_id, viewer_id, peer_type, peer_id, muted, volume) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (call_id, viewer_id, peer_type, peer_id) DO UPDATE SET muted = COALESCE(excluded.muted, muted), volume = COALESCE(excluded.volume, volume)`,
      )
      .run(
        callId,
        viewerId,
        peer.type,
        peer.id,
        change.muted === undefined ? null : change.muted ? 1 : 0,
        change.volume ?? null,
      );
  }

  defaultJoinAs(chat: CallChat, userId: number): CallPeer | undefined {
    const r = this.db
      .prepare(
        'SELECT join_as_type, join_as_id FROM group_call_join_as WHERE chat_type = ? AND chat_id = ? AND user_id = ?',
      )
      .get(chat.type, chat.id, userId) as { join_as_type: 'user' | 'channel'; join_as_id: number } | undefined;
    return r ? { type: r.join_as_type, id: r.join_as_id } : undefined;
  }

  setDefaultJoinAs(chat: CallChat, userId: number, joinAs: CallPeer): void {
    this.db
      .prepare(
        `INSERT INTO group_call_join_as (chat_type, chat_id, user_id, join_as_type, join_as_id) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (chat_type, chat_id, user_id) DO UPDATE SET join_as_type = excluded.join_as_type, join_as_id = excluded.join_as_id`,
      )
      .run(chat.type, chat.id, userId, joinAs.type, joinAs.id);
  }

  /** The chat's RTMP stream key, made on first use; `revoke` replaces it. */
  rtmpKey(chat: CallChat, revoke: boolean): string {
    const existing = this.db
      .prepare('SELECT stream_key FROM group_call_rtmp_keys WHERE peer_type = ? AND peer_id = ?')
      .get(chat.type, chat.id) as { stream_key: string } | undefined;
    if (existing && !revoke) return existing.stream_key;
    const key = `${chat.id}:${crypto.randomBytes(12).toString('base64url')}`;
    this.db
      .prepare(
        'INSERT INTO group_call_rtmp_keys (peer_type, peer_id, stream_key) VALUES (?, ?, ?) ON CONFLICT (peer_type, peer_id) DO UPDATE SET stream_key = excluded.stream_key',
      )
      .run(chat.type, chat.id, key);
    return key;
  }
}
