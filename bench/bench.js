#!/usr/bin/env node
'use strict';
// `npm run bench`: SMEPay node and trigger in a real n8n against their baselines, side by side in
// one run, with the sandbox answering after a fixed latency. Every figure is a ratio of runs
// made in the same minutes on the same machine; variants alternate round by round so that load
// from elsewhere on a shared machine falls on all of them alike. Not part of `npm test`.
//
//   npm run bench [-- --rows 1000 --webhooks 2000 --rounds 3 --concurrency 10 --latency 25
//                    --scale-rows 100,1000,10000 --scale-concurrency 1,5,10,20
//                    --only bulk,webhooks,scaling,burst,waits,memory,flood --skip-build --n8n-version 2.41.0
//                    --wait-payouts 100 --wait-spread 60 --wait-poll-interval 4 --wait-timeout 300
//                    --wait-stuck-timeout 30
//                    --burst 1000 --burst-latencies 25,150
//                    --burst-settings defaults,N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true+KEY=VALUE
//                    --flood 2000 --flood-latency 1000
//                    --flood-settings N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true,package=<folder>+KEY=VALUE
//                    --n8n-env N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true,KEY=VALUE --out <file>]
//
// Writes bench/results/latest.json and bench/results/scaling.svg, prints markdown tables.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('./lib/args');
const { startSandboxProcess } = require('./lib/sandboxProcess');
const { startBenchN8n } = require('./lib/n8nSetup');
const { round } = require('./lib/stats');
const { bulkPayouts } = require('./lib/bulkBench');
const { webhookIntake } = require('./lib/webhookBench');
const { scaling } = require('./lib/scalingBench');
const { settlementBursts } = require('./lib/burstBench');
const { floods } = require('./lib/floodBench');
const { waitForStatusBench } = require('./lib/waitBench');
const { triggerMemory } = require('./lib/memoryBench');
const { report, scalingSvg } = require('./lib/report');

const RESULTS_DIR = path.join(__dirname, 'results');
const BALANCE = 1_000_000_000; // rupees: every row of every run fits
const log = (line) => console.log(line);
// n8n 2.x's expression engine: its defaults (an isolate for every webhook and every run, a pool
// of 1 kept warm), a larger warm pool, isolates built only when an expression runs, and both.
const BURST_SETTINGS = [
	'defaults',
	'N8N_EXPRESSION_ENGINE_POOL_SIZE=4',
	'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true',
	'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true+N8N_EXPRESSION_ENGINE_POOL_SIZE=4',
];

/** The options, from the command line (see the top of this file) over their defaults. */
function benchOptions(argv) {
	return parseArgs(argv, {
		rows: 1000,
		webhooks: 2000,
		rounds: 3,
		concurrency: 10,
		latency: 25,
		scaleRows: [100, 1000, 10000],
		scaleConcurrency: [1, 5, 10, 20],
		// `memory` (the trigger's memory per webhook, in-process over the build) and `flood` only
		// when named.
		only: ['bulk', 'webhooks', 'scaling', 'burst', 'waits'],
		// Wait for Status over this many payouts, settling over `waitSpread` seconds; then as many
		// that never settle, against `waitStuckTimeout`.
		waitPayouts: 100,
		waitSpread: 60,
		waitPollInterval: 4,
		waitTimeout: 300,
		waitStuckTimeout: 30,
		// Settlement bursts: this many payout webhooks at once, at each SMEPay latency, against one
		// n8n per setting (`defaults`, or KEY=VALUE joined by `+`).
		burst: 1000,
		burstLatencies: [25, 150],
		burstSettings: BURST_SETTINGS,
		// A flood: this many forged payout webhooks at once, SMEPay answering after floodLatency ms,
		// against one n8n per setting (as burstSettings; `package=<folder>` installs that build).
		flood: 2000,
		floodLatency: 1000,
		floodSettings: ['N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true'],
		skipBuild: false,
		n8nVersion: '2.41.0',
		// n8n settings for this run, e.g. N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (n8n 2.x builds an
		// expression isolate only when an expression runs) or N8N_EXPRESSION_ENGINE=legacy.
		n8nEnv: [''],
		out: path.join(RESULTS_DIR, 'latest.json'),
	});
}

async function main() {
	const opts = benchOptions(process.argv.slice(2));
	const started = Date.now();
	const sandbox = await startSandboxProcess({ latencyMs: opts.latency });
	let instance;
	const results = {
		command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
		startedAt: new Date().toISOString(),
		machine: {
			cpus: os.cpus().length,
			memGb: Math.round(os.totalmem() / 2 ** 30),
			loadavgAtStart: os.loadavg().map((l) => round(l, 1)),
		},
		n8nVersion: opts.n8nVersion,
		n8nEnv: n8nEnv(opts.n8nEnv),
		sandbox: {
			latencyMs: opts.latency,
			process: 'child process (own event loop, apart from the load generator)',
		},
	};
	try {
		await sandbox.config({ clients: { [sandbox.disbursement.clientId]: { balance: BALANCE } } });
		const env = n8nEnv(opts.n8nEnv);
		const tag = runTagger();
		const needsInstance = ['bulk', 'webhooks', 'scaling', 'waits'].some((part) =>
			opts.only.includes(part),
		);
		if (needsInstance) {
			instance = await startBenchN8n({
				sandbox,
				version: opts.n8nVersion,
				build: !opts.skipBuild,
				log,
				env,
			});
			log(
				`[bench] n8n ${opts.n8nVersion} up on ${instance.n8n.baseUrl}, sandbox ${sandbox.testUrl} (latency ${opts.latency} ms)`,
			);
		}
		const ctx = { opts, sandbox, instance, tag };
		if (opts.only.includes('bulk')) results.bulk = await bulkPayouts(ctx);
		if (opts.only.includes('webhooks')) results.webhooks = await webhookIntake(ctx);
		if (opts.only.includes('scaling')) results.scaling = await scaling(ctx);
		if (opts.only.includes('waits')) results.waits = await waitForStatusBench(ctx);
		if (opts.only.includes('memory')) results.triggerMemory = await triggerMemory();
		if (instance) await instance.stop();
		instance = undefined;
		if (opts.only.includes('burst'))
			results.burst = await settlementBursts({
				opts,
				sandbox,
				tag,
				log,
				build: !opts.skipBuild && !needsInstance,
			});
		if (opts.only.includes('flood'))
			results.flood = await floods({
				opts,
				sandbox,
				tag,
				log,
				build: !opts.skipBuild && !needsInstance && !opts.only.includes('burst'),
			});
	} finally {
		if (instance) await instance.stop();
		await sandbox.stop();
	}
	results.machine.loadavgAtEnd = os.loadavg().map((l) => round(l, 1));
	results.durationS = Math.round((Date.now() - started) / 1000);
	fs.mkdirSync(path.dirname(opts.out), { recursive: true });
	fs.writeFileSync(opts.out, `${JSON.stringify(results, null, 2)}\n`);
	if (results.scaling)
		fs.writeFileSync(path.join(path.dirname(opts.out), 'scaling.svg'), scalingSvg(results.scaling));
	log(
		`\n${report(results)}\n\n[bench] ${results.durationS} s; results in ${path.relative(process.cwd(), opts.out)}`,
	);
}

/** `--n8n-env A=1,B=2` → { A: '1', B: '2' }. */
function n8nEnv(pairs) {
	return Object.fromEntries(
		pairs.filter(Boolean).map((pair) => {
			const at = pair.indexOf('=');
			if (at < 1) throw new Error(`--n8n-env takes KEY=VALUE, not "${pair}"`);
			return [pair.slice(0, at), pair.slice(at + 1)];
		}),
	);
}

/** Unique reference-id prefixes: every row of every run is a new payout. */
function runTagger() {
	const base = Date.now().toString(36).toUpperCase();
	let seq = 0;
	return (kind) => `${kind}${base}${(++seq).toString(36).toUpperCase()}`;
}

if (require.main === module) {
	main().catch((error) => {
		console.error(`[bench] FAILED: ${error.stack || error.message}`);
		process.exitCode = 1;
	});
}

module.exports = { benchOptions };
