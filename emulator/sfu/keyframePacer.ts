// Keyframe requests (PLI) from the SFU to one video sender, spaced as the sender will honour them. Chromium's encoder
// acts on at most one keyframe request per 300 ms of a stream and silently ignores the ones in between
// (EncoderRtcpFeedback's minimum keyframe send interval), so a request sent sooner — a receiver's own PLI just after the
// SFU asked for a new receiver, or the request for a simulcast layer right after the one for all layers — is lost, and
// the receiver waits for the next one (a second or more). Here a request that comes too soon is kept and sent when the
// 300 ms are up, unless a keyframe of that SSRC arrived after it was made (then it is answered already).

/** Chromium's minimum interval between keyframe requests it acts on (per stream). */
export const KEYFRAME_REQUEST_SPACING_MS = 300;

export interface KeyframePacerOptions {
  /** Sends one keyframe request for this (unsigned) SSRC now. False when it could not be sent (no connection). */
  send: (ssrc: number) => boolean;
  now?: () => number;
  spacingMs?: number;
}

export class KeyframePacer {
  private readonly sentAt = new Map<number, number>();
  /** SSRC → when the oldest request not yet sent was made, and the timer that sends it. */
  private readonly pending = new Map<number, { since: number; timer: ReturnType<typeof setTimeout> }>();
  private readonly now: () => number;
  private readonly spacingMs: number;

  constructor(private readonly options: KeyframePacerOptions) {
    this.now = options.now ?? Date.now;
    this.spacingMs = options.spacingMs ?? KEYFRAME_REQUEST_SPACING_MS;
  }

  /** Asks for a keyframe of `ssrc`: now, or (too soon after the last one) when the sender will act on it. */
  request(ssrc: number): 'sent' | 'deferred' | 'unsent' {
    if (this.pending.has(ssrc)) return 'deferred'; // one request already waits: it covers this one
    const now = this.now();
    const last = this.sentAt.get(ssrc);
    if (last === undefined || now - last >= this.spacingMs) return this.sendNow(ssrc, now) ? 'sent' : 'unsent';
    const timer = setTimeout(
      () => {
        this.pending.delete(ssrc);
        this.sendNow(ssrc, this.now());
      },
      last + this.spacingMs - now,
    );
    this.pending.set(ssrc, { since: now, timer });
    return 'deferred';
  }

  /** Whether a request for `ssrc` waits (so that a keyframe's arrival is worth checking). */
  waiting(ssrc: number): boolean {
    return this.pending.has(ssrc);
  }

  /** A keyframe of `ssrc` arrived: a request waiting since before it is answered and not sent. */
  keyframeReceived(ssrc: number): void {
    const p = this.pending.get(ssrc);
    if (p === undefined || this.now() < p.since) return;
    clearTimeout(p.timer);
    this.pending.delete(ssrc);
  }

  close(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
  }

  private sendNow(ssrc: number, now: number): boolean {
    if (!this.options.send(ssrc)) return false;
    this.sentAt.set(ssrc, now);
    return true;
  }
}
