// End-to-end tests in Debian's Chromium with fake media; each test file gets a local server and a Vite dev server from
// the fixtures in e2e/fixtures.ts. One worker: the machine is small and the tests share a server.
import { defineConfig } from '@playwright/test';
import { CHROMIUM, chromiumFlags } from './scripts/chromium';

const chromiumArgs = chromiumFlags();

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM, args: chromiumArgs },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1000, height: 760 },
    // Every page (also those of contexts a test makes with browser.newContext, which inherit these) reads dates in one
    // known zone and language, whatever the machine's TZ / LANG: the tests own their clock and locale.
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
  },
});
