'use strict';
// Webhook intake: real, settled payouts in the sandbox give the bodies (so the trigger's
// verification has something true to check), then each workflow receives all of them.

const { rawPayouts } = require('./rawClient');
const { postWebhooks } = require('./webhookLoad');
const { waitForExecutions } = require('./executions');
const { percentile, round } = require('./stats');
const { resetPeak, peakMb } = require('./memory');

const SETTLE_CONCURRENCY = 10;

/** `count` payouts created and settled SUCCESS; returns their webhook bodies (JSON strings). */
async function settledPayoutBodies({ sandbox, tag, count }) {
	await rawPayouts({
		sandboxUrl: sandbox.testUrl,
		client: sandbox.disbursement,
		tag,
		count,
		concurrency: 10,
	});
	const mine = (await sandbox.ledger()).payouts.filter((p) => p.reference_id.startsWith(`${tag}-`));
	let next = 0;
	const lane = async () => {
		while (next < mine.length) await sandbox.settlePayout(mine[next++].id, 'SUCCESS');
	};
	await Promise.all(Array.from({ length: SETTLE_CONCURRENCY }, lane));
	const settled = (await sandbox.ledger()).payouts.filter((p) =>
		p.reference_id.startsWith(`${tag}-`),
	);
	return settled.map(({ client_id, callback_url, history, ...body }) => JSON.stringify(body));
}

async function webhookPhase({ api, n8nPid, baseUrl, workflow, bodies, concurrency }) {
	const { webhookPath, ...definition } = workflow;
	const created = await api.importWorkflow(definition);
	await api.activateWorkflow(created.id);
	try {
		resetPeak(n8nPid);
		const { ms, results } = await postWebhooks({ baseUrl, path: webhookPath, bodies, concurrency });
		const acked = results.filter((r) => r.status === 200);
		const latencies = results.map((r) => r.ms);
		const executions = await waitForExecutions(api, created.id, acked.length);
		const starts = executions.map((e) => Date.parse(e.startedAt));
		const stops = executions.map((e) => Date.parse(e.stoppedAt));
		return {
			webhooks: bodies.length,
			acknowledged200: acked.length,
			otherAnswers: countBy(results.filter((r) => r.status !== 200).map((r) => r.status)),
			runs: executions.length,
			runsSucceeded: executions.filter((e) => e.status === 'success').length,
			ms: round(ms, 0),
			webhooksPerSecond: round((bodies.length / ms) * 1000, 1),
			p50Ms: round(percentile(latencies, 50), 1),
			p99Ms: round(percentile(latencies, 99), 1),
			// Until the last run was stored: the acknowledgements may run ahead of the runs.
			drainMs: round(Math.max(...stops) - Math.min(...starts), 0),
			memoryPeakMb: peakMb(n8nPid),
		};
	} finally {
		await api.deactivateWorkflow(created.id);
	}
}

function countBy(values) {
	const counts = {};
	for (const value of values) counts[value] = (counts[value] || 0) + 1;
	return counts;
}

module.exports = { settledPayoutBodies, webhookPhase, countBy };
