// A missing Chromium fails the browser test files inside `npm test`; only an explicit TGCALL_SKIP_BROWSER_TESTS=1 skips.
import { describe, expect, it } from 'vitest';
import { CHROMIUM, skipBrowserTests } from './chromium';

describe('skipBrowserTests', () => {
  it('runs the browser tests when Chromium is there, whatever the variable says', () => {
    expect(skipBrowserTests((f) => f === CHROMIUM, {})).toBe(false);
    expect(skipBrowserTests((f) => f === CHROMIUM, { TGCALL_SKIP_BROWSER_TESTS: '1' })).toBe(false);
  });

  it('fails with what to run when Chromium is missing and nobody asked to skip', () => {
    expect(() => skipBrowserTests(() => false, {})).toThrow(
      /none at \/usr\/bin\/chromium.*node scripts\/ensure-chromium\.mjs.*TGCALL_SKIP_BROWSER_TESTS=1/s,
    );
    expect(() => skipBrowserTests(() => false, { TGCALL_SKIP_BROWSER_TESTS: 'yes' })).toThrow(/ensure-chromium/);
  });

  it('skips only when Chromium is missing and TGCALL_SKIP_BROWSER_TESTS=1', () => {
    expect(skipBrowserTests(() => false, { TGCALL_SKIP_BROWSER_TESTS: '1' })).toBe(true);
  });
});
