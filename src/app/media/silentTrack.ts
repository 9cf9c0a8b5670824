// A silent audio track: what a listener sends while the browser refuses the microphone, so that the call can be joined
// (Telegram's join needs an audio SSRC) and a real microphone can replace it later on the same connection.

/** A track of silence from WebAudio; stopping it closes its AudioContext. */
export function silentTrack(): MediaStreamTrack {
  const context = new AudioContext();
  const destination = context.createMediaStreamDestination();
  const track = destination.stream.getAudioTracks()[0];
  if (track === undefined) throw new DOMException('WebAudio gave no audio track', 'NotSupportedError');
  const stop = track.stop.bind(track);
  track.stop = () => {
    stop();
    void context.close();
  };
  return track;
}
