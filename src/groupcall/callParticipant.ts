// A participant as the engine shows it: Telegram's groupCallParticipant keyed by a peer id string ("user:42"), with the
// flags the UI needs spelled out. Pure conversion; the raw object stays available for anything else.

import type { GroupCallParticipant, TypeGroupCallParticipant, TypePeer } from '../telegram/tl/api.generated';

export interface CallParticipant {
  /** "user:<id>", "chat:<id>" or "channel:<id>": the key of the participants map. */
  readonly peerId: string;
  readonly peer: TypePeer;
  /** This client's own participant (Telegram's `self` flag). */
  readonly isSelf: boolean;
  /** The participant's audio SSRC as Telegram sends it (signed int32); 0 when none. */
  readonly source: number;
  readonly muted: boolean;
  readonly canSelfUnmute: boolean;
  readonly handRaised: boolean;
  /** 1..20000, 10000 = 100 %. */
  readonly volume: number;
  readonly raw: GroupCallParticipant;
}

export function peerIdOf(peer: TypePeer): string {
  switch (peer._) {
    case 'peerUser':
      return `user:${peer.user_id}`;
    case 'peerChat':
      return `chat:${peer.chat_id}`;
    case 'peerChannel':
      return `channel:${peer.channel_id}`;
  }
}

export function callParticipantOf(raw: TypeGroupCallParticipant): CallParticipant {
  return {
    peerId: peerIdOf(raw.peer),
    peer: raw.peer,
    isSelf: raw.self === true,
    source: raw.source,
    muted: raw.muted === true,
    // An unmuted participant can speak; the flag matters for muted ones (as Telegram Desktop reads it).
    canSelfUnmute: raw.muted !== true || raw.can_self_unmute === true,
    handRaised: raw.raise_hand_rating !== undefined && raw.raise_hand_rating !== '0',
    volume: raw.volume ?? 10_000,
    raw,
  };
}
