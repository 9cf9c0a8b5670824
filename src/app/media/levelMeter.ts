// The input level of a microphone track (0..1), sampled about ten times a second with a WebAudio analyser: the call's
// mic button and Settings' "test your microphone" meter show it.

export interface LevelMeter {
  stop(): void;
}

/** Calls `onLevel` with the track's level (RMS, scaled so that speech fills most of the range) until stopped. */
export function meterLevel(track: MediaStreamTrack, onLevel: (level: number) => void, intervalMs = 100): LevelMeter {
  const context = new AudioContext();
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) sum += s * s;
    const rms = Math.sqrt(sum / samples.length);
    onLevel(track.enabled ? Math.min(1, rms * 4) : 0);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      source.disconnect();
      void context.close();
    },
  };
}
