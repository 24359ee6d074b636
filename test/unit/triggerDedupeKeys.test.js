'use strict';
// Properties of the dedupe keys, over webhook bodies read the way the trigger reads them: every
// re-spelling of one event (letter case, spaces, key order, extra fields, another transaction id
// for the same order and status, the slug given or not) shares a key with it; events of other
// orders or other statuses share none.
const fc = require('fast-check');

const { parseWebhookBody } = require('../../nodes/SmePayTrigger/payload');
const { dedupeKeys, deliveryKey, lockKey } = require('../../nodes/SmePayTrigger/dedupe');

const STATUSES = ['SUCCESS', 'FAILED', 'PENDING', 'INITIATED', 'PROCESSING', 'CREATED', 'EXPIRED'];
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./#: '.split('');

const id = (max = 30) =>
	fc
		.array(fc.constantFrom(...ID_CHARS), { minLength: 1, maxLength: max })
		.map((chars) => chars.join(''))
		.filter((text) => text.trim() !== '');
const slug = fc
	.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split('')), {
		minLength: 7,
		maxLength: 7,
	})
	.map((chars) => chars.join(''));
const amount = fc.integer({ min: 1, max: 10_000_000 }).map((paise) => (paise / 100).toFixed(2));
const payment = fc.record({
	ref_id: id(),
	transaction_id: id(),
	status: fc.constantFrom(...STATUSES),
	amount,
	slug: fc.option(slug, { nil: undefined }),
});

/** The same text as someone else might write it: other letter case, spaces around. */
const respell = (text) =>
	fc
		.tuple(
			fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }),
			fc.constantFrom('', ' ', '  ', '\t'),
			fc.constantFrom('', ' ', '\n'),
		)
		.map(([upper, before, after]) => {
			const cased = [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase()));
			return `${before}${cased.join('')}${after}`;
		});

// What the trigger reads; extra fields are anything else.
const FIELDS = [
	'id',
	'reference_id',
	'ref_id',
	'transaction_id',
	'status',
	'amount',
	'slug',
	'order_slug',
	'__proto__',
];

const canonical = (text) => text.trim().replace(/\s+/g, ' ').toLowerCase();

function keysOf({ slug: slugValue, ...body }, { slugInUrl = false } = {}) {
	const fields = { ...body, ...(slugValue && !slugInUrl ? { slug: slugValue } : {}) };
	const parsed = parseWebhookBody(fields, slugValue && slugInUrl ? { slug: slugValue } : {}, 100);
	if (!('event' in parsed)) throw new Error(`not parsed: ${parsed.invalid}`);
	return parsed.event;
}

const overlap = (a, b) => a.some((key) => b.includes(key));

test('every re-spelling of one payment event shares a key with it', () => {
	fc.assert(
		fc.property(
			payment.chain((event) =>
				fc.record({
					event: fc.constant(event),
					ref: respell(event.ref_id),
					status: fc
						.constantFrom(event.status, ...(event.status === 'SUCCESS' ? ['TEST_SUCCESS'] : []))
						.chain(respell),
					transactionId: fc.oneof(respell(event.transaction_id), id()),
					extra: fc.dictionary(
						fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !FIELDS.includes(k)),
						fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean()),
						{ maxKeys: 4 },
					),
					reorder: fc.boolean(),
					dropSlug: fc.boolean(),
					slugInUrl: fc.boolean(),
				}),
			),
			({ event, ref, status, transactionId, extra, reorder, dropSlug, slugInUrl }) => {
				const original = keysOf(event);
				let again = {
					...extra,
					...event,
					ref_id: ref,
					transaction_id: transactionId,
					status,
					slug: dropSlug ? undefined : event.slug,
				};
				if (reorder) again = Object.fromEntries(Object.entries(again).reverse());
				const respelled = keysOf(again, { slugInUrl });
				expect(overlap(dedupeKeys(original), dedupeKeys(respelled))).toBe(true);
				expect(lockKey(respelled)).toBe(lockKey(original));
			},
		),
		{ numRuns: 500 },
	);
});

test('payments of other orders or with other statuses never share a key', () => {
	fc.assert(
		fc.property(payment, payment, (a, b) => {
			const sameOrder = canonical(a.ref_id) === canonical(b.ref_id);
			fc.pre(!sameOrder || a.status !== b.status);
			// Another order's event has its own transaction id and slug.
			fc.pre(a.transaction_id.trim() !== b.transaction_id.trim() || a.status !== b.status);
			fc.pre(!a.slug || !b.slug || a.slug !== b.slug || a.status !== b.status);
			const [x, y] = [keysOf(a), keysOf(b)];
			expect(overlap(dedupeKeys(x), dedupeKeys(y))).toBe(false);
			expect(deliveryKey(x)).not.toBe(deliveryKey(y));
		}),
		{ numRuns: 1000 },
	);
});

test('a payout is its id and status: re-spelled ids match, other payouts or statuses do not', () => {
	const uuid = fc.uuid();
	const payout = fc.record({
		id: uuid,
		reference_id: id(),
		status: fc.constantFrom('SUCCESS', 'FAILED', 'PROCESSING', 'INITIATED'),
		amount: fc.integer({ min: 1, max: 10_000_000 }).map((paise) => paise / 100),
	});
	fc.assert(
		fc.property(payout, payout, fc.boolean(), (a, b, upper) => {
			const keys = (body) => dedupeKeys(keysOf(body));
			const respelled = {
				...a,
				id: upper ? a.id.toUpperCase() : a.id,
				status: a.status.toLowerCase(),
			};
			expect(keys(respelled)).toEqual(keys(a));
			fc.pre(a.id.toLowerCase() !== b.id.toLowerCase() || a.status !== b.status);
			expect(overlap(keys(a), keys(b))).toBe(false);
		}),
		{ numRuns: 300 },
	);
});

test('payments and payouts never share a key, even with the same ids', () => {
	fc.assert(
		fc.property(fc.uuid(), fc.constantFrom(...STATUSES), (uuid, status) => {
			const asPayment = keysOf({ ref_id: uuid, transaction_id: uuid, status, amount: '1.00' });
			const asPayout = keysOf({ id: uuid, reference_id: uuid, status, amount: 1 });
			expect(overlap(dedupeKeys(asPayment), dedupeKeys(asPayout))).toBe(false);
			expect(deliveryKey(asPayment)).not.toBe(deliveryKey(asPayout));
		}),
	);
});
