#!/usr/bin/env node
'use strict';
// `npm start` and `npm test` work on a fresh clone: the project's dev tools (n8n-node, jest, the
// sandbox's packages) are installed first when they are missing. npm itself would not do it, and
// the project's .npmrc (ignore-scripts) also turns off pre-scripts such as "prestart".
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');

function ensureDependencies() {
	const installed = path.join(ROOT, 'node_modules', '.package-lock.json');
	const tools = path.join(ROOT, 'node_modules', '.bin', 'n8n-node');
	if (fs.existsSync(installed) && fs.existsSync(tools)) return;
	console.log('Installing the project’s dev dependencies (npm ci, about 2 minutes) …');
	const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error('npm ci failed; see the output above.');
		process.exit(result.status ?? 1);
	}
}

if (require.main === module) ensureDependencies();
module.exports = { ensureDependencies };
