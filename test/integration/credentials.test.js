'use strict';
// The token exchange, done the n8n way, against the sandbox: n8n-core runs the credential's
// preAuthentication when the stored token is empty or answered 401, and keeps the new token.
const { startIntegration, smePayNode } = require('../harness/integration');

const UNKNOWN_PAYOUT = '00000000-0000-4000-8000-000000000000';

let env;
beforeAll(async () => {
	env = await startIntegration();
});
afterAll(async () => await env.close());
beforeEach(async () => {
	await env.control('POST', '/reset');
	for (const id of Object.keys(env.credentials)) env.engine.credentials.data(id).accessToken = '';
	env.engine.credentials.preAuthentications.length = 0;
});

const tokenExchanges = async (api) => (await env.ledger()).tokens[api];

function getPayouts(credentials, count, extra = {}) {
	return env.engine.run({
		nodes: [
			smePayNode(
				{
					resource: 'payout',
					operation: 'get',
					payoutId: '={{ $json.id }}',
					options: { concurrency: 5 },
				},
				credentials,
				{ onError: 'continueRegularOutput', ...extra },
			),
		],
		input: Array.from({ length: count }, () => ({ id: UNKNOWN_PAYOUT })),
	});
}

function createOrders(credentials, count, prefix) {
	return env.engine.run({
		nodes: [
			smePayNode(
				{
					resource: 'order',
					operation: 'create',
					amount: '={{ $json.amount }}',
					orderId: '={{ $json.orderId }}',
					options: { concurrency: 5 },
				},
				credentials,
			),
		],
		input: Array.from({ length: count }, (_, i) => ({
			amount: '10.50',
			orderId: `${prefix}-${i}`,
		})),
	});
}

describe('one token exchange serves many requests', () => {
	test('collection (Inline and Wizard): 40 orders, 1 exchange per credential, reused by the next run', async () => {
		for (const [name, credentials] of [
			['inline', env.credentials.inline],
			['wizard', env.credentials.wizard],
		]) {
			const before = await tokenExchanges('collection');
			const first = await createOrders(credentials, 40, `${name}-a`);
			expect(first.output('SMEPay')).toHaveLength(40);
			for (const item of first.output('SMEPay')) expect(item.json.slug).toEqual(expect.any(String));
			const second = await createOrders(credentials, 10, `${name}-b`);
			expect(second.output('SMEPay')).toHaveLength(10);
			expect((await tokenExchanges('collection')) - before).toBe(1);
		}
		expect((await env.ledger()).orders).toHaveLength(100);
	});

	test('disbursement: 50 reads in two runs, 1 exchange', async () => {
		await getPayouts(env.credentials.disbursement, 30);
		const run = await getPayouts(env.credentials.disbursement, 20);
		expect(run.output('SMEPay')).toHaveLength(20);
		expect(run.output('SMEPay')[0].json.error).toMatch(/payout not found/);
		expect(await tokenExchanges('disbursement')).toBe(1);
		expect(env.engine.credentials.preAuthentications).toEqual([
			{ type: 'smePayDisbursementApi', expired: false },
		]);
	});
});

describe('the token is renewed', () => {
	test('after it expires at SMEPay (TTL passed)', async () => {
		await env.control('POST', '/config', { tokenTtlSeconds: { collection: 1, disbursement: 1 } });
		await createOrders(env.credentials.inline, 3, 'ttl-a');
		await new Promise((resolve) => setTimeout(resolve, 1200));
		const run = await createOrders(env.credentials.inline, 3, 'ttl-b');
		expect(run.output('SMEPay').map((i) => i.json.slug)).toEqual([
			expect.any(String),
			expect.any(String),
			expect.any(String),
		]);
		expect(await tokenExchanges('collection')).toBe(2);
		expect(env.engine.credentials.preAuthentications.map((p) => p.expired)).toEqual([false, true]);
	});

	test('after SMEPay answers 401 mid-run, and no item is lost', async () => {
		await getPayouts(env.credentials.disbursement, 1);
		const tokenBefore = env.engine.credentials.data('disbursement').accessToken;
		await env.control('POST', '/faults', {
			match: { path: '/api/v1/disbursement/payouts' },
			action: 'status',
			status: 401,
			body: { status: false, message: 'business_id not found in token' },
			times: 1,
			skip: 10,
		});
		const run = await getPayouts(env.credentials.disbursement, 25);
		expect(run.output('SMEPay')).toHaveLength(25);
		for (const item of run.output('SMEPay')) expect(item.json.error).toMatch(/payout not found/);
		expect(env.engine.credentials.data('disbursement').accessToken).not.toBe(tokenBefore);
		expect(await tokenExchanges('disbursement')).toBe(2);
	});
});

describe('a refused token exchange says what to fix', () => {
	const secretsIn = (error) =>
		JSON.stringify({
			message: error.message,
			description: error.description,
			context: error.context,
		});

	test('wrong secret', async () => {
		const credentials = env.engine.credentials.add('wrong', 'smePayDisbursementApi', {
			environment: 'custom',
			baseUrl: env.sandbox.testUrl,
			clientId: env.sandbox.clients.disbursement.test.clientId,
			clientSecret: 'not-the-secret',
		});
		const run = await getPayouts(credentials, 2, { onError: 'stopWorkflow' });
		const error = run.nodeError('SMEPay');
		expect(error.message).toMatch(/rejected the credentials/);
		expect(`${error.message} ${error.description ?? ''}`).toMatch(/Client ID and Client Secret/);
		expect(secretsIn(error)).not.toContain('not-the-secret');
		expect(await tokenExchanges('disbursement')).toBe(0);
	});

	test('Test keys against the Live host', async () => {
		const credentials = env.engine.credentials.add('mismatch', 'smePayApi', {
			environment: 'custom',
			baseUrl: env.sandbox.liveUrl,
			integration: 'inline',
			...env.sandbox.clients.collection.test,
		});
		const run = await createOrders(credentials, 1, 'mismatch');
		const error = run.nodeError('SMEPay');
		expect(error.message).toMatch(/rejected the credentials/);
		expect(error.message).toMatch(/test mode/);
		expect(`${error.message} ${error.description ?? ''}`).toMatch(/Environment matches the keys/);
		expect(secretsIn(error)).not.toContain(env.sandbox.clients.collection.test.clientSecret);
	});

	test('IP not whitelisted (Live disbursement and Live Inline)', async () => {
		await env.control('POST', '/config', {
			clients: {
				[env.sandbox.clients.disbursement.live.clientId]: { ipAllowlist: ['203.0.113.42'] },
				[env.sandbox.clients.collection.live.clientId]: { ipAllowlist: ['203.0.113.42'] },
			},
		});
		const payouts = await getPayouts(env.credentials.disbursementLive, 1, {
			onError: 'stopWorkflow',
		});
		expect(payouts.nodeError('SMEPay').message).toMatch(/refused this server's IP address/);
		expect(payouts.nodeError('SMEPay').message).toMatch(/IP whitelist in the SMEPay dashboard/);
		const orders = await createOrders(env.credentials.inlineLive, 1, 'ip');
		expect(orders.nodeError('SMEPay').message).toMatch(/refused this server's IP address/);
	});

	test('Live keys whose IP is whitelisted work', async () => {
		const run = await createOrders(env.credentials.inlineLive, 2, 'live-ok');
		expect(run.output('SMEPay')).toHaveLength(2);
	});
});
