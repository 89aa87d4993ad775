// ESLint flat config for the extension sources and the end-to-end tests.
// `npm run lint` runs it with --max-warnings 0.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['dist/**', 'pkg/**', 'node_modules/**', 'target/**', 'test-output/**'] },
  js.configs.recommended,
  {
    // Extension code: browser + WebExtension globals, ES modules.
    files: ['extension/**/*.js'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.webextensions, ...globals.serviceworker },
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Build scripts and tools of the extension run in node.
    files: ['extension/**/*.mjs', 'extension/tools/**/*.js', 'eslint.config.js'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: { ...globals.node } },
  },
  {
    // End-to-end tests: node; callbacks passed to page.evaluate run in the page.
    files: ['tests/e2e/**/*.js', 'tests/e2e/**/*.mjs'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser, chrome: 'readonly', browser: 'readonly' },
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
];
