// Call rows as the layer-158 objects a given viewer sees: inputGroupCall, groupCall / groupCallDiscarded (viewer flags:
// can_change_join_muted, schedule_start_subscribed), groupCallParticipant (self, muted_by_you, local volume).
import type { TlObject } from '../api/types';
import { peerChannel, peerUser } from '../api/views';
import type { CallPeer, CallRow, CallStore, ParticipantRow } from './callStore';

/** Telegram's limit of people sending video in one call (groupCall.unmuted_video_limit). */
export const UNMUTED_VIDEO_LIMIT = 30;
export const DEFAULT_VOLUME = 10_000;

/** The call's limit of people sending video (its own, else Telegram's). */
export const videoLimitOf = (call: Pick<CallRow, 'videoLimit'>): number => call.videoLimit ?? UNMUTED_VIDEO_LIMIT;

/** A participant counted in unmuted_video_count: its camera is on, or it shares a screen. */
export const sendsVideo = (p: ParticipantRow): boolean =>
  (p.videoGroups !== null && !p.videoStopped) || p.presentationGroups !== null;

/**
 * Whether `userId` may turn a camera on or share a screen now (groupCall.can_start_video, per viewer): below the
 * limit, or already sending video (a second stream of the same person does not count again). Never in RTMP streams.
 */
export function canStartVideo(store: CallStore, call: CallRow, userId: number): boolean {
  if (call.rtmp) return false;
  if (store.ofUser(call.id, userId).some(sendsVideo)) return true;
  return store.videoCount(call.id) < videoLimitOf(call);
}

export const inputGroupCallTl = (call: Pick<CallRow, 'id' | 'accessHash'>): TlObject => ({
  _: 'inputGroupCall',
  id: BigInt(call.id),
  access_hash: call.accessHash,
});

export const callPeerTl = (peer: CallPeer): TlObject =>
  peer.type === 'user' ? peerUser(peer.id) : peerChannel(peer.id);

export const peerKey = (peer: CallPeer): string => `${peer.type}:${peer.id}`;

/** The SFU endpoint (and Telegram endpoint string) of a participant's screen share: a connection of its own. */
export const presentationEndpoint = (peer: CallPeer): string => `${peerKey(peer)}#presentation`;

export function groupCallTl(store: CallStore, call: CallRow, viewer: { userId: number; isAdmin: boolean }): TlObject {
  if (call.discardedAt !== null)
    return { _: 'groupCallDiscarded', id: BigInt(call.id), access_hash: call.accessHash, duration: call.duration ?? 0 };
  return {
    _: 'groupCall',
    join_muted: call.joinMuted || undefined,
    can_change_join_muted: viewer.isAdmin || undefined,
    schedule_start_subscribed: (call.scheduleDate !== null && store.subscribed(call.id, viewer.userId)) || undefined,
    can_start_video: canStartVideo(store, call, viewer.userId) || undefined,
    rtmp_stream: call.rtmp || undefined,
    id: BigInt(call.id),
    access_hash: call.accessHash,
    participants_count: store.count(call.id),
    title: call.title ?? undefined,
    stream_dc_id: call.rtmp ? 2 : undefined,
    schedule_date: call.scheduleDate ?? undefined,
    unmuted_video_count: store.videoCount(call.id),
    unmuted_video_limit: videoLimitOf(call),
    version: call.version,
  };
}

export interface ParticipantFlags {
  /** The participant just joined (the join's update). */
  justJoined?: boolean;
  /** This change moves the call's version. */
  versioned?: boolean;
  /** The participant left (the record is gone). */
  left?: boolean;
}

export type LocalPrefs = ReadonlyMap<string, { muted: boolean | null; volume: number | null }>;

export function participantTl(
  p: ParticipantRow,
  viewerId: number,
  local: LocalPrefs,
  flags: ParticipantFlags = {},
): TlObject {
  const mine = local.get(peerKey(p.peer));
  const self = p.userId === viewerId && p.kind === 'client';
  const localVolume = !self ? (mine?.volume ?? null) : null;
  const volume = localVolume ?? (p.volume !== DEFAULT_VOLUME ? p.volume : null);
  return {
    _: 'groupCallParticipant',
    muted: p.muted || undefined,
    left: flags.left || undefined,
    can_self_unmute: p.canSelfUnmute || undefined,
    just_joined: flags.justJoined || undefined,
    versioned: flags.versioned || undefined,
    muted_by_you: (!self && mine?.muted === true) || undefined,
    volume_by_admin: (localVolume === null && p.volumeByAdmin) || undefined,
    self: self || undefined,
    peer: callPeerTl(p.peer),
    date: p.date,
    active_date: p.activeDate ?? undefined,
    source: p.source,
    volume: volume ?? undefined,
    raise_hand_rating: p.raiseHandRating ?? undefined,
    video_joined: p.videoGroups !== null || undefined,
    video: participantVideoTl(p),
    presentation: presentationTl(p),
  };
}

/** `groupCallParticipantVideo` of a screen being shared, with its audio source when the screen has sound. */
function presentationTl(p: ParticipantRow): TlObject | undefined {
  if (p.presentationGroups === null) return undefined;
  return {
    _: 'groupCallParticipantVideo',
    paused: p.presentationPaused || undefined,
    endpoint: presentationEndpoint(p.peer),
    source_groups: p.presentationGroups.map((g) => ({
      _: 'groupCallParticipantVideoSourceGroup',
      semantics: g.semantics,
      sources: [...g.sources],
    })),
    audio_source: p.presentationAudio ?? undefined,
  };
}

/** `groupCallParticipantVideo` while the participant's camera is on; the endpoint is the SFU's endpoint id. */
function participantVideoTl(p: ParticipantRow): TlObject | undefined {
  if (p.videoGroups === null || p.videoStopped) return undefined;
  return {
    _: 'groupCallParticipantVideo',
    paused: p.videoPaused || undefined,
    endpoint: peerKey(p.peer),
    source_groups: p.videoGroups.map((g) => ({
      _: 'groupCallParticipantVideoSourceGroup',
      semantics: g.semantics,
      sources: [...g.sources],
    })),
  };
}
