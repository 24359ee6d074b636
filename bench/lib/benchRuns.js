'use strict';
// One measured run of each build the bench compares, checked (every row out, no errors) and
// reduced to rows/s: the raw undici client, the SMEPay node (fields auto-mapped or by expression),
// the floor node and the HTTP Request build. `ctx` is { opts, sandbox, instance, tag } from bench.js.

const wf = require('./workflows');
const { runN8nBatch } = require('./payoutRuns');
const { rawPayouts } = require('./rawClient');
const { percentile, round } = require('./stats');

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

module.exports = { perSecond, median, rawRun, smePayRun, floorRun, httpRun };
