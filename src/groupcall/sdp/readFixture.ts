// Test helper: reads an SDP fixture of ./fixtures by name (CRLF kept as recorded).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function readFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`./fixtures/${name}.sdp`, import.meta.url)), 'utf8');
}
