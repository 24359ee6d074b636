'use strict';
// `--only waits`: Payout → Wait for Status over many payouts in a real n8n. Two runs:
//   settling: the payouts settle at their own times, spread over about a minute (some FAILED): how
//     long after the slowest payout settled the node ends, and how many status calls it made
//     against the bound of one per pending payout per Poll Interval;
//   stuck: none of them settles: the node ends at the one Timeout (waiting item after item, as
//     before 0.3, took about payouts / Concurrency × Timeout).
// The sandbox's request log gives every status call with its time.

const { rawPayouts } = require('./rawClient');
const { runN8nBatch } = require('./payoutRuns');
const { markdownTable } = require('./table');
const { round } = require('./stats');
const { PAYOUTS_PATH, waitForPayoutsWorkflow } = require('./workflows');

const log = (line) => console.log(line);
const STATUS_PREFIX = `${PAYOUTS_PATH}/`;

async function waitForStatusBench(ctx) {
	const { waitPayouts, waitSpread, waitPollInterval, waitTimeout, waitStuckTimeout } = ctx.opts;
	const concurrency = 5; // the node's default
	log(
		`[bench] waits: ${waitPayouts} payouts settling over ${waitSpread} s (Poll Interval ${waitPollInterval} s, Timeout ${waitTimeout} s)`,
	);
	const settling = await measureWait(ctx, {
		kind: 'WS',
		count: waitPayouts,
		pollInterval: waitPollInterval,
		timeout: waitTimeout,
		concurrency,
		settleAfterMs: (i) => settleAfterMs(i, waitPayouts, waitSpread),
	});
	log(
		`[bench]   ended ${settling.afterSlowestS} s after the slowest payout settled; ${settling.statusCalls} status calls (bound ${settling.statusCallBound})`,
	);
	log(`[bench] waits: ${waitPayouts} payouts that never settle, Timeout ${waitStuckTimeout} s`);
	const stuck = await measureWait(ctx, {
		kind: 'WT',
		count: waitPayouts,
		pollInterval: waitPollInterval,
		timeout: waitStuckTimeout,
		concurrency,
		settleAfterMs: () => undefined,
	});
	log(`[bench]   ended after ${stuck.nodeS} s; ${stuck.statusCalls} status calls`);
	return { payouts: waitPayouts, concurrency, pollInterval: waitPollInterval, settling, stuck };
}

/**
 * Payout i of `count` settles at (i + 1) / count of the spread, in a shuffled order (every 37th
 * payout next), every 10th of them FAILED.
 */
function settleAfterMs(i, count, spreadSeconds) {
	const slot = (i * 37) % count;
	return Math.round(((slot + 1) / count) * spreadSeconds * 1000);
}

async function measureWait(
	ctx,
	{ kind, count, pollInterval, timeout, concurrency, settleAfterMs },
) {
	const { sandbox, instance } = ctx;
	const ids = await sendPayouts(ctx, kind, count);
	const workflow = waitForPayoutsWorkflow({
		tag: ctx.tag(kind),
		ids,
		pollInterval,
		timeout,
		concurrency,
		credential: instance.credential,
	});
	const settlesAt = new Map();
	const scheduledAt = Date.now();
	for (const [i, id] of ids.entries()) {
		const afterMs = settleAfterMs(i);
		if (afterMs === undefined) continue;
		const status = i % 10 === 9 ? 'FAILED' : 'SUCCESS';
		await sandbox.settlePayoutLater(id, status, afterMs);
		settlesAt.set(id, { at: scheduledAt + afterMs, status });
	}
	const run = await runN8nBatch({ api: instance.api, n8nPid: instance.n8n.pid, sandbox, workflow });
	const nodeStartedAt = run.nodeStartedAt;
	const nodeEndedAt = nodeStartedAt + run.nodeMs;
	checkOutputs(run.items, ids, settlesAt);

	const calls = await statusCalls(sandbox, new Set(ids), nodeStartedAt, pollInterval * 1000);
	const slowest = Math.max(...[...settlesAt.values()].map((s) => s.at));
	// One call per pending payout per Poll Interval, one more at its end (the one that sees it final,
	// or the last at the Timeout).
	const bound = ids
		.map((id) => {
			const endsAt = settlesAt.has(id)
				? Math.max(settlesAt.get(id).at, nodeStartedAt)
				: nodeStartedAt + timeout * 1000;
			return Math.floor((endsAt - nodeStartedAt) / (pollInterval * 1000)) + 2;
		})
		.reduce((a, b) => a + b, 0);
	return {
		timeoutS: timeout,
		nodeS: round(run.nodeMs / 1000, 1),
		slowestSettlesAfterStartS: settlesAt.size ? round((slowest - nodeStartedAt) / 1000, 1) : null,
		afterSlowestS: settlesAt.size ? round((nodeEndedAt - slowest) / 1000, 1) : null,
		statusCalls: calls.total,
		statusCallBound: bound,
		mostCallsForOnePayout: calls.most,
		retries: calls.retries,
		callsSoonerThanInterval: calls.sooner,
		tokenExchanges: run.tokenExchanges,
		timedOut: run.items.filter((item) => item.json.timedOut === true).length,
		final: run.items.filter((item) => item.json.timedOut === false).length,
	};
}

/** Creates the payouts straight at the sandbox (the bench measures the wait, not the send). */
async function sendPayouts({ sandbox, tag }, kind, count) {
	const reference = tag(`${kind}P`);
	const sent = await rawPayouts({
		sandboxUrl: sandbox.testUrl,
		client: sandbox.disbursement,
		tag: reference,
		count,
		concurrency: 10,
	});
	if (sent.failed) throw new Error(`waits: ${sent.failed} of ${count} payouts refused`);
	const { payouts } = await sandbox.ledger();
	const ids = payouts
		.filter((payout) => payout.reference_id.startsWith(`${reference}-`))
		.sort((a, b) => a.reference_id.localeCompare(b.reference_id))
		.map((payout) => payout.id);
	if (ids.length !== count)
		throw new Error(`waits: ${ids.length} of ${count} payouts in the ledger`);
	return ids;
}

/** Every payout out in order: the settled ones with their status, the others timed out. */
function checkOutputs(items, ids, settlesAt) {
	if (items.length !== ids.length) throw new Error(`waits: ${items.length} of ${ids.length} out`);
	items.forEach((item, i) => {
		const settled = settlesAt.get(ids[i]);
		const expected = settled
			? { id: ids[i], status: settled.status, timedOut: false }
			: { id: ids[i], timedOut: true };
		for (const [key, value] of Object.entries(expected)) {
			if (item.json[key] !== value) {
				throw new Error(
					`waits: item ${i} has ${key} ${JSON.stringify(item.json[key])}, expected ${JSON.stringify(value)}`,
				);
			}
		}
	});
}

/**
 * The status calls of these payouts from `since` on, from the sandbox's request log: how many, the
 * most for one payout, how many repeated a call that got no 2xx answer (the transport's retries:
 * a 401 renews the token, a 429 or 5xx waits and tries again), and how many others came sooner
 * than `intervalMs` after the one before (the last read, made at the Timeout).
 */
async function statusCalls(sandbox, ids, since, intervalMs) {
	const { requests } = await sandbox.requests();
	const perPayout = new Map();
	for (const request of requests) {
		if (request.method !== 'GET' || request.at < since) continue;
		if (!request.path.startsWith(STATUS_PREFIX)) continue;
		const id = request.path.slice(STATUS_PREFIX.length);
		if (ids.has(id)) perPayout.set(id, [...(perPayout.get(id) ?? []), request]);
	}
	let retries = 0;
	let sooner = 0;
	for (const calls of perPayout.values()) {
		calls.forEach((call, i) => {
			if (i === 0) return;
			const before = calls[i - 1];
			if (!(before.status >= 200 && before.status < 300)) retries++;
			else if (call.at - before.at < intervalMs) sooner++;
		});
	}
	const counts = [...perPayout.values()].map((calls) => calls.length);
	return {
		total: counts.reduce((a, b) => a + b, 0),
		most: Math.max(0, ...counts),
		retries,
		sooner,
	};
}

function waitsReport(w) {
	const rows = [
		[
			`${w.payouts} payouts settling over ${w.settling.slowestSettlesAfterStartS} s`,
			w.settling.timeoutS,
			w.settling.nodeS,
			`${w.settling.afterSlowestS} s after the slowest payout`,
			`${w.settling.statusCalls - w.settling.retries} + ${w.settling.retries} retries (bound ${w.settling.statusCallBound})`,
			w.settling.mostCallsForOnePayout,
			w.settling.callsSoonerThanInterval,
			`${w.settling.final} / ${w.settling.timedOut}`,
		],
		[
			`${w.payouts} payouts that never settle`,
			w.stuck.timeoutS,
			w.stuck.nodeS,
			`${round(w.stuck.nodeS / w.stuck.timeoutS, 2)} × Timeout`,
			`${w.stuck.statusCalls - w.stuck.retries} + ${w.stuck.retries} retries (bound ${w.stuck.statusCallBound})`,
			w.stuck.mostCallsForOnePayout,
			w.stuck.callsSoonerThanInterval,
			`${w.stuck.final} / ${w.stuck.timedOut}`,
		],
	];
	return [
		`### Wait for Status over ${w.payouts} payouts (Concurrency ${w.concurrency}, Poll Interval ${w.pollInterval} s)`,
		markdownTable(
			[
				'run',
				'Timeout (s)',
				'node time (s)',
				'ended',
				'status calls',
				'most for one payout',
				'sooner than the Poll Interval (not retries)',
				'final / timedOut',
			],
			rows,
		),
	].join('\n\n');
}

module.exports = { waitForStatusBench, waitsReport, settleAfterMs };
