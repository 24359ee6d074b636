'use strict';
// What bench.js prints from its results: markdown tables of rows/s and ratios with the targets'
// verdicts, and the scaling chart (bench/results/scaling.svg).

const { ratio } = require('./stats');
const { lineChartsSvg } = require('./plot');
const { burstReport } = require('./burstBench');
const { floodReport } = require('./floodBench');
const { waitsReport } = require('./waitBench');
const { memoryReport } = require('./memoryBench');
const { markdownTable, verdict } = require('./table');

const describeEnv = (env) =>
	Object.keys(env).length === 0
		? "n8n's default settings"
		: Object.entries(env)
				.map(([key, value]) => `${key}=${value}`)
				.join(', ');

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
	if (r.flood) parts.push(floodReport(r.flood));
	if (r.waits) parts.push(waitsReport(r.waits));
	if (r.triggerMemory) parts.push(memoryReport(r.triggerMemory));
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

module.exports = { report, scalingSvg };
