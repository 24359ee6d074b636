#!/usr/bin/env node
'use strict';
// `npm run test:queue`: the queue-mode suite once per tested n8n version, one after the other
// (each brings up its own PostgreSQL, Redis and five n8n processes; two at once would share this
// machine's cores). Versions as the e2e suite: 2.41.0 then 1.123.81, or
// $SMEPAY_QUEUE_N8N_VERSIONS (comma-separated), or --n8n-version <v> (repeatable).
//   node test/queue/run.js [--n8n-version <v>]... [-- <jest args>]

const path = require('node:path');
const { spawnSync } = require('node:child_process');

const TESTED_VERSIONS = ['2.41.0', '1.123.81'];

const argv = process.argv.slice(2);
const split = argv.includes('--') ? argv.indexOf('--') : argv.length;
const versions = argv
	.slice(0, split)
	.flatMap((arg, i, all) => (all[i - 1] === '--n8n-version' ? [arg] : []));
const fromEnv = (process.env.SMEPAY_QUEUE_N8N_VERSIONS || '').split(',').filter(Boolean);
const jestArgs = argv.slice(split + 1);

const results = [];
for (const version of versions.length ? versions : fromEnv.length ? fromEnv : TESTED_VERSIONS) {
	const started = Date.now();
	console.log(`\n[queue] ===== n8n ${version} =====`);
	const run = spawnSync(
		process.execPath,
		[require.resolve('jest/bin/jest'), '-c', path.join(__dirname, 'jest.config.js'), ...jestArgs],
		{ stdio: 'inherit', env: { ...process.env, SMEPAY_QUEUE_N8N_VERSION: version } },
	);
	results.push({ version, ok: run.status === 0, s: Math.round((Date.now() - started) / 1000) });
}
console.log('\n[queue] summary');
for (const r of results)
	console.log(`  n8n ${r.version.padEnd(9)} ${r.ok ? 'passed' : 'FAILED'}  (${r.s} s)`);
if (results.some((r) => !r.ok)) process.exitCode = 1;
