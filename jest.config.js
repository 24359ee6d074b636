// Every jest suite but e2e (test/e2e/jest.config.js) and queue mode (test/queue/jest.config.js):
// - test/unit: functions from the TypeScript sources, compiled on the fly by ts-jest, so
//   `npm run test:unit` needs no build and never runs a stale one;
// - test/package: the built package held to its public contract (dist/, npm pack);
// - test/integration: real n8n-core running workflows over the built nodes (dist/, what n8n
//   loads), real HTTP to the sandbox; and the sandbox's own suite.
// `npm test` builds first.
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.js'],
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	// The build copies package.json into dist/; jest would see two modules of one name.
	modulePathIgnorePatterns: ['<rootDir>/dist/package.json'],
	setupFiles: ['<rootDir>/test/harness/setupEnv.js'],
	transform: {
		// Transpile only: the build and `n8n-node lint` type-check; here speed matters.
		'^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true, sourceMap: true } }],
	},
	// Generous: the 500-row batches take ~10 s alone but several times that on a loaded 2-core machine.
	testTimeout: 180_000,
	maxWorkers: 2,
};
