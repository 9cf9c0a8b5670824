// The lint rules that keep markup and code from strings out of the project (eslint.config.mjs, noHtmlFromStrings), run
// on samples: each forbidden use is reported, and ordinary text handling is not.
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { noHtmlFromStrings } from '../eslint.config.mjs';

// @typescript-eslint/no-implied-eval (setTimeout('code')) needs type information and is left to the real run.
const { '@typescript-eslint/no-implied-eval': _typed, ...syntaxRules } = noHtmlFromStrings;

const eslint = new ESLint({
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.tsx'],
      languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
      rules: syntaxRules,
    },
  ],
});

async function problems(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: 'sample.tsx' });
  return result.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('no markup or code from strings (eslint.config.mjs)', () => {
  it.each([
    ['el.innerHTML = name;', 'no-restricted-properties'],
    ['const html = el.innerHTML;', 'no-restricted-properties'],
    ['node.outerHTML = x;', 'no-restricted-properties'],
    ["el.insertAdjacentHTML('beforeend', s);", 'no-restricted-properties'],
    ['range.createContextualFragment(s);', 'no-restricted-properties'],
    ['document.write(s);', 'no-restricted-properties'],
    ['document.writeln(s);', 'no-restricted-properties'],
    ['frame.srcdoc = s;', 'no-restricted-properties'],
    ["new DOMParser().parseFromString(s, 'text/html');", 'no-restricted-properties'],
    ['const v = <div innerHTML={title} />;', 'no-restricted-syntax'],
    ['const v = <iframe srcdoc={page} />;', 'no-restricted-syntax'],
    ['eval(code);', 'no-eval'],
    ["const f = new Function('return 1');", 'no-new-func'],
  ])('reports %s', async (code, rule) => {
    const found = await problems(code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${rule}: `));
  });

  it('leaves text handling alone', async () => {
    expect(
      await problems(
        'el.textContent = name; const v = <div title={title}>{name}</div>; setTimeout(() => f(), 5); const innerHTMLike = 1;',
      ),
    ).toEqual([]);
  });
});
