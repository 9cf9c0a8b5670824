// Plays the remote participants' audio: one <audio> element per remote SSRC, each with its own volume. Playing is also
// what makes Chromium measure remote levels (getStats audioLevel, getSynchronizationSources need a playing track).
// Injected into GroupCall: tests and other outputs (a WebAudio mixer, a chosen output device) supply their own.

export interface RemoteAudioTrack {
  track: MediaStreamTrack;
  /** 0..1 for an <audio> element (Telegram's 1..20000 volume, 10000 = 100 %, is scaled and capped by the caller). */
  volume: number;
}

export interface RemoteAudioOutput {
  /** The tracks to play now, by SSRC; SSRCs missing from the map stop playing. */
  update(tracks: ReadonlyMap<number, RemoteAudioTrack>): void;
  close(): void;
}

export function audioElementOutput(): RemoteAudioOutput {
  const playing = new Map<number, { element: HTMLAudioElement; track: MediaStreamTrack }>();
  const stop = (ssrc: number) => {
    const entry = playing.get(ssrc);
    if (entry === undefined) return;
    entry.element.pause();
    entry.element.srcObject = null;
    playing.delete(ssrc);
  };
  return {
    update(tracks) {
      for (const ssrc of [...playing.keys()]) if (!tracks.has(ssrc)) stop(ssrc);
      for (const [ssrc, { track, volume }] of tracks) {
        let entry = playing.get(ssrc);
        if (entry !== undefined && entry.track !== track) {
          stop(ssrc);
          entry = undefined;
        }
        if (entry === undefined) {
          const element = new Audio();
          element.autoplay = true;
          element.srcObject = new MediaStream([track]);
          entry = { element, track };
          playing.set(ssrc, entry);
          // Autoplay may be refused before a user gesture; the next update after one (join is a click) retries.
          element.play().catch((error: unknown) => console.warn(`remote audio ${ssrc} did not start`, error));
        }
        entry.element.volume = Math.min(1, Math.max(0, volume));
      }
    },
    close() {
      for (const ssrc of [...playing.keys()]) stop(ssrc);
    },
  };
}
