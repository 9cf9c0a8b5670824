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

/** The variable that lets a person running one browser test file by hand skip it on a machine without Chromium. */
export const SKIP_BROWSER_TESTS_ENV = 'TGCALL_SKIP_BROWSER_TESTS';

/**
 * For a unit-test file that drives Chromium: true (skip) only when Chromium is missing *and* the person asked to skip
 * with TGCALL_SKIP_BROWSER_TESTS=1. Otherwise a missing Chromium fails the file with what to do: `npm test` installs
 * it before the tests run, so in `npm test` a missing browser is an error, never a silent skip.
 */
export function skipBrowserTests(
  exists: (file: string) => boolean,
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (exists(CHROMIUM)) return false;
  if (env[SKIP_BROWSER_TESTS_ENV] === '1') return true;
  throw new Error(
    `These tests drive Chromium, and there is none at ${CHROMIUM}. Run \`node scripts/ensure-chromium.mjs\` (npm test ` +
      `runs it first; as root it installs Debian's chromium with apt-get), or set ${SKIP_BROWSER_TESTS_ENV}=1 to skip ` +
      `this file when running it by hand.`,
  );
}
