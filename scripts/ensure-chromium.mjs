#!/usr/bin/env node
// Makes sure the browser tests have a Chromium (see scripts/chromium.ts for where it is looked for: CHROMIUM_PATH, the
// system's, Playwright's own). When there is none: on Debian as root it installs Debian's chromium with apt-get;
// anywhere else it says what to run and fails. Never downloads a browser by itself otherwise.
import { spawnSync } from 'node:child_process';
import { tsImport } from 'tsx/esm/api';

const { chromiumPlan, lookUpChromium, thisMachine } = await tsImport('./chromium.ts', import.meta.url);

const plan = chromiumPlan(lookUpChromium(), thisMachine());
if (plan.kind === 'ready') {
  console.log(`Chromium: ${plan.path} (${plan.source})`);
  process.exit(0);
}
if (plan.kind === 'tell') {
  console.error(plan.message);
  process.exit(1);
}

console.log(`No Chromium found; installing Debian's chromium package (${plan.command})…`);
const result = spawnSync('sh', ['-c', plan.command], {
  stdio: 'inherit',
  env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
});
const after = lookUpChromium();
if (result.status !== 0 || !after.ok) {
  console.error(
    `Installing chromium failed (exit ${result.status ?? result.signal}). Run this yourself, as root:\n\n  ${plan.command}\n`,
  );
  process.exit(1);
}
console.log(`Installed ${after.path}.`);
