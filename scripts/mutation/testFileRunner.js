'use strict';
// Jest's default runner, but a mutant run only opens the test files that hold the tests covering
// that mutant.
//
// With coverageAnalysis 'perTest', Stryker's jest runner passes the covering tests as a
// testNamePattern; jest then still loads every test file to find out which tests match, and each
// integration file loads n8n-core and the harness (about 6 s a mutant for the whole set). The
// engine-level tests load the package from dist/ through computed paths, so jest's
// --findRelatedTests cannot narrow it either. The full (unfiltered) dry run records which file each test name lives in;
// later runs with a pattern open only the files with a matching name. A run with no pattern (a
// static mutant), or a pattern with a name the map does not know, opens every file, as jest alone
// would.
//
// It also stops at the first file with a failing test (Stryker needs one failure to call a
// mutant killed, and its jest runner turns jest's own `bail` off), opening the quickest files
// (by their time in the dry run) first.
const fs = require('node:fs');
const path = require('node:path');
const TestRunner = require('jest-runner').default;

const MAP_FILE = '.stryker-test-files.json';
// Set by Stryker's jest runner for a mutant's run, absent in the dry run.
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';

class TestFileRunner extends TestRunner {
	async runTests(tests, watcher, options) {
		const mapFile = path.join(this._globalConfig.rootDir, MAP_FILE);
		const pattern = this._globalConfig.testNamePattern;
		// The dry run: every file, and note where each test lives.
		if (!process.env[ACTIVE_MUTANT]) return this.recordNames(mapFile, tests, watcher, options);
		const map = readMap(mapFile);
		// A static mutant (Stryker gives no pattern) needs every file; the others only theirs.
		const files = pattern ? filesFor(pattern, map && map.names) : null;
		const chosen = files ? tests.filter((test) => files.has(test.path)) : tests;
		const took = (test) => (map && map.ms[test.path]) ?? Infinity;
		let failed = false;
		const off = this.on('test-file-success', ([, result]) => {
			if (result.numFailingTests > 0 || result.testExecError) failed = true;
		});
		const offFailure = this.on('test-file-failure', () => (failed = true));
		try {
			for (const test of [...chosen].sort((a, b) => took(a) - took(b))) {
				await super.runTests([test], watcher, options);
				if (failed) break;
			}
		} finally {
			off();
			offFailure();
		}
	}

	async recordNames(mapFile, tests, watcher, options) {
		const names = {};
		const ms = {};
		const off = this.on('test-file-success', ([test, result]) => {
			for (const t of result.testResults) names[t.fullName] = test.path;
			ms[test.path] = result.perfStats.end - result.perfStats.start;
		});
		try {
			return await super.runTests(tests, watcher, options);
		} finally {
			off();
			fs.writeFileSync(mapFile, JSON.stringify({ names, ms }));
		}
	}
}

function readMap(mapFile) {
	try {
		return JSON.parse(fs.readFileSync(mapFile, 'utf8'));
	} catch {
		return null;
	}
}

// Stryker's pattern is `(escaped name)|(escaped name)…`; an escaped name cannot hold a bare
// `)|(`, so splitting on it gives the names back.
function filesFor(pattern, map) {
	if (!map || !pattern.startsWith('(') || !pattern.endsWith(')')) return null;
	const files = new Set();
	for (const alternative of pattern.slice(1, -1).split(')|(')) {
		const re = new RegExp(alternative, 'i');
		const hits = Object.keys(map).filter((name) => re.test(name));
		if (hits.length === 0) return null; // a name the dry run did not see: open everything
		for (const name of hits) files.add(map[name]);
	}
	return files;
}

module.exports = TestFileRunner;
