// The input level of a microphone track (0..1), sampled twenty times a second with a WebAudio analyser over the last
// ~43 ms (so that the windows nearly cover the time, and a short sound is not missed between two samples): the call's
// mic button and Settings' "test your microphone" meter show it.

export interface LevelMeter {
  stop(): void;
}

/** Calls `onLevel` with the track's level (RMS, scaled so that speech fills most of the range) until stopped. */
export function meterLevel(track: MediaStreamTrack, onLevel: (level: number) => void, intervalMs = 50): LevelMeter {
  const context = new AudioContext();
  // Created after an await (getUserMedia), the context may start suspended; the click that asked for it allows this.
  if (context.state === 'suspended') void context.resume();
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  // Each reading looks back ~340 ms (at 48 kHz), longer than the interval between readings even when a busy page runs
  // its timers late: a short sound (a click, Chromium's fake beep) always shows in the next reading.
  analyser.fftSize = 16384;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    let peak = 0;
    for (const s of samples) {
      sum += s * s;
      peak = Math.max(peak, Math.abs(s));
    }
    const rms = Math.sqrt(sum / samples.length);
    onLevel(track.enabled ? Math.min(1, Math.max(rms * 4, peak)) : 0);
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      source.disconnect();
      void context.close();
    },
  };
}
