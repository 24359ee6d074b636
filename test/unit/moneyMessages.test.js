'use strict';
// Every message and hint of the money model's payout rules, at their edges, as InputChecker
// turns them into the errors users see. (Amounts typed by people: typedAmount.test.js.)
const { InputChecker } = require('../../nodes/SmePay/validation/InputChecker');
const { apiAmount, fromPaise } = require('../../nodes/SmePay/validation/amount');
const { amountForMode, paymentMode } = require('../../nodes/SmePay/validation/paymentMode');
const { referenceId, remarks } = require('../../nodes/SmePay/validation/payoutText');
const { quoted } = require('../../nodes/SmePay/validation/refusal');

const { NODE: node, refusal } = require('./fixtures');
const check = new InputChecker(node, 2);

describe('mode limits: message and hint at each edge', () => {
	const limit = (mode, paise) => check.parse('Amount', amountForMode(mode), fromPaise(paise));

	test.each([
		[
			'IMPS',
			99,
			'Amount ₹0.99 is below the IMPS minimum of ₹1 (item 2)',
			'SMEPay pays at least ₹1 by IMPS: correct the amount, or leave the row out.',
		],
		[
			'NEFT',
			99,
			'Amount ₹0.99 is below the NEFT minimum of ₹1 (item 2)',
			'SMEPay pays at least ₹1 by NEFT: correct the amount, or leave the row out.',
		],
		[
			'RTGS',
			19_999_999,
			'Amount ₹1,99,999.99 is below the RTGS minimum of ₹2,00,000 (item 2)',
			'Send it by IMPS or NEFT.',
		],
		[
			'IMPS',
			50_000_001,
			'Amount ₹5,00,000.01 is above the IMPS limit of ₹5,00,000 (item 2)',
			'Send it by NEFT or RTGS, or split it into several payouts.',
		],
	])('%s %d paise is refused', (mode, paise, message, hint) => {
		const error = refusal(() => limit(mode, paise));
		expect(error.message).toBe(message);
		expect(error.description).toBe(hint);
	});

	test.each([
		['IMPS', 100],
		['IMPS', 50_000_000],
		['NEFT', 100],
		['NEFT', 999_999_999_999_999],
		['RTGS', 20_000_000],
		['RTGS', 999_999_999_999_999],
	])('%s %d paise passes', (mode, paise) => {
		expect(limit(mode, paise)).toEqual(fromPaise(paise));
	});
});

describe('payment mode', () => {
	test.each([[undefined], [null], [''], ['  ']])('%p is IMPS', (value) => {
		expect(check.parse('Payment Mode', paymentMode, value)).toBe('IMPS');
	});
	test.each([
		['upi', 'Payment Mode "UPI" is not IMPS, NEFT or RTGS (item 2)'],
		[1, 'Payment Mode is not text, not IMPS, NEFT or RTGS (item 2)'],
		[['IMPS'], 'Payment Mode is a list, not IMPS, NEFT or RTGS (item 2)'],
		[true, 'Payment Mode is true or false, not IMPS, NEFT or RTGS (item 2)'],
	])('%p is refused', (value, message) => {
		const error = refusal(() => check.parse('Payment Mode', paymentMode, value));
		expect(error.message).toBe(message);
		expect(error.description).toBe('Use IMPS, NEFT or RTGS (any case); leave it empty for IMPS.');
	});
});

describe('reference id and remarks', () => {
	test('numbers: whole, from 0 to the largest exact one', () => {
		expect(check.parse('Reference ID', referenceId, 0)).toBe('0');
		expect(check.parse('Reference ID', referenceId, Number.MAX_SAFE_INTEGER)).toBe(
			'9007199254740991',
		);
		for (const bad of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, NaN]) {
			const error = refusal(() => check.parse('Reference ID', referenceId, bad));
			expect(error.message).toBe(
				'Reference ID arrived as a number that is not a whole number below 9,007,199,254,740,991 (item 2)',
			);
			expect(error.description).toBe(
				'Format the Reference ID column as text in the sheet, so it stays exactly as typed.',
			);
		}
	});

	test('empty and non-text', () => {
		const empty = refusal(() => check.parse('Reference ID', referenceId, ' '));
		expect(empty.message).toBe('Reference ID is empty (item 2)');
		expect(empty.description).toBe('Fill in Reference ID, or map it from the input data.');
		const object = refusal(() => check.parse('Reference ID', referenceId, { id: 'A' }));
		expect(object.message).toBe('Reference ID is an object, not a Reference ID (item 2)');
		expect(object.description).toBe('Map the one Reference ID column.');
		expect(check.parse('Reference ID', referenceId, ' A-1 ')).toBe('A-1');
	});

	test('remarks: 50 characters pass, 51 do not; numbers become text; lists are refused', () => {
		expect(check.parse('Remarks', remarks, 'x'.repeat(50))).toHaveLength(50);
		const long = refusal(() => check.parse('Remarks', remarks, ` ${'x'.repeat(51)} `));
		expect(long.message).toBe('Remarks is 51 characters long; SMEPay accepts at most 50 (item 2)');
		expect(long.description).toBe('Shorten it: it is the narration on the bank statement.');
		expect(check.parse('Remarks', remarks, 1041)).toBe('1041');
		expect(check.parse('Remarks', remarks, null)).toBeUndefined();
		const list = refusal(() => check.parse('Remarks', remarks, ['a']));
		expect(list.message).toBe('Remarks is a list, not text (item 2)');
		expect(list.description).toBe('Map the one remarks column.');
	});
});

describe('beneficiary details that are not text', () => {
	test('an account number as an object, a list or true/false', () => {
		expect(refusal(() => check.accountNumber('Beneficiary Account Number', {})).message).toBe(
			'Beneficiary Account Number is an object, not an account number (item 2)',
		);
		const flag = refusal(() => check.accountNumber('Beneficiary Account Number', true));
		expect(flag.message).toBe(
			'Beneficiary Account Number is true or false, not an account number (item 2)',
		);
		expect(flag.description).toBe('Map the one account number column.');
		expect(check.accountNumber('Beneficiary Account Number', '\u00a0123456789\t')).toBe(
			'123456789',
		);
	});

	test('scientific notation in text, in its spellings', () => {
		for (const text of ['3.33252E+13', '3.3e13', '3E+13', '3.33252e+13']) {
			expect(refusal(() => check.accountNumber('Beneficiary Account Number', text)).message).toBe(
				'Beneficiary Account Number is in scientific notation, so its last digits are already lost (item 2)',
			);
		}
	});
});

describe('helpers', () => {
	test('quoted: up to 40 characters in full, longer cut with an ellipsis', () => {
		expect(quoted('x'.repeat(40))).toBe(`"${'x'.repeat(40)}"`);
		expect(quoted('x'.repeat(41))).toBe(`"${'x'.repeat(40)}…"`);
		expect(quoted(1.5)).toBe('1.5');
	});

	test("SMEPay's amount schema says what it refused", () => {
		const result = apiAmount.safeParse('1,000');
		expect(result.success).toBe(false);
		expect(result.error.issues[0].message).toBe('is not an amount');
		expect(apiAmount.safeParse(100.5).data).toEqual(fromPaise(10050));
	});
});
