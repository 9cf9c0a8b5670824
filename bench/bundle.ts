// Bench: what the browser downloads. Builds the app with the project's vite.config.ts into a temporary folder and
// prints every JavaScript chunk (minified and gzip sizes), the first load (what index.html loads: its script and
// modulepreloads) against the 180 kB budget, and what signing in needs on top (the Telegram client, imported at start).
// Needs neither the server nor Chromium.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { table } from './support/stats';

/** First-load JavaScript budget, gzip, in kB (1000 bytes), as the issue sets it. */
export const FIRST_LOAD_BUDGET_KB = 180;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

/** The chunk files a manifest entry loads with itself: the entry and its static imports, transitively. */
function staticClosure(manifest: Record<string, ManifestChunk>, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (chunk === undefined || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const imported of chunk.imports ?? []) staticClosure(manifest, imported, into);
  return into;
}

/** The script and modulepreload URLs of the built index.html, as paths inside the output folder. */
export function scriptsOfIndexHtml(html: string): string[] {
  const urls: string[] = [];
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>|<link\b[^>]*\brel="modulepreload"[^>]*>/g)) {
    const url = match[1] ?? /\bhref="([^"]+)"/.exec(match[0])?.[1];
    if (url !== undefined) urls.push(url.replace(/^\//, ''));
  }
  return urls;
}

const kb = (bytes: number) => (bytes / 1000).toFixed(1);

export async function benchBundle(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'tgcall-bundle-'));
  try {
    await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true, manifest: true } });
    const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      ManifestChunk
    >;
    const size = new Map<string, { raw: number; gzip: number }>();
    const sizeOf = (file: string) => {
      let known = size.get(file);
      if (known === undefined) {
        const bytes = readFileSync(join(outDir, file));
        known = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
        size.set(file, known);
      }
      return known;
    };

    // The registerSW.js of vite-plugin-pwa is loaded too (deferred): counted, it is JavaScript of the first load.
    const firstLoad = scriptsOfIndexHtml(readFileSync(join(outDir, 'index.html'), 'utf8')).filter((f) =>
      f.endsWith('.js'),
    );
    const backendKey = Object.keys(manifest).find((key) => key.endsWith('src/app/stores/telegramBackend.ts'));
    const signIn = new Set(firstLoad);
    if (backendKey !== undefined) for (const file of staticClosure(manifest, backendKey)) signIn.add(file);
    // What the Telegram client imports when a call is opened (the call engine), beyond what sign-in has loaded.
    const engine = new Set<string>();
    for (const key of backendKey !== undefined ? (manifest[backendKey]?.dynamicImports ?? []) : [])
      staticClosure(manifest, key, engine);

    const chunks = [...new Set(Object.values(manifest).map((c) => c.file))].filter((f) => f.endsWith('.js'));
    const rows = chunks
      .map((file) => ({ file, ...sizeOf(file) }))
      .sort((a, b) => b.gzip - a.gzip)
      .map((c) => [
        c.file.replace(/^assets\//, ''),
        kb(c.raw),
        kb(c.gzip),
        firstLoad.includes(c.file) ? 'first load' : signIn.has(c.file) ? 'at start' : engine.has(c.file) ? 'call' : '',
      ]);
    const total = (files: Iterable<string>) => [...files].reduce((sum, f) => sum + sizeOf(f).gzip, 0);
    const firstLoadGzip = total(firstLoad);
    const signInGzip = total(signIn);
    const all = total(chunks);
    return [
      table(
        'bundle — JavaScript chunks of a production build (kB = 1000 bytes; gzip level 9)',
        ['chunk', 'minified kB', 'gzip kB', 'loaded'],
        rows,
      ),
      '',
      `first load (index.html's script + modulepreloads, ${firstLoad.length} files): ${kb(firstLoadGzip)} kB gzip — budget ${FIRST_LOAD_BUDGET_KB} kB, ${firstLoadGzip <= FIRST_LOAD_BUDGET_KB * 1000 ? 'within' : 'OVER'}`,
      `to sign in (first load + the Telegram client imported at start, ${signIn.size} files): ${kb(signInGzip)} kB gzip`,
      `all JavaScript chunks (${chunks.length}): ${kb(all)} kB gzip; "call" = loaded when a call is opened or a chat page shown, blank = a route's own chunk`,
    ].join('\n');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
