/** Unit and API tests. PGlite by default; TEST_DATABASE_URL / TEST_REDIS_URL switch to real servers. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/tests/e2e/'],
  transform: {
    '^.+\\.(t|j|cj|mj)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true } }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@electric-sql/pglite|jose|nanoid|@upstash)/)'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
