'use strict';
// What `npm start` (scripts/start.js) and `npm run start:queue` (scripts/queue/start.js) share:
// building the package, reading examples/, and the run around their own setup: stop everything on
// Ctrl-C or an error, print the ready banner, then stop again (--check) or stay up.

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { stopOnExit } = require('./lib/stopOnExit');
const { REPO_ROOT } = require('./n8n/provision');

const log = (line) => console.log(line);

/** `npm run build` in the repository: whether it passed, its output and the output's last lines. */
function buildPackage(label) {
	log(`[${label}] building the package (npm run build)`);
	const result = spawnSync('npm', ['run', 'build'], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		env: process.env,
	});
	const output = `${result.stdout || ''}\n${result.stderr || ''}`;
	return {
		ok: result.status === 0,
		output,
		tail: (lines) => output.trim().split('\n').slice(-lines).join('\n'),
	};
}

/** The workflows in examples/*.json (by file name), each named after its file if it has no name. */
function readExamples(dir = path.join(REPO_ROOT, 'examples')) {
	if (!fs.existsSync(dir)) return [];
	const workflows = [];
	for (const file of fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
		if (!workflow.nodes) continue;
		workflow.name = workflow.name || path.basename(file, '.json');
		workflows.push(workflow);
	}
	return workflows;
}

/** Resolves once the process `pid` is gone (checked every second). */
function processGone(pid) {
	return new Promise((resolve) => {
		const timer = setInterval(() => {
			try {
				process.kill(pid, 0);
			} catch {
				clearInterval(timer);
				resolve();
			}
		}, 1000);
	});
}

/**
 * Runs `setUp(stopper)` (stopper: stopOnExit's add / stopAll / isStopping), which starts
 * everything and resolves to { banner: lines, check, stayHint, exited?, exitedMessage? }. Then
 * prints the banner and, with `check`, stops everything again; otherwise stays up until Ctrl-C, or
 * until `exited` resolves (something died on its own: stop the rest, exit code 1). An error
 * stops what was started and sets exit code 1.
 */
async function runStarter({ label, what, setUp }) {
	const stopper = stopOnExit(label, what);
	try {
		const ready = await setUp(stopper);
		log('');
		for (const line of ready.banner) log(line);
		log('');
		if (ready.check) {
			await stopper.stopAll();
			log(`[${label}] --check: everything came up; stopped again.`);
			return;
		}
		log(`  ${ready.stayHint}`);
		await (ready.exited || new Promise(() => {})); // without `exited`: until a signal
		if (!stopper.isStopping()) {
			log(`[${label}] ${ready.exitedMessage}`);
			await stopper.stopAll();
			process.exitCode = 1;
		}
	} catch (error) {
		console.error(`[${label}] ${error.message}`);
		await stopper.stopAll();
		process.exitCode = 1;
	}
}

module.exports = { buildPackage, readExamples, processGone, runStarter };
