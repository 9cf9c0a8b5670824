// RemoteSourceSync: which remote sources (audio SSRCs, video primaries, signed) the call's current connection declares.
// The participants list says who should be there (everyone heard or showing a video, but the own), the m-line budget
// (mlineBudget.ts) says who holds one of the bounded m-lines, and the difference goes to the transport as one batch.

import { CallError } from './callError';
import type { CallParticipant } from './callParticipant';
import type { CallTransport } from './callTransport';
import { pickWithinBudget, type BudgetCandidate, type MlineBudget } from './mlineBudget';
import type { ParticipantsStore } from './participantsStore';
import { videoReceivePlan } from './remoteVideo';
import type { RemoteSourceInput } from './sdp';
import type { SourceActivity } from './sourceActivity';
import type { DeclaredVideo, VideoReceiving } from './videoReceiving';

/** What the sync needs from its GroupCall. */
export interface RemoteSourceSyncHost {
  readonly store: ParticipantsStore;
  readonly activity: SourceActivity;
  readonly receiving: VideoReceiving;
  /** null: one m-line per source, however many (GroupCallOptions.mlineBudget). */
  readonly budget: MlineBudget | null;
  /** The current connection once the server's transport is applied (remote sources may be given to it), else null. */
  readyTransport(): CallTransport | null;
  /** The current run (CallEngine): an answer that comes back in a later run is dropped. */
  run(): number;
  /** The participant is this client (its own row, or a source this client joined with). */
  isOwn(p: CallParticipant): boolean;
  /** The transport's remote tracks changed: play them. */
  updateAudioOutput(): void;
  /**
   * The browser refused the renegotiation. Chromium may refuse every later description too (a session error such as
   * "Failed to set up audio demuxing" sticks), so the connection could never take a new source again while it stays
   * "connected": the call makes a new one (rejoin), as after any other media failure.
   */
  renegotiationRefused(cause: CallError): void;
}

export class RemoteSourceSync {
  /** Remote SSRCs (signed) given to the current transport. */
  private declaredSources = new Set<number>();
  private readonly store: ParticipantsStore;
  private readonly activity: SourceActivity;
  private readonly receiving: VideoReceiving;
  private readonly budget: MlineBudget | null;

  constructor(private readonly host: RemoteSourceSyncHost) {
    this.store = host.store;
    this.activity = host.activity;
    this.receiving = host.receiving;
    this.budget = host.budget;
  }

  /** Whether the current transport was given this remote source. */
  declares(ssrc: number): boolean {
    return this.declaredSources.has(ssrc);
  }

  /** A new run: nothing is declared on a connection yet. */
  reset(): void {
    this.declaredSources = new Set();
    this.receiving.declared = new Map();
  }

  /**
   * Gives the transport the remote sources the participants list says should be there (all but our own), within the
   * m-line budget: per kind, the most recently active ones (the staged video always), so that a new speaker or a new
   * camera takes the m-line of the one quiet longest instead of adding one.
   */
  sync(): void {
    const transport = this.host.readyTransport();
    if (transport === null) return;
    // Only people who can be heard are candidates: the server forwards unmuted speakers only (as Telegram does), so a
    // muted listener would cost renegotiation time and SDP size for nothing — a 10 000-person call has ~10 000 of them. A
    // source already declared stays a candidate while its participant is present (idle: the first to give its m-line
    // up), so muting and unmuting does not renegotiate each time.
    const inputs = new Map<number, RemoteSourceInput>();
    const candidates: BudgetCandidate[] = [];
    const present = new Set<number>();
    const videos = new Map<number, DeclaredVideo>();
    const lastActive = (ssrc: number) => this.activity.lastActive(ssrc);
    // Declared but not in the browser yet (its renegotiation is queued or running): not taken back before it is.
    const applied = transport.remoteTracks();
    const held = (ssrc: number) => this.declaredSources.has(ssrc) && !applied.has(ssrc);
    for (const p of this.store.all()) {
      if (this.host.isOwn(p)) continue;
      if (p.source !== 0) present.add(p.source);
      if (p.source !== 0 && (!p.muted || this.declaredSources.has(p.source))) {
        inputs.set(p.source, { ssrc: p.source });
        candidates.push({
          ssrc: p.source,
          kind: 'audio',
          lastActive: lastActive(p.source),
          idle: p.muted,
          held: held(p.source),
        });
      }
      // A camera gets an m-line while the participant has `video` (Telegram drops it when the camera is stopped), a
      // shared screen while it has `presentation` (and its sound, when it has one, an audio m-line).
      for (const [kind, video] of [
        ['camera', p.raw.video],
        ['screen', p.raw.presentation],
      ] as const) {
        const plan =
          video === undefined
            ? null
            : videoReceivePlan(video, `${streamIdOf(p.peerId)}${kind === 'screen' ? '-screen' : ''}`);
        if (plan === null || inputs.has(plan.ssrc)) continue;
        present.add(plan.ssrc);
        // A video is as recent as its camera or its person's voice: the speaker's tile is received first.
        const active = Math.max(lastActive(plan.ssrc), p.source === 0 ? 0 : lastActive(p.source));
        const pinned = plan.endpoint === this.receiving.stageEndpoint;
        inputs.set(plan.ssrc, plan.source);
        candidates.push({ ssrc: plan.ssrc, kind: 'video', lastActive: active, pinned, held: held(plan.ssrc) });
        videos.set(plan.ssrc, { peerId: p.peerId, kind, plan });
        const audio = video?.audio_source;
        if (kind === 'screen' && audio !== undefined && audio !== 0 && !inputs.has(audio)) {
          present.add(audio);
          inputs.set(audio, { ssrc: audio });
          candidates.push({ ssrc: audio, kind: 'audio', lastActive: active, pinned, held: held(audio) });
        }
      }
    }
    this.activity.keepOnly(present);
    const chosen =
      this.budget === null ? new Set(inputs.keys()) : pickWithinBudget(candidates, this.declaredSources, this.budget);
    const wanted = new Map([...inputs].filter(([ssrc]) => chosen.has(ssrc)));
    for (const ssrc of [...videos.keys()]) if (!chosen.has(ssrc)) videos.delete(ssrc);
    const add = [...wanted.values()].filter((s) => !this.declaredSources.has(s.ssrc));
    const remove = [...this.declaredSources].filter((s) => !wanted.has(s));
    this.receiving.declared = videos;
    if (add.length === 0 && remove.length === 0) {
      this.receiving.update();
      return;
    }
    this.declaredSources = new Set(wanted.keys());
    const run = this.host.run();
    transport.updateRemoteSources({ add, remove }).then(
      () => {
        if (run !== this.host.run()) return;
        // Getting an m-line counts as activity (SourceActivity.given): a newcomer is not the next to give it up.
        const applied = transport.remoteTracks();
        this.activity.given(add.map((source) => source.ssrc).filter((ssrc) => applied.has(ssrc)));
        this.host.updateAudioOutput();
        this.receiving.update();
      },
      (error: unknown) => {
        if (run !== this.host.run()) return;
        // What the transport really has (a refused round is not committed); then a new connection (see the host).
        this.declaredSources = new Set(transport.remoteTracks().keys());
        this.receiving.update();
        this.host.renegotiationRefused(CallError.mediaFailed('renegotiation', error));
      },
    );
  }
}

/** An msid stream id for a participant (msid ids are RFC 4566 tokens: no ':'), shared by their audio and video. */
function streamIdOf(peerId: string): string {
  return `tg-${peerId.replace(/[^A-Za-z0-9-]/g, '-')}`;
}
