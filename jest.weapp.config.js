/**
 * Simulated WeChat runtime: the real dist/weapp build loaded into miniprogram-simulate
 * (WeChat's exparser + templates compiled by WeChat's own wcc) against the local server
 * (tests/weapp/harness.ts). Run with `npm run test:weapp`.
 */
module.exports = {
  rootDir: __dirname,
  // exparser renders into a DOM; the app's own code sees only Taro's document (as in WeChat).
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/tests/weapp/**/*.weapp.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // The build output runs as shipped: no transform, as on a phone.
  transformIgnorePatterns: ['/node_modules/', '/dist/'],
  // Build outputs other than dist/weapp may carry copies of package.json that confuse jest's module map.
  modulePathIgnorePatterns: ['<rootDir>/.vercel/', '<rootDir>/dist/h5/', '<rootDir>/dist/.h5-staging/'],
  testTimeout: 180_000,
  maxWorkers: 1,
};
