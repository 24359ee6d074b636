'use strict';
// Send Payout's pay run controls (Approved Fingerprint, Row Limit, Batch Limit) on a whole input:
// when each is on, what it refuses (to the paisa), what its refusal says, and what a bad value
// does. Every refusal refuses the whole run; Send then sends nothing (payout.payRun.test.js
// proves that against the sandbox).
const fc = require('fast-check');
const { readPayoutRows } = require('../../nodes/SmePay/actions/payout/payoutRow');
const { payRunOf } = require('../../nodes/SmePay/actions/payout/payRun');
const { payRunRefusal } = require('../../nodes/SmePay/actions/payout/payRunControls');
const { mappedRow, inputContext } = require('./payRunFixtures');

/** Three rows to send (₹100, ₹2,50,000, ₹1,500.50) and one refused row of ₹9,00,000. */
const ROWS = [
	mappedRow('SAL-1'),
	mappedRow('SAL-2', { amount: '250000', paymentMode: 'RTGS' }),
	mappedRow('SAL-3', { amount: '1,500.50' }),
	mappedRow('SAL-4', { amount: '900000', beneficiaryIfsc: 'bad' }),
];
const FINGERPRINT = fingerprintOf(ROWS);

function fingerprintOf(rows) {
	return payRunOf(readPayoutRows(inputContext(rows), rows.length)).fingerprint;
}

/** The refusal of each item, or undefined when the run may go on. */
function refusal(options, { rows = ROWS, evaluated } = {}) {
	const ctx = inputContext(rows, { options, evaluated });
	const refuse = payRunRefusal(ctx, readPayoutRows(ctx, rows.length));
	return refuse && rows.map((_, itemIndex) => refuse(itemIndex));
}

const first = (options, context) => refusal(options, context)?.[0];

describe('off unless added', () => {
	test('no option added: no control, whatever the rows', () => {
		expect(refusal({})).toBeUndefined();
		expect(refusal({ concurrency: 5 })).toBeUndefined();
		// A node saved without an Options collection at all.
		const ctx = { ...inputContext(ROWS), getNode: () => ({ parameters: {} }) };
		expect(payRunRefusal(ctx, readPayoutRows(ctx, ROWS.length))).toBeUndefined();
	});

	test.each([
		['approvedFingerprint', 'Approved Fingerprint'],
		['batchLimit', 'Batch Limit'],
		['rowLimit', 'Row Limit'],
	])('%s added but empty (an expression that gave nothing) refuses the run', (option, label) => {
		for (const value of ['', '   ', undefined, null]) {
			const error = first({ [option]: '={{ $json.missing }}' }, { evaluated: { [option]: value } });
			expect(error.message).toBe(`${label} is empty, so nothing was sent`);
			expect(error.description).toMatch(/remove the option\. No row was sent/);
			expect(error.context.itemOutput.refusedBy).toBe(option);
			if (option !== 'approvedFingerprint') {
				expect(error.description).toBe(
					`Enter an amount in rupees, like 50000. To send without ${label}, remove the option. No row was sent: the option is checked before any payout.`,
				);
			}
		}
	});
});

describe('Approved Fingerprint', () => {
	test('the fingerprint of these rows: the run goes on, in any case and with spaces around', () => {
		expect(refusal({ approvedFingerprint: FINGERPRINT })).toBeUndefined();
		expect(
			refusal({
				approvedFingerprint: ` ${FINGERPRINT.toUpperCase().replace('SHA256', 'sha256')} `,
			}),
		).toBeUndefined();
		expect(refusal({ approvedFingerprint: ` ${FINGERPRINT.toUpperCase()}\n` })).toBeUndefined();
	});

	test('another batch: every item refused, saying what came, that the rows changed, and what to do', () => {
		const approved = fingerprintOf(ROWS.slice(0, 3));
		const errors = refusal({ approvedFingerprint: approved });
		expect(errors).toHaveLength(4);
		errors.forEach((error, itemIndex) => {
			expect(error.message).toBe(
				'These rows changed since they were approved, so nothing was sent: 4 rows, 3 to send totalling ₹2,51,600.50, and their fingerprint is not the Approved Fingerprint',
			);
			expect(error.description).toBe(
				`A Reference ID, an amount, a payment mode or a beneficiary changed, or a row was added or removed, after Preview Payouts showed them (approved ${approved}, these rows ${FINGERPRINT}). Run Preview Payouts on the rows as they are now and have that preview approved; do not copy a new fingerprint into the option by hand.`,
			);
			expect(error.context.itemIndex).toBe(itemIndex);
			expect(error.context.itemOutput).toEqual({
				reference_id: ROWS[itemIndex].referenceId,
				refusedBy: 'approvedFingerprint',
			});
		});
	});

	test.each([
		['sha256:abc', '"sha256:abc" is not a fingerprint'],
		[FINGERPRINT.replace('sha256:', 'md5:'), 'is not a fingerprint'],
		[`${FINGERPRINT}0`, 'is not a fingerprint'],
		[FINGERPRINT.slice(7), 'is not a fingerprint'],
		[`x${FINGERPRINT}`, 'is not a fingerprint'],
		[FINGERPRINT.replace(/.$/, 'g'), 'is not a fingerprint'],
		[42, '"42" is not a fingerprint'],
	])('not a fingerprint (%s): refused, naming the option', (value, problem) => {
		const error = first({ approvedFingerprint: value });
		expect(error.message).toContain(
			`Approved Fingerprint ${problem.startsWith('"') ? problem : ''}`,
		);
		expect(error.message).toMatch(/is not a fingerprint, so nothing was sent$/);
		expect(error.description).toContain('sha256: and 64 hex digits');
	});

	test('a long value is cut short in the message', () => {
		const error = first({ approvedFingerprint: 'y'.repeat(100) });
		expect(error.message).toBe(
			`Approved Fingerprint "${'y'.repeat(40)}…" is not a fingerprint, so nothing was sent`,
		);
	});

	test('checked before the limits', () => {
		const error = first({ approvedFingerprint: fingerprintOf([]), rowLimit: '1', batchLimit: '1' });
		expect(error.context.itemOutput.refusedBy).toBe('approvedFingerprint');
	});

	test('a row without a Reference ID: its refusal item carries none', () => {
		const rows = [mappedRow('')];
		const [error] = refusal({ approvedFingerprint: FINGERPRINT }, { rows });
		expect(error.context.itemOutput).toStrictEqual({ refusedBy: 'approvedFingerprint' });
		expect(error.message).toContain('1 row, 0 to send totalling ₹0,');
	});
});

describe('Row Limit', () => {
	test('to the paisa: a row at the limit passes, one paisa above is refused; refused rows do not count', () => {
		expect(refusal({ rowLimit: '2,50,000' })).toBeUndefined();
		const error = first({ rowLimit: '249999.99' });
		expect(error.message).toBe(
			'Row Limit refused the run: 1 row is above ₹2,49,999.99, so nothing was sent',
		);
		expect(error.description).toBe(
			'Above the limit: item 1 (SAL-2) ₹2,50,000. The run had 4 rows, 3 to send totalling ₹2,51,600.50. Check these amounts; if they are right, pay them in a run whose Row Limit allows them.',
		);
		expect(error.context.itemOutput.refusedBy).toBe('rowLimit');
	});

	test('lists at most 10 rows above it, then how many more', () => {
		const rows = Array.from({ length: 13 }, (_, i) => mappedRow(`R-${i}`, { amount: '500' }));
		const error = first({ rowLimit: '499.99' }, { rows });
		expect(error.message).toContain('13 rows are above ₹499.99');
		expect(error.description).toMatch(/item 9 \(R-9\) ₹500, and 3 more\. The run had 13 rows/);
		expect(error.description).not.toContain('item 10');
		const ten = first({ rowLimit: '499.99' }, { rows: rows.slice(0, 10) });
		expect(ten.description).toMatch(/item 9 \(R-9\) ₹500\. The run had 10 rows/);
	});

	test('checked before Batch Limit', () => {
		expect(first({ rowLimit: '100', batchLimit: '1' }).context.itemOutput.refusedBy).toBe(
			'rowLimit',
		);
	});
});

describe('Batch Limit', () => {
	test('to the paisa: the total at the limit passes, above it is refused', () => {
		expect(refusal({ batchLimit: '251600.50' })).toBeUndefined();
		const error = first({ batchLimit: '₹2,51,600.49' });
		expect(error.message).toBe(
			'Batch Limit refused the run: the rows to send total ₹2,51,600.50, above ₹2,51,600.49, so nothing was sent',
		);
		expect(error.description).toBe(
			'The run had 4 rows, 3 to send totalling ₹2,51,600.50. Check the sheet for a wrong amount or rows that do not belong to this run; split it into runs within the limit, or raise Batch Limit if this total is expected.',
		);
	});

	test('a number is taken as rupees', () => {
		expect(refusal({ batchLimit: 251600.5 })).toBeUndefined();
		expect(first({ batchLimit: 251600 }).context.itemOutput.refusedBy).toBe('batchLimit');
	});
});

describe('a limit that is not an amount', () => {
	test.each([
		['batchLimit', 'abc', 'Batch Limit "abc" is not an amount', 'Write the amount in rupees'],
		['rowLimit', '0', 'Row Limit "0" is not above 0', 'An amount is above 0'],
		['rowLimit', '1500,50', 'Row Limit "1500,50" looks like it has a decimal comma', 'after a dot'],
		['batchLimit', '-5', 'Batch Limit "-5" is negative', 'above 0'],
		['batchLimit', ['1'], 'Batch Limit is a list, not one amount', 'Map one value'],
	])('%s %j: refused, naming the option and what to write', (option, value, message, hint) => {
		const error = first({ [option]: value });
		expect(error.message).toBe(`${message}, so nothing was sent`);
		expect(error.description).toContain(hint);
		expect(error.description).toContain(
			`To send without ${message.split(' ').slice(0, 2).join(' ')}, remove the option.`,
		);
		expect(error.context.itemOutput.refusedBy).toBe(option);
	});
});

test('property: Row Limit refuses exactly when a row to send is above it, Batch Limit when the total is', () => {
	const rowsArb = fc.array(fc.integer({ min: 100, max: 50_000_000 }), {
		minLength: 1,
		maxLength: 8,
	});
	fc.assert(
		fc.property(rowsArb, fc.integer({ min: 1, max: 100_000_000 }), (amounts, limit) => {
			const rows = amounts.map((paise, i) =>
				mappedRow(`P-${i}`, { amount: (paise / 100).toFixed(2) }),
			);
			const limitText = (limit / 100).toFixed(2);
			const max = Math.max(...amounts);
			const sum = amounts.reduce((a, b) => a + b, 0);
			expect(refusal({ rowLimit: limitText }, { rows }) !== undefined).toBe(max > limit);
			expect(refusal({ batchLimit: limitText }, { rows }) !== undefined).toBe(sum > limit);
		}),
		{ numRuns: 300 },
	);
});
