// Two projects: unit (pure, fast) and integration (real PostgreSQL + temporal-lite, shared per run).
const transform = { '^.+\\.ts$': ['@swc/jest'], '^.+\\.js$': ['@swc/jest'] };
// feelin and bpmn-moddle ship ESM only: let swc turn them (and their ESM deps) into CommonJS for jest.
const esmPackages = ['feelin', 'lezer-feel', '@lezer', 'temporal-polyfill', 'temporal-utils', 'temporal-spec', 'min-dash', 'bpmn-moddle', 'moddle', 'moddle-xml', 'saxen'];
const transformIgnorePatterns = [`/node_modules/(?!(${esmPackages.join('|')})/)`];
/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  testTimeout: 60000,
};
