// `npm run faults`: the fault suite (e2e/faults/*.faults.ts) — each fault on a bounded loop against the local server
// and the app in Chromium, printing a table of figures. The same fixtures and Chromium as the end-to-end tests.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// One id per run, inherited by the workers: the suite's table collects the rows of this run only.
process.env.TGCALL_FAULTS_RUN ??= new Date().toISOString();

export default defineConfig({
  ...base,
  testDir: 'e2e/faults',
  testMatch: '**/*.faults.ts',
  timeout: 15 * 60_000,
  reporter: 'list',
});
