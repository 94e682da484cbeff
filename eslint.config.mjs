// ESLint for the whole repository (flat config), run by `npm test` (tools/scripts/checks/lint.sh) and by
// `npm run lint`. typescript-eslint's recommended rules plus the house rules of docs/CONTRACTS.md: no comma
// expressions, no non-null assertions, `import type` for types. Import cycles are checked by
// tools/scripts/check-import-cycles.mjs (one pass over the file graph, much faster than a per-file rule).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.nx/**',
      '**/.cache/**',
      '**/test-output/**',
      '**/coverage/**',
      'docs/api/**',
      'packages/*/src/generated/**',
      'tools/bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-sequences': ['error', { allowInParentheses: false }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: true },
      ],
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // In a test, a `!` on a value that turns out missing throws at once and fails the test, which is
    // what an assertion would do; and tests read JSON bodies deep (`any`). Neither reaches users:
    // shipped code and tools get no `!` and no `any` at all.
    files: ['**/__tests__/**', '**/*.test.ts', '**/*.test-d.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
