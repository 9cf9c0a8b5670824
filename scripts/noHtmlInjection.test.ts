// A lint rule until ESLint comes: no source file in src/ writes HTML into the DOM or runs strings as code. Solid
// renders text as text; markup from a string (a participant's name, a chat title) is how script gets into a page,
// and the Content-Security-Policy forbids eval anyway.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** What may not appear in src/, each with why. */
const FORBIDDEN: Array<{ pattern: RegExp; why: string }> = [
  { pattern: /\binnerHTML\b/, why: 'parses a string as HTML (also Solid’s innerHTML prop)' },
  { pattern: /\bouterHTML\b/, why: 'parses a string as HTML' },
  { pattern: /\binsertAdjacentHTML\b/, why: 'parses a string as HTML' },
  { pattern: /\bcreateContextualFragment\b/, why: 'parses a string as HTML' },
  { pattern: /\bdocument\s*\.\s*write(ln)?\b/, why: 'writes HTML into the document' },
  { pattern: /\bsrcdoc\b/, why: 'an iframe document from a string' },
  { pattern: /\bparseFromString\b/, why: 'DOMParser turns strings into markup' },
  { pattern: /\beval\s*\(/, why: 'runs a string as code' },
  { pattern: /\bnew\s+Function\s*\(/, why: 'runs a string as code' },
  { pattern: /\bset(Timeout|Interval)\s*\(\s*['"`]/, why: 'runs a string as code' },
];

/** Lines of `text` that break a rule, as "line: rule". Comments count too: a rule quoted in a comment is rare enough. */
export function htmlInjections(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { pattern, why } of FORBIDDEN)
      if (pattern.test(line)) found.push(`${i + 1}: ${pattern.source} — ${why}`);
  });
  return found;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|js|jsx|html)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe('no HTML from strings in src/', () => {
  it('the rule catches each thing it forbids', () => {
    const samples = [
      'el.innerHTML = name;',
      '<div innerHTML={title} />',
      'node.outerHTML = x',
      "el.insertAdjacentHTML('beforeend', s)",
      'range.createContextualFragment(s)',
      'document.write(s)',
      'document.writeln(s)',
      'frame.srcdoc = s',
      "new DOMParser().parseFromString(s, 'text/html')",
      'eval(code)',
      "new Function('return 1')",
      "setTimeout('alert(1)', 5)",
    ];
    for (const s of samples) expect([s, htmlInjections(s).length]).toEqual([s, 1]);
    expect(htmlInjections('el.textContent = name; setTimeout(() => f(), 5); const html = "innerHTMLike";')).toEqual([]);
  });

  it('no source file uses them', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(20);
    const offences = files.flatMap((f) =>
      htmlInjections(fs.readFileSync(f, 'utf8')).map((o) => `${path.relative(SRC, f)}:${o}`),
    );
    expect(offences).toEqual([]);
  });
});
