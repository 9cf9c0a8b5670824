#!/usr/bin/env node
// Makes sure Debian's Chromium is there for the e2e tests (Playwright cannot download browsers on this network):
// installs it with apt-get when running as root, otherwise says exactly what to run and fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y chromium';

if (existsSync(CHROMIUM)) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`${CHROMIUM} is missing; the end-to-end tests need Debian's Chromium.\nRun as root:\n\n  ${INSTALL}\n`);
  process.exit(1);
}

console.log(`${CHROMIUM} is missing; installing Debian's chromium package…`);
const result = spawnSync('sh', ['-c', INSTALL], {
  stdio: 'inherit',
  env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
});
if (result.status !== 0 || !existsSync(CHROMIUM)) {
  console.error(
    `Installing chromium failed (exit ${result.status ?? result.signal}). Run this yourself, as root:\n\n  ${INSTALL}\n`,
  );
  process.exit(1);
}
console.log(`Installed ${CHROMIUM}.`);
