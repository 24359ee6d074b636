'use strict';
// verifyPayment, the trigger's check of a payment webhook, against the sandbox over n8n's own HTTP
// helpers: which order it asks SMEPay about (the slug named, transaction_id as the slug, the order
// by ref_id), and what each answer or failure of SMEPay makes of the webhook. SMEPay's answers
// are scripted with the sandbox's faults (status rules with a body), so every case is exact.
const {
	getRequestHelperFunctions,
} = require('n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers');
const { verifyPayment } = require('../../nodes/SmePayTrigger/verifyPayment');
const { SmePayClient } = require('../../nodes/SmePay/transport/SmePayClient');
const { parseAmount } = require('../../nodes/SmePay/validation/amount');
const { startSandbox } = require('../../sandbox');
const { sandboxControl } = require('../harness/sandboxControl');

const QR_STATUS = '/api/external/qr/status';
const BY_REF = '/api/external/order/status';
const NODE = { id: '1', name: 'SMEPay Trigger', type: 'n8n-nodes-smepay.smePayTrigger' };

let sandbox;
let control;
beforeAll(async () => {
	sandbox = await startSandbox({ port: 0, livePort: 0 });
	control = sandboxControl(sandbox.controlUrl);
});
afterAll(async () => await sandbox.close());
afterEach(async () => await control('POST', '/reset'));

/** A client as the trigger makes it (one try, 5 s), with n8n-core's HTTP helpers. */
function client() {
	const credentials = {
		environment: 'custom',
		baseUrl: sandbox.testUrl,
		integration: 'inline',
		...sandbox.clients.collection.test,
	};
	const ctx = {
		getCredentials: async () => credentials,
		getNode: () => NODE,
		helpers: getRequestHelperFunctions({}, NODE, {}),
	};
	return new SmePayClient(ctx, 'smePayApi', { maxAttempts: 1, timeoutMs: 5000, budgetMs: 5000 });
}

function paymentEvent({ slug, transactionId, status = 'SUCCESS', amount = '100.50' } = {}) {
	return {
		event: 'payment',
		status,
		testMode: false,
		eventId: transactionId ?? 'SME_TXN_1',
		amount: parseAmount(amount),
		reference: 'SHOP-1',
		...(slug !== undefined ? { slug } : {}),
		...(transactionId !== undefined ? { transactionId } : {}),
		payload: {},
	};
}

/** Runs verifyPayment; `unknown` lists the slugs it called unknownOrder for. */
async function verify(event, { withClient = true } = {}) {
	const unknown = [];
	const verdict = await verifyPayment({
		event,
		client: withClient ? client() : undefined,
		unknownOrder: async (slug) => {
			unknown.push(slug);
			return { kind: 'unknown', reason: `unknown ${slug}` };
		},
	});
	return { verdict, unknown };
}

/** SMEPay answers `path` once with `status` and `body`. */
async function answer(path, status, body) {
	await control('POST', '/faults', {
		match: { path },
		action: 'status',
		status,
		...(body !== undefined ? { body } : {}),
	});
}

const PAID = { status: true, order_id: 'ORD-9', payment_status: 'SUCCESS', amount: 100.5 };

const unverifiable = (...missed) => ({
	kind: 'unverifiable',
	reason: `SMEPay did not confirm this payment: the webhook names no order slug, and SMEPay showed ${missed.join('; ')}. Before fulfilling, look the slug up by ref_id (kept from Create Order) and run SMEPay → Validate Order, or add ?slug=… to the callback URL. If the order is real, check that the trigger's SMEPay API credential is the account and environment (Test/Live) the order was made with.`,
});
const NO_REF_ENDPOINT = 'no order by ref_id "SHOP-1": SMEPay answered 404';

describe('the slug the request names', () => {
	test('SMEPay shows it paid with that amount: confirmed, looked up by slug', async () => {
		await answer(QR_STATUS, 200, PAID);
		const { verdict } = await verify(paymentEvent({ slug: 'slug-1' }));
		expect(verdict.kind).toBe('confirmed');
		expect(verdict.verification).toMatchObject({
			source: 'SMEPay order status',
			lookupBy: 'slug',
			slug: 'slug-1',
			orderId: 'ORD-9',
		});
	});

	test('SMEPay shows another amount: contradicted (forged)', async () => {
		await answer(QR_STATUS, 200, { ...PAID, amount: 1 });
		const { verdict } = await verify(paymentEvent({ slug: 'slug-1' }));
		expect(verdict.kind).toBe('contradicted');
	});

	// A status answer that names the order's ref_id must name the webhook's (SHOP-1); one that names
	// nothing (empty, not text) is judged on status and amount alone.
	test.each([
		['another ref_id', { ref_id: 'SHOP-2' }, 'contradicted'],
		['another external_reference_id', { external_reference_id: 'SHOP-2' }, 'contradicted'],
		['the same ref_id', { ref_id: 'SHOP-1' }, 'confirmed'],
		['the same ref_id in another case, spacing or width', { ref_id: ' ｓhop-1 ' }, 'confirmed'],
		[
			'the same id in external_reference_id, ref_id empty',
			{ ref_id: '', external_reference_id: 'SHOP-1' },
			'confirmed',
		],
		[
			'one of the two fields names it',
			{ ref_id: 'SHOP-2', external_reference_id: 'SHOP-1' },
			'confirmed',
		],
		['an empty ref_id', { ref_id: '' }, 'confirmed'],
		['a ref_id that is not text', { ref_id: {} }, 'confirmed'],
		[
			'a ref_id false, external_reference_id null',
			{ ref_id: false, external_reference_id: null },
			'confirmed',
		],
	])('status answer with %s: %s', async (_, names, kind) => {
		await answer(QR_STATUS, 200, { ...PAID, ...names });
		const { verdict } = await verify(paymentEvent({ slug: 'slug-1' }));
		expect(verdict.kind).toBe(kind);
		if (kind === 'contradicted') expect(verdict.reason).toContain('another Order ID (ref_id)');
	});

	test('SMEPay answers 500: not yet (could not be asked), never "unknown order"', async () => {
		await answer(QR_STATUS, 500);
		const { verdict, unknown } = await verify(paymentEvent({ slug: 'slug-1' }));
		expect(unknown).toEqual([]);
		expect(verdict.kind).toBe('notYet');
		expect(verdict.reason).toMatch(/^SMEPay could not be asked about the order: \S/);
		expect(verdict.reason).not.toContain('undefined');
		expect(verdict.reason).toContain('internal server error');
	});

	test('SMEPay answers 404: the unknown-order verdict for that slug', async () => {
		const { verdict, unknown } = await verify(paymentEvent({ slug: 'slug-1' }));
		expect(unknown).toEqual(['slug-1']);
		expect(verdict).toEqual({ kind: 'unknown', reason: 'unknown slug-1' });
	});

	test('no client at all: not yet, saying no credential is selected, SMEPay not asked', async () => {
		const before = sandbox.state.requests;
		const { verdict, unknown } = await verify(paymentEvent({ slug: 'slug-1' }), {
			withClient: false,
		});
		expect(verdict).toEqual({
			kind: 'notYet',
			reason: 'no SMEPay API credential is selected in the trigger, so SMEPay cannot be asked',
		});
		expect(unknown).toEqual([]);
		expect(sandbox.state.requests).toBe(before);
	});
});

describe('no slug named: transaction_id as the slug, then the order by ref_id', () => {
	test('neither finds the order: unverifiable, saying exactly what SMEPay showed', async () => {
		const { verdict } = await verify(paymentEvent({ transactionId: 'slug-2' }));
		expect(verdict).toEqual(
			unverifiable(
				'no order with the slug "slug-2" (the transaction_id): SMEPay answered 404',
				NO_REF_ENDPOINT,
			),
		);
	});

	test.each([
		['no transaction_id', undefined],
		['a transaction_id that cannot be a slug', 'TXN 1/2'],
	])('%s: only the order by ref_id is asked', async (_, transactionId) => {
		const before = sandbox.state.requests;
		const { verdict } = await verify(paymentEvent({ transactionId }));
		expect(verdict).toEqual(unverifiable(NO_REF_ENDPOINT));
		expect(sandbox.state.requests - before).toBe(1);
	});

	test.each([
		[400, 'SMEPay answered 400'],
		[401, 'SMEPay answered 401'],
		[499, 'SMEPay answered 499'],
	])(
		'transaction_id lookup answered %i: that source cannot be asked, the next one is',
		async (status, said) => {
			await answer(QR_STATUS, status);
			const { verdict } = await verify(paymentEvent({ transactionId: 'slug-2' }));
			expect(verdict).toEqual(
				unverifiable(
					`no order with the slug "slug-2" (the transaction_id): ${said}`,
					NO_REF_ENDPOINT,
				),
			);
		},
	);

	test.each([
		[500, 'internal server error'],
		[503, 'internal server error'],
		[408, 'injected fault 408'],
		[429, 'rate limit exceeded'],
		[302, 'injected fault 302'],
	])(
		'transaction_id lookup answered %i: not yet (SMEPay retries), the next source not asked',
		async (status, said) => {
			await answer(QR_STATUS, status);
			const before = sandbox.state.requests;
			const { verdict } = await verify(paymentEvent({ transactionId: 'slug-2' }));
			expect(verdict.kind).toBe('notYet');
			expect(verdict.reason).toMatch(/^SMEPay could not be asked about the order: \S/);
			expect(verdict.reason).toContain(said);
			expect(sandbox.state.requests - before).toBe(1);
		},
	);

	test('transaction_id lookup without an answer (connection dropped): not yet', async () => {
		await control('POST', '/faults', { match: { path: QR_STATUS }, action: 'drop' });
		const { verdict } = await verify(paymentEvent({ transactionId: 'slug-2' }));
		expect(verdict.kind).toBe('notYet');
		expect(verdict.reason).toMatch(/^SMEPay could not be asked about the order: \S/);
		expect(verdict.reason).not.toContain('undefined');
	});

	test('transaction_id lookup answered status false: unverifiable with what SMEPay said', async () => {
		await answer(QR_STATUS, 200, { status: false, message: 'no such order' });
		const { verdict } = await verify(paymentEvent({ transactionId: 'slug-2' }));
		expect(verdict.kind).toBe('unverifiable');
		expect(verdict.reason).toContain('(the transaction_id): ');
		expect(verdict.reason).toContain('says status false: "no such order"');
	});

	test('transaction_id lookup finds an order with another ref_id: not this order, the next source is asked', async () => {
		await answer(QR_STATUS, 200, { ...PAID, ref_id: 'SHOP-2' });
		const { verdict } = await verify(paymentEvent({ transactionId: 'slug-2' }));
		expect(verdict).toEqual(
			unverifiable(
				'no order with the slug "slug-2" (the transaction_id): the answer is about another order',
				NO_REF_ENDPOINT,
			),
		);
	});

	test('transaction_id lookup finds the order: confirmed, looked up by transaction_id', async () => {
		await answer(QR_STATUS, 200, PAID);
		const { verdict } = await verify(paymentEvent({ transactionId: 'slug-2' }));
		expect(verdict.kind).toBe('confirmed');
		expect(verdict.verification).toMatchObject({ lookupBy: 'transaction_id', slug: 'slug-2' });
	});
});

describe('the order by ref_id', () => {
	const byRef = async (body) => {
		await answer(BY_REF, 200, body);
		return (await verify(paymentEvent())).verdict;
	};

	test('the answer names the order and its slug: confirmed, with source, ref_id and slug', async () => {
		const verdict = await byRef({ ...PAID, ref_id: 'SHOP-1', slug: 'slug-3' });
		expect(verdict.kind).toBe('confirmed');
		expect(verdict.verification).toMatchObject({
			source: 'SMEPay order status by ref_id',
			lookupBy: 'ref_id',
			refId: 'SHOP-1',
			slug: 'slug-3',
		});
	});

	test('an answer without a slug: the verification has no slug field at all', async () => {
		const verdict = await byRef({ ...PAID, ref_id: 'SHOP-1' });
		expect(verdict.kind).toBe('confirmed');
		expect(Object.keys(verdict.verification)).not.toContain('slug');
	});

	test('ref_id with spaces around it is the same order: confirmed', async () => {
		expect((await byRef({ ...PAID, ref_id: ' SHOP-1 ' })).kind).toBe('confirmed');
	});

	test('ref_id null (and no external_reference_id): not about another order, confirmed', async () => {
		const verdict = await byRef({ ...PAID, ref_id: null, external_reference_id: null });
		expect(verdict.kind).toBe('confirmed');
	});

	test('an answer about another order: unverifiable, never confirmed nor forged', async () => {
		expect(await byRef({ ...PAID, ref_id: 'SHOP-2' })).toEqual(
			unverifiable('no order by ref_id "SHOP-1": the answer is about another order'),
		);
	});

	test.each([
		['no payment_status', { status: true, amount: 100.5, ref_id: 'SHOP-1' }],
		['status false with a payment_status', { ...PAID, status: false, ref_id: 'SHOP-1' }],
	])('%s: the answer shows no order, unverifiable', async (_, body) => {
		expect(await byRef(body)).toEqual(
			unverifiable('no order by ref_id "SHOP-1": the answer shows no order'),
		);
	});
});
