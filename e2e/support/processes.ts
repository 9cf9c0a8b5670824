// Starting and stopping the two processes the e2e tests need: the local Telegram server (emulator/main.ts) and a Vite
// dev server whose /apiws proxy points at it. Each runs in its own process group so that stop() ends it and its children.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..', '..');
const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);

export interface ServerProcess {
  port: number;
  /** ws://127.0.0.1:N/apiws */
  wsUrl: string;
  /** http://127.0.0.1:N/control */
  controlUrl: string;
  dataDir: string;
  /** The last few kB the server printed, for failure reports. */
  output(): string;
  /**
   * The server's stderr (it runs with --log: one JSON line per MTProto event and API call) in a file: `mark()` before a
   * test, `since(mark)` after it gives that test's part for its report.
   */
  readonly log: ServerLog;
  /** Kills the server (SIGKILL when `hard`, as a crash would); resolves once it has exited. */
  stop(options?: { hard?: boolean }): Promise<void>;
}

export interface ViteProcess {
  url: string;
  stop(): Promise<void>;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export function tempDataDir(prefix = 'tgcall-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const forceTimer = setTimeout(() => kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(forceTimer);
      resolveStop();
    });
    function kill(sig: NodeJS.Signals): void {
      try {
        // Negative pid: the whole process group this child leads (tsx runs node as a grandchild).
        process.kill(-child.pid!, sig);
      } catch {
        child.kill(sig);
      }
    }
    kill(signal);
  });
}

export interface ServerLog {
  /** The log file (in the data dir; appended to across restarts on the same data dir). */
  readonly path: string;
  /** A position in the log (bytes written so far). */
  mark(): number;
  /** What was written since `mark` (at most the last LOG_ATTACH_BYTES of it, said at the start when cut). */
  since(mark: number): string;
}

/** The most of a server's log one failure report gets. */
export const LOG_ATTACH_BYTES = 8 * 1024 * 1024;

/**
 * The server's --log lines go to a file, not a pipe: a busy test runner that reads a pipe late would block the server
 * on its writes (stderr to a pipe is synchronous on Linux), and a file keeps it all without holding it in memory.
 */
function fileLog(path: string): ServerLog {
  const size = () => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  return {
    path,
    mark: size,
    since(mark) {
      const end = size();
      const start = Math.max(mark, end - LOG_ATTACH_BYTES);
      if (end <= start) return '';
      const fd = openSync(path, 'r');
      try {
        const buffer = Buffer.alloc(end - start);
        readSync(fd, buffer, 0, buffer.length, start);
        const cut = start > mark ? `[${start - mark} earlier bytes left out]\n` : '';
        return cut + buffer.toString('utf8');
      } finally {
        closeSync(fd);
      }
    },
  };
}

/** Collects a child's output so that a failed start can say why. */
function captureOutput(child: ChildProcess): () => string {
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => output;
}

/**
 * Starts `tsx emulator/main.ts --port <port> --data <dataDir> --control --log` and waits for its
 * `listening ws://127.0.0.1:N/apiws` line. Port 0 lets the server pick; pass a fixed port to restart on the same one.
 */
export async function startServerProcess(options: { port?: number; dataDir?: string } = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? tempDataDir();
  const log = fileLog(join(dataDir, 'server.log'));
  const logFd = openSync(log.path, 'a');
  const child = spawn(
    bin('tsx'),
    ['emulator/main.ts', '--port', String(options.port ?? 0), '--data', dataDir, '--control', '--log'],
    {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', logFd],
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  closeSync(logFd); // the child has its own
  const stdout = captureOutput(child);
  const logAtStart = log.mark();
  /** stdout, and what went to the log (stderr) since this start: a failed start says why. */
  const output = () => `${stdout()}${log.since(logAtStart).slice(-8_000)}`;
  const wsUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not print "listening" within 60 s:\n${output()}`)),
      60_000,
    );
    let buffer = '';
    if (child.stdout === null) throw new Error('the server was started without a stdout pipe');
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /listening (ws:\/\/127\.0\.0\.1:\d+\/apiws)/.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${output()}`));
    });
  });
  const port = Number(new URL(wsUrl).port);
  return {
    port,
    wsUrl,
    controlUrl: `http://127.0.0.1:${port}/control`,
    dataDir,
    output,
    log,
    stop: (stopOptions) => stopProcess(child, stopOptions?.hard ? 'SIGKILL' : 'SIGTERM'),
  };
}

/** Starts Vite on a free port with its /apiws proxy aimed at `serverWs`, and waits until it serves the page. */
export async function startViteProcess(serverWs: string): Promise<ViteProcess> {
  const port = await freePort();
  const args = [
    '--config',
    'e2e/support/vite.e2e.config.ts',
    '--port',
    String(port),
    '--strictPort',
    '--host',
    '127.0.0.1',
    '--clearScreen',
    'false',
  ];
  const child = spawn(bin('vite'), args, {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TGCALL_SERVER_WS: serverWs, NO_COLOR: '1', BROWSER: 'none' },
  });
  const output = captureOutput(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`vite exited before serving:\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopProcess(child, 'SIGKILL');
      throw new Error(`vite did not serve ${url} within 60 s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop: () => stopProcess(child, 'SIGTERM') };
}

/**
 * A production build (`vite build` into a temporary folder) served by `vite preview` on a free port, its /apiws proxy
 * aimed at `serverWs`: what an installed app runs, service worker included (the dev server has none).
 */
export async function startPreviewProcess(serverWs: string): Promise<ViteProcess> {
  const outDir = tempDataDir('tgcall-build-');
  const env = { ...process.env, TGCALL_SERVER_WS: serverWs, NO_COLOR: '1', BROWSER: 'none' };
  await new Promise<void>((resolveBuild, reject) => {
    const build = spawn(bin('vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    const output = captureOutput(build);
    build.once('exit', (code) =>
      code === 0 ? resolveBuild() : reject(new Error(`vite build failed (${code}):\n${output()}`)),
    );
  });
  const port = await freePort();
  const child = spawn(
    bin('vite'),
    ['preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    },
  );
  const output = captureOutput(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview exited before serving:\n${output()}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopProcess(child, 'SIGKILL');
      throw new Error(`vite preview did not serve ${url} within 60 s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, stop: () => stopProcess(child, 'SIGTERM') };
}
