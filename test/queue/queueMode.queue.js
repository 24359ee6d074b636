'use strict';
// n8n queue mode (main + 2 workers + 1 webhook processor on PostgreSQL and Redis) with the
// package installed in each process. Proves the three ways community nodes break at scale do
// not happen here: the token, the webhooks, a worker dying mid-batch. Tests run in order on one
// cluster; the last one kills a worker.
const { startQueueHarness } = require('./queueHarness');
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
beforeAll(async () => {
	h = await startQueueHarness();
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
	expect((await disbursementTokens(h)) - tokensBefore).toBe(2);
	const since = new Set([renewing.worker.name]);
	for (let round = 0; round < 8 && since.size < 2; round++) {
		const run = await paySheet(h, sheet(newPrefix('AFTER'), 10));
		expect(run.items.filter((item) => item.error)).toEqual([]);
		since.add(run.worker.name);
	}
	expect(since.size).toBe(2);
	expect((await disbursementTokens(h)) - tokensBefore).toBe(2);
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

/** Paid payouts (no callback URL) and the webhook body SMEPay sends for each. */
async function paidPayouts(label, count, extra = {}) {
	const prefix = newPrefix(label);
	const batch = await paySheet(h, sheet(prefix, count, extra));
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

// Measured, not promised: see README "Running at scale". The trigger remembers events in the
// workflow's static data, which each process reads and writes whole (last writer wins), and in
// its own process's memory; Remove Duplicates keeps a list in the database the same way. Repeats
// reaching another process can therefore start a second run and, when runs overlap on the
// workers, pass Remove Duplicates too. What must hold: no event is lost, none runs more than
// once per delivery.
test('repeats that reach another process (main) are measured: none lost, at most one run per delivery', async () => {
	const seen = await paidPayouts('MAIN', 10, { callbackUrl: h.hookUrl() });
	await fulfilledOnce(seen);
	let mainAccepted = 0;
	for (const p of seen) {
		const answer = await post(h.hookUrl(h.cluster.main), p);
		expect(answer.status).toBe(200);
		if (!answer.duplicate) mainAccepted++;
	}
	const raced = await paidPayouts('RACE', 10);
	let bothAccepted = 0;
	for (const p of raced) {
		const answers = await Promise.all([post(h.hookUrl(), p), post(h.hookUrl(h.cluster.main), p)]);
		expect(answers.map((a) => a.status)).toEqual([200, 200]);
		if (answers.every((a) => !a.duplicate)) bothAccepted++;
	}
	await waitUntil('the raced events fulfilled', () => raced.every((p) => effectsFor(p.id).length));
	await allHookRunsDone();
	// Paid events: one 12-character key hash each (payouts) in the trigger's static data.
	const remembered =
		(
			JSON.parse(
				h.services.psql(
					`select "staticData" from workflow_entity where id = '${h.hookWorkflowId}'`,
				) || '{}',
			)['node:SMEPay Trigger']?.seenPaid || ''
		).length / 12;
	const counts = [...seen, ...raced].map((p) => effectsFor(p.id).length);
	note(
		`repeat to main started a run for ${mainAccepted}/10 events; simultaneous webhook processor + main: both started a run for ${bothAccepted}/10; static data remembers ${remembered} events; fulfilments per event ${JSON.stringify(counts)}`,
	);
	for (const n of counts) {
		expect(n).toBeGreaterThanOrEqual(1);
		expect(n).toBeLessThanOrEqual(2);
	}
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

	// What n8n makes of the killed execution: its job's lock (60 s) lapses, the surviving worker
	// declares it stalled and n8n fails it; it is not retried (a re-run is the user's call).
	const killed = await h.api.waitForExecution(executionId, { timeoutMs: 150_000 });
	note(
		`killed execution ${executionId}: status ${killed.status}: ${killed.data?.resultData?.error?.message}`,
	);
	expect(killed.status).not.toBe('success');
});

function countBy(values) {
	return values.reduce((acc, v) => ({ ...acc, [v]: (acc[v] || 0) + 1 }), {});
}
