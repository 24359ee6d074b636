'use strict';
// The SMEPay Trigger against both shapes of SMEPay's payment API (sandbox settings): as documented
// (transaction_id is a transaction id; no order status by ref_id) and as a live integration showed
// (transaction_id is the order's slug; POST /api/external/order/status by ref_id). Shows: payments
// verified without the user keeping the slug, one run per order and status, a flood of forged
// events that cannot make a verified one run again, "not found" from SMEPay answered 503 and
// logged, and late intermediate statuses run as stale, not refused as forged.
const { useIntegration } = require('../harness/integration');
const { logsOfEachTest } = require('../harness/webhook');
const {
	startTrigger,
	useApiShape,
	createOrder,
	ledgerOrder,
	paymentBody,
	createPayout,
	settlePayout,
	deliveries,
	waitFor,
} = require('./triggerSteps');

const SHAPES = {
	documented: { webhookTransactionId: 'txn', orderStatusEndpoint: false },
	slugAsTransactionId: { webhookTransactionId: 'slug', orderStatusEndpoint: false },
	orderStatusByRef: { webhookTransactionId: 'txn', orderStatusEndpoint: true },
	seenLive: { webhookTransactionId: 'slug', orderStatusEndpoint: true },
};

const it = useIntegration({ seed: { orderTtlSeconds: 1e7 } });

let hook;
const logs = logsOfEachTest();
afterEach(async () => {
	await it.control('POST', '/config', SHAPES.documented);
	await hook?.close();
	hook = undefined;
});

/** An order paid in the sandbox; SMEPay's webhook goes to `callbackUrl` when one is given. */
async function paidOrder({ callbackUrl, amount = '310.00', status = 'SUCCESS' } = {}) {
	const order = await createOrder(it, { callbackUrl, amount });
	await it.control('POST', `/orders/${order.slug}/settle`, { status });
	if (callbackUrl) await waitFor(async () => (await deliveries(it, order.slug)).length === 1);
	return order;
}

const requestCount = async () => (await it.ledger()).requests;

describe('payments without a slug: verified through the sources seen live', () => {
	test.each([
		['transaction_id is the slug', SHAPES.slugAsTransactionId, 'transaction_id'],
		['the order status by ref_id', SHAPES.orderStatusByRef, 'ref_id'],
		['both, as seen live: transaction_id first', SHAPES.seenLive, 'transaction_id'],
	])("%s: SMEPay's own delivery runs once, verified", async (_, shape, lookupBy) => {
		await useApiShape(it, shape);
		hook = await startTrigger(it);
		const order = await paidOrder({ callbackUrl: hook.productionUrl() });
		const [attempt] = await deliveries(it, order.slug);
		expect(attempt.payload).not.toHaveProperty('slug');
		expect(attempt.responseStatus).toBe(200);
		expect(hook.runs).toHaveLength(1);
		const smePayOrder = await ledgerOrder(it, order.slug);
		expect(hook.runs[0].items[0]).toMatchObject({
			event: 'payment',
			status: 'SUCCESS',
			testMode: true,
			verified: true,
			eventId: attempt.payload.transaction_id,
			payload: attempt.payload,
			verification: {
				lookupBy,
				orderId: smePayOrder.order_id,
				status: 'SUCCESS',
				amount: '310.00',
			},
		});
		expect(hook.runs[0].items[0].verification).not.toHaveProperty('stale');
	});

	test('neither source: one run with verified: false and the reason, answered 200 (not 422); a resend starts none', async () => {
		hook = await startTrigger(it);
		const order = await paidOrder({ callbackUrl: hook.productionUrl() });
		expect((await deliveries(it, order.slug))[0].responseStatus).toBe(200);
		expect(hook.runs).toHaveLength(1);
		expect(hook.runs[0].items[0]).toMatchObject({
			status: 'SUCCESS',
			verified: false,
			verification: { reason: expect.stringMatching(/ref_id[\s\S]*Validate Order/) },
		});
		await it.control('POST', '/webhooks/resend', { kind: 'order', id: order.slug });
		await waitFor(async () => (await deliveries(it, order.slug)).length === 2);
		expect((await deliveries(it, order.slug))[1].responseStatus).toBe(200);
		expect(hook.runs).toHaveLength(1);
		expect(hook.responses.map((r) => r.body.result)).toEqual(['accepted', 'duplicate']);
	});

	test('without an SMEPay API credential nothing is asked: verified: false, as before', async () => {
		await useApiShape(it, SHAPES.seenLive);
		hook = await startTrigger(it, {}, { credentials: { ...it.credentials.disbursement } });
		const order = await paidOrder();
		const before = await requestCount();
		const reply = await hook.post(hook.productionUrl(), {
			...(await paymentBody(it, order.slug)),
			transaction_id: order.slug,
		});
		expect(reply.body.result).toBe('accepted');
		expect(hook.runs[0].items[0]).toMatchObject({
			verified: false,
			verification: { reason: expect.stringContaining('SMEPay API credential') },
		});
		expect(await requestCount()).toBe(before);
	});

	test.each([
		['transaction_id', SHAPES.slugAsTransactionId],
		['ref_id', SHAPES.orderStatusByRef],
	])('found by %s but with another amount → 422, no run', async (_, shape) => {
		await useApiShape(it, shape);
		hook = await startTrigger(it);
		const order = await paidOrder({ amount: '99.00' });
		const body = await paymentBody(it, order.slug, { amount: '9.00' });
		if (shape.webhookTransactionId === 'slug') body.transaction_id = order.slug;
		const reply = await hook.post(hook.productionUrl(), body);
		expect(reply).toEqual({
			status: 422,
			body: { received: false, error: 'SMEPay does not confirm this event' },
		});
		expect(hook.runs).toHaveLength(0);
	});

	// A SMEPay that answered the status call for the slug alone (not checking the ref_id sent with
	// it) would let a webhook name another paid order's slug with the same amount.
	/**
	 * A trigger on that shape, with SMEPay's status call in `qrStatusRefId` mode, a paid order and
	 * an unpaid one of the same amount, and a forged webhook for the unpaid one that names the paid
	 * one's slug in `field`.
	 */
	async function forgery(shape, field, qrStatusRefId, parameters = {}) {
		await useApiShape(it, shape);
		await it.control('POST', '/config', { qrStatusRefId });
		hook = await startTrigger(it, parameters);
		const paid = await paidOrder();
		const unpaid = await createOrder(it, { amount: '310.00' });
		const body = {
			...(await paymentBody(it, paid.slug)),
			ref_id: unpaid.orderId,
			[field]: paid.slug,
		};
		return { paid, unpaid, body };
	}

	// When its answer names the order's ref_id, the trigger compares it.
	describe('SMEPay answers the status call for the slug alone and names its ref_id', () => {
		async function useSlugOnly(shape) {
			await useApiShape(it, shape);
			await it.control('POST', '/config', { qrStatusRefId: 'answered' });
		}
		afterEach(() => it.control('POST', '/config', { qrStatusRefId: 'checked' }));

		test("the slug the request names is another order's → 422, no run", async () => {
			const { paid, body } = await forgery(SHAPES.documented, 'slug', 'answered');
			const reply = await hook.post(hook.productionUrl(), body);
			expect(reply).toEqual({
				status: 422,
				body: { received: false, error: 'SMEPay does not confirm this event' },
			});
			expect(hook.runs).toHaveLength(0);
			// The real webhook of the paid order still runs, verified.
			const real = { ...(await paymentBody(it, paid.slug)), slug: paid.slug };
			expect((await hook.post(hook.productionUrl(), real)).status).toBe(200);
			expect(hook.runs).toHaveLength(1);
			expect(hook.runs[0].items[0]).toMatchObject({
				verified: true,
				payload: { ref_id: paid.orderId },
			});
		});

		test("transaction_id is another order's slug → not that order: verified: false, not confirmed", async () => {
			const { unpaid, body } = await forgery(
				SHAPES.slugAsTransactionId,
				'transaction_id',
				'answered',
			);
			expect((await hook.post(hook.productionUrl(), body)).body.result).toBe('accepted');
			expect(hook.runs).toHaveLength(1);
			expect(hook.runs[0].items[0]).toMatchObject({
				verified: false,
				payload: { ref_id: unpaid.orderId },
				verification: { reason: expect.stringContaining('another order') },
			});
		});

		test("the answer naming the webhook's own order confirms it", async () => {
			await useSlugOnly(SHAPES.slugAsTransactionId);
			hook = await startTrigger(it);
			const order = await paidOrder({ callbackUrl: hook.productionUrl() });
			expect((await deliveries(it, order.slug))[0].responseStatus).toBe(200);
			expect(hook.runs[0].items[0]).toMatchObject({
				verified: true,
				verification: { lookupBy: 'transaction_id', slug: order.slug },
			});
		});
	});

	// Its documented answer names SMEPay's order_id, not the merchant's ref_id: the answer alone
	// does not tie the slug to the webhook's order, and such a SMEPay does not tie them either.
	describe("SMEPay answers the status call for the slug alone and names no ref_id (its documented answer's shape)", () => {
		afterEach(() => it.control('POST', '/config', { qrStatusRefId: 'checked' }));
		const UNTIED = /does not show that the slug is this order's/;

		test.each([
			['the slug the request names', SHAPES.documented, 'slug'],
			['transaction_id as the slug', SHAPES.slugAsTransactionId, 'transaction_id'],
		])(
			"a forged webhook for an unpaid order with a paid order's slug and amount (%s), no look-up by ref_id → verified: false, never true; Reject → 422",
			async (_, shape, field) => {
				const { unpaid, body } = await forgery(shape, field, 'ignored');
				expect((await hook.post(hook.productionUrl(), body)).body.result).toBe('accepted');
				expect(hook.runs).toHaveLength(1);
				expect(hook.runs[0].items[0]).toMatchObject({
					verified: false,
					payload: { ref_id: unpaid.orderId },
					verification: { reason: expect.stringMatching(UNTIED) },
				});
				await hook.close();
				hook = await startTrigger(it, { options: { unverifiablePayments: 'reject' } });
				expect((await hook.post(hook.productionUrl(), body)).status).toBe(422);
				expect(hook.runs).toHaveLength(0);
			},
		);

		test.each([
			['the slug the request names', SHAPES.orderStatusByRef, 'slug'],
			['transaction_id as the slug', SHAPES.seenLive, 'transaction_id'],
		])(
			'the same forgery (%s) where SMEPay has the look-up by ref_id → 503 (it shows that order unpaid), no run',
			async (_, shape, field) => {
				const { body } = await forgery(shape, field, 'ignored');
				expect((await hook.post(hook.productionUrl(), body)).status).toBe(503);
				expect(hook.runs).toHaveLength(0);
			},
		);

		test('a real payment, SMEPay as seen live: verified through the order by ref_id', async () => {
			await useApiShape(it, SHAPES.seenLive);
			await it.control('POST', '/config', { qrStatusRefId: 'ignored' });
			hook = await startTrigger(it);
			const order = await paidOrder({ callbackUrl: hook.productionUrl() });
			expect((await deliveries(it, order.slug))[0].responseStatus).toBe(200);
			expect(hook.runs[0].items[0]).toMatchObject({
				verified: true,
				verification: { lookupBy: 'ref_id', slug: order.slug, status: 'SUCCESS' },
			});
		});

		test('a real payment with ?slug=, no look-up by ref_id: verified: false with the reason, answered 200', async () => {
			await it.control('POST', '/config', { qrStatusRefId: 'ignored' });
			hook = await startTrigger(it);
			const order = await paidOrder();
			const reply = await hook.post(
				hook.productionUrl({ slug: order.slug }),
				await paymentBody(it, order.slug),
			);
			expect(reply.body.result).toBe('accepted');
			expect(hook.runs[0].items[0]).toMatchObject({
				verified: false,
				verification: { reason: expect.stringMatching(UNTIED) },
			});
		});
	});

	test("SMEPay checks the pair (the sandbox's default): a real payment with ?slug= or transaction_id as the slug is verified", async () => {
		await useApiShape(it, SHAPES.slugAsTransactionId);
		hook = await startTrigger(it);
		const viaTxn = await paidOrder({ callbackUrl: hook.productionUrl() });
		expect((await deliveries(it, viaTxn.slug))[0].responseStatus).toBe(200);
		const viaUrl = await paidOrder({ amount: '12.30' });
		const reply = await hook.post(
			hook.productionUrl({ slug: viaUrl.slug }),
			await paymentBody(it, viaUrl.slug),
		);
		expect(reply.body.result).toBe('accepted');
		expect(
			hook.runs.map((run) => [run.items[0].verified, run.items[0].verification.lookupBy]),
		).toEqual([
			[true, 'transaction_id'],
			[true, 'slug'],
		]);
	});

	test('found by ref_id: SUCCESS while SMEPay shows FAILED → 422; SUCCESS while PENDING → 503, then one run', async () => {
		await useApiShape(it, SHAPES.orderStatusByRef);
		hook = await startTrigger(it);
		const failed = await paidOrder({ status: 'FAILED' });
		const forged = await paymentBody(it, failed.slug, { status: 'SUCCESS' });
		expect((await hook.post(hook.productionUrl(), forged)).status).toBe(422);

		const pending = await createOrder(it, { amount: '12.00' });
		await it.control('POST', `/orders/${pending.slug}/pay`, {});
		const early = await paymentBody(it, pending.slug, { status: 'SUCCESS', amount: '12.00' });
		expect((await hook.post(hook.productionUrl(), early)).status).toBe(503);
		await it.control('POST', `/orders/${pending.slug}/settle`, { status: 'SUCCESS' });
		expect((await hook.post(hook.productionUrl(), early)).body.result).toBe('accepted');
		expect(hook.runs).toHaveLength(1);
		expect(hook.runs[0].items[0]).toMatchObject({ verified: true, status: 'SUCCESS' });
	});

	test('SMEPay unreachable on a guessed source → 503 (a retry can still verify), nothing remembered', async () => {
		await useApiShape(it, SHAPES.seenLive);
		hook = await startTrigger(it);
		const order = await paidOrder();
		const body = { ...(await paymentBody(it, order.slug)), transaction_id: order.slug };
		await it.control('POST', '/faults', {
			match: { path: '/api/external/qr/status' },
			action: 'status',
			status: 502,
			times: 1,
		});
		expect((await hook.post(hook.productionUrl(), body)).status).toBe(503);
		expect(hook.runs).toHaveLength(0);
		expect((await hook.post(hook.productionUrl(), body)).body.result).toBe('accepted');
		expect(hook.runs[0].items[0].verified).toBe(true);
	});

	test.each([
		[
			'about another order',
			(real) => ({ ...real, ref_id: 'SOMEONE-ELSE', payment_status: 'SUCCESS' }),
			'the answer is about another order',
		],
		['showing no order', () => ({ status: false, message: 'Order not found' }), 'shows no order'],
	])(
		"SMEPay's answer by ref_id is checked: a 200 %s confirms nothing (verified: false)",
		async (_, answerFor, said) => {
			await useApiShape(it, SHAPES.orderStatusByRef);
			hook = await startTrigger(it);
			const order = await paidOrder({ amount: '15.00' });
			const { clientId } = it.sandbox.clients.collection.test;
			const real = await (
				await fetch(`${it.sandbox.testUrl}/api/external/order/status`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ client_id: clientId, slug: order.slug }),
				})
			).json();
			await it.control('POST', '/faults', {
				match: { path: '/api/external/order/status' },
				action: 'status',
				status: 200,
				body: answerFor(real),
				times: 1,
			});
			const reply = await hook.post(hook.productionUrl(), await paymentBody(it, order.slug));
			expect(reply.body.result).toBe('accepted');
			expect(hook.runs[0].items[0]).toMatchObject({
				verified: false,
				verification: { reason: expect.stringContaining(said) },
			});
		},
	);

	test('a 200 without an order to the transaction_id lookup is no answer: the ref_id lookup decides', async () => {
		await useApiShape(it, SHAPES.seenLive);
		hook = await startTrigger(it);
		const order = await paidOrder();
		await it.control('POST', '/faults', {
			match: { path: '/api/external/qr/status' },
			action: 'status',
			status: 200,
			body: { status: true, message: 'ok' },
			times: 1,
		});
		const body = { ...(await paymentBody(it, order.slug)), transaction_id: order.slug };
		expect((await hook.post(hook.productionUrl(), body)).body.result).toBe('accepted');
		expect(hook.runs[0].items[0]).toMatchObject({
			verified: true,
			verification: { lookupBy: 'ref_id', slug: order.slug },
		});
	});

	test('a forged event naming a real order cannot block it: the real one still runs', async () => {
		hook = await startTrigger(it);
		const order = await createOrder(it, { callbackUrl: hook.productionUrl(), amount: '50.00' });
		const forged = await paymentBody(it, order.slug, {
			transaction_id: 'SME_TXN_FORGED',
			status: 'SUCCESS',
			amount: '50.00',
		});
		expect((await hook.post(hook.productionUrl(), forged)).body.result).toBe('accepted');
		await it.control('POST', `/orders/${order.slug}/settle`, { status: 'SUCCESS' });
		await waitFor(async () => (await deliveries(it, order.slug)).length === 1);
		expect(hook.runs).toHaveLength(2);
		const [attempt] = await deliveries(it, order.slug);
		expect(hook.runs[1].items[0].eventId).toBe(attempt.payload.transaction_id);
	});
});

describe('one order, one run per status', () => {
	test.each([
		['seen live', SHAPES.seenLive, {}],
		['order status by ref_id', SHAPES.orderStatusByRef, {}],
		['documented, slug in the first URL', SHAPES.documented, { slugInUrl: true }],
	])(
		'%s: the same paid order under another transaction id → duplicate, no run, nothing asked',
		async (_, shape, { slugInUrl }) => {
			await useApiShape(it, shape);
			hook = await startTrigger(it);
			const order = await paidOrder();
			const body = await paymentBody(it, order.slug);
			if (shape.webhookTransactionId === 'slug') body.transaction_id = order.slug;
			const first = await hook.post(
				hook.productionUrl(slugInUrl ? { slug: order.slug } : {}),
				body,
			);
			expect(first.body.result).toBe('accepted');
			expect(hook.runs[0].items[0].verified).toBe(true);

			const before = await requestCount();
			const again = await hook.post(hook.productionUrl(), {
				...body,
				transaction_id: 'SME_TXN_000000000001',
			});
			expect(again).toEqual({ status: 200, body: { received: true, result: 'duplicate' } });
			expect(hook.runs).toHaveLength(1);
			expect(await requestCount()).toBe(before);
		},
	);

	test('another spelling of the same event is a repeat: casing, spaces, key order, extra fields', async () => {
		await useApiShape(it, SHAPES.seenLive);
		hook = await startTrigger(it);
		const order = await paidOrder();
		const body = { ...(await paymentBody(it, order.slug)), transaction_id: order.slug };
		expect((await hook.post(hook.productionUrl(), body)).body.result).toBe('accepted');
		const reversed = Object.fromEntries(Object.entries(body).reverse());
		for (const respelled of [
			{ ...body, status: 'test_success' },
			{ ...body, status: ' SUCCESS ', transaction_id: 'OTHER-TXN' },
			{
				...body,
				ref_id: ` ${body.ref_id.toLowerCase()} `,
				transaction_id: order.slug.toUpperCase(),
			},
			{ ...reversed, note: 'again', attempt: 2 },
		]) {
			const reply = await hook.post(hook.productionUrl(), respelled);
			expect([JSON.stringify(respelled), reply.body.result]).toEqual([
				JSON.stringify(respelled),
				'duplicate',
			]);
		}
		expect(hook.runs).toHaveLength(1);
	});

	test('events SMEPay cannot confirm: keyed on the delivery only, also when they carry the Secret', async () => {
		const secret = 'a-long-random-secret-e1c4';
		for (const [options, query, second] of [
			[{}, {}, 'accepted'],
			// The Secret proves only that the sender knows the URL (triggerMemory.test.js).
			[{ secret }, { token: secret }, 'accepted'],
		]) {
			hook = await startTrigger(it, { options });
			const order = await paidOrder();
			const body = await paymentBody(it, order.slug);
			const url = hook.productionUrl(query);
			expect((await hook.post(url, body)).body.result).toBe('accepted');
			expect(hook.runs[0].items[0].verified).toBe(false);
			expect((await hook.post(url, body)).body.result).toBe('duplicate');
			const otherTxn = { ...body, transaction_id: 'SME_TXN_000000000002' };
			expect([options, (await hook.post(url, otherTxn)).body.result]).toEqual([options, second]);
			await hook.close();
			hook = undefined;
		}
	});

	test('another status of the same order is a new event', async () => {
		await useApiShape(it, SHAPES.seenLive);
		hook = await startTrigger(it, { verify: false });
		const order = await paidOrder();
		const body = { ...(await paymentBody(it, order.slug)), transaction_id: order.slug };
		for (const status of ['PENDING', 'SUCCESS', 'FAILED']) {
			expect((await hook.post(hook.productionUrl(), { ...body, status })).body.result).toBe(
				'accepted',
			);
		}
		expect(hook.runs.map((run) => run.items[0].status)).toEqual(['PENDING', 'SUCCESS', 'FAILED']);
	});
});

describe('a flood cannot evict the truth', () => {
	test('1,050 forged slug-less events, then a replay of a verified one → no second run', async () => {
		hook = await startTrigger(it);
		const order = await paidOrder({ amount: '20.00' });
		const real = await paymentBody(it, order.slug);
		const url = hook.productionUrl({ slug: order.slug });
		expect((await hook.post(url, real)).body.result).toBe('accepted');
		expect(hook.runs[0].items[0].verified).toBe(true);

		for (let i = 0; i < 1050; i++) {
			const reply = await hook.post(hook.productionUrl(), {
				ref_id: `FLOOD-${i}`,
				transaction_id: `SME_TXN_FLOOD_${i}`,
				status: 'SUCCESS',
				amount: '20.00',
			});
			expect(reply.body.result).toBe('accepted');
		}
		expect(hook.runs).toHaveLength(1051);
		expect(hook.runs.slice(1).every((run) => run.items[0].verified === false)).toBe(true);

		expect(await hook.post(url, real)).toEqual({
			status: 200,
			body: { received: true, result: 'duplicate' },
		});
		expect(hook.runs).toHaveLength(1051);
		// The verified event is still in the workflow's static data, the flood kept apart from it.
		const { seenPaid, seenConfirmed, seenDeliveries } = hook.nodeStaticData();
		const { memoryKeyHash } = require('../../dist/nodes/SmePayTrigger/memory.js');
		const paid = seenPaid.match(/.{12}/g);
		expect(paid).toContain(memoryKeyHash(`payment:${real.transaction_id}:SUCCESS`));
		expect(paid).toHaveLength(3);
		expect(seenConfirmed).toBeUndefined();
		expect(seenDeliveries.length).toBe(1000 * 12);
	}, 180_000);
});

describe("SMEPay does not know the object: 503 (SMEPay retries) and an error in n8n's log", () => {
	test("a real payout checked with the other environment's disbursement credential", async () => {
		hook = await startTrigger(
			it,
			{},
			{ credentials: { ...it.credentials.wizard, ...it.credentials.disbursementLive } },
		);
		const payout = await createPayout(it, { callbackUrl: hook.productionUrl() });
		await settlePayout(it, payout.id, 'SUCCESS');
		await waitFor(async () => (await deliveries(it, payout.id)).length === 1);
		const [attempt] = await deliveries(it, payout.id);
		expect(attempt.responseStatus).toBe(503);
		expect(attempt.nextRetryInMs).toBe(60_000);
		expect(hook.runs).toHaveLength(0);
		expect(hook.nodeStaticData()).toEqual({});
		const errors = logs.entries.filter((entry) => entry.level === 'error');
		expect(errors).toHaveLength(1);
		expect(errors[0].message).toContain(payout.id);
		expect(errors[0].message).toMatch(/SMEPay Disbursement API credential "disbursementLive"/);
		expect(errors[0].message).toMatch(/another SMEPay account or environment/);
		expect(errors[0].message).not.toContain(it.sandbox.clients.disbursement.live.clientSecret);
	});

	test("a payment with ?slug= checked with another account's SMEPay API credential", async () => {
		hook = await startTrigger(
			it,
			{},
			{ credentials: { ...it.credentials.inlineLive, ...it.credentials.disbursement } },
		);
		const order = await paidOrder();
		const reply = await hook.post(
			hook.productionUrl({ slug: order.slug }),
			await paymentBody(it, order.slug),
		);
		expect(reply.status).toBe(503);
		expect(hook.runs).toHaveLength(0);
		const errors = logs.entries.filter((entry) => entry.level === 'error');
		expect(errors).toHaveLength(1);
		expect(errors[0].message).toMatch(/SMEPay API credential "inlineLive"/);
		expect(errors[0].message).toContain(order.slug);
	});
});

describe('late intermediate statuses: real but stale events run, marked stale', () => {
	test.each([
		['PROCESSING', 'SUCCESS'],
		['INITIATED', 'SUCCESS'],
		['PROCESSING', 'FAILED'],
	])(
		'a %s payout webhook after SMEPay shows %s → one verified run, stale: true',
		async (late, now) => {
			hook = await startTrigger(it, { events: ['payout'], statuses: [late] });
			const payout = await createPayout(it, { amount: 640 });
			await settlePayout(it, payout.id, now);
			const body = { ...payout, status: late };
			expect((await hook.post(hook.productionUrl(), body)).body.result).toBe('accepted');
			expect(hook.runs).toHaveLength(1);
			expect(hook.runs[0].items[0]).toMatchObject({
				event: 'payout',
				status: late,
				verified: true,
				verification: { stale: true, status: now, amount: '640.00' },
			});
			expect((await hook.post(hook.productionUrl(), body)).body.result).toBe('duplicate');
			// Its amount is still checked.
			const forged = { ...body, amount: 1 };
			await hook.close();
			hook = await startTrigger(it, { events: ['payout'], statuses: [late] });
			expect((await hook.post(hook.productionUrl(), forged)).status).toBe(422);
			expect(hook.runs).toHaveLength(0);
		},
	);

	test('a late PENDING payment webhook after SUCCESS → one verified run, stale: true', async () => {
		hook = await startTrigger(it, { statuses: ['PENDING'] });
		const order = await paidOrder();
		const body = await paymentBody(it, order.slug, { status: 'PENDING' });
		const reply = await hook.post(hook.productionUrl({ slug: order.slug }), body);
		expect(reply.body.result).toBe('accepted');
		expect(hook.runs[0].items[0]).toMatchObject({
			status: 'PENDING',
			verified: true,
			verification: { stale: true, status: 'SUCCESS' },
		});
	});

	test('a final status SMEPay does not show is still refused: FAILED while SMEPay shows SUCCESS → 422', async () => {
		hook = await startTrigger(it);
		const payout = await createPayout(it);
		await settlePayout(it, payout.id, 'SUCCESS');
		expect((await hook.post(hook.productionUrl(), { ...payout, status: 'FAILED' })).status).toBe(
			422,
		);
	});
});
