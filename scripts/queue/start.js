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
const { provisionN8n, DEFAULT_N8N_VERSION, REPO_ROOT } = require('../n8n/provision');
const { packPackage } = require('../n8n/community-package');
const { startServices } = require('./services');
const { startQueueCluster } = require('./cluster');
const { OWNER, ownerSession, sandboxCredentials, importWithCredentials } = require('./setup');
const { webhookIntakeEnv, describeEnv } = require('../lib/webhookIntakeEnv');
const { buildPackage, readExamples, runStarter } = require('../starter');
const { upsertExampleTables } = require('../lib/demoSetup');

const log = (line) => console.log(line);

async function setUp(opts, onStop) {
	const t0 = Date.now();
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
	const tables = await upsertExampleTables(api);
	const examples = [];
	for (const workflow of readExamples()) {
		await importWithCredentials(api, workflow, credentials, tables);
		examples.push(workflow.name);
	}

	const banner = [
		`  n8n ${provisioned.version} in queue mode is ready (${Math.round((Date.now() - t0) / 1000)} s)`,
		`  Editor (main):      ${cluster.main.editorUrl}   login ${OWNER.email} / ${OWNER.password}`,
		`  Webhook processor:  ${cluster.webhooks.map((w) => w.baseUrl).join(', ')} (Production URLs point here)`,
		`  Workers:            ${cluster.workers.map((w) => `${w.name} (health ${w.baseUrl}/healthz)`).join(', ')}`,
		`  PostgreSQL:         ${services.postgres.host}:${services.postgres.port} db ${services.postgres.database}, user ${services.postgres.user}`,
		`  Redis:              ${services.redis.host}:${services.redis.port}`,
		`  Settings:           ${describeEnv(tuning) || "n8n's defaults"} (every process)`,
		`  Sandbox:            ${sandbox.testUrl} (control ${sandbox.controlUrl})`,
		`  Logs:               ${workDir}/<main|worker-N|webhook-N>/n8n.log`,
	];
	if (examples.length) banner.push(`  Workflows:          ${examples.join(', ')}`);
	return { banner, check: opts.check, stayHint: 'Ctrl-C stops everything.' };
}

// A failed build stops the start: the cluster would run a package that is not this checkout.
function build() {
	const result = buildPackage('queue');
	if (!result.ok) throw new Error(`npm run build failed:\n${result.tail(20)}`);
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

runStarter({
	label: 'queue',
	what: 'n8n, PostgreSQL, Redis and the sandbox',
	setUp: ({ add: onStop }) => setUp(parseArgs(process.argv.slice(2)), onStop),
});
