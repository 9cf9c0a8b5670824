// The CLI: prints exactly "listening ws://127.0.0.1:N/apiws" once listening, and exits 0 on SIGTERM / SIGINT with the
// database closed (SQLite removes the WAL file on a clean close).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function run(signal: NodeJS.Signals): Promise<{ firstLine: string; code: number | null; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tgcall-cli-'));
  dirs.push(dataDir);
  const root = path.join(import.meta.dirname, '..');
  // Node itself with tsx's loader, not tsx's CLI: the CLI relays a signal to its child and, when the child does not
  // answer within 30 ms (a loaded machine), kills it and exits 143, which would test tsx rather than main.ts.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'emulator/main.ts', '--port', '0', '--data', dataDir, '--control'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    let firstLine = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no listening line in time; stderr: ${err}`));
    }, 20_000);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!firstLine && out.includes('\n')) {
        firstLine = out.slice(0, out.indexOf('\n'));
        child.kill(signal);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ firstLine, code, dataDir });
    });
  });
}

describe('emulator/main.ts', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'prints the listening line and exits 0 on %s with the db closed',
    async (signal) => {
      const r = await run(signal);
      expect(r.firstLine).toMatch(/^listening ws:\/\/127\.0\.0\.1:\d+\/apiws$/);
      expect(r.code).toBe(0);
      expect(fs.existsSync(path.join(r.dataDir, 'world.sqlite'))).toBe(true);
      expect(fs.existsSync(path.join(r.dataDir, 'world.sqlite-wal'))).toBe(false);
    },
  );
});
