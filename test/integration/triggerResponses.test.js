'use strict';
// The SMEPay Trigger's answers, one case each, driven through n8n-core's WebhookContext with real
// HTTP requests built from the collection's examples and real orders/payouts in the sandbox:
// 401 secret, 400 not a SMEPay webhook, 200 filtered, 422 contradicted (forged), 503 when SMEPay
// knows no such order or payout, unverifiable payments, verification off, and the Test URL.
const { useIntegration } = require('../harness/integration');
const {
	startTrigger,
	createOrder,
	paymentBody,
	createPayout,
	settlePayout,
} = require('./triggerSteps');

const it = useIntegration();

let hook;
afterEach(async () => {
	await hook?.close();
	hook = undefined;
});

/** A real payout, settled, and the webhook body SMEPay sends for it (its payout object). */
async function settledPayout(status = 'SUCCESS') {
	const payout = await createPayout(it, { amount: 250.5 });
	await settlePayout(it, payout.id, status);
	return { ...payout, status };
}

describe('401: the secret', () => {
	const SECRET = 'a-long-random-secret-7d1f';

	test.each([
		['no secret at all', {}, {}],
		['a wrong ?token=', { token: 'guess' }, {}],
		['a wrong x-smepay-token header', {}, { 'x-smepay-token': 'guess' }],
	])('%s → 401, no run, nothing asked of SMEPay', async (_, query, headers) => {
		hook = await startTrigger(it, { options: { secret: SECRET } });
		const payout = await settledPayout();
		const before = (await it.ledger()).requests;
		const reply = await hook.post(hook.productionUrl(query), payout, { headers });
		expect(reply).toEqual({ status: 401, body: { received: false, error: 'Unauthorized' } });
		expect(hook.runs).toHaveLength(0);
		expect((await it.ledger()).requests).toBe(before);
	});

	test.each([
		['?token= in the callback URL', { token: SECRET }, {}],
		['the x-smepay-token header', {}, { 'x-smepay-token': SECRET }],
	])('the right secret in %s → accepted', async (_, query, headers) => {
		hook = await startTrigger(it, { options: { secret: SECRET } });
		const payout = await settledPayout();
		const reply = await hook.post(hook.productionUrl(query), payout, { headers });
		expect(reply).toEqual({ status: 200, body: { received: true, result: 'accepted' } });
		expect(hook.runs).toHaveLength(1);
		// The secret is not part of what the workflow sees.
		expect(JSON.stringify(hook.runs)).not.toContain(SECRET);
	});
});

describe('400: not a SMEPay webhook, nothing emitted', () => {
	const documented = {
		ref_id: 'YOUR_ORDER_123',
		transaction_id: 'SME_TXN_456',
		status: 'SUCCESS',
		amount: '100.00',
		processed_at: '2025-01-01T12:00:00+05:30',
		created_at: '2025-01-01T11:55:00+05:30',
	};
	const nested = (levels) => (levels === 0 ? 'x' : { a: nested(levels - 1) });

	test.each([
		['a JSON array', { body: [documented] }],
		['an unrelated object', { body: { hello: 'world' } }],
		['a payment without amount', { body: { ...documented, amount: undefined } }],
		['a payment with amount "lots"', { body: { ...documented, amount: 'lots' } }],
		['a payment with an object as status', { body: { ...documented, status: { $gt: '' } } }],
		[
			'a payout whose id is not a UUID',
			{ body: { id: '1 OR 1=1', reference_id: 'R', status: 'SUCCESS', amount: 5 } },
		],
		['a plain-text body', { raw: 'status=SUCCESS', headers: { 'content-type': 'text/plain' } }],
		[
			'a form-encoded body',
			{
				raw: 'ref_id=A&status=SUCCESS',
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
			},
		],
		['an oversized body (200 KB)', { body: { ...documented, filler: 'x'.repeat(200 * 1024) } }],
		['a body nested 50 levels deep', { body: { ...documented, extra: nested(50) } }],
	])('%s → 400', async (_, { body, raw, headers }) => {
		hook = await startTrigger(it);
		const reply = await hook.post(hook.productionUrl(), body, { raw, headers });
		expect(reply.status).toBe(400);
		expect(reply.body.error).toMatch(/^Not a SMEPay webhook: /);
		expect(hook.runs).toHaveLength(0);
		expect(hook.errors).toHaveLength(0);
	});

	test('unparseable JSON never reaches the node (n8n refuses it first)', async () => {
		hook = await startTrigger(it);
		const reply = await hook.post(hook.productionUrl(), undefined, { raw: '{"ref_id": "A", ' });
		expect(reply.status).toBe(422);
		expect(hook.runs).toHaveLength(0);
	});
});

describe('200: filtered events start nothing', () => {
	test('an event type the trigger does not listen to', async () => {
		hook = await startTrigger(it, { events: ['payment'] });
		const reply = await hook.post(hook.productionUrl(), await settledPayout());
		expect(reply).toEqual({ status: 200, body: { received: true, result: 'filtered' } });
		expect(hook.runs).toHaveLength(0);
	});

	test('statuses not chosen; an unknown status only under "Other Statuses"', async () => {
		hook = await startTrigger(it, { statuses: ['SUCCESS'], verify: false });
		const failed = await settledPayout('FAILED');
		expect((await hook.post(hook.productionUrl(), failed)).body.result).toBe('filtered');
		const odd = { ...(await settledPayout()), status: 'REVERSED' };
		expect((await hook.post(hook.productionUrl(), odd)).body.result).toBe('filtered');
		expect(hook.runs).toHaveLength(0);
		await hook.close();

		hook = await startTrigger(it, { statuses: ['other'], verify: false });
		expect((await hook.post(hook.productionUrl(), odd)).body.result).toBe('accepted');
		expect(hook.runs[0].items[0]).toMatchObject({ status: 'REVERSED', verified: false });
	});
});

describe('422: SMEPay contradicts the payload (forged), no run', () => {
	test.each([
		['a wrong amount', (p) => ({ ...p, amount: p.amount + 1000 })],
		['a wrong reference id', (p) => ({ ...p, reference_id: 'SOMEONE-ELSE' })],
		['SUCCESS while SMEPay says FAILED', (p) => ({ ...p, status: 'SUCCESS' }), 'FAILED'],
		['FAILED while SMEPay says SUCCESS', (p) => ({ ...p, status: 'FAILED' }), 'SUCCESS'],
	])('payout with %s', async (_, forge, realStatus = 'SUCCESS') => {
		hook = await startTrigger(it);
		const real = await settledPayout(realStatus);
		const reply = await hook.post(hook.productionUrl(), forge(real));
		expect(reply).toEqual({
			status: 422,
			body: { received: false, error: 'SMEPay does not confirm this event' },
		});
		expect(hook.runs).toHaveLength(0);
		expect(hook.nodeStaticData()).toEqual({});
	});

	test.each([
		['a wrong amount', async (o) => paymentBody(it, o.slug, { amount: '1.00' }), {}],
		[
			'SUCCESS while SMEPay says FAILED',
			async (o) => paymentBody(it, o.slug, { status: 'SUCCESS' }),
			{ settle: 'FAILED' },
		],
	])('payment (slug in the URL) with %s', async (_, forge, { settle = 'SUCCESS' }) => {
		hook = await startTrigger(it);
		const order = await createOrder(it);
		await it.control('POST', `/orders/${order.slug}/settle`, { status: settle });
		const reply = await hook.post(hook.productionUrl({ slug: order.slug }), await forge(order));
		expect(reply.status).toBe(422);
		expect(hook.runs).toHaveLength(0);
	});
});

describe('503: SMEPay knows no such payout or order for the credential (forged, or a wrong credential)', () => {
	test.each([
		[
			'an unknown payout id',
			async () => ({ ...(await settledPayout()), id: '00000000-0000-4000-8000-000000000000' }),
			{},
		],
		[
			'a payment naming an order slug SMEPay does not know',
			async () => {
				const order = await createOrder(it);
				await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
				return await paymentBody(it, order.slug);
			},
			{ slug: 'no-such-slug' },
		],
		[
			"a payment with another order id than the slug's",
			async () => {
				const order = await createOrder(it);
				await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
				return {
					...(await paymentBody(it, order.slug, { ref_id: 'NOT-MINE' })),
					_slug: order.slug,
				};
			},
			{},
		],
	])('%s → 503, no run, nothing remembered', async (_, body, query) => {
		hook = await startTrigger(it);
		const { _slug: slug, ...event } = await body();
		const reply = await hook.post(hook.productionUrl(slug ? { slug } : query), event);
		expect(reply).toEqual({
			status: 503,
			body: {
				received: false,
				error: 'This event could not be confirmed with SMEPay yet; send it again later',
			},
		});
		expect(hook.runs).toHaveLength(0);
		expect(hook.nodeStaticData()).toEqual({});
	});
});

describe('verified events', () => {
	test('a real payout: output { event, status, eventId, verified, payload, verification, testMode }', async () => {
		hook = await startTrigger(it);
		const payout = await settledPayout();
		const reply = await hook.post(hook.productionUrl(), payout);
		expect(reply).toEqual({ status: 200, body: { received: true, result: 'accepted' } });
		expect(hook.runs).toHaveLength(1);
		const [item] = hook.runs[0].items;
		expect(Object.keys(item)).toEqual([
			'event',
			'status',
			'eventId',
			'verified',
			'payload',
			'verification',
			'testMode',
		]);
		expect(item).toMatchObject({
			event: 'payout',
			status: 'SUCCESS',
			eventId: payout.id,
			verified: true,
			payload: payout,
			testMode: false,
			verification: {
				source: 'SMEPay payout status',
				payoutId: payout.id,
				referenceId: payout.reference_id,
				status: 'SUCCESS',
				amount: '250.50',
				utrNumber: expect.stringMatching(/^UTR/),
			},
		});
	});

	test('a real Test-mode payment with the slug in the URL: TEST_SUCCESS → SUCCESS, testMode, verified', async () => {
		hook = await startTrigger(it);
		const order = await createOrder(it, { amount: '499.99' });
		await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
		const body = await paymentBody(it, order.slug);
		expect(body.status).toBe('TEST_SUCCESS');
		const reply = await hook.post(hook.productionUrl({ slug: order.slug }), body);
		expect(reply.body.result).toBe('accepted');
		expect(hook.runs[0].items[0]).toMatchObject({
			event: 'payment',
			status: 'SUCCESS',
			testMode: true,
			verified: true,
			eventId: body.transaction_id,
			payload: { status: 'TEST_SUCCESS', ref_id: order.orderId },
			verification: {
				source: 'SMEPay order status',
				slug: order.slug,
				status: 'SUCCESS',
				amount: '499.99',
			},
		});
	});

	test('the slug may also come in the payload (slug / order_slug)', async () => {
		hook = await startTrigger(it);
		for (const field of ['slug', 'order_slug']) {
			const order = await createOrder(it);
			await it.control('POST', `/orders/${order.slug}/settle`, { status: 'FAILED' });
			const reply = await hook.post(
				hook.productionUrl(),
				await paymentBody(it, order.slug, { [field]: order.slug }),
			);
			expect(reply.body.result).toBe('accepted');
		}
		expect(hook.runs.map((run) => run.items[0])).toEqual([
			expect.objectContaining({ status: 'FAILED', verified: true, testMode: false }),
			expect.objectContaining({ status: 'FAILED', verified: true, testMode: false }),
		]);
	});
});

describe('payments without a slug (the documented payload)', () => {
	test('default: the run starts with verified: false and the reason', async () => {
		hook = await startTrigger(it);
		const order = await createOrder(it);
		await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
		const before = (await it.ledger()).requests;
		const body = await paymentBody(it, order.slug);
		const reply = await hook.post(hook.productionUrl(), body);
		expect(reply.body.result).toBe('accepted');
		expect(hook.runs[0].items[0]).toMatchObject({
			event: 'payment',
			status: 'SUCCESS',
			verified: false,
			testMode: true,
			verification: { reason: expect.stringContaining('Validate Order') },
		});
		// SMEPay as documented: no order with the transaction id as slug, no order status by ref_id
		// (by ref_id, then naming no order: 404 both times, so SMEPay has no such look-up).
		expect((await it.ledger()).requests).toBe(before + 3);
		expect(hook.runs[0].items[0].verification.reason).toContain(body.transaction_id);
	});

	test('option "Reject": 422 and no run', async () => {
		hook = await startTrigger(it, { options: { unverifiablePayments: 'reject' } });
		const order = await createOrder(it);
		await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
		const reply = await hook.post(hook.productionUrl(), await paymentBody(it, order.slug));
		expect(reply.status).toBe(422);
		expect(hook.runs).toHaveLength(0);
	});
});

test('Verify With SMEPay off: any well-formed event runs, marked verified: false', async () => {
	hook = await startTrigger(it, { verify: false });
	const forged = { ...(await settledPayout()), amount: 99999 };
	const reply = await hook.post(hook.productionUrl(), forged);
	expect(reply.body.result).toBe('accepted');
	expect(hook.runs[0].items[0]).toMatchObject({
		verified: false,
		verification: { reason: 'Verify With SMEPay is off in the trigger' },
	});
});

test('Test URL: answers only while listening for a test event, once; Production URL always', async () => {
	hook = await startTrigger(it);
	const payout = await settledPayout();
	expect((await hook.post(hook.testUrl(), payout)).status).toBe(404);
	hook.listenForTestEvent();
	expect((await hook.post(hook.testUrl(), payout)).body.result).toBe('accepted');
	expect((await hook.post(hook.testUrl(), payout)).status).toBe(404);
	// The test event is not remembered for production: the real delivery still runs once.
	expect((await hook.post(hook.productionUrl(), payout)).body.result).toBe('accepted');
	expect(hook.runs.map((run) => run.mode)).toEqual(['manual', 'webhook']);
});

test('Skip Repeated Deliveries off: every delivery runs, nothing is remembered', async () => {
	hook = await startTrigger(it, { options: { dedupe: false } });
	const payout = await settledPayout();
	for (let i = 0; i < 2; i++) {
		expect((await hook.post(hook.productionUrl(), payout)).body.result).toBe('accepted');
	}
	expect(hook.runs).toHaveLength(2);
	expect(hook.nodeStaticData()).toEqual({});
});
