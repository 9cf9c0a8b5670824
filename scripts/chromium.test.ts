// Where the browser is found (CHROMIUM_PATH, the system's, Playwright's own), what ensure-chromium.mjs does when there
// is none (apt-get only on Debian as root, otherwise a message saying what to run), and how a browser test file reacts.
import { describe, expect, it } from 'vitest';
import {
  chromiumPlan,
  DEBIAN_INSTALL,
  findChromium,
  isDebian,
  PLAYWRIGHT_INSTALL,
  skipBrowserTests,
  type ChromiumProbe,
} from './chromium';

const PLAYWRIGHT_OWN = '/home/x/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';

function probe(files: string[], env: Record<string, string> = {}, own: string | undefined = PLAYWRIGHT_OWN) {
  return { env, exists: (f: string) => files.includes(f), playwrightPath: () => own } satisfies ChromiumProbe;
}

describe('findChromium', () => {
  it('takes CHROMIUM_PATH first, even when the system has one', () => {
    expect(findChromium(probe(['/opt/chrome', '/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/chrome' }))).toEqual({
      ok: true,
      path: '/opt/chrome',
      source: 'CHROMIUM_PATH',
    });
  });

  it('refuses a CHROMIUM_PATH that points at nothing instead of falling back to another browser', () => {
    const lookup = findChromium(probe(['/usr/bin/chromium'], { CHROMIUM_PATH: '/opt/none' }));
    expect(lookup).toEqual({ ok: false, reason: 'CHROMIUM_PATH is /opt/none, and there is no file there.' });
  });

  it("then the system's: Debian's path first, other distributions' names after it", () => {
    expect(findChromium(probe(['/usr/bin/chromium-browser', '/usr/bin/chromium', PLAYWRIGHT_OWN]))).toEqual({
      ok: true,
      path: '/usr/bin/chromium',
      source: 'system',
    });
    expect(findChromium(probe(['/usr/bin/chromium-browser']))).toMatchObject({ path: '/usr/bin/chromium-browser' });
  });

  it("then Playwright's own browser, only where it is installed", () => {
    expect(findChromium(probe([PLAYWRIGHT_OWN]))).toEqual({ ok: true, path: PLAYWRIGHT_OWN, source: 'playwright' });
    const none = findChromium(probe([]));
    expect(none.ok).toBe(false);
    expect(!none.ok && none.reason).toContain(`no Playwright Chromium at ${PLAYWRIGHT_OWN}`);
    expect(findChromium(probe([], {}, undefined)).ok).toBe(false);
  });
});

describe('chromiumPlan (what ensure-chromium.mjs does)', () => {
  const missing = findChromium(probe([]));

  it('does nothing when a Chromium is found', () => {
    const found = findChromium(probe([PLAYWRIGHT_OWN]));
    expect(chromiumPlan(found, { debian: false, root: false })).toEqual({
      kind: 'ready',
      path: PLAYWRIGHT_OWN,
      source: 'playwright',
    });
  });

  it('installs with apt-get on Debian as root only', () => {
    expect(chromiumPlan(missing, { debian: true, root: true })).toEqual({ kind: 'install', command: DEBIAN_INSTALL });
  });

  it('on Debian without root, says to run apt-get as root or Playwright’s installer', () => {
    const plan = chromiumPlan(missing, { debian: true, root: false });
    expect(plan.kind).toBe('tell');
    expect(plan.kind === 'tell' && plan.message).toContain(`Run as root:\n\n  ${DEBIAN_INSTALL}`);
    expect(plan.kind === 'tell' && plan.message).toContain(PLAYWRIGHT_INSTALL);
  });

  it('elsewhere never mentions apt-get, even as root', () => {
    const plan = chromiumPlan(missing, { debian: false, root: true });
    expect(plan.kind).toBe('tell');
    expect(plan.kind === 'tell' && plan.message).not.toContain('apt-get');
    expect(plan.kind === 'tell' && plan.message).toContain(PLAYWRIGHT_INSTALL);
    expect(plan.kind === 'tell' && plan.message).toContain('CHROMIUM_PATH');
  });

  it('a wrong CHROMIUM_PATH is to be corrected, not installed around', () => {
    const wrong = findChromium(probe([], { CHROMIUM_PATH: '/opt/none' }));
    expect(chromiumPlan(wrong, { debian: true, root: true })).toEqual({
      kind: 'tell',
      message:
        "CHROMIUM_PATH is /opt/none, and there is no file there. Correct it, or unset it to use the system's Chromium.",
    });
  });
});

describe('isDebian', () => {
  it('reads ID from /etc/os-release: Debian yes, its derivatives no', () => {
    expect(isDebian('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n')).toBe(true);
    expect(isDebian('ID="debian"\n')).toBe(true);
    expect(isDebian('NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\n')).toBe(false);
    expect(isDebian(undefined)).toBe(false);
  });
});

describe('skipBrowserTests', () => {
  const found = findChromium(probe(['/usr/bin/chromium']));
  const missing = findChromium(probe([]));

  it('runs the browser tests when Chromium is there, whatever the variable says', () => {
    expect(skipBrowserTests(found, {})).toBe(false);
    expect(skipBrowserTests(found, { TGCALL_SKIP_BROWSER_TESTS: '1' })).toBe(false);
  });

  it('fails with what to run when Chromium is missing and nobody asked to skip', () => {
    expect(() => skipBrowserTests(missing, {})).toThrow(
      /No Chromium found.*node scripts\/ensure-chromium\.mjs.*CHROMIUM_PATH.*TGCALL_SKIP_BROWSER_TESTS=1/s,
    );
    expect(() => skipBrowserTests(missing, { TGCALL_SKIP_BROWSER_TESTS: 'yes' })).toThrow(/ensure-chromium/);
  });

  it('skips only when Chromium is missing and TGCALL_SKIP_BROWSER_TESTS=1', () => {
    expect(skipBrowserTests(missing, { TGCALL_SKIP_BROWSER_TESTS: '1' })).toBe(true);
  });
});
