'use strict';
// Every refusal SMEPay documents for orders, through the real n8n engine: as a NodeApiError with
// SMEPay's own message and a hint of what to do, and as an error item under Continue On Fail.
// Inputs the node can check itself are refused before any request.
const { useIntegration } = require('../harness/integration');
const { newOrderId, runOrder, createOrder, failure } = require('./orderSteps');

const it = useIntegration();
afterEach(async () => {
	await it.control('DELETE', '/faults');
	await it.control('POST', '/config', {
		orderTtlSeconds: 300,
		clients: { sandbox_live_client: { ipAllowlist: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] } },
	});
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Each case: `prepare()` gives the credential, operation and parameters of a call that SMEPay
 * refuses (run twice, so it must set up its own state each time).
 */
const CASES = [
	{
		name: '401 invalid client credentials',
		prepare: async () => ({
			credential: it.engine.credentials.add(`bad-${newOrderId()}`, 'smePayApi', {
				...it.engine.credentials.data('wizard'),
				clientSecret: 'wrong-secret',
				accessToken: '',
			}),
			operation: 'create',
			parameters: { amount: '10.00', orderId: newOrderId() },
		}),
		message: /rejected the credentials \("invalid client credentials"\)/,
		hint: /Check the Client ID and Client Secret/,
	},
	{
		name: '401 token refused even after renewing it',
		prepare: async () => {
			await it.control('POST', '/faults', {
				match: { path: '/api/wiz/external/order/create' },
				action: 'status',
				status: 401,
				times: 2,
			});
			return {
				credential: 'wizard',
				operation: 'create',
				parameters: { amount: '10.00', orderId: newOrderId() },
			};
		},
		message: /SMEPay Create Order failed: Unauthorized: invalid or expired token/,
		hint: /In the credential, check the Client ID and Client Secret, and that Environment matches the keys/,
	},
	{
		name: '403 IP not whitelisted (Inline, Live)',
		prepare: async () => {
			// The token was issued while the IP was allowed; then the merchant's whitelist changed.
			await createOrder(it, 'inlineLive', '10.00');
			await it.control('POST', '/config', {
				clients: { sandbox_live_client: { ipAllowlist: ['203.0.113.9'] } },
			});
			return {
				credential: 'inlineLive',
				operation: 'create',
				parameters: { amount: '10.00', orderId: newOrderId() },
			};
		},
		message: /SMEPay Create Order failed: IP [\d.:a-f]+ is not in the allowed list/,
		hint: /IP whitelist in the SMEPay dashboard/,
	},
	{
		name: '403 IP not whitelisted at the token exchange (Inline, Live)',
		prepare: async () => {
			await it.control('POST', '/config', {
				clients: { sandbox_live_client: { ipAllowlist: ['203.0.113.9'] } },
			});
			const credential = it.engine.credentials.add(`live-${newOrderId()}`, 'smePayApi', {
				...it.engine.credentials.data('inlineLive'),
				accessToken: '',
			});
			return {
				credential,
				operation: 'create',
				parameters: { amount: '10.00', orderId: newOrderId() },
			};
		},
		message: /refused this server's IP address \("IP [\d.:a-f]+ is not in the allowed list"\)/,
		hint: /No Create Order request was sent/,
	},
	{
		name: '404 order not found (Get Status)',
		prepare: async () => ({
			credential: 'inline',
			operation: 'getStatus',
			parameters: { slug: 'zzzzzzz' },
		}),
		message: /SMEPay Get Order Status failed: order not found/,
		hint: /Check the id or slug/,
	},
	{
		name: '404 order not found (Initiate)',
		prepare: async () => ({
			credential: 'inline',
			operation: 'initiate',
			parameters: { slug: 'zzzzzzz' },
		}),
		message: /SMEPay Initiate Payment failed: order not found/,
		hint: /Check the id or slug/,
	},
	{
		name: '404 order not found (Validate, Wizard)',
		prepare: async () => ({
			credential: 'wizard',
			operation: 'validate',
			parameters: { slug: 'zzzzzzz', amount: '10.00' },
		}),
		message: /SMEPay Validate Order failed: order not found/,
		hint: /Check the id or slug/,
	},
	{
		name: '400 order_id already exists',
		prepare: async () => {
			const order = await createOrder(it, 'inline', '10.00');
			return {
				credential: 'inline',
				operation: 'create',
				parameters: { amount: '10.00', orderId: order.orderId },
			};
		},
		message: /SMEPay Create Order failed: order_id already exists/,
		hint: /Each Order ID can be used for one order only/,
	},
	{
		name: '400 amount above the maximum order amount',
		prepare: async () => ({
			credential: 'wizard',
			operation: 'create',
			parameters: { amount: '100000.01', orderId: newOrderId() },
		}),
		message: /SMEPay Create Order failed: amount above maximum order amount/,
		hint: /minimum\/maximum order amount/,
	},
	{
		name: '400 initiate an expired order',
		prepare: async () => {
			await it.control('POST', '/config', { orderTtlSeconds: 0.3 });
			const order = await createOrder(it, 'inline', '10.00');
			await sleep(400);
			return { credential: 'inline', operation: 'initiate', parameters: { slug: order.slug } };
		},
		message: /SMEPay Initiate Payment failed: order EXPIRED/,
		hint: /Create a new order/,
	},
	{
		name: '400 initiate twice',
		prepare: async () => {
			const order = await createOrder(it, 'inline', '10.00');
			await runOrder(it, 'inline', 'initiate', { slug: order.slug });
			return { credential: 'inline', operation: 'initiate', parameters: { slug: order.slug } };
		},
		message:
			/SMEPay Initiate Payment failed: order status is INITIATED; initiate needs status CREATED/,
		hint: /works once per order/,
	},
	{
		name: '503 that retries do not clear (Get Status)',
		prepare: async () => {
			const order = await createOrder(it, 'inline', '10.00');
			await it.control('POST', '/faults', {
				match: { path: '/api/external/qr/status' },
				action: 'status',
				status: 503,
				times: 5,
			});
			return { credential: 'inline', operation: 'getStatus', parameters: { slug: order.slug } };
		},
		message: /SMEPay Get Order Status failed: internal server error/,
		hint: /server error that retrying did not clear/,
	},
];

describe.each(CASES)('$name', (testCase) => {
	test("is a NodeApiError with SMEPay's message and what to do", async () => {
		const { credential, operation, parameters } = await testCase.prepare();
		const error = failure(await runOrder(it, credential, operation, parameters));
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(testCase.message);
		// The hint is in the description, or in the message itself when the token exchange failed.
		expect(`${error.message} ${error.description}`).toMatch(testCase.hint);
		expect(error.context.itemIndex).toBe(0);
		expectNoSecrets(error);
	});

	test('is an error item under Continue On Fail, and the next item still runs', async () => {
		const { credential, operation, parameters } = await testCase.prepare();
		const result = await runOrder(
			it,
			credential,
			operation,
			// One item at a time, so the first item alone meets the injected refusals.
			{ ...parameters, slug: '={{ $json.slug }}', options: { concurrency: 1 } },
			{
				input: [{ slug: parameters.slug }, { slug: '' }],
				node: { continueOnFail: true },
			},
		);
		const items = result.output('SMEPay');
		expect(items).toHaveLength(2);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json.error).toMatch(testCase.message);
		expect(`${items[0].json.error} ${items[0].json.errorDescription}`).toMatch(testCase.hint);
		expectNoSecrets(items[0]);
		// The second item ran too (it is refused by its own, different, problem or succeeds).
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('refused before any request', () => {
	const LOCAL_CASES = [
		[
			'Initiate on a Wizard credential',
			'wizard',
			'initiate',
			{ slug: 'abcdefg' },
			/Initiate Payment exists only for the Inline DQR integration/,
			/payment_url/,
		],
		[
			'an amount with 3 decimals',
			'wizard',
			'create',
			{ amount: '100.105', orderId: 'X-1' },
			/^Amount "100.105" has more than 2 decimals \(item 0\)$/,
			/at most 2 decimals/,
		],
		[
			'a negative amount',
			'inline',
			'validate',
			{ slug: 'abcdefg', amount: '-5' },
			/^Amount "-5" is negative \(item 0\)$/,
			/above 0/,
		],
		[
			'an empty slug from the input data',
			'inline',
			'getStatus',
			{ slug: '={{ $json.missing }}' },
			/^Order Slug is empty \(item 0\)$/,
			/Fill in Order Slug/,
		],
		[
			'a payment URL instead of a slug',
			'wizard',
			'validate',
			{ slug: 'https://link.smepay.in/@acme/2h2m6qf', amount: '1' },
			/Order Slug ".*" is not a slug \(item 0\)/,
			/not the payment URL/,
		],
		[
			'a poll interval below 1 s',
			'inline',
			'waitForStatus',
			{ slug: 'abcdefg', pollInterval: 0.1 },
			/Poll Interval must be between 1 and 60 seconds \(item 0\)/,
			undefined,
		],
	];

	test.each(LOCAL_CASES)('%s', async (_name, credential, operation, parameters, message, hint) => {
		const requestsBefore = (await it.ledger()).requests;
		const error = failure(await runOrder(it, credential, operation, parameters));
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toMatch(message);
		if (hint) expect(error.description).toMatch(hint);
		expect(error.context.itemIndex).toBe(0);
		expect((await it.ledger()).requests).toBe(requestsBefore);
	});

	test('Initiate on Wizard under Continue On Fail: every item says what to do instead', async () => {
		const items = (
			await runOrder(
				it,
				'wizard',
				'initiate',
				{ slug: 'abcdefg' },
				{ input: [{}, {}], node: { continueOnFail: true } },
			)
		).output('SMEPay');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[1].json.error).toBe(
			'Initiate Payment exists only for the Inline DQR integration; this credential uses Wizard (item 1)',
		);
		expect(items[1].json.errorDescription).toMatch(
			/send the customer the `payment_url` from Create Order/,
		);
	});
});

/** No client secret or bearer token in anything the user sees. */
function expectNoSecrets(value) {
	const text = JSON.stringify(value) + String(value.stack ?? '');
	for (const id of ['wizard', 'inline', 'inlineLive']) {
		const { clientSecret, accessToken } = it.engine.credentials.data(id);
		expect(text).not.toContain(clientSecret);
		if (accessToken) expect(text).not.toContain(accessToken);
	}
}

describe("SMEPay's order answers are checked, not trusted", () => {
	const tamper = (path, fields) =>
		it.control('POST', '/faults', { match: { path }, action: 'tamper', ...fields });

	test.each([
		['wizard', '/api/wiz/external/order/create', 'order_slug'],
		['inline', '/api/external/order/create', 'slug'],
	])(
		'Create Order (%s, %s) answered without its %s: an error that says the order may exist',
		async (credential, path, field) => {
			await tamper(path, { remove: [field] });
			const orderId = newOrderId();
			const error = failure(await runOrder(it, credential, 'create', { amount: '10.00', orderId }));
			expect(error.message).toMatch(/Create Order answer .*slug is missing/);
			expect(error.description).toMatch(/may have been created/);
			expect(error.description).toMatch(/SMEPay dashboard/);
			expect(error.context.itemIndex).toBe(0);
			// It was created: the sandbox holds it.
			expect((await it.ledger()).orders.filter((o) => o.ref_id === orderId)).toHaveLength(1);
		},
	);

	test('Create Order answered for another amount: an error naming both amounts', async () => {
		await tamper('/api/wiz/external/order/create', { set: { amount: 1000 } });
		const error = failure(
			await runOrder(it, 'wizard', 'create', { amount: '10.00', orderId: newOrderId() }),
		);
		expect(error.message).toMatch(/answered for ₹1,000, but this order asked ₹10/);
	});

	test('Create Order: a real answer comes out as before, with slug', async () => {
		const order = await createOrder(it, 'wizard', '10.00');
		expect(order).toMatchObject({ slug: order.order_slug, payment_status: 'CREATED' });
		expect(order.payment_url).toMatch(/\/@sandbox\//);
	});

	test('Get Status answered with a status SMEPay does not document: an error', async () => {
		const order = await createOrder(it, 'inline', '10.00');
		await tamper('/api/external/qr/status', { set: { payment_status: 'MAYBE_PAID' } });
		const error = failure(await runOrder(it, 'inline', 'getStatus', { slug: order.slug }));
		expect(error.message).toMatch(/Get Order Status answer .*payment_status .*MAYBE_PAID/);
	});

	test('Get Status answered with an HTML page (a proxy): an error that says so', async () => {
		await it.control('POST', '/faults', {
			match: { path: '/api/external/qr/status' },
			action: 'status',
			status: 200,
			html: '<!doctype html><p>Captive portal</p>',
			times: 0,
		});
		const error = failure(await runOrder(it, 'inline', 'getStatus', { slug: 'abcdefg' }));
		expect(error.message).toMatch(/not JSON/);
	});

	test('Validate (Wizard) answered with status false: an error with its message', async () => {
		const order = await createOrder(it, 'wizard', '10.00');
		await it.control('POST', '/faults', {
			match: { path: '/api/wiz/external/order/validate' },
			action: 'status',
			status: 200,
			body: { status: false, message: 'try later' },
		});
		const error = failure(
			await runOrder(it, 'wizard', 'validate', { slug: order.slug, amount: '10.00' }),
		);
		expect(error.message).toMatch(/status false.*try later/);
	});

	test('Initiate answered without a payment link: an error', async () => {
		const order = await createOrder(it, 'inline', '10.00');
		await tamper('/api/external/order/initiate', { remove: ['payment_link'] });
		const error = failure(await runOrder(it, 'inline', 'initiate', { slug: order.slug }));
		expect(error.message).toMatch(/Initiate Payment answer .*payment_link is missing/);
	});
});
