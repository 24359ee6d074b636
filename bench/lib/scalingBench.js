'use strict';
// `--only scaling`: the SMEPay node against the raw client as the rows per run and the
// concurrency grow.

const { round, ratio } = require('./stats');
const { rawRun, smePayRun } = require('./benchRuns');

const log = (line) => console.log(line);

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

module.exports = { scaling };
