'use strict';
// A pay run as Preview Payouts shows it and Send Payout checks it: its fingerprint (the identity
// a person approves), its totals, and Preview's output item. Rows are read by the real
// readPayoutRows, the one path both operations share.
const { createHash } = require('node:crypto');
const fc = require('fast-check');
const { readPayoutRows } = require('../../nodes/SmePay/actions/payout/payoutRow');
const {
	payRunOf,
	fingerprintOf,
	paiseOf,
	FINGERPRINT_PATTERN,
} = require('../../nodes/SmePay/actions/payout/payRun');
const { previewJson } = require('../../nodes/SmePay/actions/payout/preview.operation');
const { mappedRow, columnsOf, inputContext } = require('./payRunFixtures');

const RUNS = { numRuns: 300 };

function runOf(rows, options) {
	return payRunOf(readPayoutRows(inputContext(rows, options), rows.length));
}
const fingerprint = (rows, options) => runOf(rows, options).fingerprint;

/** SHA-256 over the version line and the sorted JSON records, written out here independently. */
function expectedFingerprint(records) {
	const lines = records.map((record) => JSON.stringify(record)).sort();
	const text = ['smepay-pay-run/1', ...lines].join('\n');
	return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

describe('fingerprint: what it is made of', () => {
	test('the rows to send as Send sends them, refused rows as they came, sorted, one JSON array each', () => {
		const rows = [
			mappedRow(' SAL-2 ', {
				amount: '2,50,000.5',
				paymentMode: 'rtgs',
				beneficiaryIfsc: 'sbin0001234',
			}),
			mappedRow('SAL-1', { amount: 1500, beneficiaryAccount: '1234 5678 9012' }),
			mappedRow('SAL-3', { amount: ' 12.345 ', beneficiaryName: ' Asha ' }),
		];
		expect(fingerprint(rows)).toBe(
			expectedFingerprint([
				['send', 'SAL-2', 25000050, 'RTGS', 'Ravi Kumar', '123456789012', 'SBIN0001234'],
				['send', 'SAL-1', 150000, 'IMPS', 'Ravi Kumar', '123456789012', 'HDFC0001234'],
				['refused', 'SAL-3', '12.345', 'IMPS', 'Asha', '123456789012', 'HDFC0001234'],
			]),
		);
		expect(fingerprint(rows)).toMatch(FINGERPRINT_PATTERN);
	});

	test('a refused value keeps its JSON type; a missing one is null', () => {
		const rows = [
			mappedRow('SAL-1', { beneficiaryAccount: 123456789012, beneficiaryName: undefined }),
		];
		expect(fingerprint(rows)).toBe(
			expectedFingerprint([['refused', 'SAL-1', '100', 'IMPS', null, 123456789012, 'HDFC0001234']]),
		);
	});

	test('a row whose fields cannot be read (Auto-Map, a column missing): its columns', () => {
		const columns = { reference_id: 'SAL-1', amount: '100' };
		expect(fingerprint([columns], { autoMap: true })).toBe(
			expectedFingerprint([['unread', columns]]),
		);
		expect(fingerprint([{ ...columns, amount: '101' }], { autoMap: true })).not.toBe(
			fingerprint([columns], { autoMap: true }),
		);
	});

	test('a row whose mapped fields cannot be read (an expression fails): the error', () => {
		const ctx = inputContext([mappedRow('SAL-1')]);
		const failing = {
			...ctx,
			getNodeParameter(name, itemIndex, fallback) {
				if (name === 'amount') throw new Error('Referenced node is unexecuted');
				return ctx.getNodeParameter(name, itemIndex, fallback);
			},
		};
		expect(payRunOf(readPayoutRows(failing, 1)).fingerprint).toBe(
			expectedFingerprint([['unread', 'Referenced node is unexecuted']]),
		);
	});

	test('remarks and the callback URL are not part of it: they move no money', () => {
		const plain = [mappedRow('SAL-1')];
		const withExtras = [
			mappedRow('SAL-1', {
				additionalFields: { remarks: 'April', callbackUrl: 'https://example.com/hook' },
			}),
		];
		expect(fingerprint(withExtras)).toBe(fingerprint(plain));
	});

	test('among rows sharing a Reference ID the first is sent: which one that is changes it', () => {
		const a = mappedRow('SAL-1', { amount: '100' });
		const b = mappedRow('SAL-1', { amount: '200' });
		expect(fingerprint([a, b])).not.toBe(fingerprint([b, a]));
		expect(runOf([a, b]).totalPaise).toBe(10000n);
		expect(runOf([b, a]).totalPaise).toBe(20000n);
	});
});

/** A valid payment and the ways a sheet may spell it that Send treats as the same payment. */
const payment = fc.record({
	referenceId: fc.stringMatching(/^[A-Z0-9-]{1,12}$/),
	paise: fc.integer({ min: 100, max: 50_000_000 }),
	mode: fc.constantFrom('IMPS', 'NEFT'),
	name: fc.constantFrom('Ravi Kumar', 'Asha Rao', 'Priya N'),
	account: fc.stringMatching(/^\d{9,18}$/),
	ifsc: fc.stringMatching(/^[A-Z]{4}0[A-Z0-9]{6}$/),
});

function amountSpellings(paise) {
	const rupees = Math.floor(paise / 100);
	const decimals = String(paise % 100).padStart(2, '0');
	const plain = `${rupees}.${decimals}`;
	const western = `${String(rupees).replace(/\B(?=(\d{3})+$)/g, ',')}.${decimals}`;
	return [plain, western, `₹${plain}`, ` ${plain} `, Number(plain)];
}

const spelledRow = payment.chain((p) =>
	fc
		.record({
			amount: fc.constantFrom(...amountSpellings(p.paise)),
			mode: fc.constantFrom(p.mode, p.mode.toLowerCase(), ` ${p.mode} `),
			ifsc: fc.constantFrom(p.ifsc, p.ifsc.toLowerCase()),
			account: fc.constantFrom(p.account, p.account.replace(/(\d{4})/g, '$1 ')),
			pad: fc.constantFrom('', ' '),
		})
		.map((s) => ({
			payment: p,
			row: mappedRow(`${s.pad}${p.referenceId}${s.pad}`, {
				amount: s.amount,
				paymentMode: s.mode === 'IMPS' && s.pad ? undefined : s.mode,
				beneficiaryName: `${s.pad}${p.name}`,
				beneficiaryAccount: s.account,
				beneficiaryIfsc: s.ifsc,
			}),
		})),
);

function canonicalRow(p) {
	return mappedRow(p.referenceId, {
		amount: (p.paise / 100).toFixed(2),
		paymentMode: p.mode,
		beneficiaryName: p.name,
		beneficiaryAccount: p.account,
		beneficiaryIfsc: p.ifsc,
	});
}

const uniqueRefs = (rows) => new Set(rows.map((r) => r.payment.referenceId)).size === rows.length;

describe('fingerprint: properties over generated sheets', () => {
	test('two spellings of the same payments, in any order, in either Data Mode: one fingerprint', () => {
		fc.assert(
			fc.property(
				fc.array(spelledRow, { minLength: 1, maxLength: 8 }).filter(uniqueRefs),
				fc.boolean(),
				(spelled, autoMap) => {
					const canonical = spelled.map((s) => canonicalRow(s.payment));
					const shuffled = [...spelled].reverse().map((s) => s.row);
					const input = autoMap ? shuffled.map(columnsOf) : shuffled;
					expect(runOf(input, { autoMap }).refused).toEqual([]);
					expect(fingerprint(input, { autoMap })).toBe(fingerprint(canonical));
				},
			),
			RUNS,
		);
	});

	test('any row changed in any field, added or removed: another fingerprint', () => {
		const change = fc.constantFrom(
			['referenceId', (p) => ({ ...p, referenceId: `${p.referenceId}X` })],
			['amount, by one paisa', (p) => ({ ...p, paise: p.paise + 1 })],
			['mode', (p) => ({ ...p, mode: p.mode === 'IMPS' ? 'NEFT' : 'IMPS' })],
			['name', (p) => ({ ...p, name: `${p.name}a` })],
			[
				'account',
				(p) => ({ ...p, account: p.account.replace(/.$/, (d) => String((+d + 1) % 10)) }),
			],
			['ifsc', (p) => ({ ...p, ifsc: p.ifsc.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) })],
		);
		fc.assert(
			fc.property(
				fc.array(payment, { minLength: 1, maxLength: 8 }),
				fc.nat(),
				change,
				(payments, at, [, changed]) => {
					const index = at % payments.length;
					const before = payments.map(canonicalRow);
					const after = payments.map((p, i) => canonicalRow(i === index ? changed(p) : p));
					expect(fingerprint(after)).not.toBe(fingerprint(before));
					expect(fingerprint(before.slice(1))).not.toBe(fingerprint(before));
					expect(fingerprint([...before, before[index]])).not.toBe(fingerprint(before));
				},
			),
			RUNS,
		);
	});
});

describe('paiseOf: the amount Send sends, back in paise, exactly', () => {
	test('for every amount up to 13 digits of rupees', () => {
		fc.assert(
			fc.property(fc.bigInt({ min: 1n, max: 999_999_999_999_999n }).map(Number), (paise) => {
				const text = `${Math.floor(paise / 100)}.${String(paise % 100).padStart(2, '0')}`;
				expect(paiseOf({ amount: Number(text) })).toBe(paise);
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('totals', () => {
	test('per mode present, in the order IMPS, NEFT, RTGS; refused rows counted apart', () => {
		const run = runOf([
			mappedRow('A', { amount: '200000', paymentMode: 'RTGS' }),
			mappedRow('B', { amount: '10.05' }),
			mappedRow('C', { beneficiaryIfsc: 'bad' }),
			mappedRow('D', { amount: '1.95', paymentMode: 'imps' }),
		]);
		expect(run.rows).toBe(4);
		expect(run.accepted.map((row) => [row.itemIndex, row.paise])).toEqual([
			[0, 20000000],
			[1, 1005],
			[3, 195],
		]);
		expect(run.refused.map((row) => [row.itemIndex, row.referenceId])).toEqual([[2, 'C']]);
		expect(run.totalPaise).toBe(20001200n);
		expect(run.byMode).toEqual([
			{ mode: 'IMPS', rows: 2, paise: 1200n },
			{ mode: 'RTGS', rows: 1, paise: 20000000n },
		]);
	});

	test('exact beyond what a JavaScript number holds', () => {
		const big = '9999999999999.99';
		const run = runOf(
			Array.from({ length: 10 }, (_, i) =>
				mappedRow(`N-${i}`, { amount: big, paymentMode: 'NEFT' }),
			),
		);
		expect(run.totalPaise).toBe(9_999_999_999_999_990n);
		expect(previewJson(run).total).toBe('99999999999999.90');
		expect(previewJson(run).totals).toEqual({ NEFT: { rows: 10, total: '99999999999999.90' } });
	});
});

describe("Preview's output item", () => {
	test('counts, refusals with item and Reference ID, exact totals, a summary; no beneficiary', () => {
		const rows = [
			mappedRow('SAL-1', { amount: '1,500.50' }),
			mappedRow('SAL-2', { amount: '250000', paymentMode: 'RTGS' }),
			mappedRow('', { amount: '5' }),
			mappedRow('SAL-1', { amount: '7' }),
		];
		const json = previewJson(runOf(rows));
		expect(json).toEqual({
			summary:
				'4 rows: 2 to pay, ₹2,51,500.50 (IMPS 1 row ₹1,500.50, RTGS 1 row ₹2,50,000); 2 refused',
			fingerprint: fingerprint(rows),
			rows: 4,
			accepted: 2,
			refused: [
				{ item: 2, referenceId: null, reason: 'Reference ID is empty (item 2)' },
				{
					item: 3,
					referenceId: 'SAL-1',
					reason: 'Reference ID "SAL-1" of item 3 is already used by item 0 of this input',
				},
			],
			total: '251500.50',
			totals: {
				IMPS: { rows: 1, total: '1500.50' },
				RTGS: { rows: 1, total: '250000.00' },
			},
		});
		expect(JSON.stringify(json)).not.toMatch(/Ravi|123456789012|HDFC/);
	});

	test.each([
		[[mappedRow('A')], '1 row: 1 to pay, ₹100 (IMPS 1 row ₹100); none refused'],
		[[mappedRow('A', { amount: 'x' })], '1 row: nothing to pay; 1 refused'],
		[
			[mappedRow('A'), mappedRow('B', { paymentMode: 'NEFT' })],
			'2 rows: 2 to pay, ₹200 (IMPS 1 row ₹100, NEFT 1 row ₹100); none refused',
		],
	])('summary %#', (rows, summary) => {
		expect(previewJson(runOf(rows)).summary).toBe(summary);
	});

	test('no rows to pay: total 0.00 and no modes', () => {
		const json = previewJson(runOf([mappedRow('A', { amount: '0' })]));
		expect([json.total, json.totals, json.accepted]).toEqual(['0.00', {}, 0]);
	});
});

test('fingerprintOf is the same whichever way the rows are read', () => {
	const rows = [mappedRow('A'), mappedRow('B', { amount: 'x' })];
	const reads = readPayoutRows(inputContext(rows), rows.length);
	expect(fingerprintOf(reads)).toBe(fingerprint(rows.map(columnsOf), { autoMap: true }));
});
