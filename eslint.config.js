// One lint toolchain: ESLint with typescript-eslint's recommended rules. Formatting follows the code.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

module.exports = tseslint.config(
  { ignores: ['node_modules/', 'coverage/', 'schemas/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Nothing from outside reaches a terminal raw (STYLE habit 15): a printed line that interpolates
    // values is built with terminal`...` (services/platform/terminal.ts), which escapes each of them.
    files: ['services/cli/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "CallExpression[callee.object.name='console'] TemplateLiteral[expressions.length>0]:not(TaggedTemplateExpression TemplateLiteral)",
          "CallExpression[callee.object.object.name='process'][callee.property.name='write'] TemplateLiteral[expressions.length>0]:not(TaggedTemplateExpression TemplateLiteral)",
        ].map((selector) => ({
          selector,
          message: 'print interpolated values with terminal`...` from services/platform/terminal.ts, which escapes them (JSON output: JSON.stringify)',
        })),
      ],
    },
  },
);
