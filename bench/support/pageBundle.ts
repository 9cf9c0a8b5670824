// The bench page's script: bench/page/entry.ts bundled into one IIFE (scripts/pageScript.ts), as the engine's browser
// test bundles the engine.
import { fileURLToPath } from 'node:url';
import { bundlePageScript } from '../../scripts/pageScript';

export function benchPageScript(): Promise<string> {
  return bundlePageScript(fileURLToPath(new URL('../page/entry.ts', import.meta.url)), 'tgcallBench');
}
