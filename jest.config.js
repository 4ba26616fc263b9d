// Two projects: unit (pure, fast) and integration (real PostgreSQL + temporal-lite, shared per run).
const transform = { '^.+\\.ts$': ['@swc/jest'], '^.+\\.js$': ['@swc/jest'] };
// feelin and bpmn-moddle ship ESM only: let swc turn them (and their ESM deps) into CommonJS for jest.
const esmPackages = [
  'feelin',
  'lezer-feel',
  '@lezer',
  'temporal-polyfill',
  'temporal-utils',
  'temporal-spec',
  'min-dash',
  'bpmn-moddle',
  'dmn-moddle',
  'moddle',
  'moddle-xml',
  'saxen',
  // bpmnlint-plugin-camunda-compat (deploy-time lint) needs these ESM packages
  'bpmnlint-plugin-camunda-compat',
  '@bpmn-io',
  '@camunda',
];
const transformIgnorePatterns = [`/node_modules/(?!(${esmPackages.join('|')})/)`];
// `npm run test:temporal` (TEST_TEMPORAL=real) runs the integration, programme, reliability and browser tests on
// Temporal's own servers (test/support/temporal-global.ts). Files left out there, each with its reason:
const notOnRealTemporal = {
  // npm start with its own servers: pinned to temporal-lite, and its one `TEMPORAL_EMBEDDED=cli` test already runs
  // the real dev server in `npm test`; repeating the file would test nothing new.
  'test/integration/start-embedded.test.ts':
    'runs its own servers; its cli-mode test already runs in npm test:system',
};
const realTemporal = !['', 'lite'].includes((process.env.TEST_TEMPORAL ?? '').trim());
// System tests run whole `npm start` stacks for minutes (the crash test, the embedded start-up): `npm run test:system`
// (TEST_SYSTEM=1) and CI run them, so that `npm test` stays within its 15 minutes. On real Temporal the crash test runs
// in `npm run test:temporal`.
const systemTests = ['test/reliability/j01-chaos.test.ts', 'test/integration/start-embedded.test.ts'];
const systemRun = (process.env.TEST_SYSTEM ?? '').trim() === '1';
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
      testPathIgnorePatterns: [
        '/node_modules/',
        '/dist/',
        '/.data/',
        ...(realTemporal ? Object.keys(notOnRealTemporal).map((f) => `<rootDir>/${f}`) : []),
        ...(!realTemporal && !systemRun ? systemTests.map((f) => `<rootDir>/${f}`) : []),
      ],
      ...(realTemporal ? { setupFilesAfterEnv: ['<rootDir>/test/support/retry-on-real-temporal.ts'] } : {}),
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  testTimeout: 60000,
};
