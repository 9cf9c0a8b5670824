// When the SFU sent its first forwarded packet to each connection: ParticipantPeer.prototype.forward wrapped at run
// time (the bench's own process; emulator code unchanged), so the join bench can check its first-packet estimate
// against the moment the packet left the SFU. Times are Date.now()-based wall clock with performance.now() precision.
import { ParticipantPeer } from '../../emulator/sfu/participantPeer';

type Forward = ParticipantPeer['forward'];

export interface ForwardProbe {
  /** First-forward times (wall-clock ms) of connections, in order; each connection once. */
  readonly firsts: number[];
  stop(): void;
}

export function probeFirstForwards(): ForwardProbe {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- kept to be put back and called with .apply(this)
  const original: Forward = ParticipantPeer.prototype.forward;
  const seen = new WeakSet<ParticipantPeer>();
  const firsts: number[] = [];
  ParticipantPeer.prototype.forward = function (this: ParticipantPeer, ...args: Parameters<Forward>): boolean {
    const sent = original.apply(this, args);
    if (sent && !seen.has(this)) {
      seen.add(this);
      firsts.push(performance.timeOrigin + performance.now());
    }
    return sent;
  };
  return {
    firsts,
    stop: () => {
      ParticipantPeer.prototype.forward = original;
    },
  };
}
