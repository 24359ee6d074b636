'use strict';
// verifyPayment, the trigger's check of a payment webhook, against the sandbox over n8n's own HTTP
// helpers: which order it asks SMEPay about (the slug named, transaction_id as the slug, the order
// by ref_id), and what each answer or failure of SMEPay makes of the webhook. SMEPay's answers
// are scripted with the sandbox's faults (status rules with a body), so every case is exact.
const {
	getRequestHelperFunctions,
} = require('n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers');
const { verifyPayment, NO_CREDENTIAL_REASON } = require('../../nodes/SmePayTrigger/verifyPayment');
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

/**
 * Runs verifyPayment; `unknown` lists what it called unknownOrder for, `failed` the HTTP status
 * (or message) of each failure it handed to `failed`.
 */
async function verify(event, { withClient = true } = {}) {
	const unknown = [];
	const failed = [];
	const verdict = await verifyPayment({
		event,
		client: withClient ? client() : undefined,
		unknownOrder: async (what) => {
			unknown.push(what);
			return { kind: 'unknown', reason: `unknown ${what}` };
		},
		failed: async (error) => {
			failed.push(error.httpCode ?? error.message);
			return { kind: 'notYet', reason: `failed: ${error.message}` };
		},
	});
	return { verdict, unknown, failed };
}

/** SMEPay answers `path` with `status` and `body`, `times` times (the next rule after that). */
async function answer(path, status, body, times = 1) {
	await control('POST', '/faults', {
		match: { path },
		action: 'status',
		status,
		times,
		...(body !== undefined ? { body } : {}),
	});
}

const PAID = { status: true, order_id: 'ORD-9', payment_status: 'SUCCESS', amount: 100.5 };

const unverifiable = (...missed) => ({
	kind: 'unverifiable',
	reason: `SMEPay did not confirm this payment. Asked by ${missed.join('; by ')}. Before fulfilling, look the slug up by ref_id (kept from Create Order) and run SMEPay → Validate Order. If no payment comes out verified, check that the trigger's SMEPay API credential is the account and environment (Test/Live) the orders are made with (README, Troubleshooting).`,
});
const NO_REF_ENDPOINT = 'the ref_id "SHOP-1": SMEPay has no look-up by ref_id (it answered 404)';
const UNTIED =
	"SMEPay's status answer does not name this order's ref_id, and SMEPay answers for that slug with another ref_id too, so it does not show that the slug is this order's";

/** The sandbox with the order status by ref_id (a SMEPay that has the look-up). */
const withLookUpByRef = () => control('POST', '/config', { orderStatusEndpoint: true });

describe('the slug the request names', () => {
	test('SMEPay shows it paid with that amount, and refuses the slug with another ref_id: confirmed, looked up by slug', async () => {
		// The pair check goes to the sandbox, which knows no order "slug-1": 404.
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

	test('an answer for the slug alone (SMEPay answers it with another ref_id too) that shows another amount: still contradicted', async () => {
		await answer(QR_STATUS, 200, { ...PAID, amount: 1 }, 2);
		const { verdict } = await verify(paymentEvent({ slug: 'slug-1' }));
		expect(verdict.kind).toBe('contradicted');
	});

	test('SMEPay shows another amount: contradicted (forged)', async () => {
		await answer(QR_STATUS, 200, { ...PAID, amount: 1 });
		const { verdict } = await verify(paymentEvent({ slug: 'slug-1' }));
		expect(verdict.kind).toBe('contradicted');
	});

	// A status answer that names the order's ref_id must name the webhook's (SHOP-1); one that names
	// nothing (empty, not text) is judged on status and amount, and then on the pair check.
	test.each([
		['another ref_id', { ref_id: 'SHOP-2' }, 'contradicted'],
		['another external_reference_id', { external_reference_id: 'SHOP-2' }, 'contradicted'],
		['the same ref_id', { ref_id: 'SHOP-1' }, 'confirmed'],
		// Not SMEPay's spelling, so not SMEPay's webhook: the run's claim would match no row and the
		// real webhook would then be a repeat (review finding, triggerReview.test.js).
		['the same ref_id in another case, spacing or width', { ref_id: ' ｓhop-1 ' }, 'contradicted'],
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

	test("an answer naming this order's ref_id needs no pair check: one call", async () => {
		await answer(QR_STATUS, 200, { ...PAID, ref_id: 'SHOP-1' });
		const before = sandbox.state.requests;
		expect((await verify(paymentEvent({ slug: 'slug-1' }))).verdict.kind).toBe('confirmed');
		expect(sandbox.state.requests - before).toBe(1);
	});

	describe('an answer that names no ref_id, for a SMEPay that answers for the slug alone', () => {
		test('no look-up by ref_id: unverifiable, never confirmed', async () => {
			await answer(QR_STATUS, 200, PAID, 2);
			const { verdict, unknown } = await verify(paymentEvent({ slug: 'slug-1' }));
			expect(verdict).toEqual(
				unverifiable(`the slug "slug-1" (named in the request): ${UNTIED}`, NO_REF_ENDPOINT),
			);
			expect(unknown).toEqual([]);
		});

		test('the order by ref_id confirms it: confirmed, looked up by ref_id', async () => {
			await answer(QR_STATUS, 200, PAID, 2);
			await answer(BY_REF, 200, { ...PAID, ref_id: 'SHOP-1', slug: 'slug-1' });
			const { verdict } = await verify(paymentEvent({ slug: 'slug-1' }));
			expect(verdict.kind).toBe('confirmed');
			expect(verdict.verification).toMatchObject({ lookupBy: 'ref_id', slug: 'slug-1' });
		});

		test('the order by ref_id shows it unpaid: not yet (503), never confirmed', async () => {
			await answer(QR_STATUS, 200, PAID, 2);
			await answer(BY_REF, 200, { ...PAID, ref_id: 'SHOP-1', payment_status: 'CREATED' });
			const { verdict } = await verify(paymentEvent({ slug: 'slug-1' }));
			expect(verdict.kind).toBe('notYet');
		});

		test('SMEPay knows no order by that ref_id (it has the look-up): unknown order', async () => {
			await withLookUpByRef();
			await answer(QR_STATUS, 200, PAID, 2);
			const { verdict, unknown } = await verify(paymentEvent({ slug: 'slug-1' }));
			expect(unknown).toEqual(['order with the ref_id "SHOP-1"']);
			expect(verdict.kind).toBe('unknown');
		});
	});

	test('the same slug with another ref_id answered 404: SMEPay checks the pair, confirmed', async () => {
		await answer(QR_STATUS, 200, PAID);
		await answer(QR_STATUS, 404);
		expect((await verify(paymentEvent({ slug: 'slug-1' }))).verdict.kind).toBe('confirmed');
	});

	// A rate limiter or any other error answers 200 with status false too (review finding:
	// triggerReview.test.js).
	test('the same slug with another ref_id answered 200 with status false: not shown to check the pair, not confirmed', async () => {
		await answer(QR_STATUS, 200, PAID);
		await answer(QR_STATUS, 200, { status: false, message: 'Order not found' });
		const { verdict } = await verify(paymentEvent({ slug: 'slug-1' }));
		expect(verdict.kind).toBe('unverifiable');
		expect(verdict.reason).toContain(UNTIED);
	});

	test.each([400, 403])(
		'the same slug with another ref_id answered %i: not shown to check the pair, not confirmed',
		async (status) => {
			await answer(QR_STATUS, 200, PAID);
			await answer(QR_STATUS, status);
			const { verdict } = await verify(paymentEvent({ slug: 'slug-1' }));
			expect(verdict.kind).toBe('unverifiable');
			expect(verdict.reason).toContain(UNTIED);
		},
	);

	test('the pair check gets a 502: not yet (503 for a retry), never confirmed', async () => {
		await answer(QR_STATUS, 200, PAID);
		await answer(QR_STATUS, 502);
		const { verdict, failed } = await verify(paymentEvent({ slug: 'slug-1' }));
		expect(failed).toEqual([]);
		expect(verdict.kind).toBe('notYet');
		expect(verdict.reason).toMatch(/^SMEPay could not be asked about the order: \S/);
	});

	test.each([500, 400, 401, 403])(
		'SMEPay answers %i: handed to `failed` (refused or not yet: verify.ts), never "unknown order"',
		async (status) => {
			await answer(QR_STATUS, status);
			const { verdict, unknown, failed } = await verify(paymentEvent({ slug: 'slug-1' }));
			expect(unknown).toEqual([]);
			expect(failed).toEqual([String(status)]);
			expect(verdict.kind).toBe('notYet');
		},
	);

	test('SMEPay answers 404: the unknown-order verdict naming the slug and ref_id', async () => {
		const { verdict, unknown } = await verify(paymentEvent({ slug: 'slug-1' }));
		expect(unknown).toEqual(['order with the slug "slug-1" and ref_id "SHOP-1"']);
		expect(verdict.kind).toBe('unknown');
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
	test('no client at all: unverifiable, saying no credential is selected, SMEPay not asked', async () => {
		const before = sandbox.state.requests;
		const { verdict } = await verify(paymentEvent({ transactionId: 'slug-2' }), {
			withClient: false,
		});
		expect(verdict).toEqual({ kind: 'unverifiable', reason: NO_CREDENTIAL_REASON });
		expect(NO_CREDENTIAL_REASON).toMatch(/^The payment webhook does not name its order slug/);
		expect(sandbox.state.requests).toBe(before);
	});

	test('the order by ref_id answered 400: that source cannot be asked (not "not found"), unverifiable', async () => {
		await answer(BY_REF, 400);
		const before = sandbox.state.requests;
		const { verdict, unknown } = await verify(paymentEvent({ transactionId: 'TXN 1' }));
		expect(verdict).toEqual(
			unverifiable('the webhook names no order slug', 'the ref_id "SHOP-1": SMEPay answered 400'),
		);
		expect(unknown).toEqual([]);
		expect(sandbox.state.requests - before).toBe(1);
	});

	test('neither finds the order, no look-up by ref_id: unverifiable, saying exactly what SMEPay showed', async () => {
		const { verdict } = await verify(paymentEvent({ transactionId: 'slug-2' }));
		expect(verdict).toEqual(
			unverifiable('the slug "slug-2" (the transaction_id): SMEPay answered 404', NO_REF_ENDPOINT),
		);
	});

	test('neither finds the order, and SMEPay has the look-up by ref_id: unknown order (a credential problem)', async () => {
		await withLookUpByRef();
		const { verdict, unknown } = await verify(paymentEvent({ transactionId: 'slug-2' }));
		expect(unknown).toEqual(['order with the ref_id "SHOP-1"']);
		expect(verdict.kind).toBe('unknown');
	});

	test.each([
		[400, 'unknown'],
		[401, 'unknown'],
		[200, 'unknown'],
		[405, 'unverifiable'],
	])('after a 404 by ref_id, the look-up naming no order answered %i: %s', async (status, kind) => {
		await answer(BY_REF, 404, { status: false, message: 'order not found' });
		await answer(BY_REF, status, status === 200 ? { status: false } : undefined);
		const { verdict } = await verify(paymentEvent({ transactionId: 'TXN 1' }));
		expect(verdict.kind).toBe(kind);
		if (kind === 'unverifiable') {
			expect(verdict.reason).toContain('SMEPay has no look-up by ref_id (it answered 405)');
		}
	});

	test('after a 404 by ref_id, the look-up naming no order gets a 502: not yet (503 for a retry)', async () => {
		await answer(BY_REF, 404);
		await answer(BY_REF, 502);
		const { verdict } = await verify(paymentEvent({ transactionId: 'TXN 1' }));
		expect(verdict.kind).toBe('notYet');
		expect(verdict.reason).toMatch(/^SMEPay could not be asked about the order: \S/);
	});

	test.each([
		['no transaction_id', undefined],
		['a transaction_id that cannot be a slug', 'TXN 1/2'],
	])(
		'%s: only the order by ref_id is asked (and whether SMEPay has that look-up)',
		async (_, transactionId) => {
			const before = sandbox.state.requests;
			const { verdict } = await verify(paymentEvent({ transactionId }));
			expect(verdict).toEqual(unverifiable('the webhook names no order slug', NO_REF_ENDPOINT));
			expect(sandbox.state.requests - before).toBe(2);
		},
	);

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
				unverifiable(`the slug "slug-2" (the transaction_id): ${said}`, NO_REF_ENDPOINT),
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
				'the slug "slug-2" (the transaction_id): the answer is about another order',
				NO_REF_ENDPOINT,
			),
		);
	});

	test('transaction_id lookup finds the order and SMEPay checks the pair: confirmed, looked up by transaction_id', async () => {
		await answer(QR_STATUS, 200, PAID);
		const { verdict } = await verify(paymentEvent({ transactionId: 'slug-2' }));
		expect(verdict.kind).toBe('confirmed');
		expect(verdict.verification).toMatchObject({ lookupBy: 'transaction_id', slug: 'slug-2' });
	});

	test('transaction_id lookup answered for the slug alone, naming no ref_id: not confirmed', async () => {
		await answer(QR_STATUS, 200, PAID, 2);
		const { verdict } = await verify(paymentEvent({ transactionId: 'slug-2' }));
		expect(verdict).toEqual(
			unverifiable(`the slug "slug-2" (the transaction_id): ${UNTIED}`, NO_REF_ENDPOINT),
		);
	});

	test('transaction_id lookup answered for the slug alone, its pair check gets no answer: not yet', async () => {
		await answer(QR_STATUS, 200, PAID);
		await control('POST', '/faults', { match: { path: QR_STATUS }, action: 'drop' });
		const { verdict } = await verify(paymentEvent({ transactionId: 'slug-2' }));
		expect(verdict.kind).toBe('notYet');
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

	test('ref_id spelled otherwise (spaces around it) than the webhook: not confirmed', async () => {
		expect((await byRef({ ...PAID, ref_id: ' SHOP-1 ' })).kind).toBe('unverifiable');
	});

	test('ref_id null (and no external_reference_id): not about another order, confirmed', async () => {
		const verdict = await byRef({ ...PAID, ref_id: null, external_reference_id: null });
		expect(verdict.kind).toBe('confirmed');
	});

	test('an answer about another order: unverifiable, never confirmed nor forged', async () => {
		expect(await byRef({ ...PAID, ref_id: 'SHOP-2' })).toEqual(
			unverifiable(
				'the webhook names no order slug',
				'the ref_id "SHOP-1": the answer is about another order',
			),
		);
	});

	test.each([
		['no payment_status', { status: true, amount: 100.5, ref_id: 'SHOP-1' }],
		['status false with a payment_status', { ...PAID, status: false, ref_id: 'SHOP-1' }],
	])('%s: the answer shows no order, unverifiable', async (_, body) => {
		expect(await byRef(body)).toEqual(
			unverifiable(
				'the webhook names no order slug',
				'the ref_id "SHOP-1": the answer shows no order',
			),
		);
	});
});
