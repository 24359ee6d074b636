#!/usr/bin/env node
'use strict';
// `npm run test:e2e`: the e2e suite once per tested n8n version, one version after the other
// (each run brings up its own n8n; two at once would share this machine's 2 cores).
// Provisioning comes first and for all versions at once: on a fresh machine it is the long part
// (npm installs, then sqlite3 compiles), and the installs mostly wait on the network.
//   node test/e2e/run.js [--n8n-version <v>]... [-- <jest args>]
// Default versions: 2.41.0 then 1.123.81 (or $SMEPAY_E2E_N8N_VERSIONS, comma-separated).
// Needs a built package (dist/): the npm script builds first.

const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { provisionN8n } = require('../../scripts/n8n/provision');

const TESTED_VERSIONS = ['2.41.0', '1.123.81'];

function parseArgs(argv) {
	const versions = [];
	const jestArgs = [];
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--') (jestArgs.push(...argv.slice(i + 1)), (i = argv.length));
		else if (argv[i] === '--n8n-version') versions.push(argv[++i]);
		else jestArgs.push(argv[i]);
	}
	const fromEnv = (process.env.SMEPAY_E2E_N8N_VERSIONS || '').split(',').filter(Boolean);
	return {
		versions: versions.length ? versions : fromEnv.length ? fromEnv : TESTED_VERSIONS,
		jestArgs,
	};
}

const seconds = (ms) => `${Math.round(ms / 1000)} s`;

async function main() {
	const { versions, jestArgs } = parseArgs(process.argv.slice(2));
	const t0 = Date.now();
	await Promise.all(
		versions.map((version) =>
			provisionN8n({ version, log: (line) => console.log(`[${version}] ${line}`) }),
		),
	);
	console.log(`[e2e] n8n ${versions.join(', ')} provisioned (${seconds(Date.now() - t0)})`);

	const results = [];
	for (const version of versions) {
		const started = Date.now();
		console.log(`\n[e2e] ===== n8n ${version} =====`);
		const run = spawnSync(
			process.execPath,
			[require.resolve('jest/bin/jest'), '-c', path.join(__dirname, 'jest.config.js'), ...jestArgs],
			{ stdio: 'inherit', env: { ...process.env, SMEPAY_E2E_N8N_VERSION: version } },
		);
		results.push({ version, ok: run.status === 0, ms: Date.now() - started });
	}

	console.log('\n[e2e] summary');
	for (const r of results)
		console.log(`  n8n ${r.version.padEnd(9)} ${r.ok ? 'passed' : 'FAILED'}  (${seconds(r.ms)})`);
	console.log(`  total ${seconds(Date.now() - t0)}`);
	if (results.some((r) => !r.ok)) process.exitCode = 1;
}

main().catch((error) => {
	console.error(`[e2e] ${error.stack || error.message}`);
	process.exitCode = 1;
});
