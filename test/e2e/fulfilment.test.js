'use strict';
// examples/fulfilment.json, activated: SMEPay's payout webhooks reach the SMEPay Trigger at its
// production URL (the sandbox delivers them, as SMEPay would, to the payout's callback_url) and
// start exactly one run per event, also when the sandbox delivers the same event again; a forged
// body posted to the same URL starts none.
const { connectStack, waitFor, nodeOutput } = require('./stackClient');

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

/** A payout sent straight to the sandbox with the trigger's URL as callback_url. */
async function sendPayout(amount, { withCallback = true } = {}) {
	const { testUrl, clients } = stack.state.sandbox;
	const { clientId, clientSecret } = clients.disbursement.test;
	const auth = await postJson(`${testUrl}/api/v1/disbursement/auth`, {
		client_id: clientId,
		client_secret: clientSecret,
	});
	const created = await postJson(
		`${testUrl}/api/v1/disbursement/payouts`,
		{
			reference_id: `E2E-FUL-${Date.now().toString(36)}-${++counter}`,
			amount,
			payment_mode: 'IMPS',
			beneficiary_name: 'Asha Traders',
			beneficiary_account: '123456789012',
			beneficiary_ifsc: 'HDFC0001234',
			...(withCallback ? { callback_url: callbackUrl } : {}),
		},
		{ authorization: `Bearer ${auth.data.token}` },
	);
	return created.data;
}

async function postJson(url, body, headers = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(10_000),
	});
	const json = await response.json();
	if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
	return json;
}

/** Deliveries the sandbox has finished for one payout (each with the code n8n answered). */
async function deliveries(payoutId) {
	return (await stack.ledger()).webhooks.filter((d) => d.kind === 'payout' && d.id === payoutId);
}

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

test('one verified run per payout event; re-deliveries and forged bodies start none', async () => {
	const paid = await sendPayout(1500);
	const failed = await sendPayout(700);
	await stack.control('POST', `/payouts/${paid.id}/settle`, { status: 'SUCCESS' });
	await stack.control('POST', `/payouts/${failed.id}/settle`, {
		status: 'FAILED',
		failure_reason: 'Account closed',
	});

	for (const payout of [paid, failed]) {
		const [delivery] = await waitFor(`the webhook for ${payout.id}`, async () => {
			const list = await deliveries(payout.id);
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
			const list = await deliveries(payout.id);
			return list.length >= 2 && list;
		});
		expect(again[1].responseStatus).toBe(200);
	}

	// A forged "SUCCESS" for the failed payout, posted straight to the production URL.
	const [{ payload: sent }] = await deliveries(failed.id);
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

test("SMEPay gets the trigger's own answers: accepted, then duplicate", async () => {
	// A real payout, completed without a callback: its event is posted here as SMEPay would.
	const payout = await sendPayout(75.5, { withCallback: false });
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
	expect(await executionsFor([payout.id])).toHaveLength(1);
});
