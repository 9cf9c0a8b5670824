#!/usr/bin/env node
// `npm start`: the local Telegram-compatible server (data in .data/server) and the Vite dev server proxying /apiws to it.
// Prints the URL to open and how to sign in; Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const dataDir = join(root, '.data', 'server');

/** The preferred port if it is free on 127.0.0.1, else any free one. */
function pickPort(preferred) {
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.once('error', () => {
      const any = createServer();
      any.listen(0, '127.0.0.1', () => {
        const { port } = any.address();
        any.close(() => resolvePort(port));
      });
    });
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolvePort(preferred)));
  });
}

const children = [];
let stopping = false;

function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    }
  }
  setTimeout(() => process.exit(code), 500).unref();
}

function run(name, command, args, env) {
  const child = spawn(command, args, {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  children.push(child);
  child.stderr.on('data', (chunk) => process.stderr.write(`[${name}] ${chunk}`));
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[${name}] exited (${code ?? signal}); stopping.`);
      stopAll(1);
    }
  });
  return child;
}

function waitForLine(child, pattern, what) {
  return new Promise((resolveLine, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 60 s`)), 60_000);
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      const match = pattern.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolveLine(match);
      }
    });
    child.once('exit', () => reject(new Error(`${what} exited before it was ready`)));
  });
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

try {
  mkdirSync(dataDir, { recursive: true });
  const serverPort = await pickPort(Number(process.env.TGCALL_SERVER_PORT ?? 8443));
  const server = run('server', bin('tsx'), ['emulator/main.ts', '--port', String(serverPort), '--data', dataDir], {
    NO_COLOR: '1',
  });
  const [, serverWs] = await waitForLine(server, /listening (ws:\/\/\S+)/, 'the local server');

  const appPort = await pickPort(Number(process.env.PORT ?? 5173));
  const vite = run(
    'vite',
    bin('vite'),
    ['--port', String(appPort), '--strictPort', '--host', '127.0.0.1', '--clearScreen', 'false'],
    {
      TGCALL_SERVER_WS: serverWs,
      NO_COLOR: '1',
    },
  );
  await waitForLine(vite, /Local:\s+http:\/\/\S+/, 'Vite');
  vite.stdout.resume();
  server.stdout.on('data', (chunk) => process.stdout.write(`[server] ${chunk}`));

  console.log(`
  tgcall is running.

    Open:    http://127.0.0.1:${appPort}/
    Server:  ${serverWs}  (data in ${dataDir})

  Sign in with a test account (no real phone needed): phone 99966XYYYY, code X five times.
    Seeded people:  Alice 9996610001, Bob 9996610002, … Oscar 9996610012   (code 11111)
    Two-step verification:  Victor 9996620013, code 22222, password tgcall-2fa
    Any other 99966XYYYY number signs up as a new person.
    Each way Telegram sends a code (SMS, call, missed call, email, Fragment…): 9996610101 … 9996610109 (README).

  Links to try (sign in as Dave, 9996610004, code 11111, to be a newcomer):
    A public group's call:   http://127.0.0.1:${appPort}/join?domain=tgcall_demo&videochat
    A private group's call:  http://127.0.0.1:${appPort}/join?invite=nightOwlsInvite26   (https://t.me/+nightOwlsInvite26)

  Press Ctrl-C to stop.
`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  stopAll(1);
}
