// Unit tests, engine-level integration tests (real n8n-core, real HTTP to the sandbox) and the
// sandbox's own suite. They load the node classes from dist/, so `npm test` builds first.
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.js'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	setupFiles: ['<rootDir>/test/harness/setupEnv.js'],
	// Generous: the 500-row batches take ~10 s alone but several times that on a loaded 2-core machine.
	testTimeout: 180_000,
	maxWorkers: 2,
};
