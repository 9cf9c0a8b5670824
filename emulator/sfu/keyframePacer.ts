// Keyframe requests (PLI) from the SFU to one video sender, spaced as the sender will honour them. Chromium's encoder
// acts on at most one keyframe request per 300 ms of a stream and silently ignores the ones in between
// (EncoderRtcpFeedback's minimum keyframe send interval), so a request sent sooner — a receiver's own PLI just after the
// SFU asked for a new receiver, or the request for a simulcast layer right after the one for all layers — is lost, and
// the receiver waits for the next one (a second or more). Here a request that comes too soon is kept and sent when the
// 300 ms are up, unless a keyframe of that SSRC arrived after it was made (then it is answered already). The interval is
// per camera, not per SSRC: unless a field trial turns per-layer keyframes on, Chromium keeps one "last request acted
// on" time for all the simulcast layers of a sender and answers a request for any layer with a keyframe of every layer
// (WebRTC's EncoderRtcpFeedback), so a request for one layer just after one for another is ignored as well.

/** Chromium's minimum interval between keyframe requests it acts on (per camera). */
export const KEYFRAME_REQUEST_SPACING_MS = 300;
/**
 * Added to it: Chromium times the interval from when it handled the last request, which comes a few ms after the SFU
 * sent it (more under load), so a request sent exactly 300 ms after the last one was seen ignored in about half the
 * cases (the camera-on bench, rounds 300 ms apart) — and then the receiver waits 300 ms more.
 */
export const KEYFRAME_REQUEST_MARGIN_MS = 50;

export interface KeyframePacerOptions {
  /** Sends one keyframe request for this (unsigned) SSRC now. False when it could not be sent (no connection). */
  send: (ssrc: number) => boolean;
  now?: () => number;
  /** Default: KEYFRAME_REQUEST_SPACING_MS + KEYFRAME_REQUEST_MARGIN_MS. */
  spacingMs?: number;
}

export class KeyframePacer {
  /** When the last request went out, for any SSRC of this sender: Chromium's interval is per camera, not per layer. */
  private sentAt: number | undefined;
  /** SSRC → when its oldest request not yet sent was made; all of them go out when `timer` fires. */
  private readonly pending = new Map<number, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;
  private readonly spacingMs: number;

  constructor(private readonly options: KeyframePacerOptions) {
    this.now = options.now ?? Date.now;
    this.spacingMs = options.spacingMs ?? KEYFRAME_REQUEST_SPACING_MS + KEYFRAME_REQUEST_MARGIN_MS;
  }

  /** Asks for a keyframe of `ssrc`: now, or (too soon after the last one) when the sender will act on it. */
  request(ssrc: number): 'sent' | 'deferred' | 'unsent' {
    const now = this.now();
    if (this.timer !== undefined) {
      // Requests already wait: this one goes out with them (one waiting request of an SSRC covers later ones).
      if (!this.pending.has(ssrc)) this.pending.set(ssrc, now);
      return 'deferred';
    }
    const last = this.sentAt;
    if (last === undefined || now - last >= this.spacingMs) return this.sendNow(ssrc, now) ? 'sent' : 'unsent';
    this.pending.set(ssrc, now);
    this.timer = setTimeout(() => this.flush(), last + this.spacingMs - now);
    return 'deferred';
  }

  /** Whether a request for `ssrc` waits (so that a keyframe's arrival is worth checking). */
  waiting(ssrc: number): boolean {
    return this.pending.has(ssrc);
  }

  /** A keyframe of `ssrc` arrived: a request for it waiting since before it is answered and not sent. */
  keyframeReceived(ssrc: number): void {
    const since = this.pending.get(ssrc);
    if (since === undefined || this.now() < since) return;
    this.pending.delete(ssrc);
    if (this.pending.size === 0) this.stopTimer();
  }

  close(): void {
    this.stopTimer();
    this.pending.clear();
  }

  private flush(): void {
    this.timer = undefined;
    const now = this.now();
    const ssrcs = [...this.pending.keys()];
    this.pending.clear();
    // Chromium acts on the first and makes a keyframe of every layer; the others (same instant) cost nothing.
    for (const ssrc of ssrcs) this.sendNow(ssrc, now);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private sendNow(ssrc: number, now: number): boolean {
    if (!this.options.send(ssrc)) return false;
    this.sentAt = now;
    return true;
  }
}
