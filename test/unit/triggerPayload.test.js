'use strict';
// Reading webhook bodies: the collection's two documented shapes, TEST_SUCCESS, unknown statuses,
// where the order slug comes from, and what is refused as "not a SMEPay webhook".
const {
	parseWebhookBody,
	MAX_BODY_BYTES,
	MAX_DEPTH,
} = require('../../nodes/SmePayTrigger/payload');

// The Webhooks folder's documented payload.
const PAYMENT = {
	ref_id: 'YOUR_ORDER_123',
	transaction_id: 'SME_TXN_456',
	status: 'SUCCESS',
	amount: '100.00',
	processed_at: '2025-01-01T12:00:00+05:30',
	created_at: '2025-01-01T11:55:00+05:30',
};
// "Check Payout Status – SUCCESS" example's data object (the payout webhook body).
const PAYOUT = {
	id: '7e9d3c12-a4f1-4b2e-9c3d-8e7f6a5b4c3d',
	reference_id: 'TXN-20240301-001',
	amount: 5000.0,
	fee_amount: 5.0,
	payment_mode: 'IMPS',
	status: 'SUCCESS',
	utr_number: 'UTR123456789012',
	beneficiary_name: 'a3f1c2d4e5b6a7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2',
	processed_at: '2024-03-01T10:30:45Z',
};

const parse = (body, query = {}, rawBytes) => parseWebhookBody(body, query, rawBytes);

test('the documented payment payload is a payment event named by its transaction id', () => {
	const { event } = parse(PAYMENT);
	expect(event).toMatchObject({
		event: 'payment',
		status: 'SUCCESS',
		testMode: false,
		eventId: 'SME_TXN_456',
		reference: 'YOUR_ORDER_123',
		slug: undefined,
	});
	expect(event.amount.paise).toBe(10000);
	expect(event.payload).toBe(PAYMENT);
});

test('the documented payout object is a payout event named by its id', () => {
	const { event } = parse(PAYOUT);
	expect(event).toMatchObject({
		event: 'payout',
		status: 'SUCCESS',
		eventId: PAYOUT.id,
		reference: 'TXN-20240301-001',
	});
	expect(event.amount.paise).toBe(500000);
});

test('TEST_SUCCESS (Test mode) becomes SUCCESS with testMode; the payload keeps what was sent', () => {
	const { event } = parse({ ...PAYMENT, status: 'TEST_SUCCESS' });
	expect(event.status).toBe('SUCCESS');
	expect(event.testMode).toBe(true);
	expect(event.payload.status).toBe('TEST_SUCCESS');
});

test.each(['REFUNDED', 'Partially_Refunded', 'TEST_SOMETHING'])(
	'an unknown status (%s) passes through untouched',
	(status) => {
		const { event } = parse({ ...PAYMENT, status });
		expect(event.status).toBe(status);
		expect(event.testMode).toBe(false);
	},
);

test.each([
	['payload slug', { ...PAYMENT, slug: 'abc123xyz' }, {}],
	['payload order_slug', { ...PAYMENT, order_slug: 'abc123xyz' }, {}],
	['callback URL ?slug=', PAYMENT, { slug: 'abc123xyz' }],
])('the order slug is read from the %s', (_, body, query) => {
	expect(parse(body, query).event.slug).toBe('abc123xyz');
});

const deep = (levels) => {
	let value = 'x';
	for (let i = 0; i < levels; i++) value = { nested: value };
	return value;
};

test.each([
	['an array', [PAYMENT]],
	['a text body', 'status=SUCCESS'],
	['null', null],
	['an empty object', {}],
	['an unrelated JSON object', { hello: 'world' }],
	['a payment without status', { ...PAYMENT, status: undefined }],
	['a payment with an object as status', { ...PAYMENT, status: { $ne: null } }],
	['a payment without amount', { ...PAYMENT, amount: undefined }],
	['a payment with a non-numeric amount', { ...PAYMENT, amount: '100 rupees' }],
	['a payment with a negative amount', { ...PAYMENT, amount: '-5' }],
	['a payment without ref_id', { ...PAYMENT, ref_id: undefined }],
	['a payment with an object transaction_id', { ...PAYMENT, transaction_id: { a: 1 } }],
	['a payment with a slug full of path characters', { ...PAYMENT, slug: '../../etc' }],
	['a payout whose id is not a UUID', { ...PAYOUT, id: '42' }],
	['a payout without reference_id text', { ...PAYOUT, reference_id: null }],
	['a payout without amount', { ...PAYOUT, amount: undefined }],
	[`a body nested deeper than ${MAX_DEPTH} levels`, { ...PAYMENT, extra: deep(MAX_DEPTH + 1) }],
	['a body whose JSON is larger than the limit', { ...PAYMENT, note: 'x'.repeat(MAX_BODY_BYTES) }],
	[
		'a body with very many keys',
		{ ...PAYMENT, ...Object.fromEntries(Array.from({ length: 20000 }, (_, i) => [`k${i}`, 1])) },
	],
])('refused: %s', (_, body) => {
	const parsed = parse(body);
	expect(parsed.event).toBeUndefined();
	expect(parsed.invalid).toEqual(expect.any(String));
});

test('a raw body over the limit is refused before its content is looked at', () => {
	expect(parse(PAYMENT, {}, MAX_BODY_BYTES + 1).invalid).toMatch(/larger than 64 KB/);
	expect(parse(PAYMENT, {}, MAX_BODY_BYTES).event).toBeDefined();
});

test('extra fields of ordinary depth are fine (SMEPay may add some)', () => {
	const { event } = parse({ ...PAYOUT, meta: { source: { channel: 'api' } } });
	expect(event.event).toBe('payout');
});

test('a known status in other letter case is that status; unknown ones pass unchanged', () => {
	const status = (value) => parse({ ...PAYMENT, status: value }).event;
	expect(status('success')).toMatchObject({ status: 'SUCCESS', testMode: false });
	expect(status(' Failed ')).toMatchObject({ status: 'FAILED', testMode: false });
	expect(status('test_success')).toMatchObject({ status: 'SUCCESS', testMode: true });
	expect(status('Reversed')).toMatchObject({ status: 'Reversed', testMode: false });
	expect(status('TEST_REVERSED')).toMatchObject({ status: 'TEST_REVERSED', testMode: false });
});

test('a payment keeps its transaction_id as sent (it may be the order slug)', () => {
	expect(parse({ ...PAYMENT, transaction_id: 'nwcy5tb' }).event).toMatchObject({
		eventId: 'nwcy5tb',
		transactionId: 'nwcy5tb',
	});
	const { ref_id, amount, status } = PAYMENT;
	expect(parse({ ref_id, amount, status }).event).toMatchObject({
		eventId: 'order:YOUR_ORDER_123',
		transactionId: undefined,
	});
});
