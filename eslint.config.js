// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const domainBoundary = {
  patterns: [
    {
      group: ['**/ports', '**/ports/**', '**/adapters', '**/adapters/**', '**/app', '**/app/**'],
      message: 'src/domain is pure: it must not import ports, adapters or app.',
    },
    {
      group: ['@forge/*', 'inversify', 'reflect-metadata', 'zod', 'zod/*', 'msw', 'msw/*'],
      message: 'src/domain is pure: no Forge, inversify, zod or msw.',
    },
    {
      group: ['node:*', 'fs', 'path', 'http', 'https', 'os', 'child_process', 'stream'],
      message: 'src/domain does no I/O: no Node built-ins.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'static/admin-page/dist/**', 'static/admin-page/build/**', 'static/admin-page/build-local/**', 'test-artifacts/**', 'coverage/**', 'eslint.config.js', 'bin/**', 'tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', domainBoundary] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
