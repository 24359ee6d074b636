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

describe("what the user sees of a timeout: the package's words, not n8n's generic text", () => {
	const createOrder = (options) =>
		env.engine.run({
			nodes: [
				smePayNode(
					{ resource: 'order', operation: 'create', amount: '10.00', orderId: 'SLOW-2', options },
					env.credentials.inline,
				),
			],
		});

	test('a call that times out stops the workflow with its message and hint', async () => {
		await createOrder({}); // a token first
		await slowOnce('/api/external/order/create');
		const run = await createOrder({ requestTimeout: 1 });
		for (const error of [run.error, run.nodeError('SMEPay')]) {
			expect(error.message).toBe('SMEPay Create Order failed: no answer (timed out)');
			expect(error.description).toMatch(/order "SLOW-2" may have been created/);
			expect(error.description).toMatch(/\((ECONNABORTED|ETIMEDOUT)\)$/);
		}
	});

	test('a token exchange that times out stops the workflow with its message and what to check', async () => {
		env.engine.credentials.data('inline').accessToken = '';
		await env.control('POST', '/faults', {
			match: { path: '/api/external/auth' },
			action: 'delay',
			delayMs: 2500,
			times: 0,
		});
		const run = await createOrder({ requestTimeout: 1 });
		for (const error of [run.error, run.nodeError('SMEPay')]) {
			expect(error.message).toBe(
				"SMEPay collection API could not be reached (timed out). Check the Environment / Base URL and this server's network access.",
			);
			expect(error.description).toBe(
				'No Create Order request was sent: the credential could not get a token.',
			);
		}
		expect((await env.control('GET', '/faults')).faults[0].fired).toBe(3);
	});
});
