#!/usr/bin/env node
'use strict';
// `npm run bench`: SMEPay node and trigger in a real n8n against their baselines, side by side in
// one run, with the sandbox answering after a fixed latency. Every figure is a ratio of runs
// made in the same minutes on the same machine; variants alternate round by round so that load
// from elsewhere on a shared machine falls on all of them alike. Not part of `npm test`.
//
//   npm run bench [-- --rows 1000 --webhooks 2000 --rounds 3 --concurrency 10 --latency 25
//                    --scale-rows 100,1000,10000 --scale-concurrency 1,5,10,20
//                    --only bulk,webhooks,scaling,burst --skip-build --n8n-version 2.41.0
//                    --burst 1000 --burst-latencies 25,150
//                    --burst-settings defaults,N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true+KEY=VALUE
//                    --n8n-env N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true,KEY=VALUE --out <file>]
//
// Writes bench/results/latest.json and bench/results/scaling.svg, prints markdown tables.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('./lib/args');
const { startSandboxProcess } = require('./lib/sandboxProcess');
const { startBenchN8n } = require('./lib/n8nSetup');
const wf = require('./lib/workflows');
const { runN8nBatch } = require('./lib/payoutRuns');
const { rawPayouts } = require('./lib/rawClient');
const { settledPayoutBodies, webhookPhase } = require('./lib/webhookRuns');
const { percentile, round, ratio } = require('./lib/stats');
const { lineChartsSvg } = require('./lib/plot');
const { settlementBursts, burstReport } = require('./lib/burstBench');
const { markdownTable, verdict } = require('./lib/table');

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

async function main() {
	const opts = parseArgs(process.argv.slice(2), {
		rows: 1000,
		webhooks: 2000,
		rounds: 3,
		concurrency: 10,
		latency: 25,
		scaleRows: [100, 1000, 10000],
		scaleConcurrency: [1, 5, 10, 20],
		only: ['bulk', 'webhooks', 'scaling', 'burst'],
		// Settlement bursts: this many payout webhooks at once, at each SMEPay latency, against one
		// n8n per setting (`defaults`, or KEY=VALUE joined by `+`).
		burst: 1000,
		burstLatencies: [25, 150],
		burstSettings: BURST_SETTINGS,
		skipBuild: false,
		n8nVersion: '2.41.0',
		// n8n settings for this run, e.g. N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (n8n 2.x builds an
		// expression isolate only when an expression runs) or N8N_EXPRESSION_ENGINE=legacy.
		n8nEnv: [''],
		out: path.join(RESULTS_DIR, 'latest.json'),
	});
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
		const needsInstance = ['bulk', 'webhooks', 'scaling'].some((part) => opts.only.includes(part));
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

const describeEnv = (env) =>
	Object.keys(env).length === 0
		? "n8n's default settings"
		: Object.entries(env)
				.map(([key, value]) => `${key}=${value}`)
				.join(', ');

/** Unique reference-id prefixes: every row of every run is a new payout. */
function runTagger() {
	const base = Date.now().toString(36).toUpperCase();
	let seq = 0;
	return (kind) => `${kind}${base}${(++seq).toString(36).toUpperCase()}`;
}

const perSecond = (rows, ms) => round((rows / ms) * 1000, 1);

async function rawRun({ sandbox, tag }, kind, count, concurrency) {
	const r = await rawPayouts({
		sandboxUrl: sandbox.testUrl,
		client: sandbox.disbursement,
		tag: tag(kind),
		count,
		concurrency,
	});
	if (r.failed) throw new Error(`raw client: ${r.failed} of ${count} payouts refused`);
	return { rowsPerSecond: perSecond(count, r.ms), ms: round(r.ms, 0) };
}

/** SMEPay Send Payout; `autoMap` false maps its fields one by one with expressions. */
async function smePayRun(ctx, count, concurrency, { autoMap = true } = {}) {
	const workflow = wf.smePayBatchWorkflow({
		tag: ctx.tag(autoMap ? 'S' : 'E'),
		count,
		concurrency,
		credential: ctx.instance.credential,
		autoMap,
	});
	return await n8nRun(ctx, workflow, count, 'SMEPay node');
}

/** The floor (bench/floor-node): n8n's request helper once per row, nothing else. */
async function floorRun(ctx, count, concurrency) {
	const workflow = wf.floorBatchWorkflow({
		tag: ctx.tag('F'),
		count,
		concurrency,
		credential: ctx.instance.credential,
	});
	return await n8nRun(ctx, workflow, count, 'floor node');
}

async function httpRun(ctx, count, batching) {
	const workflow = wf.httpRequestBatchWorkflow({
		tag: ctx.tag('H'),
		count,
		sandboxUrl: ctx.sandbox.testUrl,
		client: ctx.sandbox.disbursement,
		batching,
	});
	return await n8nRun(ctx, workflow, count, 'HTTP Request build');
}

async function n8nRun({ sandbox, instance }, workflow, count, label) {
	const r = await runN8nBatch({ api: instance.api, n8nPid: instance.n8n.pid, sandbox, workflow });
	if (r.rowsOut !== count || r.errors)
		throw new Error(`${label}: ${r.rowsOut} rows out, ${r.errors} errors`);
	return {
		rowsPerSecond: perSecond(count, r.nodeMs),
		ms: r.nodeMs,
		executionMs: r.executionMs,
		tokenExchanges: r.tokenExchanges,
		memoryPeakMb: r.memoryPeakMb,
	};
}

const median = (runs, key) =>
	percentile(
		runs.map((r) => r[key]),
		50,
	);

async function bulkPayouts(ctx) {
	const { rows, concurrency, rounds, latency } = ctx.opts;
	// The HTTP Request node sends every item at once unless Batching is set; "batch of C every
	// <latency> ms" keeps about C requests in flight, like the SMEPay node's concurrency.
	const httpSettings = [
		{ label: 'no batching (all rows at once)', batching: null },
		{
			label: `batch ${concurrency} every ${latency} ms`,
			batching: { batchSize: concurrency, batchInterval: latency },
		},
	];
	const runs = {
		raw: [],
		smePay: [],
		floor: [],
		smePayMapped: [],
		http: httpSettings.map(() => []),
	};
	for (let round_ = 1; round_ <= rounds; round_++) {
		log(
			`[bench] bulk payouts round ${round_}/${rounds}: ${rows} rows at concurrency ${concurrency}`,
		);
		runs.raw.push(await rawRun(ctx, 'R', rows, concurrency));
		// SMEPay and its floor back to back, first one then the other, so both meet the same load.
		const pair = [
			async () => runs.smePay.push(await smePayRun(ctx, rows, concurrency)),
			async () => runs.floor.push(await floorRun(ctx, rows, concurrency)),
		];
		for (const measure of round_ % 2 ? pair : pair.reverse()) await measure();
		runs.smePayMapped.push(await smePayRun(ctx, rows, concurrency, { autoMap: false }));
		for (const [i, setting] of httpSettings.entries())
			runs.http[i].push(await httpRun(ctx, rows, setting.batching));
		log(
			`[bench]   raw ${runs.raw.at(-1).rowsPerSecond}/s, SMEPay ${runs.smePay.at(-1).rowsPerSecond}/s, floor node ${runs.floor.at(-1).rowsPerSecond}/s (fields by expression ${runs.smePayMapped.at(-1).rowsPerSecond}/s), HTTP ${runs.http.map((r) => `${r.at(-1).rowsPerSecond}/s`).join(', ')}`,
		);
	}
	const raw = median(runs.raw, 'rowsPerSecond');
	const smePay = median(runs.smePay, 'rowsPerSecond');
	const smePayMapped = median(runs.smePayMapped, 'rowsPerSecond');
	const floor = median(runs.floor, 'rowsPerSecond');
	// Paired by round (the two ran back to back), so load that drifts between rounds cancels out.
	const ratioToFloorPerRound = runs.smePay.map((r, i) =>
		ratio(r.rowsPerSecond, runs.floor[i].rowsPerSecond),
	);
	const ratioToFloor = percentile(ratioToFloorPerRound, 50);
	const http = httpSettings.map((s, i) => ({
		setting: s.label,
		rowsPerSecond: median(runs.http[i], 'rowsPerSecond'),
		tokenExchanges: runs.http[i].map((r) => r.tokenExchanges),
		memoryPeakMb: Math.max(...runs.http[i].map((r) => r.memoryPeakMb)),
	}));
	const bestHttp = http.reduce((a, b) => (b.rowsPerSecond > a.rowsPerSecond ? b : a));
	const tokenExchanges = runs.smePay.map((r) => r.tokenExchanges);
	return {
		rows,
		concurrency,
		rounds,
		rowsPerSecond: { raw, smePay, floor, smePayMapped, http },
		bestHttp: bestHttp.setting,
		ratioToRaw: ratio(smePay, raw),
		ratioToFloor,
		ratioToFloorPerRound,
		floorRatioToRaw: ratio(floor, raw),
		ratioToBestHttp: ratio(smePay, bestHttp.rowsPerSecond),
		mappedRatioToRaw: ratio(smePayMapped, raw),
		mappedRatioToBestHttp: ratio(smePayMapped, bestHttp.rowsPerSecond),
		tokenExchangesPerRun: tokenExchanges,
		mappedTokenExchangesPerRun: runs.smePayMapped.map((r) => r.tokenExchanges),
		memoryPeakMb: Math.max(...runs.smePay.map((r) => r.memoryPeakMb)),
		mappedMemoryPeakMb: Math.max(...runs.smePayMapped.map((r) => r.memoryPeakMb)),
		floorTokenExchangesPerRun: runs.floor.map((r) => r.tokenExchanges),
		floorMemoryPeakMb: Math.max(...runs.floor.map((r) => r.memoryPeakMb)),
		targets: {
			'≥ 0.95 × floor node': ratioToFloor >= 0.95,
			'≥ 0.8 × raw client': ratio(smePay, raw) >= 0.8,
			'ahead of the HTTP Request build': smePay > bestHttp.rowsPerSecond,
			'exactly 1 token exchange per run': tokenExchanges.every((n) => n === 1),
		},
		runs,
	};
}

async function webhookIntake(ctx) {
	const { opts, sandbox, instance } = ctx;
	const concurrency = opts.concurrency;
	log(`[bench] webhook intake: creating and settling ${opts.webhooks} payouts for the bodies`);
	const bodies = await settledPayoutBodies({ sandbox, tag: ctx.tag('W'), count: opts.webhooks });
	const variants = [
		['plainWebhook', wf.plainWebhookWorkflow()],
		['triggerVerifyOff', wf.triggerWorkflow({ verify: false, credential: instance.credential })],
		['triggerVerifyOn', wf.triggerWorkflow({ verify: true, credential: instance.credential })],
		// Diagnostic: what remembering events (Skip Repeated Deliveries) costs per webhook.
		[
			'triggerVerifyOffNoDedupe',
			wf.triggerWorkflow({ verify: false, dedupe: false, credential: instance.credential }),
		],
		// Diagnostic: the same trigger saved at node version 1 (n8n evaluates an expression for
		// every request to a version-1 webhook node).
		[
			'triggerVerifyOffV1',
			wf.triggerWorkflow({ verify: false, typeVersion: 1, credential: instance.credential }),
		],
	];
	const phases = Object.fromEntries(variants.map(([key]) => [key, []]));
	const slice = Math.ceil(bodies.length / opts.rounds);
	for (let r = 0; r < opts.rounds; r++) {
		const part = bodies.slice(r * slice, (r + 1) * slice);
		// Rotate who goes first, so no variant always meets the same moment of the machine's load.
		for (let k = 0; k < variants.length; k++) {
			const [key, workflow] = variants[(k + r) % variants.length];
			log(`[bench] webhooks round ${r + 1}/${opts.rounds}: ${part.length} to ${key}`);
			phases[key].push(
				await webhookPhase({
					api: instance.api,
					n8nPid: instance.n8n.pid,
					baseUrl: instance.n8n.baseUrl,
					workflow: { ...workflow, nodes: workflow.nodes.map((n) => ({ ...n })) },
					bodies: part,
					concurrency,
				}),
			);
		}
	}
	const sum = (key) => {
		const runs = phases[key];
		const ms = runs.reduce((s, p) => s + p.ms, 0);
		const count = runs.reduce((s, p) => s + p.webhooks, 0);
		return {
			webhooks: count,
			acknowledged200: runs.reduce((s, p) => s + p.acknowledged200, 0),
			runs: runs.reduce((s, p) => s + p.runs, 0),
			webhooksPerSecond: perSecond(count, ms),
			p50Ms: median(runs, 'p50Ms'),
			p99Ms: Math.max(...runs.map((p) => p.p99Ms)),
			memoryPeakMb: Math.max(...runs.map((p) => p.memoryPeakMb)),
		};
	};
	const summary = Object.fromEntries(variants.map(([key]) => [key, sum(key)]));
	const offRatio = ratio(
		summary.triggerVerifyOff.webhooksPerSecond,
		summary.plainWebhook.webhooksPerSecond,
	);
	return {
		webhooks: bodies.length,
		concurrency,
		...summary,
		ratioVerifyOffToPlain: offRatio,
		ratioVerifyOnToPlain: ratio(
			summary.triggerVerifyOn.webhooksPerSecond,
			summary.plainWebhook.webhooksPerSecond,
		),
		targets: { 'verify off ≥ 0.9 × plain Webhook': offRatio >= 0.9 },
		phases,
	};
}

async function scaling(ctx) {
	const { opts } = ctx;
	const byRows = [];
	for (const rows of opts.scaleRows) {
		log(`[bench] scaling: ${rows} rows at concurrency ${opts.concurrency}`);
		byRows.push(
			point(
				rows,
				opts.concurrency,
				await rawRun(ctx, 'R', rows, opts.concurrency),
				await smePayRun(ctx, rows, opts.concurrency),
			),
		);
	}
	const byConcurrency = [];
	for (const concurrency of opts.scaleConcurrency) {
		log(`[bench] scaling: ${opts.rows} rows at concurrency ${concurrency}`);
		byConcurrency.push(
			point(
				opts.rows,
				concurrency,
				await rawRun(ctx, 'R', opts.rows, concurrency),
				await smePayRun(ctx, opts.rows, concurrency),
			),
		);
	}
	const overheads = byRows.map((p) => p.addedMsPerRow);
	return {
		byRows,
		byConcurrency,
		addedMsPerRowSpread: round(Math.max(...overheads) / Math.min(...overheads), 2),
	};
}

/** One scaling point; addedMsPerRow is what n8n + the node add per row over the raw client. */
function point(rows, concurrency, raw, smePay) {
	return {
		rows,
		concurrency,
		rawRowsPerSecond: raw.rowsPerSecond,
		smePayRowsPerSecond: smePay.rowsPerSecond,
		ratio: ratio(smePay.rowsPerSecond, raw.rowsPerSecond),
		msPerRow: round(smePay.ms / rows, 2),
		addedMsPerRow: round((smePay.ms - raw.ms) / rows, 2),
		tokenExchanges: smePay.tokenExchanges,
		memoryPeakMb: smePay.memoryPeakMb,
	};
}

function report(r) {
	const parts = [
		`n8n ${r.n8nVersion} (${describeEnv(r.n8nEnv)}), sandbox latency ${r.sandbox.latencyMs} ms, ${r.machine.cpus} CPUs, load average ${r.machine.loadavgAtStart.join('/')} at start, ${r.machine.loadavgAtEnd.join('/')} at end`,
	];
	if (r.bulk) {
		const b = r.bulk;
		parts.push(
			`### Bulk payouts: ${b.rows} rows, concurrency ${b.concurrency}, median of ${b.rounds} rounds`,
		);
		parts.push(
			markdownTable(
				['build', 'rows/s', 'ratio to raw client', 'token exchanges per run', 'n8n peak RSS (MB)'],
				[
					['raw undici client (the limit)', b.rowsPerSecond.raw, '1', '1', ''],
					[
						'**SMEPay → Send Payout, Data Mode: Auto-Map Input Data**',
						b.rowsPerSecond.smePay,
						b.ratioToRaw,
						b.tokenExchangesPerRun.join(', '),
						b.memoryPeakMb,
					],
					[
						'bench floor node: one request-helper call per row, nothing else',
						b.rowsPerSecond.floor,
						b.floorRatioToRaw,
						b.floorTokenExchangesPerRun.join(', '),
						b.floorMemoryPeakMb,
					],
					[
						'SMEPay → Send Payout, each field mapped by an expression',
						b.rowsPerSecond.smePayMapped,
						b.mappedRatioToRaw,
						b.mappedTokenExchangesPerRun.join(', '),
						b.mappedMemoryPeakMb,
					],
					...b.rowsPerSecond.http.map((h) => [
						`HTTP Request + token call, ${h.setting}`,
						h.rowsPerSecond,
						ratio(h.rowsPerSecond, b.rowsPerSecond.raw),
						h.tokenExchanges.join(', '),
						h.memoryPeakMb,
					]),
				],
			),
		);
		parts.push(
			markdownTable(
				['target', 'measured', 'verdict'],
				[
					[
						'≥ 0.95 × the floor node (median of the rounds)',
						`${b.ratioToFloor} × (rounds: ${b.ratioToFloorPerRound.join(', ')})`,
						verdict(b.targets['≥ 0.95 × floor node']),
					],
					['≥ 0.8 × raw client', `${b.ratioToRaw} ×`, verdict(b.targets['≥ 0.8 × raw client'])],
					[
						'ahead of the HTTP Request build (best setting)',
						`${b.ratioToBestHttp} × (${b.bestHttp})`,
						verdict(b.targets['ahead of the HTTP Request build']),
					],
					[
						'exactly 1 token exchange per run',
						b.tokenExchangesPerRun.join(', '),
						verdict(b.targets['exactly 1 token exchange per run']),
					],
				],
			),
		);
	}
	if (r.webhooks) {
		const w = r.webhooks;
		parts.push(
			`### Webhook intake: ${w.webhooks} webhooks per variant, concurrency ${w.concurrency}`,
		);
		const row = (name, s, rat) => [
			name,
			s.webhooksPerSecond,
			rat,
			s.p50Ms,
			s.p99Ms,
			`${s.runs}/${s.webhooks}`,
			s.memoryPeakMb,
		];
		parts.push(
			markdownTable(
				[
					'receiver',
					'webhooks/s',
					'ratio to plain Webhook',
					'p50 ack (ms)',
					'p99 ack (ms)',
					'runs',
					'n8n peak RSS (MB)',
				],
				[
					row("n8n's Webhook node", w.plainWebhook, '1'),
					row('**SMEPay Trigger, verification off**', w.triggerVerifyOff, w.ratioVerifyOffToPlain),
					row('**SMEPay Trigger, verification on**', w.triggerVerifyOn, w.ratioVerifyOnToPlain),
					row(
						'SMEPay Trigger, verification off, Skip Repeated Deliveries off (diagnostic)',
						w.triggerVerifyOffNoDedupe,
						ratio(w.triggerVerifyOffNoDedupe.webhooksPerSecond, w.plainWebhook.webhooksPerSecond),
					),
					row(
						'SMEPay Trigger, verification off, node version 1 as saved before 0.2.0 (diagnostic)',
						w.triggerVerifyOffV1,
						ratio(w.triggerVerifyOffV1.webhooksPerSecond, w.plainWebhook.webhooksPerSecond),
					),
				],
			),
		);
		parts.push(
			markdownTable(
				['target', 'measured', 'verdict'],
				[
					[
						'verification off ≥ 0.9 × plain Webhook',
						`${w.ratioVerifyOffToPlain} ×`,
						verdict(w.targets['verify off ≥ 0.9 × plain Webhook']),
					],
				],
			),
		);
	}
	if (r.burst) parts.push(burstReport(r.burst));
	if (r.scaling) {
		const s = r.scaling;
		const row = (p) => [
			p.rows,
			p.concurrency,
			p.rawRowsPerSecond,
			p.smePayRowsPerSecond,
			p.ratio,
			p.msPerRow,
			p.addedMsPerRow,
			p.memoryPeakMb,
		];
		const headers = [
			'rows',
			'concurrency',
			'raw rows/s',
			'SMEPay rows/s',
			'ratio',
			'ms per row',
			'added ms per row',
			'n8n peak RSS (MB)',
		];
		parts.push('### Scaling with rows');
		parts.push(markdownTable(headers, s.byRows.map(row)));
		parts.push(`Added cost per row, largest / smallest: ${s.addedMsPerRowSpread} (flat is 1).`);
		parts.push('### Scaling with concurrency');
		parts.push(markdownTable(headers, s.byConcurrency.map(row)));
	}
	return parts.join('\n\n');
}

function scalingSvg(s) {
	const panelFor = (points, key, title, xLabel, logX) => ({
		title,
		xLabel,
		yLabel: 'rows/s',
		logX,
		xs: points.map((p) => p[key]),
		series: [
			{ name: 'raw undici client', values: points.map((p) => p.rawRowsPerSecond) },
			{ name: 'SMEPay node in n8n', values: points.map((p) => p.smePayRowsPerSecond) },
		],
	});
	return lineChartsSvg([
		panelFor(
			s.byRows,
			'rows',
			`Rows/s by batch size (concurrency ${s.byRows[0].concurrency})`,
			'rows per run (log)',
			true,
		),
		panelFor(
			s.byConcurrency,
			'concurrency',
			`Rows/s by concurrency (${s.byConcurrency[0].rows} rows)`,
			'concurrency',
			false,
		),
	]);
}

main().catch((error) => {
	console.error(`[bench] FAILED: ${error.stack || error.message}`);
	process.exitCode = 1;
});
