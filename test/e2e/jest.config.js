// The end-to-end suite: a real n8n (version from SMEPAY_E2E_N8N_VERSION, default 2.41.0) with the
// packed package installed as a community package, the SMEPay sandbox and the example workflows.
// One stack for all files (globalSetup); files run one after another, as they share the sandbox.
// `npm run test:e2e` runs it for every tested n8n version (test/e2e/run.js).
const path = require('node:path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/e2e/**/*.test.js'],
	globalSetup: '<rootDir>/test/e2e/globalSetup.js',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.js',
	testTimeout: 180_000,
	maxWorkers: 1,
};
