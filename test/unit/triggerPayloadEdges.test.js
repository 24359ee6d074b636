'use strict';
// The edges of reading a webhook body: every status SMEPay documents in any letter case and in
// Test mode, ids, slugs and statuses with one character too many or a stray character at either
// end, limits met exactly, and the words the sender is answered with ("Not a SMEPay webhook: …").
const {
	parseWebhookBody,
	KNOWN_STATUSES,
	MAX_BODY_BYTES,
	MAX_DEPTH,
} = require('../../nodes/SmePayTrigger/payload');

const PAYMENT = { ref_id: 'ORDER-1', transaction_id: 'TXN-1', status: 'SUCCESS', amount: '10.00' };
const PAYOUT = {
	id: '7e9d3c12-a4f1-4b2e-9c3d-8e7f6a5b4c3d',
	reference_id: 'REF-1',
	amount: 50,
	status: 'SUCCESS',
};
const parse = (body, query = {}, rawBytes) => parseWebhookBody(body, query, rawBytes);

const DOCUMENTED = [
	'SUCCESS',
	'FAILED',
	'PENDING',
	'INITIATED',
	'PROCESSING',
	'CREATED',
	'EXPIRED',
];

test.each(DOCUMENTED)('%s in lower case, and TEST_%s, are that status', (status) => {
	expect(parse({ ...PAYMENT, status: status.toLowerCase() }).event).toMatchObject({
		status,
		testMode: false,
	});
	expect(parse({ ...PAYOUT, status: `TEST_${status}` }).event).toMatchObject({
		status,
		testMode: true,
	});
	expect(parse({ ...PAYMENT, status: ` test_${status.toLowerCase()} ` }).event).toMatchObject({
		status,
		testMode: true,
	});
});

test('the known statuses are exactly the documented ones', () => {
	expect([...KNOWN_STATUSES].sort()).toEqual([...DOCUMENTED].sort());
	// An empty status after TEST_ is no status SMEPay knows.
	expect(parse({ ...PAYMENT, status: 'TEST_' }).event).toMatchObject({
		status: 'TEST_',
		testMode: false,
	});
});

const refusal = (body, query) => parse(body, query).invalid;

test.each([
	['prefix', `x${PAYOUT.id}`],
	['suffix', `${PAYOUT.id}x`],
	['a letter past f', PAYOUT.id.replace('a', 'g')],
	['a group too short', '7e9d3c1-a4f1-4b2e-9c3d-8e7f6a5b4c3d'],
	['a group too long', '7e9d3c12-a4f11-4b2e-9c3d-8e7f6a5b4c3d'],
	['a missing hyphen', '7e9d3c12a4f1-4b2e-9c3d-8e7f6a5b4c3d'],
])('a payout id with %s is no payout id', (_, id) => {
	expect(refusal({ ...PAYOUT, id })).toBe('id is not a payout id (a UUID)');
});

test('a payout id in capitals is the same payout, named in small letters', () => {
	const { event } = parse({ ...PAYOUT, id: PAYOUT.id.toUpperCase() });
	expect(event).toMatchObject({ event: 'payout', eventId: PAYOUT.id });
	expect(parse({ ...PAYOUT, id: '01234567-89ab-cdef-0123-456789ABCDEF' }).event.eventId).toBe(
		'01234567-89ab-cdef-0123-456789abcdef',
	);
});

test.each([
	['a stray character at the start', '/abc123'],
	['a stray character at the end', 'abc123/'],
	['a dot', 'abc.123'],
	['101 characters', 'a'.repeat(101)],
])('an order slug with %s is refused', (_, slug) => {
	expect(refusal({ ...PAYMENT, slug })).toBe('the order slug has unexpected characters');
	expect(refusal(PAYMENT, { slug })).toBe('the order slug has unexpected characters');
});

test.each([['a'], ['A-b_9'], ['Z'.repeat(100)], ['0123456789']])(
	'the order slug %s is read',
	(slug) => {
		expect(parse({ ...PAYMENT, order_slug: slug }).event.slug).toBe(slug);
	},
);

test('the body slug comes before order_slug, which comes before ?slug=', () => {
	expect(parse({ ...PAYMENT, slug: 'one', order_slug: 'two' }, { slug: 'three' }).event.slug).toBe(
		'one',
	);
	expect(parse({ ...PAYMENT, order_slug: 'two' }, { slug: 'three' }).event.slug).toBe('two');
	expect(parse({ ...PAYMENT, slug: '  ' }, { slug: 'three' }).event.slug).toBe('three');
});

test.each([
	['a stray character at the start', ';SUCCESS'],
	['a stray character at the end', 'SUCCESS;'],
	['41 characters', 'S'.repeat(41)],
	['a line break inside', 'SUC\nCESS'],
])('a status with %s is refused', (_, status) => {
	expect(refusal({ ...PAYMENT, status })).toBe('status is missing or not a status');
	expect(refusal({ ...PAYOUT, status })).toBe('status is missing or not a status');
});

test.each([['S'.repeat(40)], ['Partially Refunded'], ['on-hold_2']])(
	'the unknown status %s passes as sent',
	(status) => {
		expect(parse({ ...PAYMENT, status }).event.status).toBe(status);
	},
);

test('what is refused, in the words the sender gets', () => {
	expect(refusal({ ...PAYMENT, ref_id: undefined })).toBe('ref_id is missing or not text');
	expect(refusal({ ...PAYMENT, ref_id: 'x'.repeat(201) })).toBe('ref_id is missing or not text');
	expect(refusal({ ...PAYMENT, transaction_id: true })).toBe('transaction_id is not text');
	expect(refusal({ ...PAYMENT, amount: 'ten' })).toBe('amount is missing or not an amount');
	expect(refusal({ ...PAYOUT, reference_id: {} })).toBe('reference_id is missing or not text');
	expect(refusal({ ...PAYOUT, amount: undefined })).toBe('amount is missing or not an amount');
	expect(refusal([PAYMENT])).toBe('the body is not a JSON object');
	expect(refusal({ hello: 'world' })).toBe(
		'it has neither payment fields (ref_id, transaction_id) nor payout fields (id, reference_id)',
	);
	expect(refusal({ ...PAYMENT, note: 'x'.repeat(MAX_BODY_BYTES) })).toBe(
		`the body is larger than 64 KB or nested deeper than ${MAX_DEPTH} levels`,
	);
	expect(parse(PAYMENT, {}, MAX_BODY_BYTES + 1).invalid).toBe('the body is larger than 64 KB');
});

test('numbers are text where SMEPay may send them as numbers; spaces around are not part of them', () => {
	const { event } = parse({ ...PAYMENT, ref_id: 1042, transaction_id: ' 77 ' });
	expect(event).toMatchObject({ reference: '1042', eventId: '77', transactionId: '77' });
	expect(refusal({ ...PAYMENT, ref_id: Infinity })).toBe('ref_id is missing or not text');
	expect(parse({ ...PAYMENT, ref_id: 'x'.repeat(200) }).event.reference).toHaveLength(200);
});

test('a payment with an id field of its own is still a payment; a payout needs both its fields', () => {
	expect(parse({ ...PAYMENT, id: 'pay_1' }).event).toMatchObject({
		event: 'payment',
		eventId: 'TXN-1',
	});
	expect(parse({ ...PAYMENT, reference_id: 'REF-9' }).event).toMatchObject({
		event: 'payment',
		reference: 'ORDER-1',
	});
	expect(parse({ ...PAYMENT, id: 42, reference_id: 'REF-9' }).event.event).toBe('payment');
	// Only a transaction id: the payment must still name its order.
	expect(refusal({ transaction_id: 'T', status: 'SUCCESS', amount: 1 })).toBe(
		'ref_id is missing or not text',
	);
});

const nested = (levels) => {
	let value = 'x';
	for (let i = 0; i < levels; i++) value = { n: value };
	return value;
};

test(`${MAX_DEPTH} levels of nesting pass, ${MAX_DEPTH + 1} do not`, () => {
	// The body itself is level 1.
	expect(parse({ ...PAYMENT, extra: nested(MAX_DEPTH - 1) }).event).toBeDefined();
	expect(parse({ ...PAYMENT, extra: nested(MAX_DEPTH) }).invalid).toMatch(/nested deeper/);
	expect(parse({ ...PAYMENT, extra: [[['x']]] }).event).toBeDefined();
	expect(parse({ ...PAYMENT, extra: [[[['x']]]] }).invalid).toMatch(/nested deeper/);
});

test('a body just under the size limit passes, one just over it does not', () => {
	// {"ref_id":…} counted the way the trigger counts: strings +2, other values 8, keys +4, objects 2.
	const base = { ...PAYMENT, note: '' };
	const size = (body) =>
		2 +
		Object.entries(body).reduce(
			(sum, [key, value]) =>
				sum + key.length + 4 + (typeof value === 'string' ? value.length + 2 : 8),
			0,
		);
	const room = MAX_BODY_BYTES - size(base);
	expect(parse({ ...PAYMENT, note: 'x'.repeat(room) }).event).toBeDefined();
	expect(parse({ ...PAYMENT, note: 'x'.repeat(room + 1) }).invalid).toMatch(/larger than 64 KB/);
});
