// Mutation testing of the files where a missed bug costs money or trust: `npm run test:mutation`
// (scripts/mutation/run.js: Node >= 22, then this config). Not part of `npm test`: it is slow.
//
// Stryker mutates the TypeScript sources in a copy of the project (the sandbox). The unit tests
// load those sources through ts-jest (jest.config.js); `buildCommand` compiles the same copy to
// dist/, which the engine-level and package suites load (test/harness/nodeTypes.js). Either way
// one instrumented copy serves every mutant (Stryker switches them at run time), reports point at
// the .ts lines people edit, and nothing in the repository is touched.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// For the build step in the sandbox (scripts/mutation/build.js), which runs with this env.
process.env.SMEPAY_MUTATION_PROJECT = path.dirname(fileURLToPath(import.meta.url));

/** The files under mutation, and why each one. Add or rename entries here. */
const MUTATE = [
	// The money model: rupees → paise, and the per-field input checks (zod schemas land here too).
	'nodes/SmePay/validation/**/*.ts',
	// Spreadsheet payout rows: which amount, account and IFSC get paid (each row read and checked).
	'nodes/SmePay/actions/payout/payoutRow.ts',
	// Auto-Map: which sheet column feeds which payout field.
	'nodes/SmePay/actions/payout/autoMapColumns.ts',
	// Pay runs: what Preview Payouts shows, the fingerprint an approval is bound to, and Send's
	// controls (Approved Fingerprint, Row Limit, Batch Limit).
	'nodes/SmePay/actions/payout/payRun.ts',
	'nodes/SmePay/actions/payout/payRunControls.ts',
	'nodes/SmePay/actions/payout/preview.operation.ts',
	// The trigger: what a webhook says, whether it was seen before, whose secret it carries, and
	// whether SMEPay confirms it (a forged event must never start a run).
	'nodes/SmePayTrigger/payload.ts',
	'nodes/SmePayTrigger/dedupe.ts',
	'nodes/SmePayTrigger/memory.ts',
	'nodes/SmePayTrigger/secret.ts',
	'nodes/SmePayTrigger/verify.ts',
	'nodes/SmePayTrigger/verifyPayment.ts',
	'nodes/SmePayTrigger/verdict.ts',
	// What a flood may make one trigger do (look-ups in flight, lines per order and trigger).
	'nodes/SmePayTrigger/admission.ts',
	// Its log lines: one per minute per trigger, event type and kind, none lost from the count.
	'nodes/SmePayTrigger/rareLog.ts',
	// The credentials' token exchange: every refusal must say what to change, no key leaks, and
	// a token is only taken from an answer that really is one.
	'credentials/SmePayTokenExchange.ts',
	'credentials/SmePayTokenAnswer.ts',
];

/**
 * The tests that reach those files: every unit suite, and the engine-level suites that run them
 * for real (payout input and Auto-Map through Send Payout, the trigger through the webhook
 * harness, the token exchange through every credential, its refusals through the order errors
 * and the partner credential's merchant suite, the wait options' checks through Wait for
 * Status). Left out on purpose: the 500-row batches (they prove throughput, not these files, and
 * would cost ~10 s for each mutant they cover), the other order suites, and the npm-pack check.
 */
const TESTS = [
	'<rootDir>/test/unit/**/*.test.js',
	'<rootDir>/test/package/nodeContract.test.js',
	'<rootDir>/test/package/credentialsContract.test.js',
	'<rootDir>/test/integration/payout.*.test.js',
	'<rootDir>/test/integration/trigger*.test.js',
	'<rootDir>/test/integration/credentials.test.js',
	'<rootDir>/test/integration/tokenExchangeFailure.test.js',
	'<rootDir>/test/integration/retries.test.js',
	'<rootDir>/test/integration/order.money.test.js',
	'<rootDir>/test/integration/orderErrors.test.js',
	'<rootDir>/test/integration/merchant.create.test.js',
];
const NOT_TESTS = [
	'/node_modules/',
	// They read the repository (git ls-files, docs/), which the sandbox is not: nothing mutated.
	'<rootDir>/test/unit/docs.test.js',
	'<rootDir>/test/unit/layers.test.js',
	'<rootDir>/test/integration/payout.batch.test.js',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
	mutate: MUTATE,
	testRunner: 'jest',
	jest: {
		projectType: 'custom',
		// jest.config.js, with the test set above.
		configFile: 'jest.config.js',
		config: {
			testMatch: TESTS,
			testPathIgnorePatterns: NOT_TESTS,
			// Opens only the test files holding the covering tests (see the file).
			runner: '<rootDir>/scripts/mutation/testFileRunner.js',
		},
		// The engine-level tests load dist/ through computed paths, which jest's dependency graph
		// cannot follow: related-test lookup would find no test for their mutants.
		enableFindRelatedTests: false,
	},
	// Each mutant runs only the tests that cover it.
	coverageAnalysis: 'perTest',
	// `npm run build`, after linking node_modules into the sandbox (see the file).
	buildCommand: 'node scripts/mutation/build.js',
	symlinkNodeModules: false,
	// Stryker prepends `// @ts-nocheck` to the files it instruments (by default only under
	// src/, lib/, test/): a mutant that breaks a type must still compile and be tested.
	disableTypeChecks: '{nodes,credentials}/**/*.ts',
	// Two cores; the integration suites each start a sandbox on port 0, so two runners never clash.
	concurrency: 2,
	// A loaded machine is slow; a mutant is only called a timeout well past its normal time.
	timeoutMS: 20_000,
	timeoutFactor: 2,
	dryRunTimeoutMinutes: 15,
	// Outside the repository: `n8n-node lint` runs eslint over `.`, and a sandbox inside the
	// worktree (instrumented .ts files) would fail it while a run is under way.
	tempDirName: path.join(os.tmpdir(), 'n8n-nodes-smepay-stryker'),
	// examples/ is copied: test/unit/payRunTable.test.js reads the example workflows.
	ignorePatterns: [
		'dist',
		'coverage',
		'reports',
		'docs',
		'bench',
		'test/e2e',
		'test/queue',
	],
	reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
	clearTextReporter: { allowColor: false, reportMutants: false, reportTests: false },
	htmlReporter: { fileName: 'reports/mutation/mutation.html' },
	jsonReporter: { fileName: 'reports/mutation/mutation.json' },
	incrementalFile: 'reports/mutation/stryker-incremental.json',
	thresholds: { high: 90, low: 80, break: null },
};
