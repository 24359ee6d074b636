'use strict';
// Options → Request Timeout: a slow answer counts as lost; safe calls are retried, creating an
// order is not.
const { startIntegration, smePayNode } = require('../harness/integration');

let env;
beforeAll(async () => {
	env = await startIntegration();
});
afterAll(async () => await env.close());
beforeEach(async () => await env.control('POST', '/reset'));

const slowOnce = (path) =>
	env.control('POST', '/faults', { match: { path }, action: 'delay', delayMs: 2500, times: 1 });

test('a read slower than the timeout is retried and answers', async () => {
	await slowOnce('/api/v1/disbursement/payouts/');
	const run = await env.engine.run({
		nodes: [
			smePayNode(
				{
					resource: 'payout',
					operation: 'get',
					payoutId: '00000000-0000-4000-8000-000000000000',
					options: { requestTimeout: 1 },
				},
				env.credentials.disbursement,
				{ onError: 'continueRegularOutput' },
			),
		],
	});
	// The second attempt reached SMEPay, which does not know the id: its answer, not a timeout.
	expect(run.output('SMEPay')[0].json.error).toBe('SMEPay Get Payout failed: payout not found');
	const { faults } = await env.control('GET', '/faults');
	expect(faults[0].fired).toBe(1);
});

test('an order create slower than the timeout is not repeated, and says how to check', async () => {
	await slowOnce('/api/external/order/create');
	const run = await env.engine.run({
		nodes: [
			smePayNode(
				{
					resource: 'order',
					operation: 'create',
					amount: '10.00',
					orderId: 'SLOW-1',
					options: { requestTimeout: 1 },
				},
				env.credentials.inline,
				{ onError: 'continueRegularOutput' },
			),
		],
	});
	const item = run.output('SMEPay')[0].json;
	expect(item.error).toBe('SMEPay Create Order failed: no answer (timed out)');
	expect(item.errorDescription).toMatch(/order "SLOW-1" may have been created/);
	// The slow request was still processed by SMEPay: exactly one order, never a second.
	await new Promise((resolve) => setTimeout(resolve, 2000));
	const { orders } = await env.ledger();
	expect(orders.filter((o) => o.ref_id === 'SLOW-1')).toHaveLength(1);
});
