// The bench page's script: bench/page/entry.ts bundled by Vite (the project's bundler) into one IIFE, as
// src/groupcall/groupCall.browser.test.ts does for the engine.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export async function benchPageScript(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: fileURLToPath(new URL('../page/entry.ts', import.meta.url)), formats: ['iife'], name: 'tgcallBench' },
    },
  });
  const results = Array.isArray(output) ? output : [output];
  for (const result of results) {
    if (!('output' in result)) continue;
    const chunk = result.output.find((o) => o.type === 'chunk');
    if (chunk !== undefined && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error('vite build produced no chunk');
}
