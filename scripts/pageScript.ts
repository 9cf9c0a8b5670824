// Bundles a browser entry point with Vite (the project's own bundler) into one IIFE string, for Playwright pages that
// run project code without a dev server: the engine's browser tests and the benchmarks.
import { build } from 'vite';

export async function bundlePageScript(entryPath: string, globalName: string): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: entryPath, formats: ['iife'], name: globalName },
    },
  });
  const results = Array.isArray(output) ? output : [output];
  for (const result of results) {
    if (!('output' in result)) continue;
    const chunk = result.output.find((o) => o.type === 'chunk');
    if (chunk !== undefined && chunk.type === 'chunk') return chunk.code;
  }
  throw new Error(`vite build of ${entryPath} produced no chunk`);
}
