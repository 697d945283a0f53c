/** Browser tests: the H5 build in Chromium against the local server (tests/e2e/harness.ts). */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // A first H5 build takes ~45 s and a fresh PGlite data folder up to ~15 s.
  // Build outputs carry copies of package.json that confuse jest's module map.
  modulePathIgnorePatterns: ['<rootDir>/.vercel/', '<rootDir>/dist/'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
