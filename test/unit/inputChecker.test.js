'use strict';
const { InputChecker } = require('../../dist/nodes/SmePay/validation/InputChecker');

const node = { id: '1', name: 'SMEPay', type: 'n8n-nodes-smepay.smePay', typeVersion: 1, position: [0, 0], parameters: {} };
const check = new InputChecker(node, 7);

function refusal(fn) {
	try {
		fn();
	} catch (error) {
		return error;
	}
	throw new Error('expected a refusal');
}

describe('InputChecker', () => {
	test('names the field and the item, and says what is valid', () => {
		const error = refusal(() => check.amount('Amount', '12.345'));
		expect(error.message).toBe('Amount "12.345" is not a valid amount (item 7)');
		expect(error.description).toMatch(/at most 2 decimals/);
		expect(error.context.itemIndex).toBe(7);
	});

	test('IFSC: 4 letters, a zero, 6 letters or digits; lower case is normalised', () => {
		expect(check.ifsc('Beneficiary IFSC', 'sbin0001234')).toBe('SBIN0001234');
		for (const bad of ['SBIN1001234', 'SBI00001234', 'SBIN000123', 'SBIN00012345', '']) {
			const error = refusal(() => check.ifsc('Beneficiary IFSC', bad));
			expect(error.message).toMatch(/^Beneficiary IFSC .*\(item 7\)$/);
		}
	});

	test('beneficiary details are never repeated in refusals', () => {
		const account = refusal(() => check.accountNumber('Beneficiary Account', '12AB3456789'));
		const ifsc = refusal(() => check.ifsc('Beneficiary IFSC', 'NESF1000333'));
		expect(`${account.message} ${account.description}`).not.toContain('12AB3456789');
		expect(`${ifsc.message} ${ifsc.description}`).not.toContain('NESF1000333');
	});

	test('account numbers: 9 to 18 digits, spaces ignored', () => {
		expect(check.accountNumber('Beneficiary Account', '0333 2522 1134 005')).toBe('033325221134005');
		expect(() => check.accountNumber('Beneficiary Account', '12345678')).toThrow(/not a valid bank account number/);
		expect(() => check.accountNumber('Beneficiary Account', '1234567890123456789')).toThrow();
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
		expect(check.uuid('Payout ID', '7e9d3c12-a4f1-4b2e-9c3d-8e7f6a5b4c3d')).toBe('7e9d3c12-a4f1-4b2e-9c3d-8e7f6a5b4c3d');
		expect(() => check.uuid('Payout ID', 'TXN-1')).toThrow(/is not a UUID/);
		expect(check.email('Email', 'a@b.in')).toBe('a@b.in');
		expect(() => check.email('Email', 'a@b')).toThrow(/not a valid email/);
		expect(check.mobile('Mobile', '+91 98765 43210')).toBe('+919876543210');
		expect(() => check.mobile('Mobile', '12345')).toThrow(/not a valid Indian mobile/);
		expect(check.url('Callback URL', 'https://x.in/hook?slug=1')).toBe('https://x.in/hook?slug=1');
		expect(() => check.url('Callback URL', 'ftp://x')).toThrow(/not an http\(s\) URL/);
	});
});
