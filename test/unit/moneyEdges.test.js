'use strict';
// Edges of the money and bank-detail checks that mutation testing showed no other test pins:
// each refusal must name the real problem, not a neighbouring one (a text that only contains an
// exponent is not "written with an exponent"; a decimal comma after a two-digit group is still
// one).
const { InputChecker } = require('../../nodes/SmePay/validation/InputChecker');
const { refusalOf, kindOf } = require('../../nodes/SmePay/validation/refusal');

const { NODE: node, refusal } = require('./fixtures');
const check = new InputChecker(node, 2);

describe('typed amounts: the refusal names the real problem', () => {
	test.each([
		// Only the whole text in exponent form is one; text around it makes it no amount at all.
		['x1e5', 'is not an amount'],
		['1e5x', 'is not an amount'],
		['1 2e5', 'is not an amount'],
		['1.5e3', 'is written with an exponent'],
		// Thousands grouped with dots and a decimal comma, the first group 1 to 3 digits long.
		['10.500,50', 'looks like it has a decimal comma'],
		['100.500,50', 'looks like it has a decimal comma'],
		['1.500,50', 'looks like it has a decimal comma'],
		['1000.500,50', 'is not an amount'],
	])('%s → %s', (input, problem) => {
		const error = refusal(() => check.amount('Amount', input));
		expect(error.message).toBe(`Amount "${input}" ${problem} (item 2)`);
	});
});

describe('account numbers: only the whole text in scientific notation is called that', () => {
	test.each([
		['3.33e+13', 'is in scientific notation, so its last digits are already lost'],
		['A3.33e+13', 'is not a valid bank account number'],
		['3.33e+13A', 'is not a valid bank account number'],
	])('%s → %s', (input, problem) => {
		const error = refusal(() => check.accountNumber('Beneficiary Account', input));
		expect(error.message).toBe(`Beneficiary Account ${problem} (item 2)`);
		expect(error.message).not.toContain(input);
	});
});

test('a payout id that is no UUID says where the right one comes from', () => {
	const error = refusal(() => check.uuid('Payout ID', 'PO-42'));
	expect(error.message).toBe('Payout ID "PO-42" is not a UUID (item 2)');
	expect(error.description).toBe(
		'Use the `id` that SMEPay returned, like 7e9d3c12-a4f1-4b2e-9c3d-8e7f6a5b4c3d.',
	);
});

describe('refusal helpers', () => {
	test('a custom issue without params (zod addIssue with a message only) has no hint', () => {
		expect(refusalOf({ code: 'custom', message: 'is not an amount', path: [] })).toEqual({
			problem: 'is not an amount',
			hint: undefined,
		});
	});

	test.each([
		[[1], 'a list'],
		[{ a: 1 }, 'an object'],
		[true, 'true or false'],
		[10n, 'not text'],
		[() => 1, 'not text'],
		[Symbol('s'), 'not text'],
	])('kindOf(%p) is %s', (value, kind) => {
		expect(kindOf(value)).toBe(kind);
	});
});
