/**
 * Test tiers by file suffix: `*.unit.spec.ts` beside the code (pure logic, no I/O);
 * `test/**\/*.int.spec.ts` against the real Kafka, registry and PostgreSQL; `test/**\/*.e2e.spec.ts`
 * through the `live-risk` command.
 */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0', isolatedModules: true } }] };
module.exports = {
  projects: [
    { displayName: 'unit', testMatch: ['<rootDir>/services/**/*.unit.spec.ts', '<rootDir>/pipelines/**/*.unit.spec.ts'], transform, testEnvironment: 'node' },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.int.spec.ts', '<rootDir>/test/**/*.e2e.spec.ts'],
      transform,
      testEnvironment: 'node',
      setupFilesAfterEnv: ['<rootDir>/test/support/timeouts.ts'],
    },
  ],
};
