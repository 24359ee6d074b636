'use strict';
const { InputChecker } = require('../../nodes/SmePay/validation/InputChecker');

const { NODE: node, refusal } = require('./fixtures');
const check = new InputChecker(node, 7);

describe('InputChecker', () => {
	test('names the field and the item, and says what is valid', () => {
		const error = refusal(() => check.amount('Amount', '12.345'));
		expect(error.message).toBe('Amount "12.345" has more than 2 decimals (item 7)');
		expect(error.description).toMatch(/at most 2 decimals/);
		expect(error.context.itemIndex).toBe(7);
	});

	test('parse: a schema\'s refusal becomes "<Field> <problem> (item N)" with its hint', () => {
		const { z } = require('zod');
		const { refuse, EMPTY } = require('../../nodes/SmePay/validation/refusal');
		const even = z
			.number()
			.transform((n, ctx) => (n % 2 === 0 ? n : refuse(ctx, 'is odd', 'Use an even number.')));
		expect(check.parse('Count', even, 4)).toBe(4);
		const odd = refusal(() => check.parse('Count', even, 3));
		expect(odd.message).toBe('Count is odd (item 7)');
		expect(odd.description).toBe('Use an even number.');
		// An issue of zod's own (here: not a number) says only that the value is not valid.
		const own = refusal(() => check.parse('Count', even, 'x'));
		expect(own.message).toBe('Count is not valid (item 7)');
		expect(own.description).toBeUndefined();
		// An empty value's hint names the field.
		const blank = z.unknown().transform((_, ctx) => refuse(ctx, EMPTY));
		expect(refusal(() => check.parse('Order ID', blank, '')).description).toBe(
			'Fill in Order ID, or map it from the input data.',
		);
		const silent = z.unknown().transform((_, ctx) => refuse(ctx, 'is wrong'));
		expect(refusal(() => check.parse('X', silent, 1)).description).toBeUndefined();
	});

	test('IFSC: 4 letters, a zero, 6 letters or digits; lower case is normalised', () => {
		expect(check.ifsc('Beneficiary IFSC', 'sbin0001234')).toBe('SBIN0001234');
		expect(check.ifsc('Beneficiary IFSC', ' SBIN0001234 ')).toBe('SBIN0001234');
		for (const bad of [
			'SBIN1001234',
			'SBI00001234',
			'SBIN000123',
			'SBIN00012345',
			'ßBI0001234',
			12345678901,
			['SBIN0001234'],
		]) {
			const error = refusal(() => check.ifsc('Beneficiary IFSC', bad));
			expect(error.message).toBe('Beneficiary IFSC is not a valid IFSC (item 7)');
			expect(error.description).toBe(
				'An IFSC has 11 characters: 4 letters, a zero, then 6 letters or digits (like SBIN0001234).',
			);
		}
		expect(refusal(() => check.ifsc('Beneficiary IFSC', ' ')).message).toBe(
			'Beneficiary IFSC is empty (item 7)',
		);
	});

	test('beneficiary details are never repeated in refusals', () => {
		const account = refusal(() => check.accountNumber('Beneficiary Account', '12AB3456789'));
		const ifsc = refusal(() => check.ifsc('Beneficiary IFSC', 'NESF1000333'));
		expect(`${account.message} ${account.description}`).not.toContain('12AB3456789');
		expect(`${ifsc.message} ${ifsc.description}`).not.toContain('NESF1000333');
	});

	test('account numbers: 9 to 18 digits as text, spaces ignored, leading zeros kept', () => {
		expect(check.accountNumber('Beneficiary Account', '0333 2522 1134 005')).toBe(
			'033325221134005',
		);
		expect(check.accountNumber('Beneficiary Account', '123456789')).toBe('123456789');
		expect(check.accountNumber('Beneficiary Account', '123456789012345678')).toBe(
			'123456789012345678',
		);
		for (const bad of ['12345678', '1234567890123456789', '12345-67890', '１２３４５６７８９']) {
			const error = refusal(() => check.accountNumber('Beneficiary Account', bad));
			expect(error.message).toBe('Beneficiary Account is not a valid bank account number (item 7)');
			expect(error.description).toBe('Use 9 to 18 digits, with no letters or symbols.');
		}
		expect(refusal(() => check.accountNumber('Beneficiary Account', '')).message).toBe(
			'Beneficiary Account is empty (item 7)',
		);
		expect(refusal(() => check.accountNumber('Beneficiary Account', ['123456789'])).message).toBe(
			'Beneficiary Account is a list, not an account number (item 7)',
		);
	});

	test('account numbers typed as numbers are refused whatever their value, saying to keep the column as text', () => {
		for (const number of [33325221134005, 123456789012, 12345678901234567, 1.5, 123456789012n]) {
			const error = refusal(() => check.accountNumber('Beneficiary Account', number));
			expect(error.message).toBe(
				'Beneficiary Account arrived as a number, so a leading zero may already be lost (item 7)',
			);
			expect(error.description).toMatch(/^Format the account number column as text in the sheet/);
			expect(`${error.message} ${error.description}`).not.toContain(String(number));
		}
		// What a sheet shows of a long number column read as text.
		const scientific = refusal(() => check.accountNumber('Beneficiary Account', '3.33252E+13'));
		expect(scientific.message).toBe(
			'Beneficiary Account is in scientific notation, so its last digits are already lost (item 7)',
		);
		expect(scientific.description).toMatch(/column as text/);
	});

	test('text length limits and empties', () => {
		expect(check.text('Remarks', 'x'.repeat(50), { maxLength: 50 })).toHaveLength(50);
		expect(() => check.text('Remarks', 'x'.repeat(51), { maxLength: 50 })).toThrow(
			'Remarks is 51 characters long; SMEPay accepts at most 50 (item 7)',
		);
		expect(() => check.text('Order ID', '   ')).toThrow('Order ID is empty (item 7)');
		expect(check.optionalText('Remarks', '')).toBeUndefined();
	});

	test('UUIDs, emails, mobiles, URLs', () => {
		expect(check.uuid('Payout ID', '7e9d3c12-a4f1-4b2e-9c3d-8e7f6a5b4c3d')).toBe(
			'7e9d3c12-a4f1-4b2e-9c3d-8e7f6a5b4c3d',
		);
		expect(() => check.uuid('Payout ID', 'TXN-1')).toThrow(/is not a UUID/);
		expect(check.email('Email', 'a@b.in')).toBe('a@b.in');
		expect(() => check.email('Email', 'a@b')).toThrow(/not a valid email/);
		expect(check.mobile('Mobile', '+91 98765 43210')).toBe('+919876543210');
		expect(() => check.mobile('Mobile', '12345')).toThrow(/not a valid Indian mobile/);
		expect(check.url('Callback URL', 'https://x.in/hook?slug=1')).toBe('https://x.in/hook?slug=1');
		expect(() => check.url('Callback URL', 'ftp://x')).toThrow(/does not start with http/);
	});
	test('IFSC, UUID, mobile and URL checks look at the whole value, not a part of it', () => {
		// A valid value with junk before or after is refused, never paid or called as it is.
		for (const bad of ['XSBIN0001234', 'SBIN0001234X', '1SBIN0001234']) {
			expect(refusal(() => check.ifsc('Beneficiary IFSC', bad)).message).toBe(
				'Beneficiary IFSC is not a valid IFSC (item 7)',
			);
		}
		const uuid = '7e9d3c12-a4f1-4b2e-9c3d-8e7f6a5b4c3d';
		for (const bad of [`x${uuid}`, `${uuid}0`, `../${uuid}`, `${uuid}/cancel`]) {
			expect(refusal(() => check.uuid('Payout ID', bad)).message).toBe(
				`Payout ID "${bad}" is not a UUID (item 7)`,
			);
		}
		for (const bad of ['1239876543210', '98765432101', '+91987654321099', '0919876543210']) {
			expect(refusal(() => check.mobile('Mobile', bad)).message).toBe(
				`Mobile "${bad}" is not a valid Indian mobile number (item 7)`,
			);
		}
		expect(check.mobile('Mobile', '919876543210')).toBe('919876543210');
		expect(check.mobile('Mobile', '98765-43210')).toBe('9876543210');
		for (const bad of ['see https://x.in/hook', 'https://x.in/hook now']) {
			expect(refusal(() => check.url('Callback URL', bad)).message).toBe(
				'Callback URL contains a space (item 7)',
			);
		}
		expect(refusal(() => check.url('Callback URL', 'xhttp://x.in')).message).toBe(
			'Callback URL does not start with http:// or https:// (item 7)',
		);
		expect(check.url('Callback URL', 'HTTP://x.in')).toBe('HTTP://x.in');
		for (const bad of ['a b@c.in', 'a@b c.in', 'x a@b.in', 'a@b.in x']) {
			expect(refusal(() => check.email('Email', bad)).message).toBe(
				`Email "${bad}" is not a valid email address (item 7)`,
			);
		}
	});

	test('text: numbers become their digits, anything else is empty, with the hint naming the field', () => {
		expect(check.text('Amount', 250)).toBe('250');
		expect(check.text('Order ID', '  ORD-1  ')).toBe('ORD-1');
		for (const empty of ['', undefined, null, {}, ['A'], true]) {
			const error = refusal(() => check.text('Order ID', empty));
			expect(error.message).toBe('Order ID is empty (item 7)');
			expect(error.description).toBe('Fill in Order ID, or map it from the input data.');
			expect(error.context.itemIndex).toBe(7);
		}
		// Without a limit, any length is taken.
		expect(check.text('Name', 'x'.repeat(500))).toHaveLength(500);
		expect(check.optionalText('Order ID', undefined)).toBeUndefined();
		expect(check.optionalText('Order ID', null)).toBeUndefined();
		expect(check.optionalText('Order ID', ' ORD-2 ', { maxLength: 5 })).toBe('ORD-2');
		expect(() => check.optionalText('Order ID', 'ORD-123', { maxLength: 5 })).toThrow(
			'Order ID is 7 characters long; SMEPay accepts at most 5 (item 7)',
		);
		expect(() => check.optionalText('Order ID', '  ')).toThrow('Order ID is empty (item 7)');
	});

	test('seconds: within the range inclusive, anything else refused', () => {
		expect(check.seconds('Poll Interval', 5, 5, 60)).toBe(5);
		expect(check.seconds('Poll Interval', '60', 5, 60)).toBe(60);
		expect(check.seconds('Poll Interval', 30, 5, 60)).toBe(30);
		for (const bad of [4, 4.99, 60.01, 61, 'soon', NaN, Infinity, -Infinity, undefined]) {
			const error = refusal(() => check.seconds('Poll Interval', bad, 5, 60));
			expect(error.message).toBe('Poll Interval must be between 5 and 60 seconds (item 7)');
			expect(error.context.itemIndex).toBe(7);
		}
	});
});
