/**
 * Test tiers by file suffix: `*.unit.spec.ts` beside the code (pure logic, no I/O);
 * `test/**\/*.int.spec.ts` against the real Kafka, registry and PostgreSQL; `test/**\/*.e2e.spec.ts`
 * through the `live-risk` command.
 */
const tsconfig = { module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0', isolatedModules: true };
/**
 * openid-client v6 and its two dependencies are published as ES modules only; jest (on Node before
 * 24.9) loads CommonJS, so those three, and nothing else in node_modules, are compiled to it too.
 */
const esmOnly = ['openid-client', 'oauth4webapi', 'jose'];
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig }],
  [`node_modules/(${esmOnly.join('|')})/.+\\.js$`]: ['ts-jest', { tsconfig: { ...tsconfig, allowJs: true } }],
};
const transformIgnorePatterns = [`/node_modules/(?!(${esmOnly.join('|')})/)`];
module.exports = {
  projects: [
    { displayName: 'unit', testMatch: ['<rootDir>/services/**/*.unit.spec.ts', '<rootDir>/pipelines/**/*.unit.spec.ts'], transform, transformIgnorePatterns, testEnvironment: 'node' },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.int.spec.ts', '<rootDir>/test/**/*.e2e.spec.ts'],
      transform,
      transformIgnorePatterns,
      testEnvironment: 'node',
      setupFilesAfterEnv: ['<rootDir>/test/support/timeouts.ts'],
    },
  ],
};
