#!/usr/bin/env node
'use strict';
// `npm run start:queue`: n8n in queue mode with this package, wired to the SMEPay sandbox.
//   provision n8n 2.41.0 (cached) → build → pack → SMEPay sandbox (4010/4011) → PostgreSQL and
//   Redis (apt-get install if missing, as root) on loopback → n8n main on 5678, 2 workers,
//   1 webhook processor, each with the package in its own user folder → owner, sandbox
//   credentials, examples/ → print where to go. Ctrl-C stops it all (data is thrown away).
//
// Options: --workers <n> (default 2), --webhooks <n> (default 1), --port <n> (main, default 5678),
//          --skip-build, --check (start, verify, stop: a smoke run)

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { stopOnExit } = require('../lib/stopOnExit');
const { provisionN8n, DEFAULT_N8N_VERSION, REPO_ROOT } = require('../n8n/provision');
const { packPackage } = require('../n8n/community-package');
const { startServices } = require('./services');
const { startQueueCluster } = require('./cluster');
const { OWNER, ownerSession, sandboxCredentials, importWithCredentials } = require('./setup');
const { webhookIntakeEnv, describeEnv } = require('../lib/webhookIntakeEnv');

const log = (line) => console.log(line);

async function main(argv) {
	const opts = parseArgs(argv);
	const t0 = Date.now();
	const { add: onStop, stopAll } = stopOnExit('queue', 'n8n, PostgreSQL, Redis and the sandbox');
	try {
		const provisioned = await provisionN8n({ version: DEFAULT_N8N_VERSION, log });
		if (!opts.skipBuild) build();
		const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'smepay-queue-'));
		onStop(async () => fs.rmSync(workDir, { recursive: true, force: true }));
		const tarball = packPackage({ packageDir: REPO_ROOT, outDir: workDir });

		const sandbox = await require('../../sandbox').startSandbox({ port: 4010, livePort: 4011 });
		onStop(() => sandbox.close());
		const services = await startServices({ workDir, log });
		onStop(() => services.stop());
		const tuning = webhookIntakeEnv(provisioned.version);
		const cluster = await startQueueCluster({
			provisioned,
			env: tuning, // every process: webhook processors take webhooks, workers run them
			services,
			workDir,
			tarball,
			workers: opts.workers,
			webhookProcessors: opts.webhooks,
			mainPort: opts.port,
			log,
		});
		onStop(() => cluster.stop());

		const api = await ownerSession(cluster.main);
		const types = (await api.listNodeTypes()).map((t) => t.name);
		if (!types.includes('n8n-nodes-smepay.smePay'))
			throw new Error(`main did not load the SMEPay node; see ${cluster.main.logFile}`);
		const credentials = await sandboxCredentials(api, sandbox);
		const examples = await importExamples(api, credentials);

		log('');
		log(
			`  n8n ${provisioned.version} in queue mode is ready (${Math.round((Date.now() - t0) / 1000)} s)`,
		);
		log(
			`  Editor (main):      ${cluster.main.editorUrl}   login ${OWNER.email} / ${OWNER.password}`,
		);
		log(
			`  Webhook processor:  ${cluster.webhooks.map((w) => w.baseUrl).join(', ')} (Production URLs point here)`,
		);
		log(
			`  Workers:            ${cluster.workers.map((w) => `${w.name} (health ${w.baseUrl}/healthz)`).join(', ')}`,
		);
		log(
			`  PostgreSQL:         ${services.postgres.host}:${services.postgres.port} db ${services.postgres.database}, user ${services.postgres.user}`,
		);
		log(`  Redis:              ${services.redis.host}:${services.redis.port}`);
		log(`  Settings:           ${describeEnv(tuning) || "n8n's defaults"} (every process)`);
		log(`  Sandbox:            ${sandbox.testUrl} (control ${sandbox.controlUrl})`);
		log(`  Logs:               ${workDir}/<main|worker-N|webhook-N>/n8n.log`);
		if (examples.length) log(`  Workflows:          ${examples.join(', ')}`);
		log('');
		if (opts.check) {
			await stopAll();
			log('[queue] --check: everything came up; stopped again.');
			return;
		}
		log('  Ctrl-C stops everything.');
		await new Promise(() => {}); // until a signal
	} catch (error) {
		console.error(`[queue] ${error.message}`);
		await stopAll();
		process.exitCode = 1;
	}
}

function build() {
	log('[queue] building the package (npm run build)');
	const result = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
	if (result.status !== 0) {
		throw new Error(
			`npm run build failed:\n${`${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-20).join('\n')}`,
		);
	}
}

async function importExamples(api, credentials, dir = path.join(REPO_ROOT, 'examples')) {
	if (!fs.existsSync(dir)) return [];
	const names = [];
	for (const file of fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
		if (!workflow.nodes) continue;
		workflow.name = workflow.name || path.basename(file, '.json');
		await importWithCredentials(api, workflow, credentials);
		names.push(workflow.name);
	}
	return names;
}

function parseArgs(argv) {
	const opts = { workers: 2, webhooks: 1, port: 5678, skipBuild: false, check: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--workers') opts.workers = Number(argv[++i]);
		else if (arg === '--webhooks') opts.webhooks = Number(argv[++i]);
		else if (arg === '--port') opts.port = Number(argv[++i]);
		else if (arg === '--skip-build') opts.skipBuild = true;
		else if (arg === '--check') opts.check = true;
		else throw new Error(`unknown option ${arg} (see the top of scripts/queue/start.js)`);
	}
	return opts;
}

main(process.argv.slice(2));
