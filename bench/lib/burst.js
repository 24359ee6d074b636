'use strict';
// Settlement burst: `count` payouts made with an SMEPay Trigger's Production URL as callback_url,
// then settled together, so the sandbox delivers their `count` webhooks at once, each on its own
// connection with SMEPay's 10 s timeout, as SMEPay does when a payroll settles. SMEPay's retries
// are on, on its schedule (1 min, 5 min, …, after a 5xx or a timeout): a delivery not answered
// within the timeout counts as a timeout, one answered 503 (the trigger's "retry later", e.g. when
// its verification ran out of time) as sent again, and a payout whose webhook started no run once
// its deliveries have ended (or by the 5-minute retry) as lost. The target: no timeout, none lost,
// none run twice.
const { randomUUID } = require('node:crypto');
const { rawPayouts } = require('./rawClient');
const { listExecutions, countExecutions, finishedRun } = require('./executions');
const { percentile, round } = require('./stats');
const { resetPeak, peakMb } = require('./memory');
const { countBy } = require('./webhookRuns');

const SETTLE_CONCURRENCY = 50; // control calls in flight: 1,000 settled in about a second
const READ_CONCURRENCY = 8; // execution records read back at a time
// No new execution for this long: the runs are all in (n8n goes on with a request whose caller
// timed out, so runs can still start after the last answer).
const QUIET_MS = 10_000;
const DRAIN_TIMEOUT_MS = 120_000;
const SMEPAY_RETRY_DELAYS_S = [60, 300, 1500, 7200];

/**
 * SMEPay Trigger (payout events, Verify With SMEPay on) → a Set node with one expression, as a
 * real workflow has: the run after the trigger needs n8n's expression engine too.
 */
function burstWorkflow({ credential, name }) {
	const webhookId = randomUUID();
	const trigger = {
		id: 'burst-trigger',
		name: 'SMEPay Trigger',
		type: 'n8n-nodes-smepay.smePayTrigger',
		typeVersion: 2,
		position: [0, 0],
		webhookId,
		parameters: { events: ['payout'], statuses: [], verify: true, options: {} },
		credentials: { smePayDisbursementApi: { id: credential.id, name: credential.name } },
	};
	const record = {
		id: 'burst-record',
		name: 'Record Payout',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [220, 0],
		parameters: {
			assignments: {
				assignments: [
					{ id: 'ref', name: 'settled', type: 'string', value: '={{ $json.eventId }}' },
				],
			},
			options: {},
		},
	};
	return {
		name,
		nodes: [trigger, record],
		connections: { [trigger.name]: { main: [[{ node: record.name, type: 'main', index: 0 }]] } },
		webhookPath: `${webhookId}/webhook`,
		triggerName: trigger.name,
	};
}

async function createPayouts({ sandbox, tag, count, callbackUrl }) {
	const r = await rawPayouts({
		sandboxUrl: sandbox.testUrl,
		client: sandbox.disbursement,
		tag,
		count,
		concurrency: 10,
		callbackUrl,
	});
	if (r.failed) throw new Error(`burst: ${r.failed} of ${count} payouts refused`);
	const mine = (await sandbox.ledger()).payouts.filter((p) => p.reference_id.startsWith(`${tag}-`));
	return mine.map((p) => p.id);
}

async function settleAll(sandbox, ids) {
	let next = 0;
	const lane = async () => {
		while (next < ids.length) await sandbox.settlePayout(ids[next++], 'SUCCESS');
	};
	await Promise.all(Array.from({ length: Math.min(SETTLE_CONCURRENCY, ids.length) }, lane));
}

/**
 * Every delivery attempt of these payouts, once each payout's delivery has ended (an answer that
 * SMEPay does not retry, or its last retry) or the deadline has passed. `pending`: payouts whose
 * delivery had not ended by then.
 */
async function deliveryAttempts(sandbox, ids, { deadline }) {
	const wanted = new Set(ids);
	for (;;) {
		const attempts = (await sandbox.ledger()).webhooks.filter(
			(w) => w.kind === 'payout' && wanted.has(w.id),
		);
		const ended = new Set(attempts.filter((a) => a.nextRetryInMs === null).map((a) => a.id));
		if (ended.size >= ids.length || Date.now() > deadline) {
			return { attempts, pending: ids.filter((id) => !ended.has(id)) };
		}
		await sleep(2000);
	}
}

/**
 * Settles the warm-up payout and waits for its webhook, so that the credential holds a token as it
 * does in the hour after its first use. Its first delivery must have been answered 200.
 */
async function warmUp(sandbox, warmId, what) {
	await settleAll(sandbox, [warmId]);
	const {
		attempts: [warm],
	} = await deliveryAttempts(sandbox, [warmId], { deadline: Date.now() + 30_000 });
	if (!warm || warm.responseStatus !== 200)
		throw new Error(`${what} warm-up webhook answered ${warm ? warm.responseStatus : 'nothing'}`);
	return warm;
}

/** Every run of the workflow, once no new one has appeared for QUIET_MS and none is running. */
async function settledRuns(api, workflowId, { expected }) {
	const deadline = Date.now() + DRAIN_TIMEOUT_MS;
	let last = -1;
	let quietSince = Date.now();
	for (;;) {
		const count = await patiently(() => countExecutions(api, workflowId));
		if (count !== last) [last, quietSince] = [count, Date.now()];
		if (count >= expected || Date.now() - quietSince > QUIET_MS || Date.now() > deadline) {
			const runs = await patiently(() => listExecutions(api, workflowId));
			const busy = runs.some((e) => ['running', 'new', 'waiting'].includes(e.status));
			if (!busy || Date.now() > deadline) return runs;
		}
		await sleep(1000);
	}
}

/**
 * The payout id each run started for (the trigger's eventId), with the run's id, final status and
 * error; a run still not finished after a minute is counted in `unfinished` (its event is neither
 * lost nor known to have run).
 */
async function eventRunsOf(api, runs, triggerName, unfinished) {
	const ids = [];
	let next = 0;
	const lane = async () => {
		while (next < runs.length) {
			const id = runs[next++].id;
			try {
				const { output, status, error } = await patiently(() => finishedRun(api, id, triggerName));
				ids.push({ eventId: output?.eventId, executionId: id, status, error });
			} catch (error) {
				if (!/still running/.test(error.message)) throw error;
				unfinished.push(id);
			}
		}
	};
	await Promise.all(Array.from({ length: READ_CONCURRENCY }, lane));
	return ids;
}

/**
 * One burst against one n8n: warm-up delivery (so the credential holds a token, as it does in
 * the hour after its first use), then `count` settled at once. `latencyMs` is SMEPay's answer
 * time for the trigger's verification calls.
 */
async function runBurst({
	sandbox,
	instance,
	tag,
	count,
	latencyMs,
	restoreLatencyMs, // the sandbox's latency for the bench's other parts
	webhookTimeoutMs = 10_000,
}) {
	const { api, credential } = instance;
	const { webhookPath, triggerName, ...definition } = burstWorkflow({
		credential,
		name: `bench: settlement burst ${tag}`,
	});
	const created = await api.importWorkflow(definition);
	await api.activateWorkflow(created.id);
	const callbackUrl = `${instance.n8n.baseUrl}/webhook/${webhookPath}`;
	try {
		await sandbox.config({ latencyMs: 0, webhookRetryDelaysSeconds: [], webhookTimeoutMs });
		const [warmId] = await createPayouts({ sandbox, tag: `${tag}X`, count: 1, callbackUrl });
		const ids = await createPayouts({ sandbox, tag, count, callbackUrl });
		await sandbox.config({ latencyMs });
		await warmUp(sandbox, warmId, 'burst');
		await settledRuns(api, created.id, { expected: 1 });

		const tokensBefore = (await sandbox.ledger()).tokens.disbursement;
		await sandbox.config({ webhookRetryDelaysSeconds: SMEPAY_RETRY_DELAYS_S });
		resetPeak(instance.n8n.pid);
		const started = Date.now();
		await settleAll(sandbox, ids);
		const settleMs = Date.now() - started;
		// Up to the third delivery (the 5-minute retry) and its answer.
		const { attempts, pending } = await deliveryAttempts(sandbox, ids, {
			deadline: Date.now() + (SMEPAY_RETRY_DELAYS_S[0] + SMEPAY_RETRY_DELAYS_S[1]) * 1000 + 90_000,
		});
		const memoryPeakMb = peakMb(instance.n8n.pid);
		// Read back, then count again: n8n, short of CPU, can start a late run after a quiet spell.
		let allRuns = [];
		let eventRuns = [];
		const unfinished = [];
		// A listing that brings nothing new ends it: what n8n counts but does not list is reported.
		let more;
		let counted;
		do {
			more = (await settledRuns(api, created.id, { expected: count + 1 })).filter(
				(e) => !allRuns.some((r) => r.id === e.id),
			);
			eventRuns = eventRuns.concat(await eventRunsOf(api, more, triggerName, unfinished));
			allRuns = allRuns.concat(more);
			counted = await patiently(() => countExecutions(api, created.id));
		} while (counted > allRuns.length && more.length > 0);
		const notListed = Math.max(0, counted - allRuns.length);
		const tokensAfter = (await sandbox.ledger()).tokens.disbursement;
		// A finished run that failed: n8n's error, counted by its first line.
		const failedRuns = eventRuns.filter((r) => r.status !== 'success');
		const burstEventRuns = eventRuns.filter((r) => r.eventId && r.eventId !== warmId);
		const runIds = burstEventRuns.map((r) => r.eventId);
		const ranFor = new Set(runIds);
		const settled = new Set(ids);
		const unknown = runIds.filter((id) => !settled.has(id));
		if (unknown.length)
			throw new Error(`burst: runs for payouts not settled: ${unknown.join(', ')}`);
		const ms = attempts.map((a) => a.durationMs);
		const lastAnswerAt = Math.max(...attempts.map((a) => a.atMs + a.durationMs));
		const timedOut = (a) => /^timeout/.test(a.error || '');
		const answeredOk = new Set(attempts.filter((a) => a.responseStatus === 200).map((a) => a.id));
		const burstRuns = allRuns.filter((e) => Date.parse(e.startedAt) >= started);
		const lastRunAt = Math.max(...burstRuns.map((e) => Date.parse(e.startedAt)));
		return {
			latencyMs,
			webhooks: count,
			settleMs,
			delivered: new Set(attempts.map((a) => a.id)).size,
			attempts: attempts.length,
			answered200: answeredOk.size,
			answered200AtFirst: attempts.filter((a) => a.attempt === 1 && a.responseStatus === 200)
				.length,
			timeouts: attempts.filter(timedOut).length,
			answered503: attempts.filter((a) => a.responseStatus === 503).length,
			// 503 from the trigger's bound on webhooks at once (docs/flood-bound.md), not its checks.
			turnedAway: attempts.filter(
				(a) => a.responseStatus === 503 && /Too many webhooks at once/.test(a.responseError ?? ''),
			).length,
			mostAttempts: Math.max(...attempts.map((a) => a.attempt)),
			pending: pending.length,
			otherAnswers: countBy(
				attempts
					.filter((a) => ![200, 503].includes(a.responseStatus) && !timedOut(a))
					.map((a) => a.responseStatus ?? a.error),
			),
			p50Ms: round(percentile(ms, 50), 0),
			p99Ms: round(percentile(ms, 99), 0),
			maxMs: round(Math.max(...ms), 0),
			absorbedInS: round((lastAnswerAt - started) / 1000, 1),
			webhooksPerSecond: round((attempts.length / (lastAnswerAt - started)) * 1000, 1),
			runs: runIds.length,
			// How fast n8n took the events in, answered in time or not: runs started per second.
			runsPerSecond: round((burstRuns.length / (lastRunAt - started)) * 1000, 1),
			allRunsStartedInS: round((lastRunAt - started) / 1000, 1),
			// Finished and not a success (a run still going after a minute is in runsUnfinished).
			runsFailed: failedRuns.length,
			failures: countBy(failedRuns.map((r) => `${r.status}: ${r.error ?? 'no error recorded'}`)),
			runsUnfinished: unfinished.length,
			runsNotListed: notListed,
			// A run n8n counts but does not list may be any event's: not counted as lost.
			eventsLost: Math.max(0, count - ranFor.size - unfinished.length - notListed),
			eventsRunTwice: runIds.length - new Set(runIds).size,
			runTwice: runsOfRepeatedEvents(burstEventRuns),
			tokenExchanges: tokensAfter - tokensBefore,
			memoryPeakMb,
		};
	} finally {
		await api.deactivateWorkflow(created.id).catch(() => undefined);
		await sandbox.config({
			latencyMs: restoreLatencyMs,
			webhookRetryDelaysSeconds: SMEPAY_RETRY_DELAYS_S,
		});
	}
}

/** The events that started more than one run, with their executions (the first five). */
function runsOfRepeatedEvents(eventRuns) {
	const byEvent = new Map();
	for (const { eventId, executionId } of eventRuns)
		byEvent.set(eventId, [...(byEvent.get(eventId) ?? []), executionId]);
	return [...byEvent]
		.filter(([, executions]) => executions.length > 1)
		.slice(0, 5)
		.map(([eventId, executions]) => ({ eventId, executions }));
}

/**
 * Pass: no delivery timed out, every payout's webhook was answered 200 (at its first delivery or
 * one of SMEPay's retries) and started exactly one run.
 */
const absorbed = (b) =>
	b.delivered === b.webhooks &&
	b.answered200 === b.webhooks &&
	b.pending === 0 &&
	b.timeouts === 0 &&
	b.eventsLost === 0 &&
	b.eventsRunTwice === 0 &&
	b.runsFailed === 0 &&
	b.runsUnfinished === 0 &&
	!b.runsNotListed;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * n8n answers its REST API 503 "Database is not ready!" while a burst keeps its database busy:
 * the bench's own reads wait and try again (bounded).
 */
async function patiently(read, { timeoutMs = 120_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await read();
		} catch (error) {
			// 503 "Database is not ready!", or a connection n8n dropped under the load.
			const transient = /-> 503|fetch failed/.test(error.message);
			if (Date.now() > deadline || !transient) throw error;
			await sleep(1000);
		}
	}
}

module.exports = {
	runBurst,
	burstWorkflow,
	absorbed,
	createPayouts,
	settleAll,
	deliveryAttempts,
	warmUp,
	settledRuns,
	eventRunsOf,
	patiently,
};
