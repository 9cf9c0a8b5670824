// Colibri messages on a group call's SCTP data channel (Telegram's media servers speak Jitsi's colibri classes; tgcalls
// GroupInstanceCustomImpl sends and reads them). Shapes only: the client writes ReceiverVideoConstraints and reads
// SenderVideoConstraints; the local SFU the other way round.

/** Per endpoint: the heights a receiver wants (tgcalls: 180 thumbnail, 360 medium, 720 full; 0 = none). */
export interface VideoConstraint {
  minHeight?: number;
  maxHeight: number;
}

/** Receiver → server: which videos at what height; every endpoint not named gets `defaultConstraints`. */
export interface ReceiverVideoConstraintsMessage {
  colibriClass: 'ReceiverVideoConstraints';
  constraints: Record<string, VideoConstraint>;
  defaultConstraints: { maxHeight: number };
  onStageEndpoints: string[];
}

/**
 * Server → sender: the largest height anyone watches of its video now (`idealHeight`; 0 = no one watches it), so that
 * it can stop sending layers no one receives. tgcalls applies a lower height after 2 s, a higher one at once.
 */
export interface SenderVideoConstraintsMessage {
  colibriClass: 'SenderVideoConstraints';
  videoConstraints: { idealHeight: number };
}
