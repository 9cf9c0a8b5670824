// Which Chromium the browser tests, benchmarks and scripts drive, and the launch flags they all use (one list, so that
// a flag that must change changes everywhere). The browser is looked for in this order:
//   1. CHROMIUM_PATH, when set (a path that does not exist is an error, never silently replaced by another browser);
//   2. the system's Chromium (Debian's /usr/bin/chromium, other distributions' names, macOS's app);
//   3. Playwright's own Chromium, where `npx playwright install chromium` has put it.
// When none is there, ensure-chromium.mjs installs Debian's package with apt-get, on Debian and as root only; anywhere
// else it says what to run.
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const CHROMIUM_PATH_ENV = 'CHROMIUM_PATH';

/** Where systems put Chromium, Debian's first. */
export const SYSTEM_CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
] as const;

/** What Debian's package installs, and how. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
export const DEBIAN_INSTALL = 'apt-get update && apt-get install -y chromium';
export const PLAYWRIGHT_INSTALL = 'npx playwright install chromium';

export type ChromiumSource = 'CHROMIUM_PATH' | 'system' | 'playwright';

export type ChromiumLookup = { ok: true; path: string; source: ChromiumSource } | { ok: false; reason: string };

/** What the lookup may look at: the environment, the file system, and where Playwright keeps its own browser. */
export interface ChromiumProbe {
  env: Record<string, string | undefined>;
  exists: (file: string) => boolean;
  /** Playwright's own Chromium's path (whether it is installed or not), or undefined when Playwright cannot say. */
  playwrightPath: () => string | undefined;
}

export function findChromium(probe: ChromiumProbe): ChromiumLookup {
  const fromEnv = probe.env[CHROMIUM_PATH_ENV];
  if (fromEnv) {
    if (probe.exists(fromEnv)) return { ok: true, path: fromEnv, source: 'CHROMIUM_PATH' };
    return { ok: false, reason: `${CHROMIUM_PATH_ENV} is ${fromEnv}, and there is no file there.` };
  }
  const system = SYSTEM_CHROMIUM_PATHS.find((file) => probe.exists(file));
  if (system) return { ok: true, path: system, source: 'system' };
  const own = probe.playwrightPath();
  if (own && probe.exists(own)) return { ok: true, path: own, source: 'playwright' };
  return {
    ok: false,
    reason: `No Chromium found (${CHROMIUM_PATH_ENV} unset; none of ${SYSTEM_CHROMIUM_PATHS.join(', ')}; no Playwright Chromium${own ? ` at ${own}` : ''}).`,
  };
}

/** Where the machine stands: Debian or not (apt-get is used only there), and root or not. */
export interface MachineFacts {
  debian: boolean;
  root: boolean;
}

export type ChromiumPlan =
  | { kind: 'ready'; path: string; source: ChromiumSource }
  | { kind: 'install'; command: string }
  | { kind: 'tell'; message: string };

/** What ensure-chromium.mjs does: nothing when a Chromium is found; apt-get on Debian as root; otherwise explain. */
export function chromiumPlan(lookup: ChromiumLookup, machine: MachineFacts): ChromiumPlan {
  if (lookup.ok) return { kind: 'ready', path: lookup.path, source: lookup.source };
  const pointAt = `or point ${CHROMIUM_PATH_ENV} at a Chromium or Chrome binary`;
  // A CHROMIUM_PATH that points at nothing is a mistake to correct, not a reason to install another browser.
  if (lookup.reason.startsWith(CHROMIUM_PATH_ENV))
    return { kind: 'tell', message: `${lookup.reason} Correct it, or unset it to use the system's Chromium.` };
  if (machine.debian && machine.root) return { kind: 'install', command: DEBIAN_INSTALL };
  const install = machine.debian
    ? `Run as root:\n\n  ${DEBIAN_INSTALL}\n\nor, without root:\n\n  ${PLAYWRIGHT_INSTALL}\n`
    : `Install your system's Chromium, or run:\n\n  ${PLAYWRIGHT_INSTALL}\n`;
  return {
    kind: 'tell',
    message: `${lookup.reason}\nThe browser tests need Chromium. ${install}\n(${pointAt}.)`,
  };
}

/** Debian (not a derivative: their `chromium` package may be something else), read from /etc/os-release. */
export function isDebian(osRelease: string | undefined): boolean {
  return osRelease !== undefined && /^ID="?debian"?\s*$/m.test(osRelease);
}

function readOsRelease(): string | undefined {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return undefined;
  }
}

/** The facts of this machine. */
export function thisMachine(): MachineFacts {
  return { debian: isDebian(readOsRelease()), root: typeof process.getuid === 'function' && process.getuid() === 0 };
}

function playwrightPath(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** The lookup on this machine, now. */
export function lookUpChromium(env: Record<string, string | undefined> = process.env): ChromiumLookup {
  return findChromium({ env, exists: existsSync, playwrightPath });
}

const found = lookUpChromium();

/**
 * The Chromium every browser launch here uses (executablePath). When none is found it is still a path (CHROMIUM_PATH,
 * or Debian's), so that a launch fails naming it; skipBrowserTests and ensure-chromium.mjs say what to do instead.
 */
export const CHROMIUM: string = found.ok ? found.path : (process.env[CHROMIUM_PATH_ENV] ?? DEBIAN_CHROMIUM);

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
 * with TGCALL_SKIP_BROWSER_TESTS=1. Otherwise a missing Chromium fails the file with what to do: `npm test` makes sure
 * of one before the tests run, so in `npm test` a missing browser is an error, never a silent skip.
 */
export function skipBrowserTests(
  lookup: ChromiumLookup = found,
  env: Record<string, string | undefined> = process.env,
): boolean {
  if (lookup.ok) return false;
  if (env[SKIP_BROWSER_TESTS_ENV] === '1') return true;
  throw new Error(
    `These tests drive Chromium. ${lookup.reason} Run \`node scripts/ensure-chromium.mjs\` (npm test runs it ` +
      `first: it installs Debian's chromium as root, or says what to run), set ${CHROMIUM_PATH_ENV}, or set ` +
      `${SKIP_BROWSER_TESTS_ENV}=1 to skip this file when running it by hand.`,
  );
}
