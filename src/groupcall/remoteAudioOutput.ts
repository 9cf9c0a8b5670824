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
  /**
   * Plays through this output device (HTMLMediaElement.setSinkId; '' = the system default). Rejects where the browser
   * cannot choose (no setSinkId: Firefox before 116, Safari) or refuses the device.
   */
  setSinkId(deviceId: string): Promise<void>;
  close(): void;
}

/** Whether this browser lets a page choose the audio output device. */
export function canChooseAudioOutput(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

type SinkElement = HTMLAudioElement & { setSinkId?(id: string): Promise<void> };

export function audioElementOutput(): RemoteAudioOutput {
  const playing = new Map<number, { element: SinkElement; track: MediaStreamTrack }>();
  let sinkId = '';
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
          const element: SinkElement = new Audio();
          element.autoplay = true;
          if (sinkId !== '' && element.setSinkId !== undefined) {
            element
              .setSinkId(sinkId)
              .catch((error: unknown) => console.warn(`remote audio ${ssrc}: output device not set`, error));
          }
          element.srcObject = new MediaStream([track]);
          entry = { element, track };
          playing.set(ssrc, entry);
          // Autoplay may be refused before a user gesture; the next update after one (join is a click) retries.
          element.play().catch((error: unknown) => console.warn(`remote audio ${ssrc} did not start`, error));
        }
        entry.element.volume = Math.min(1, Math.max(0, volume));
      }
    },
    async setSinkId(deviceId) {
      if (!canChooseAudioOutput())
        throw new DOMException('This browser cannot choose the audio output device', 'NotSupportedError');
      await Promise.all([...playing.values()].map(({ element }) => element.setSinkId?.(deviceId)));
      sinkId = deviceId;
    },
    close() {
      for (const ssrc of [...playing.keys()]) stop(ssrc);
    },
  };
}
