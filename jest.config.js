import * as vm from 'node:vm';

// Jest runs the TypeScript sources as native ES modules (see README, Development), which needs Node's
// --experimental-vm-modules. Without it every test file fails with "Must use import to load ES Module": say
// once what to run instead.
if (typeof vm.SourceTextModule !== 'function') {
  process.stderr.write(
    'databricks-dr tests are ES modules: run them with `npm test` (jest arguments after --, e.g. `npm test -- test/unit/settings.test.ts --coverage`), or set NODE_OPTIONS=--experimental-vm-modules for `npx jest`\n',
  );
  process.exit(2);
}

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  // V8's own coverage: no instrumenting transform over the ES modules (npm run test:coverage).
  coverageProvider: 'v8',
  collectCoverageFrom: ['src/**/*.ts'],
};
