// ESLint: JavaScript's recommended rules, typescript-eslint's type-checked ones (recommendedTypeChecked), Solid's rules
// for the UI, and a ban on turning strings into markup or code. `npm run lint`; part of `npm test`.
// typescript-eslint reads types through the JavaScript TypeScript API (the `typescript` devDependency, 6.x); the type
// check itself runs on TypeScript 7 (`typescript-native`, `npm run typecheck`).
import js from '@eslint/js';
import solid from 'eslint-plugin-solid/configs/typescript';
import tseslint from 'typescript-eslint';

/** Member accesses that parse a string as HTML or write it into the document (with why, shown by ESLint). */
const HTML_FROM_STRINGS = [
  ['innerHTML', 'parses a string as HTML: set textContent, or build nodes'],
  ['outerHTML', 'parses a string as HTML'],
  ['insertAdjacentHTML', 'parses a string as HTML'],
  ['createContextualFragment', 'parses a string as HTML'],
  ['srcdoc', 'makes an iframe document from a string'],
  ['parseFromString', 'DOMParser turns strings into markup'],
];

/**
 * The rules that keep markup and code from strings out of the project (a participant's name or a chat title reaching
 * innerHTML is how script gets into a page; the Content-Security-Policy forbids eval anyway). Exported for the test
 * that shows each of them firing (scripts/lintRules.test.ts).
 */
export const noHtmlFromStrings = {
  'no-restricted-properties': [
    'error',
    ...HTML_FROM_STRINGS.map(([property, message]) => ({ property, message })),
    { object: 'document', property: 'write', message: 'writes HTML into the document' },
    { object: 'document', property: 'writeln', message: 'writes HTML into the document' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: 'JSXAttribute[name.name=/^(innerHTML|outerHTML|srcdoc)$/]',
      message: 'markup from a string: Solid renders text as text, keep it so',
    },
  ],
  'no-eval': 'error',
  'no-new-func': 'error',
  '@typescript-eslint/no-implied-eval': 'error',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dev-dist/',
      'test-results/',
      'playwright-report/',
      '.data/',
      'docs/',
      '**/*.generated.ts',
      '**/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      ...noHtmlFromStrings,
      // Passing on a rejection reason that was caught as `unknown` is not inventing a non-Error one.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // `_name`: a parameter or binding that is there for its position, not used.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  { files: ['src/**/*.{ts,tsx}'], ...solid },
  {
    // The stores are plain modules: createStore state read by their actions (called from event handlers) and by the
    // listeners they attach to the call engine and the backend, deliberately untracked. solid/reactivity cannot tell
    // those listeners from component code and flags every read; it stays on for components and screens.
    files: ['src/app/stores/*.ts'],
    rules: { 'solid/reactivity': 'off' },
  },
  {
    // Test doubles stand in for asynchronous implementations: an `async` method without `await` is how a fake keeps the
    // real one's contract (a failure is a rejected promise, never a synchronous throw), so require-await does not apply.
    files: ['**/*.test.ts', '**/testing/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Node scripts outside the TypeScript project: plain JavaScript rules, Node's globals.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        fetch: 'readonly',
      },
    },
  },
);
