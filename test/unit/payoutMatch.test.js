'use strict';
// A payout SMEPay answered with, held against the row sent under its Reference ID. SMEPay returns
// the beneficiary fields as SHA-256 hex digests of the values sent.
const crypto = require('node:crypto');
const fc = require('fast-check');
const { matchPayout } = require('../../nodes/SmePay/api/payoutMatch');

const sha256 = (value) => crypto.createHash('sha256').update(value, 'utf8').digest('hex');

const rowArb = fc.record({
	amount: fc.integer({ min: 1, max: 50_000_000 }).map((paise) => paise / 100),
	payment_mode: fc.constantFrom('IMPS', 'NEFT', 'RTGS'),
	beneficiary_name: fc.stringMatching(/^[A-Z][a-z]{2,12} [A-Z][a-z]{2,12}$/),
	beneficiary_account: fc.stringMatching(/^\d{9,18}$/),
	beneficiary_ifsc: fc.stringMatching(/^[A-Z]{4}0[A-Z0-9]{6}$/),
});

/** The payout SMEPay would hold for a row, as its answers show it. */
const payoutOf = (row) => ({
	id: 'p-1',
	reference_id: 'INV-1',
	status: 'SUCCESS',
	amount: row.amount,
	payment_mode: row.payment_mode,
	beneficiary_name: sha256(row.beneficiary_name),
	beneficiary_account: sha256(row.beneficiary_account),
	beneficiary_ifsc: sha256(row.beneficiary_ifsc),
});

const FIELDS = [
	['beneficiary_name', 'beneficiary name'],
	['beneficiary_account', 'beneficiary account number'],
	['beneficiary_ifsc', 'beneficiary IFSC'],
];

test('the payout of the row itself: nothing differs, nothing unknown (digests in either case)', () => {
	fc.assert(
		fc.property(rowArb, fc.boolean(), (row, upper) => {
			const payout = payoutOf(row);
			if (upper) for (const [field] of FIELDS) payout[field] = payout[field].toUpperCase();
			expect(matchPayout(payout, row)).toEqual({ differences: [], unknown: [] });
		}),
	);
});

test('another beneficiary field: a difference naming the field, never its value', () => {
	fc.assert(
		fc.property(rowArb, rowArb, fc.constantFrom(...FIELDS), (row, other, [field, name]) => {
			fc.pre(row[field] !== other[field]);
			const { differences } = matchPayout(payoutOf(row), { ...row, [field]: other[field] });
			expect(differences).toEqual([`it answered for another ${name} than this row sent`]);
			for (const text of differences) {
				expect(text).not.toContain(row[field]);
				expect(text).not.toContain(other[field]);
			}
		}),
	);
});

test('another amount (to the paisa) or mode: a difference each', () => {
	fc.assert(
		fc.property(rowArb, fc.integer({ min: 1, max: 100 }), (row, paise) => {
			const sent = { ...row, amount: Math.round(row.amount * 100 + paise) / 100 };
			expect(matchPayout(payoutOf(row), sent).differences).toHaveLength(1);
		}),
	);
	const row = {
		amount: 100,
		payment_mode: 'NEFT',
		beneficiary_name: 'A',
		beneficiary_account: '123456789',
		beneficiary_ifsc: 'HDFC0001234',
	};
	expect(matchPayout({ ...payoutOf(row), payment_mode: 'IMPS' }, row).differences).toEqual([
		'it answered for IMPS, but this row sent NEFT',
	]);
});

test.each([
	['absent', undefined],
	['masked', 'XXXXXXXX9012'],
	['a digest of another length', 'ab'.repeat(20)],
	['not text', 12345],
])('a beneficiary field %s: unknown, never a difference or a match', (_, value) => {
	const row = {
		amount: 100,
		payment_mode: 'IMPS',
		beneficiary_name: 'A',
		beneficiary_account: '123456789',
		beneficiary_ifsc: 'HDFC0001234',
	};
	const payout = { ...payoutOf(row), beneficiary_account: value };
	expect(matchPayout(payout, row)).toEqual({
		differences: [],
		unknown: ['beneficiary account number'],
	});
});
