// npm run bench [-- <name>…]: runs the benches (all, or those named) against the local server, werift SFU and Debian's
// Chromium, and prints their figures as tables. Never pass/fail on time. See bench/README.md.

import { cpus, loadavg } from 'node:os';
import { benchBundle } from './bundle';
import { benchJoin } from './join';
import { benchLinks } from './links';
import { benchPanel } from './panel';
import { benchRpc } from './rpc';
import { benchSoak } from './soak';
import { benchSpeakers } from './speakers';
import { benchVideo, benchVideoBitrate, benchVideoFirstFrame } from './video';
import { CHROMIUM, startBenchEnv, type BenchEnv } from './support/env';

/** Options after the names, `--key=value` (e.g. `npm run bench -- soak --minutes=2`). */
type BenchOptions = Record<string, string>;

const BENCHES: Record<string, (env: BenchEnv, options: BenchOptions) => Promise<string>> = {
  join: benchJoin,
  speakers: benchSpeakers,
  rpc: benchRpc,
  panel: benchPanel,
  links: benchLinks,
  video: benchVideo,
  bitrate: benchVideoBitrate,
  camera: benchVideoFirstFrame,
  soak: (env, options) => benchSoak(env, options.minutes === undefined ? {} : { minutes: Number(options.minutes) }),
};
/** Benches that need neither the server nor Chromium: run without starting them. */
const STANDALONE: Record<string, () => Promise<string>> = {
  bundle: benchBundle,
};
/** Benches that run only when named (they take minutes): `npm run bench` alone leaves them out. */
const ONLY_WHEN_NAMED = new Set(['soak']);

// Output piped into something that closes early (| head): keep running to the end so that everything is stopped.
process.stdout.on('error', () => undefined);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const asked = args.filter((a) => !a.startsWith('--'));
  const options: BenchOptions = Object.fromEntries(
    args.flatMap((a) => {
      const match = /^--([a-z-]+)=(.*)$/.exec(a);
      return match === null ? [] : [[match[1], match[2]]];
    }),
  );
  const badOptions = args.filter((a) => a.startsWith('--') && !/^--([a-z-]+)=(.*)$/.test(a));
  if (badOptions.length > 0) {
    console.error(`options are --key=value: ${badOptions.join(' ')}`);
    process.exitCode = 2;
    return;
  }
  const unknown = asked.filter((name) => !(name in BENCHES) && !(name in STANDALONE));
  if (unknown.length > 0) {
    console.error(
      `unknown bench ${unknown.join(', ')}; known: ${[...Object.keys(BENCHES), ...Object.keys(STANDALONE)].join(', ')}`,
    );
    process.exitCode = 2;
    return;
  }
  const standalone = asked.length > 0 ? asked.filter((name) => name in STANDALONE) : Object.keys(STANDALONE);
  const names =
    asked.length > 0
      ? asked.filter((name) => name in BENCHES)
      : Object.keys(BENCHES).filter((name) => !ONLY_WHEN_NAMED.has(name));
  const started = Date.now();
  console.log(
    `tgcall bench — ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Chromium ${CHROMIUM}`,
  );
  console.log(`Figures are from a ${cpus().length}-core machine shared with other work; medians are what to compare.`);
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(
    `load average before: ${load()} (1/5/15 min; above ${cpus().length} means other work competes for the cores)\n`,
  );
  for (const name of standalone) {
    const t = Date.now();
    console.log(await STANDALONE[name]());
    console.log(`(${name}: ${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
  }
  if (names.length === 0) {
    console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  const env = await startBenchEnv();
  // Stopped by a signal: stop Chromium, the server and the temp data dir first.
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.error(`bench: ${signal}, stopping`);
    void env.close().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  try {
    console.log(
      `setup: MTProto connect + handshake + auth.sendCode ${env.signIn.firstCallMs.toFixed(0)} ms, auth.signIn ${env.signIn.signInMs.toFixed(0)} ms (in the page)\n`,
    );
    for (const name of names) {
      const t = Date.now();
      console.log(await BENCHES[name](env, options));
      console.log(`(${name}: ${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
    }
  } finally {
    await env.close();
  }
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s; load average after: ${load()}`);
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
