// Debian's Chromium and the launch flags every browser test, benchmark and script here uses (one list, so that a flag
// that must change changes everywhere). Playwright cannot download its own browsers on this network.
export const CHROMIUM = '/usr/bin/chromium';

/** Headless on a closed network: no sandbox (root), no GPU, no background traffic to Google's hosts. */
const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** WebRTC on loopback (without it Chromium offers no 127.0.0.1 candidate) with a fake microphone, camera and screen. */
const MEDIA_FLAGS = [
  '--allow-loopback-in-peer-connection',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  // getDisplayMedia picks the whole (virtual) screen without a picker, headless (measured, Chromium 156).
  '--auto-select-desktop-capture-source=Entire screen',
];

/** For pages that play remote audio without a person's click (the engine plays it in <audio> elements). */
const AUTOPLAY_FLAG = '--autoplay-policy=no-user-gesture-required';

export function chromiumFlags(options: { autoplay?: boolean } = {}): string[] {
  return [...BASE_FLAGS, ...MEDIA_FLAGS, ...(options.autoplay ? [AUTOPLAY_FLAG] : [])];
}
