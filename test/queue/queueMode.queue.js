'use strict';
// n8n queue mode (main + 2 workers + 2 webhook processors on PostgreSQL and Redis) with the
// package installed in each process. Proves the three ways community nodes break at scale do
// not happen here: the token, the webhooks (exactly once with the Data Table claim, across
// processes), a worker dying mid-batch. Tests run in order on one cluster; the last one kills a
// worker.
const { startQueueHarness } = require('./queueHarness');
const { claimRaceWorkflow } = require('./workflows');
const {
	newPrefix,
	sheet,
	startSheetRun,
	paySheet,
	smePayItems,
	payoutsWithPrefix,
	disbursementTokens,
	storedCredential,
	waitUntil,
} = require('./queueSteps');

let h;
let v2; // n8n 2.x, where the suite expects n8n's 2.x behaviour (token renewal, stalled jobs)
beforeAll(async () => {
	h = await startQueueHarness();
	v2 = Number(h.version.split('.')[0]) >= 2;
}, 600_000);
afterAll(async () => {
	if (h) await h.close();
});

const note = (line) => process.stdout.write(`[queue] ${line}\n`);

test('1,000 payout rows run on a worker with one token exchange, and other workers reuse the stored token', async () => {
	const credentialId = h.credentials.smePayDisbursementApi.id;
	const tokensBefore = await disbursementTokens(h);
	const storedBefore = storedCredential(h, credentialId);

	const prefix = newPrefix('BATCH');
	const started = Date.now();
	const first = await paySheet(h, sheet(prefix, 1000));
	note(
		`1,000 rows: execution ${first.execution.id} ${first.execution.status} on ${first.worker?.name} in ${Date.now() - started} ms`,
	);
	expect(first.execution.status).toBe('success');
	expect(first.worker).toBeDefined(); // a worker ran it, not main
	expect(first.items).toHaveLength(1000);
	expect(first.items.filter((item) => item.error || item.duplicate)).toEqual([]);
	const paid = await payoutsWithPrefix(h, prefix);
	expect(new Set(paid.map((p) => p.reference_id)).size).toBe(1000);
	expect(paid).toHaveLength(1000);
	expect((await disbursementTokens(h)) - tokensBefore).toBe(1);
	// The token went into n8n's credential store (the encrypted row changed).
	const storedAfterFirst = storedCredential(h, credentialId);
	expect(storedAfterFirst).not.toBe(storedBefore);

	// More runs until both workers have run one (Bull hands jobs to whichever is free): still the
	// one exchange, and the stored credential is not rewritten.
	const ranOn = new Set([first.worker.name]);
	for (let round = 0; round < 6 && ranOn.size < 2; round++) {
		const runs = await Promise.all([0, 1].map(() => paySheet(h, sheet(newPrefix('MORE'), 20))));
		for (const run of runs) {
			expect(run.execution.status).toBe('success');
			expect(run.items.filter((item) => item.error)).toEqual([]);
			ranOn.add(run.worker.name);
		}
	}
	note(`runs landed on: ${[...ranOn].join(', ')}`);
	expect(ranOn.size).toBe(2);
	expect((await disbursementTokens(h)) - tokensBefore).toBe(1);
	expect(storedCredential(h, credentialId)).toBe(storedAfterFirst);

	// A new token lifetime: SMEPay expires the token; the next run renews it once (401 → one
	// exchange, stored), and runs on the other worker use the renewed one.
	await h.control('POST', '/tokens/expire');
	const renewing = await paySheet(h, sheet(newPrefix('RENEW'), 20));
	expect(renewing.execution.status).toBe('success');
	expect(renewing.items.filter((item) => item.error)).toEqual([]);
	if (v2) expect((await disbursementTokens(h)) - tokensBefore).toBe(2);
	const since = new Set([renewing.worker.name]);
	for (let round = 0; round < 8 && since.size < 2; round++) {
		const run = await paySheet(h, sheet(newPrefix('AFTER'), 10));
		expect(run.items.filter((item) => item.error)).toEqual([]);
		since.add(run.worker.name);
	}
	expect(since.size).toBe(2);
	// n8n 1.123 (measured): runs after the renewal on the other worker exchange again (4 more
	// exchanges in 8 runs), so there "one renewal in all" holds on 2.x only; every row is paid.
	const exchanges = (await disbursementTokens(h)) - tokensBefore;
	note(`token exchanges in all: ${exchanges}`);
	if (v2) expect(exchanges).toBe(2);
	expect(h.cluster.grepLogs(/Unrecognized node type/)).toEqual([]);
});

const post = async (url, body) => {
	const res = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, duplicate: /"result":"duplicate"/.test(text) };
};
const effectsFor = (id) => h.recorder.effects.filter((e) => e.eventId === id);
const hookExecutions = async () =>
	(
		await h.api.get(
			`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: h.hookWorkflowId }))}&limit=100`,
		)
	).data.results;
/** Every execution of a workflow as { id, status }, from n8n's database (no page limit). */
const executionsOf = (workflowId) =>
	h.services
		.psql(
			`select id || ' ' || status from execution_entity where "workflowId" = '${workflowId.replace(/'/g, '')}'`,
		)
		.split('\n')
		.filter(Boolean)
		.map((line) => {
			const [id, status] = line.trim().split(' ');
			return { id, status };
		});
const allHookRunsDone = () =>
	waitUntil('no webhook execution running', async () =>
		(await hookExecutions()).every((e) => !['new', 'running'].includes(e.status)),
	);
/**
 * Waits until SMEPay's own deliveries have fulfilled each payout once. When they have not, says
 * why: each unfulfilled payout's delivery attempts and the trigger workflow's runs.
 */
async function fulfilledOnce(payouts) {
	try {
		await waitUntil(
			`${payouts.length} fulfilments`,
			() => payouts.every((p) => effectsFor(p.id).length === 1),
			{ timeoutMs: 90_000 },
		);
	} catch (error) {
		const { webhooks } = await h.ledger();
		const attempts = payouts
			.filter((p) => effectsFor(p.id).length !== 1)
			.map((p) => {
				const tried = webhooks.filter((w) => w.id === p.id);
				return `${p.id}: ${effectsFor(p.id).length} fulfilments; deliveries ${tried.map((w) => `#${w.attempt} ${w.responseStatus ?? w.error} in ${w.durationMs} ms`).join(', ')}`;
			});
		const runs = {};
		const failed = [];
		for (const e of await hookExecutions()) {
			runs[e.status] = (runs[e.status] || 0) + 1;
			if (e.status !== 'success') {
				const result = (await h.api.waitForExecution(e.id)).data?.resultData ?? {};
				failed.push(
					`execution ${e.id} ${e.status} at ${result.lastNodeExecuted}: ${result.error?.message}`,
				);
			}
		}
		error.message += `\n${attempts.join('\n')}\ntrigger workflow runs: ${JSON.stringify(runs)}\n${failed.join('\n')}`;
		throw error;
	}
}

/**
 * Paid payouts, recorded in `SMEPay payouts` (before SMEPay can call back, as a pay run records
 * them), and the webhook body SMEPay sends for each.
 */
async function paidPayouts(label, count, extra = {}) {
	const prefix = newPrefix(label);
	const rows = sheet(prefix, count, extra);
	await h.recordPayouts(rows.map((r) => ({ reference_id: r.ref, amount: r.amount })));
	const batch = await paySheet(h, rows);
	expect(batch.items.filter((item) => item.error)).toEqual([]);
	const payouts = await payoutsWithPrefix(h, prefix);
	for (const p of payouts)
		await h.control('POST', `/payouts/${p.id}/settle`, { status: 'SUCCESS' });
	return (await payoutsWithPrefix(h, prefix)).map(
		({ client_id: _c, callback_url: _u, history: _h, ...body }) => body,
	);
}

test('webhooks to the webhook processor fulfil each event exactly once, also when SMEPay delivers it again', async () => {
	// SMEPay's own deliveries (callback URL = the trigger's Production URL = the webhook processor).
	const payouts = await paidPayouts('HOOK', 10, { callbackUrl: h.hookUrl() });
	await fulfilledOnce(payouts);
	// SMEPay delivers each again (its resend), and twice more at the same moment.
	for (const p of payouts)
		await h.control('POST', '/webhooks/resend', { kind: 'payout', id: p.id });
	await waitUntil('the resends answered', async () => {
		const { webhooks } = await h.ledger();
		return payouts.every(
			(p) => webhooks.filter((w) => w.id === p.id && w.responseStatus === 200).length === 2,
		);
	});
	for (const p of payouts) {
		const answers = await Promise.all([post(h.hookUrl(), p), post(h.hookUrl(), p)]);
		expect(answers).toEqual([
			{ status: 200, duplicate: true },
			{ status: 200, duplicate: true },
		]);
	}
	// Fresh events delivered twice at the same moment: one run, one fulfilment.
	const fresh = await paidPayouts('PAIR', 10);
	for (const p of fresh) {
		const answers = await Promise.all([post(h.hookUrl(), p), post(h.hookUrl(), p)]);
		expect(answers.map((a) => a.status)).toEqual([200, 200]);
		expect(answers.filter((a) => a.duplicate)).toHaveLength(1);
	}
	await waitUntil('the fresh events fulfilled', () => fresh.every((p) => effectsFor(p.id).length));
	await allHookRunsDone();
	expect([...payouts, ...fresh].map((p) => effectsFor(p.id).length)).toEqual(Array(20).fill(1));
	expect(h.cluster.grepLogs(/Unrecognized node type/)).toEqual([]);
});

const finished = (e) => !['new', 'running', 'waiting'].includes(e.status);
const statusCounts = (answers) =>
	countBy(answers.map((a) => (a.duplicate ? 'duplicate' : String(a.status))));

// Concurrent claims from different processes on PostgreSQL, with nothing in front of the claim:
// a plain Webhook, each order posted 3 times at once to each webhook processor and to main, so
// the runs that try to claim one order's row overlap on both workers.
test('9 runs claim each of 10 orders at the same moment from 3 processes on 2 workers: one fulfilment per order', async () => {
	const path = `claim-race-${Date.now().toString(36)}`;
	const race = await h.importWorkflow(claimRaceWorkflow({ effectUrl: h.recorder.effectUrl, path }));
	await h.api.activateWorkflow(race.id);
	const orders = Array.from({ length: 10 }, (_, i) => newPrefix(`RACE${i}`));
	const bystander = newPrefix('UNTOUCHED');
	await h.insertRows(
		'SMEPay orders',
		[...orders, bystander].map((order_id) => ({ order_id, status: 'pending', fulfilled: false })),
	);
	const processes = [...h.cluster.webhooks, h.cluster.main];
	const answers = await Promise.all(
		orders.flatMap((order_id) =>
			processes.flatMap((p) =>
				[0, 1, 2].map(() => post(`${p.baseUrl}/webhook/${path}`, { order_id })),
			),
		),
	);
	expect(answers.map((a) => a.status)).toEqual(Array(90).fill(200));
	await waitUntil(
		'the 90 claim runs finished',
		async () => {
			const runs = await executionsOf(race.id);
			return runs.length >= 90 && runs.every(finished);
		},
		{ timeoutMs: 180_000 },
	);
	const runs = await executionsOf(race.id);
	expect(runs.filter((e) => e.status !== 'success')).toEqual([]);
	const ranOn = new Set(runs.map((e) => h.cluster.workerOf(e.id)?.name));
	note(`claim race: 90 runs on ${[...ranOn].join(', ')}`);
	expect(ranOn.size).toBe(2);
	expect(orders.map((order) => effectsFor(order).length)).toEqual(Array(10).fill(1));
	const rows = await h.tableRows('SMEPay orders');
	for (const order of orders) {
		const [effect] = effectsFor(order);
		expect(rows.find((r) => r.order_id === order)).toMatchObject({
			fulfilled: true,
			fulfilled_by: String(effect.execution),
		});
	}
	expect(rows.find((r) => r.order_id === bystander)).toMatchObject({ fulfilled: false });
	await h.api.deactivateWorkflow(race.id);
});

// The fulfilment workflow as a user runs it at scale. The trigger's memory (its process's memory
// and the workflow's static data, which each process reads and writes whole) lets repeats that
// reach another process, or come after a restart, start a second run; the claim stops them.
test('every paid event is fulfilled exactly once: delivered at the same moment to both webhook processors and main, then again after a flood and a webhook processor restart', async () => {
	const processes = () => [...h.cluster.webhooks, h.cluster.main];
	// Each event `copies` times to each process at the same moment, 5 events at a time (more at
	// once would only measure this 2-core machine: the trigger answers 503 past its 5 s budget).
	const deliver = async (events, copies) => {
		const answers = [];
		for (let i = 0; i < events.length; i += 5) {
			const batch = events
				.slice(i, i + 5)
				.flatMap((p) =>
					processes().flatMap((target) =>
						Array.from({ length: copies }, () => post(h.hookUrl(target), p)),
					),
				);
			answers.push(...(await Promise.all(batch)));
		}
		return answers;
	};
	const runsBefore = executionsOf(h.hookWorkflowId).length;

	const events = await paidPayouts('ONCE', 20);
	const first = await deliver(events, 2); // 6 deliveries of each event at once
	note(`first round answers: ${JSON.stringify(statusCounts(first))}`);
	await fulfilledOnce(events);

	// A flood: 50 more paid events, each delivered to all three processes at once.
	const flood = await paidPayouts('FLOOD', 50);
	const flooded = await deliver(flood, 1);
	// A webhook processor restarts: its memory of events is gone.
	const restarted = await h.cluster.restart(h.cluster.webhooks[1]);
	// n8n 1.123's webhook processor answers 404 for a few seconds after it is up (its webhooks
	// are not loaded yet; SMEPay retries a 404): wait until it knows the trigger's URL.
	const t0 = Date.now();
	await waitUntil('the restarted webhook processor serving the trigger', async () => {
		const answer = await post(h.hookUrl(restarted), {});
		return answer.status !== 404;
	});
	note(`restarted ${restarted.name}: serving the trigger ${Date.now() - t0} ms after it was up`);
	const again = await deliver(events, 2);

	const all = [...events, ...flood];
	await waitUntil('every event fulfilled', () => all.every((p) => effectsFor(p.id).length), {
		timeoutMs: 180_000,
	});
	await waitUntil('no webhook execution running', () =>
		executionsOf(h.hookWorkflowId).every(finished),
	);
	const runs = executionsOf(h.hookWorkflowId).length - runsBefore;
	const counts = all.map((p) => effectsFor(p.id).length);
	note(
		`answers: first ${JSON.stringify(statusCounts(first))}, flood ${JSON.stringify(statusCounts(flooded))}, after restart ${JSON.stringify(statusCounts(again))}; ${runs} runs started for ${all.length} events, ${runs - all.length} stopped at the claim`,
	);
	expect(counts).toEqual(Array(all.length).fill(1));
	// Every payout's row is claimed by the run that fulfilled it.
	const rows = await h.tableRows('SMEPay payouts');
	for (const p of all) {
		const [effect] = effectsFor(p.id);
		expect(rows.find((r) => r.reference_id === p.reference_id)).toMatchObject({
			fulfilled: true,
			fulfilled_by: String(effect.execution),
		});
	}
	expect(h.cluster.grepLogs(/Unrecognized node type/)).toEqual([]);
});

test('a worker killed mid-batch loses no row and pays nothing twice when the batch is run again', async () => {
	await h.control('POST', '/config', { latencyMs: 15 }); // slow SMEPay down so the kill lands mid-batch
	const prefix = newPrefix('KILL');
	const rows = sheet(prefix, 1000);
	h.recorder.setRows(rows);
	const executionId = await startSheetRun(h);
	const paidAtKill = await waitUntil(
		'the batch under way',
		async () => {
			const n = (await payoutsWithPrefix(h, prefix)).length;
			return n >= 150 ? n : 0;
		},
		{ everyMs: 100 },
	);
	const victim = await waitUntil('the worker running it', () => h.cluster.workerOf(executionId));
	process.kill(-victim.pid, 'SIGKILL');
	note(`SIGKILL ${victim.name} (pid ${victim.pid}) with ${paidAtKill} of 1000 rows paid`);
	expect(paidAtKill).toBeLessThan(1000);

	// Requests the dead worker had in flight may still land: settle before counting.
	await new Promise((r) => setTimeout(r, 1000));
	const paidBefore = await payoutsWithPrefix(h, prefix);
	const again = await paySheet(h, rows);
	await h.control('POST', '/config', { latencyMs: 0 });
	expect(again.execution.status).toBe('success');
	expect(again.worker).not.toBe(victim);
	expect(again.items).toHaveLength(1000);
	expect(again.items.filter((item) => item.error)).toEqual([]);
	const duplicates = again.items.filter((item) => item.duplicate === true);
	note(
		`re-run on ${again.worker.name}: ${duplicates.length} rows already paid, ${1000 - duplicates.length} paid now`,
	);
	expect(duplicates.length).toBe(paidBefore.length);
	expect(new Set(duplicates.map((item) => item.reference_id))).toEqual(
		new Set(paidBefore.map((p) => p.reference_id)),
	);
	const paid = await payoutsWithPrefix(h, prefix);
	expect(paid).toHaveLength(1000);
	expect(new Set(paid.map((p) => p.reference_id))).toEqual(new Set(rows.map((r) => r.ref)));

	// What n8n makes of the killed execution: its job's lock (60 s) lapses and the surviving
	// worker declares it stalled. n8n 2.41 fails it (a re-run is the user's call); 1.123 runs it
	// again, which meets every row as sent before. Either way nothing is paid twice.
	const killed = await h.api.waitForExecution(executionId, { timeoutMs: 150_000 });
	note(
		`killed execution ${executionId}: status ${killed.status}: ${killed.data?.resultData?.error?.message}`,
	);
	if (v2) expect(killed.status).not.toBe('success');
	expect(await payoutsWithPrefix(h, prefix)).toHaveLength(1000);
});

function countBy(values) {
	return values.reduce((acc, v) => ({ ...acc, [v]: (acc[v] || 0) + 1 }), {});
}
