'use strict';
// SMEPay's own deliveries end to end: the sandbox POSTs to the callback_url of real orders and
// payouts (the trigger's URL), retries on 5xx with its schedule (scaled down), and resends.
// Shows: one run per event however often it is delivered (also concurrently), 503 while SMEPay
// cannot be asked or is not final yet and exactly one run on the retried delivery, and a fast answer.
const { useIntegration } = require('../harness/integration');
const {
	startTrigger,
	createOrder,
	paymentBody,
	createPayout,
	settlePayout,
	deliveries,
	waitFor,
} = require('./triggerSteps');

// Retry delays 60/300/1500/7200 s → 12/60/300/1440 ms; orders must not expire meanwhile.
const SCALE = 0.0002;

const it = useIntegration({ timeScale: SCALE, seed: { orderTtlSeconds: 1e7 } });

let hook;
afterEach(async () => {
	await it.control('DELETE', '/faults');
	await hook?.close();
	hook = undefined;
});

const statuses = (attempts) => attempts.map((attempt) => attempt.responseStatus);

test('a payout webhook from SMEPay starts one verified run; SMEPay sees 200', async () => {
	hook = await startTrigger(it);
	const payout = await createPayout(it, { amount: 1200, callbackUrl: hook.productionUrl() });
	await settlePayout(it, payout.id, 'SUCCESS');
	await waitFor(async () => (await deliveries(it, payout.id)).length === 1);
	expect(statuses(await deliveries(it, payout.id))).toEqual([200]);
	expect(hook.runs).toHaveLength(1);
	expect(hook.runs[0].items[0]).toMatchObject({
		event: 'payout',
		status: 'SUCCESS',
		eventId: payout.id,
		verified: true,
		verification: { status: 'SUCCESS', amount: '1200.00', referenceId: payout.reference_id },
	});
});

test('the same event delivered three times → one run, the repeats answered 200 duplicate', async () => {
	hook = await startTrigger(it);
	const payout = await createPayout(it, { callbackUrl: hook.productionUrl() });
	await settlePayout(it, payout.id, 'FAILED');
	await waitFor(async () => (await deliveries(it, payout.id)).length === 1);
	await it.control('POST', '/webhooks/resend', { kind: 'payout', id: payout.id });
	await waitFor(async () => (await deliveries(it, payout.id)).length === 2);
	await it.control('POST', '/webhooks/resend', { kind: 'payout', id: payout.id });
	await waitFor(async () => (await deliveries(it, payout.id)).length === 3);

	expect(statuses(await deliveries(it, payout.id))).toEqual([200, 200, 200]);
	expect(hook.runs).toHaveLength(1);
	expect(hook.runs[0].items[0]).toMatchObject({ status: 'FAILED', verified: true });
	expect(hook.responses.map((answer) => answer.body.result)).toEqual([
		'accepted',
		'duplicate',
		'duplicate',
	]);
	// Remembered in the workflow's static data, as n8n saves it between requests.
	const { memoryKeyHash } = require('../../dist/nodes/SmePayTrigger/memory.js');
	expect(hook.nodeStaticData().seenConfirmed).toBe(memoryKeyHash(`payout:${payout.id}:FAILED`));
});

test('three deliveries of one event at the same moment → one run', async () => {
	hook = await startTrigger(it);
	const payout = await createPayout(it);
	await settlePayout(it, payout.id, 'SUCCESS');
	// The body SMEPay would send: the payout object as GET /payouts/{id} shows it.
	const webhook = await payoutObject(payout.id);
	// SMEPay answers slowly, so all three are in flight together.
	await it.control('POST', '/faults', {
		match: { method: 'GET', path: '/api/v1/disbursement/payouts/' },
		action: 'delay',
		delayMs: 150,
		times: 3,
	});
	const replies = await Promise.all([1, 2, 3].map(() => hook.post(hook.productionUrl(), webhook)));
	expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
	expect(replies.map((reply) => reply.body.result).sort()).toEqual([
		'accepted',
		'duplicate',
		'duplicate',
	]);
	expect(hook.runs).toHaveLength(1);
});

test('SMEPay unreachable → 503 and no run; the retried delivery → exactly one run', async () => {
	hook = await startTrigger(it);
	const payout = await createPayout(it, { callbackUrl: hook.productionUrl() });
	// The trigger's verification call gets no answer (connection dropped), once.
	await it.control('POST', '/faults', {
		match: { method: 'GET', path: '/api/v1/disbursement/payouts/' },
		action: 'drop',
		times: 1,
	});
	await settlePayout(it, payout.id, 'SUCCESS');
	await waitFor(async () => (await deliveries(it, payout.id)).length === 2);
	await new Promise((resolve) => setTimeout(resolve, 100)); // a third delivery would show up by now

	const attempts = await deliveries(it, payout.id);
	expect(statuses(attempts)).toEqual([503, 200]);
	expect(attempts[0].nextRetryInMs).toBe(60_000 * SCALE);
	expect(hook.runs).toHaveLength(1);
	expect(hook.runs[0].items[0]).toMatchObject({ eventId: payout.id, verified: true });
});

test('SMEPay answering 5xx on the payment status call → 503, then one run', async () => {
	hook = await startTrigger(it);
	const order = await createOrder(it);
	await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
	const body = await paymentBody(it, order.slug);
	await it.control('POST', '/faults', {
		match: { path: '/api/external/qr/status' },
		action: 'status',
		status: 502,
		times: 1,
	});
	const url = hook.productionUrl({ slug: order.slug });
	expect((await hook.post(url, body)).status).toBe(503);
	expect(hook.runs).toHaveLength(0);
	expect(hook.nodeStaticData()).toEqual({});
	expect((await hook.post(url, body)).body.result).toBe('accepted');
	expect((await hook.post(url, body)).body.result).toBe('duplicate');
	expect(hook.runs).toHaveLength(1);
});

test('a SUCCESS webhook while SMEPay still shows PENDING → 503; once SMEPay shows SUCCESS → one run', async () => {
	hook = await startTrigger(it);
	const order = await createOrder(it, { amount: '75.25' });
	await it.control('POST', `/orders/${order.slug}/pay`, {});
	const body = { ...(await paymentBody(it, order.slug)), status: 'TEST_SUCCESS', amount: '75.25' };
	const url = hook.productionUrl({ slug: order.slug });

	const early = await hook.post(url, body);
	expect(early.status).toBe(503);
	expect(hook.runs).toHaveLength(0);

	await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
	expect((await hook.post(url, body)).body.result).toBe('accepted');
	expect(hook.runs).toHaveLength(1);
	expect(hook.runs[0].items[0]).toMatchObject({
		status: 'SUCCESS',
		testMode: true,
		verified: true,
	});
});

test('a payment webhook from SMEPay for an order made with Create Order: TEST_SUCCESS → SUCCESS, testMode', async () => {
	hook = await startTrigger(it);
	const order = await createOrder(it, { callbackUrl: hook.productionUrl(), amount: '310.00' });
	await it.control('POST', `/orders/${order.slug}/pay`, {});
	await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
	await waitFor(async () => (await deliveries(it, order.slug)).length === 1);

	const [attempt] = await deliveries(it, order.slug);
	expect(attempt.payload.status).toBe('TEST_SUCCESS');
	expect(attempt.responseStatus).toBe(200);
	// The documented payload names no slug: the run says so, and how to verify before fulfilling.
	expect(hook.runs).toHaveLength(1);
	expect(hook.runs[0].items[0]).toMatchObject({
		event: 'payment',
		status: 'SUCCESS',
		testMode: true,
		verified: false,
		eventId: attempt.payload.transaction_id,
		payload: attempt.payload,
		verification: { reason: expect.stringMatching(/slug/) },
	});
});

test("a slow SMEPay does not hold the answer: 503 within the trigger's 5 s budget", async () => {
	hook = await startTrigger(it);
	const payout = await createPayout(it);
	await settlePayout(it, payout.id, 'SUCCESS');
	const webhook = await payoutObject(payout.id);
	await it.control('POST', '/faults', {
		match: { method: 'GET', path: '/api/v1/disbursement/payouts/' },
		action: 'delay',
		delayMs: 20_000,
		times: 1,
	});
	const started = Date.now();
	const reply = await hook.post(hook.productionUrl(), webhook);
	expect(reply.status).toBe(503);
	// Answered on its own 5 s budget, long before SMEPay's 20 s answer.
	expect(Date.now() - started).toBeLessThan(15_000);
	expect(hook.runs).toHaveLength(0);
}, 15_000);

/** The payout object SMEPay shows (and sends as the payout webhook body). */
async function payoutObject(id) {
	const { clientId, clientSecret } = it.sandbox.clients.disbursement.test;
	const auth = await (
		await fetch(`${it.sandbox.testUrl}/api/v1/disbursement/auth`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
		})
	).json();
	const answer = await (
		await fetch(`${it.sandbox.testUrl}/api/v1/disbursement/payouts/${id}`, {
			headers: { authorization: `Bearer ${auth.data.token}` },
		})
	).json();
	return answer.data;
}
