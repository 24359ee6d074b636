'use strict';
// The SMEPay Trigger answers SMEPay within 5 s: its verification, token exchange included, has one
// budget. Slow answers are injected on the sandbox's token and payout endpoints.
const { startIntegration } = require('../harness/integration');
const { startTrigger, createPayout, settlePayout } = require('./triggerSteps');

let it;
beforeAll(async () => {
	it = await startIntegration();
});
afterAll(async () => await it.close());

let hook;
afterEach(async () => {
	await hook?.close();
	hook = undefined;
});

async function settledPayout() {
	const payout = await createPayout(it, { amount: 120 });
	await settlePayout(it, payout.id, 'SUCCESS');
	return { ...payout, status: 'SUCCESS' };
}

const slow = (path, delayMs) =>
	it.control('POST', '/faults', { match: { path }, action: 'delay', delayMs, times: 1 });

beforeEach(async () => {
	await it.control('POST', '/reset');
	it.engine.credentials.data('disbursement').accessToken = '';
});

test('a slow token exchange and a slow status call end within the 5 s budget: 503, SMEPay retries', async () => {
	hook = await startTrigger(it);
	const payout = await settledPayout();
	await slow('/api/v1/disbursement/auth', 3000);
	await slow('/api/v1/disbursement/payouts/', 3000);
	const started = Date.now();
	const reply = await hook.post(hook.productionUrl(), payout);
	const ms = Date.now() - started;
	expect(reply.status).toBe(503);
	expect(hook.runs).toHaveLength(0);
	// 3 s + 3 s without a shared budget; 5 s with it (loosely: the machine is loaded).
	expect(ms).toBeGreaterThanOrEqual(4500);
	expect(ms).toBeLessThan(5900);
});

test('a slow token exchange alone still leaves time for the status call: verified', async () => {
	hook = await startTrigger(it);
	const payout = await settledPayout();
	await slow('/api/v1/disbursement/auth', 1500);
	const reply = await hook.post(hook.productionUrl(), payout);
	expect(reply.status).toBe(200);
	expect(hook.runs).toHaveLength(1);
});
