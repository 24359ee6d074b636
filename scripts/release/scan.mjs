#!/usr/bin/env node
// `npm run scan`: n8n's community-package scan (@n8n/scan-community-package), run here the way
// n8n runs it on a published version (scanner.mjs analyzePackageByName), without the registry:
//   1. the source, with the scanner's SOURCE_FILE_PATTERNS (package.json, nodes/**, credentials/**),
//      which n8n fetches from the commit named in the version's provenance;
//   2. the package as published: `npm pack` into a temp folder, unpacked, its **/*.js and
//      package.json.
// The provenance check itself needs the published version's registry metadata: publish.yml
// publishes with provenance so that it passes.
//   node scripts/release/scan.mjs [packageDir] [--json]
// Exit code 1 when either part has a violation. packageDir defaults to this repository (build
// first: the tarball carries dist/).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const require = createRequire(import.meta.url);
const { packPackage } = require('../n8n/community-package.js');

// What analyzePackageByName lints in the downloaded tarball.
export const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const summary = ({ passed, message, details }) => ({ passed, message, details });

export async function scanPackage(packageDir) {
	// eslint-plugin-n8n-nodes-base switches some rules to fixture file names under NODE_ENV=test
	// (which jest sets); n8n's scan runs without it. The plugin is loaded on the first analyzePackage.
	if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;
	const source = await analyzePackage(packageDir, SOURCE_FILE_PATTERNS);
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'smepay-scan-'));
	try {
		const tarball = packPackage({ packageDir, outDir: work });
		const unpacked = path.join(work, 'package');
		fs.mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		const published = await analyzePackage(unpacked, TARBALL_FILE_PATTERNS);
		return {
			passed: source.passed && published.passed,
			source: summary(source),
			tarball: summary(published),
		};
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

async function main() {
	const args = process.argv.slice(2);
	const json = args.includes('--json');
	const dir = path.resolve(
		args.find((a) => a !== '--json') ??
			path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..'),
	);
	const result = await scanPackage(dir);
	if (json) console.log(JSON.stringify(result));
	else
		for (const [part, r] of Object.entries({ source: result.source, tarball: result.tarball })) {
			console.log(`${r.passed ? 'passed' : 'FAILED'}  ${part}${r.message ? `: ${r.message}` : ''}`);
			if (r.details) console.log(r.details);
		}
	if (!result.passed) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url))
	await main();
