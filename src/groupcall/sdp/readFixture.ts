// Test helper: reads a fixture of ./fixtures by name: SDP offers (CRLF kept as recorded) and transport JSON text.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function readFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}.sdp`, import.meta.url)), 'utf8');
}

export function readJsonFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}.json`, import.meta.url)), 'utf8');
}
