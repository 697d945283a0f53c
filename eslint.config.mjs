// ESLint: the rules that catch real problems here, and the layer boundaries (docs/DEVELOPING.md,
// "Layers"). No type-aware rules: `npm run typecheck` already runs tsc, and linting without type
// information keeps `npm run lint` to seconds.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layers from './scripts/eslint-layers.mjs';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'drizzle/**', '.data/**', '.cache/**', '.vercel/**', '.swc/**', 'coverage/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser, ...globals.jest },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // tsc (noUnusedLocals) already reports unused locals and imports; ESLint would say it twice.
      '@typescript-eslint/no-unused-vars': 'off',
      // Declarations merge with interfaces from the platform typings (types/*.d.ts).
      '@typescript-eslint/no-empty-object-type': 'off',
      // The contract matches control characters on purpose, to reject them (shared/requests.ts).
      'no-control-regex': 'off',
      // Chinese text is spaced with U+3000 in labels and templates.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true, skipJSXText: true }],
    },
  },
  {
    files: ['miniprogram/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['api/**/*.ts', 'shared/**/*.ts', 'miniprogram/**/*.{ts,tsx}'],
    plugins: { layers },
    rules: {
      'layers/no-upward-import': [
        'error',
        {
          // No exceptions: move a shared piece down a layer instead of listing one here.
          exceptions: [],
        },
      ],
    },
  },
  {
    // Tests and scripts read loosely typed JSON answers; `any` there is not a defect.
    // config/ drives webpack-chain, whose chain objects are untyped.
    files: ['tests/**', 'scripts/**', 'config/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The simulated runtime re-requires the app and WeChat's modules per launch (jest.resetModules).
    files: ['tests/weapp/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // CommonJS tools run by node directly.
    files: ['**/*.cjs', 'babel.config.js', 'jest.config.js', 'jest.e2e.config.js', 'config/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
