'use strict';
// examples/fulfilment.json, activated: SMEPay's payout webhooks reach the SMEPay Trigger at its
// production URL (the sandbox delivers them, as SMEPay would, to the payout's callback_url) and
// start exactly one run per event, also when the sandbox delivers the same event again; a forged
// body posted to the same URL starts none. Each run claims the payout's row in the SMEPay payouts
// Data Table (as a pay run records it); a payout with no row stops at the claim. Then SMEPay Triggers made here, in the real n8n:
// payments verified without the slug (both API shapes), one run per order, a flood of forged
// events that cannot make a verified one run again, a wrong credential answered 503 and logged,
// and late intermediate statuses.
const fs = require('node:fs');
const {
	connectStack,
	waitFor,
	nodeOutput,
	activeTrigger,
	postWebhook,
	postJson,
	sandboxPayout,
} = require('./stackClient');
const { dataTables } = require('../../scripts/n8n/dataTables');
const { payoutRow } = require('../../scripts/lib/demoSetup');

const WORKFLOW = 'SMEPay example: fulfil confirmed payouts';
let stack;
let workflowId;
let callbackUrl;
let counter = 0;

beforeAll(async () => {
	stack = await connectStack();
	workflowId = stack.workflowId(WORKFLOW);
	const workflow = await stack.api.getWorkflow(workflowId);
	const trigger = workflow.nodes.find((n) => n.type === 'n8n-nodes-smepay.smePayTrigger');
	// The trigger's Production URL as the editor shows it: /webhook/<webhookId>/webhook.
	callbackUrl = stack.webhookUrl(`${trigger.webhookId}/webhook`);
	// Payouts settle when the test says so, not by themselves.
	await stack.control('POST', '/config', { autoSettlePayoutsMs: null });
	await stack.api.activateWorkflow(workflowId);
});

afterAll(async () => {
	await stack.api.deactivateWorkflow(workflowId).catch(() => {});
	await stack.control('POST', '/config', { autoSettlePayoutsMs: 3000 }).catch(() => {});
});

async function executionsFor(payoutIds) {
	const found = [];
	for (const summary of await stack.executions(workflowId)) {
		const execution = await stack.api.waitForExecution(summary.id, { timeoutMs: 30_000 });
		const [event] = nodeOutput(execution, 'SMEPay payout event') || [];
		if (event && payoutIds.includes(event.json.eventId)) found.push(execution);
	}
	return found;
}

// n8n has stored an execution by the time it answers the webhook; this margin covers a run
// that would start late, so "no new execution" is not read too early.
const settleTime = () => new Promise((resolve) => setTimeout(resolve, 1500));

/** n8n's log from `offset` on, once it contains `needle`. */
async function logFrom(offset, needle) {
	return await waitFor(`"${needle}" in n8n's log`, async () => {
		const text = fs.readFileSync(stack.state.logFile, 'utf8').slice(offset);
		return text.includes(needle) && text;
	});
}

/**
 * Records payouts in the SMEPay payouts Data Table as the pay run leaves a payout it sent that is
 * still on its way (outcome PENDING), so the pay-run example, which reads the same table, never
 * takes them for unpaid rows.
 */
async function recordPayouts(payouts) {
	const tables = dataTables(stack.api);
	const table = await tables.find('SMEPay payouts');
	await tables.insertRows(
		table.id,
		payouts.map((p) =>
			payoutRow({
				reference_id: p.reference_id,
				amount: String(p.amount),
				payout_id: p.id,
				outcome: 'PENDING',
			}),
		),
	);
}

async function storedRow(payout) {
	const tables = dataTables(stack.api);
	const table = await tables.find('SMEPay payouts');
	const rows = (await tables.listRows(table.id)).filter(
		(r) => r.reference_id === payout.reference_id,
	);
	expect(rows).toHaveLength(1);
	return rows[0];
}

test('one verified run per payout event, which claims its row; re-deliveries and forged bodies start none', async () => {
	const paid = await sendPayoutTo(callbackUrl, 1500);
	const failed = await sendPayoutTo(callbackUrl, 700);
	await recordPayouts([paid, failed]);
	await stack.control('POST', `/payouts/${paid.id}/settle`, { status: 'SUCCESS' });
	await stack.control('POST', `/payouts/${failed.id}/settle`, {
		status: 'FAILED',
		failure_reason: 'Account closed',
	});

	for (const payout of [paid, failed]) {
		const [delivery] = await waitFor(`the webhook for ${payout.id}`, async () => {
			const list = await stack.payoutDeliveries(payout.id);
			return list.length > 0 && list;
		});
		expect(delivery.responseStatus).toBe(200);
	}
	const runs = await waitFor('two executions', async () => {
		const found = await executionsFor([paid.id, failed.id]);
		return found.length >= 2 && found;
	});
	expect(runs).toHaveLength(2);
	for (const run of runs) expect(run.status).toBe('success');

	const byPayout = Object.fromEntries(
		runs.map((run) => [nodeOutput(run, 'SMEPay payout event')[0].json.eventId, run]),
	);
	const [event] = nodeOutput(byPayout[paid.id], 'SMEPay payout event');
	expect(event.json).toMatchObject({ event: 'payout', status: 'SUCCESS', verified: true });
	const [fulfilled] = nodeOutput(byPayout[paid.id], 'Mark invoice paid');
	const settledPaid = (await stack.ledger()).payouts.find((p) => p.id === paid.id);
	expect(fulfilled.json).toMatchObject({
		reference_id: paid.reference_id,
		payout_id: paid.id,
		amount: 1500,
		utr: settledPaid.utr_number,
		fulfilled: true,
	});
	for (const payout of [paid, failed]) {
		const run = byPayout[payout.id];
		const [claimed] = nodeOutput(run, 'Claim payout');
		expect(claimed.json).toMatchObject({
			reference_id: payout.reference_id,
			payout_id: payout.id,
			fulfilled: true,
			fulfilled_by: String(run.id),
		});
		expect(await storedRow(payout)).toEqual(claimed.json);
	}
	const [followUp] = nodeOutput(byPayout[failed.id], 'Payout failed: follow up');
	expect(followUp.json).toMatchObject({
		reference_id: failed.reference_id,
		failure_reason: 'Account closed',
		fulfilled: false,
	});

	const total = (await stack.executions(workflowId)).length;

	// SMEPay delivers the same events again (a retry, a replay): answered, no new run.
	for (const payout of [paid, failed]) {
		await stack.control('POST', '/webhooks/resend', { kind: 'payout', id: payout.id });
		const again = await waitFor(`the second delivery for ${payout.id}`, async () => {
			const list = await stack.payoutDeliveries(payout.id);
			return list.length >= 2 && list;
		});
		expect(again[1].responseStatus).toBe(200);
	}

	// A forged "SUCCESS" for the failed payout, posted straight to the production URL.
	const [{ payload: sent }] = await stack.payoutDeliveries(failed.id);
	const forgedBody = { ...sent, status: 'SUCCESS', utr_number: 'UTR000000000000' };
	const forged = await fetch(callbackUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(forgedBody),
		signal: AbortSignal.timeout(10_000),
	});
	expect(forged.status).toBe(422);

	await settleTime();
	expect(await executionsFor([paid.id, failed.id])).toHaveLength(2);
	expect(await stack.executions(workflowId)).toHaveLength(total);
});

test("SMEPay gets the trigger's own answers: accepted, then duplicate; a payout no pay run recorded stops at the claim", async () => {
	// A real payout, completed without a callback: its event is posted here as SMEPay would.
	const payout = await sendPayoutTo(undefined, 75.5);
	await stack.control('POST', `/payouts/${payout.id}/settle`, { status: 'SUCCESS' });
	const { payouts } = await stack.ledger();
	const {
		client_id: _client,
		callback_url: _callback,
		history: _history,
		...event
	} = payouts.find((p) => p.id === payout.id);
	const deliver = async () => {
		const response = await fetch(callbackUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(event),
			signal: AbortSignal.timeout(10_000),
		});
		return { status: response.status, body: await response.json() };
	};
	expect(await deliver()).toEqual({ status: 200, body: { received: true, result: 'accepted' } });
	expect(await deliver()).toEqual({ status: 200, body: { received: true, result: 'duplicate' } });
	await settleTime();
	const runs = await executionsFor([payout.id]);
	expect(runs).toHaveLength(1);
	// Not in SMEPay payouts: the claim finds no row, so nothing after it runs.
	expect(runs[0].status).toBe('success');
	expect(nodeOutput(runs[0], 'Claim payout')).toEqual([]);
	expect(nodeOutput(runs[0], 'Paid?')).toBeUndefined();
});

// ---- SMEPay Triggers set up here ------------------------------------------------------------

const made = [];
afterAll(async () => {
	if (!stack) return;
	for (const id of made) await stack.api.deactivateWorkflow(id).catch(() => {});
	await stack.control('POST', '/config', {
		webhookTransactionId: 'slug',
		orderStatusEndpoint: true,
	});
});

/** A workflow of one SMEPay Trigger, activated (and deactivated after the file). */
async function triggerWorkflow(...args) {
	const workflow = await activeTrigger(stack, ...args);
	made.push(workflow.id);
	return workflow;
}

const collectionCredential = () => ({ smePayApi: stack.state.credentials.smePayApi });

const post = (url, body) => postWebhook(url, body);

/** An Inline order in the sandbox, paid; SMEPay's webhook goes to callbackUrl. */
async function paidOrder(callbackUrl, amount = '240.00') {
	const { testUrl, clients } = stack.state.sandbox;
	const { clientId, clientSecret } = clients.collection.test;
	const auth = await postJson(`${testUrl}/api/external/auth`, {
		client_id: clientId,
		client_secret: clientSecret,
	});
	const refId = `E2E-PAY-${Date.now().toString(36)}-${++counter}`;
	const created = await postJson(
		`${testUrl}/api/external/order/create`,
		{
			client_id: clientId,
			amount,
			order_id: refId,
			...(callbackUrl ? { callback_url: callbackUrl } : {}),
		},
		{ authorization: `Bearer ${auth.access_token}` },
	);
	await stack.control('POST', `/orders/${created.slug}/settle`, { status: 'SUCCESS' });
	return { slug: created.slug, refId };
}

async function orderDeliveries(slug, count = 1) {
	return await waitFor(`${count} webhook(s) for order ${slug}`, async () => {
		const list = (await stack.ledger()).webhooks.filter((d) => d.kind === 'order' && d.id === slug);
		return list.length >= count && list;
	});
}

async function runsOf(workflow, count) {
	return await waitFor(`${count} execution(s) of ${workflow.id}`, async () => {
		const list = await stack.executions(workflow.id);
		return list.length >= count && list;
	});
}

async function triggerOutput(summary) {
	const execution = await stack.api.waitForExecution(summary.id, { timeoutMs: 30_000 });
	return nodeOutput(execution, 'SMEPay Trigger')[0].json;
}

test.each([
	[
		'as seen live (transaction_id is the slug)',
		{ webhookTransactionId: 'slug', orderStatusEndpoint: true },
		'transaction_id',
	],
	[
		'by ref_id (order status endpoint)',
		{ webhookTransactionId: 'txn', orderStatusEndpoint: true },
		'ref_id',
	],
])(
	'a slug-less payment webhook %s: one verified run; the same order under another transaction id none',
	async (_, shape, lookupBy) => {
		await stack.control('POST', '/config', shape);
		const workflow = await triggerWorkflow(
			`pay-${lookupBy}`,
			{ events: ['payment'] },
			collectionCredential(),
		);
		const order = await paidOrder(workflow.url);
		const [delivery] = await orderDeliveries(order.slug);
		expect(delivery.responseStatus).toBe(200);
		const [run] = await runsOf(workflow, 1);
		expect(await triggerOutput(run)).toMatchObject({
			event: 'payment',
			status: 'SUCCESS',
			verified: true,
			payload: { ref_id: order.refId },
			verification: { lookupBy, status: 'SUCCESS', amount: '240.00' },
		});
		const again = await post(workflow.url, {
			...delivery.payload,
			transaction_id: 'SME_TXN_999999999999',
		});
		expect(again).toEqual({ status: 200, body: { received: true, result: 'duplicate' } });
		await settleTime();
		expect(await stack.executions(workflow.id)).toHaveLength(1);
	},
);

test('a payment webhook with no way to verify it (SMEPay as documented): one run, verified: false, answered 200', async () => {
	await stack.control('POST', '/config', {
		webhookTransactionId: 'txn',
		orderStatusEndpoint: false,
	});
	const workflow = await triggerWorkflow(
		'pay-unverified',
		{ events: ['payment'] },
		collectionCredential(),
	);
	const order = await paidOrder(workflow.url);
	const [delivery] = await orderDeliveries(order.slug);
	expect(delivery.responseStatus).toBe(200);
	const [run] = await runsOf(workflow, 1);
	expect(await triggerOutput(run)).toMatchObject({
		verified: false,
		verification: { reason: expect.stringContaining('Validate Order') },
	});
});

test('1,050 forged slug-less events, then a replay of a verified one: no second run', async () => {
	// Without SMEPay's order look-up by ref_id, a forged slug-less event cannot be told from a real
	// one and runs verified: false (with the look-up, SMEPay says it knows no such order: 503, no
	// run), so the flood reaches the trigger's memory of unverified deliveries.
	await stack.control('POST', '/config', {
		webhookTransactionId: 'slug',
		orderStatusEndpoint: false,
	});
	const workflow = await triggerWorkflow('flood', { events: ['payment'] }, collectionCredential(), {
		saveDataSuccessExecution: 'none',
		saveManualExecutions: false,
	});
	const order = await paidOrder(workflow.url, '33.00');
	const [delivery] = await orderDeliveries(order.slug);
	expect(delivery.responseStatus).toBe(200);
	const forged = (i) => ({
		ref_id: `FLOOD-${counter}-${i}`,
		transaction_id: `SME_TXN_FLOOD_${i}`,
		status: 'SUCCESS',
		amount: '33.00',
	});
	const answers = [];
	for (let i = 0; i < 1050; i += 10) {
		const batch = Array.from({ length: Math.min(10, 1050 - i) }, (_, k) =>
			post(workflow.url, forged(i + k)),
		);
		answers.push(...(await Promise.all(batch)).map((answer) => answer.body?.result));
	}
	expect(answers.filter((result) => result === 'accepted')).toHaveLength(1050);
	expect(await post(workflow.url, delivery.payload)).toEqual({
		status: 200,
		body: { received: true, result: 'duplicate' },
	});
}, 1_500_000);

test("a real payout checked with the other environment's disbursement credential: 503 (SMEPay retries) and an error in n8n's log", async () => {
	const { liveUrl, clients } = stack.state.sandbox;
	const live = await stack.api.createCredential({
		name: `SMEPay Sandbox (disbursement, Live) ${Date.now().toString(36)}`,
		type: 'smePayDisbursementApi',
		data: { environment: 'custom', baseUrl: liveUrl, ...clients.disbursement.live },
	});
	const workflow = await triggerWorkflow(
		'payout-wrong-credential',
		{ events: ['payout'] },
		{
			smePayDisbursementApi: { id: live.id, name: live.name },
		},
	);
	const logBefore = fs.readFileSync(stack.state.logFile, 'utf8').length;
	const payout = await sendPayoutTo(workflow.url, 410);
	await stack.control('POST', `/payouts/${payout.id}/settle`, { status: 'SUCCESS' });
	const [delivery] = await waitFor('the payout webhook', async () => {
		const list = await stack.payoutDeliveries(payout.id);
		return list.length > 0 && list;
	});
	expect(delivery.responseStatus).toBe(503);
	expect(delivery.nextRetryInMs).toBeGreaterThan(0);
	const logged = await logFrom(logBefore, payout.id);
	expect(logged).toMatch(/SMEPay knows no payout/);
	expect(logged).toContain(`credential "${live.name}"`);
	expect(logged).toMatch(/another SMEPay account or environment/);
	expect(logged).not.toContain(clients.disbursement.live.clientSecret);
	await settleTime();
	expect(await stack.executions(workflow.id)).toHaveLength(0);
});

test("a real payment as a live SMEPay sends it, checked with the other environment's SMEPay API credential: 503 (SMEPay retries) and an error in n8n's log", async () => {
	await stack.control('POST', '/config', {
		webhookTransactionId: 'slug',
		orderStatusEndpoint: true,
	});
	const { liveUrl, clients } = stack.state.sandbox;
	const live = await stack.api.createCredential({
		name: `SMEPay Sandbox (collection, Live) ${Date.now().toString(36)}`,
		type: 'smePayApi',
		data: {
			environment: 'custom',
			baseUrl: liveUrl,
			integration: 'inline',
			...clients.collection.live,
		},
	});
	const workflow = await triggerWorkflow(
		'payment-wrong-credential',
		{ events: ['payment'] },
		{ smePayApi: { id: live.id, name: live.name } },
	);
	const logBefore = fs.readFileSync(stack.state.logFile, 'utf8').length;
	const order = await paidOrder(workflow.url);
	const [delivery] = await orderDeliveries(order.slug);
	expect(delivery.responseStatus).toBe(503);
	expect(delivery.nextRetryInMs).toBeGreaterThan(0);
	const logged = await logFrom(logBefore, order.refId);
	expect(logged).toContain(
		`SMEPay Trigger could not verify a payment webhook: SMEPay knows no order with the ref_id "${order.refId}" for the SMEPay API credential "${live.name}"`,
	);
	expect(logged).not.toContain(clients.collection.live.clientSecret);
	await settleTime();
	expect(await stack.executions(workflow.id)).toHaveLength(0);
});

test("a payout checked with a credential SMEPay refuses (wrong Client Secret): 503 and an error in n8n's log that says what to fix", async () => {
	const { testUrl, clients } = stack.state.sandbox;
	const wrongSecret = 'not-the-secret-e2e-7c1d';
	const refused = await stack.api.createCredential({
		name: `SMEPay Sandbox (disbursement, wrong secret) ${Date.now().toString(36)}`,
		type: 'smePayDisbursementApi',
		data: {
			environment: 'custom',
			baseUrl: testUrl,
			clientId: clients.disbursement.test.clientId,
			clientSecret: wrongSecret,
		},
	});
	const workflow = await triggerWorkflow(
		'payout-refused-credential',
		{ events: ['payout'] },
		{ smePayDisbursementApi: { id: refused.id, name: refused.name } },
	);
	const logBefore = fs.readFileSync(stack.state.logFile, 'utf8').length;
	const payout = await sendPayoutTo(undefined, 310);
	await stack.control('POST', `/payouts/${payout.id}/settle`, { status: 'SUCCESS' });
	const reply = await post(workflow.url, { ...payout, status: 'SUCCESS' });
	expect(reply.status).toBe(503);
	const logged = await logFrom(logBefore, 'SMEPay refused to say whether the payout is real');
	expect(logged).toContain(`credential "${refused.name}"`);
	expect(logged).toMatch(/rejected the credentials[^\n]*Check the Client ID and Client Secret/);
	expect(logged).not.toContain(wrongSecret);
	await settleTime();
	expect(await stack.executions(workflow.id)).toHaveLength(0);
});

test('a PROCESSING payout webhook arriving after SUCCESS: one verified run, marked stale', async () => {
	const workflow = await triggerWorkflow(
		'payout-late',
		{ events: ['payout'], statuses: ['PROCESSING'] },
		{
			smePayDisbursementApi: stack.state.credentials.smePayDisbursementApi,
		},
	);
	const payout = await sendPayoutTo(undefined, 95);
	await stack.control('POST', `/payouts/${payout.id}/settle`, { status: 'SUCCESS' });
	const late = { ...payout, status: 'PROCESSING' };
	expect(await post(workflow.url, late)).toEqual({
		status: 200,
		body: { received: true, result: 'accepted' },
	});
	const [run] = await runsOf(workflow, 1);
	expect(await triggerOutput(run)).toMatchObject({
		status: 'PROCESSING',
		verified: true,
		verification: { stale: true, status: 'SUCCESS' },
	});
	expect((await post(workflow.url, late)).body.result).toBe('duplicate');
});

/** A payout straight to the sandbox (test keys); its webhook goes to url, when given. */
const sendPayoutTo = (url, amount) =>
	sandboxPayout(stack, {
		callbackUrl: url,
		amount,
		reference: `E2E-FUL-${Date.now().toString(36)}-${++counter}`,
	});
