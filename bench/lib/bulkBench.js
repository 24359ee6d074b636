'use strict';
// `--only bulk`: one payout batch, round by round, through the raw client, the SMEPay node, its
// floor node, the SMEPay node with fields by expression and the HTTP Request build.

const { percentile, ratio } = require('./stats');
const { median, rawRun, smePayRun, floorRun, httpRun } = require('./benchRuns');

const log = (line) => console.log(line);

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

module.exports = { bulkPayouts };
