'use strict';
// parseAmount reads the amounts SMEPay itself sends (answers and webhooks): JSON numbers and plain
// decimal strings, never grouped. Amounts people type are typedAmount's job (typedAmount.test.js).
const {
	parseAmount,
	fromPaise,
	formatRupees,
	exactAmount,
	MAX_RUPEE_DIGITS,
} = require('../../nodes/SmePay/validation/amount');

describe('parseAmount keeps SMEPay amounts exact', () => {
	test.each([
		['100.10', '100.10', 10010],
		['100.1', '100.10', 10010],
		[100.1, '100.10', 10010],
		[5000.0, '5000.00', 500000],
		[0.29, '0.29', 29],
		['0.01', '0.01', 1],
		['00100', '100.00', 10000],
		['9999999999999.99', '9999999999999.99', 999999999999999],
		['1000000000000', '1000000000000.00', 100000000000000],
	])('%p → %s', (input, text, paise) => {
		expect(parseAmount(input)).toEqual({ text, paise, rupees: Number(text) });
	});

	test.each([
		['0'],
		['0.00'],
		[0],
		[-0],
		['-5'],
		[-5],
		['+5'],
		['1.005'],
		['abc'],
		[''],
		[null],
		[undefined],
		[true],
		[['100']],
		[{ amount: 100 }],
		[0.1 + 0.2],
		[NaN],
		[Infinity],
		[1e21],
		[1e-7],
		['1e5'],
		['10.'],
		['.5'],
		[' 42 '],
		['5,00,000'],
		['1,500.50'],
		['1500,50'],
		['₹100'],
		['10000000000000'],
		['１００'],
	])('refuses %p', (input) => {
		expect(parseAmount(input)).toBeUndefined();
	});

	test('exactAmount: plain digits, at most 13 before the dot and 2 after', () => {
		expect(MAX_RUPEE_DIGITS).toBe(13);
		expect(exactAmount('1234567890123.45')?.paise).toBe(123456789012345);
		expect(exactAmount('12345678901234')).toBeUndefined();
		expect(exactAmount('1.234')).toBeUndefined();
		expect(exactAmount('0.00')).toBeUndefined();
		expect(exactAmount('0.01')?.paise).toBe(1);
		expect(exactAmount('x1')).toBeUndefined();
		expect(exactAmount('1x')).toBeUndefined();
	});

	test('the JSON number of a payout amount is the exact decimal', () => {
		for (const paise of [1, 10, 99, 10010, 123456789, 50000000]) {
			const { rupees, text } = fromPaise(paise);
			expect(JSON.stringify(rupees)).toBe(String(Number(text)));
			expect(Math.round(rupees * 100)).toBe(paise);
		}
		expect(fromPaise(5)).toEqual({ text: '0.05', paise: 5, rupees: 0.05 });
		expect(fromPaise(150050)).toEqual({ text: '1500.50', paise: 150050, rupees: 1500.5 });
	});

	test('formats rupees the Indian way for messages', () => {
		expect(formatRupees(50000000)).toBe('₹5,00,000');
		expect(formatRupees(20000000)).toBe('₹2,00,000');
		expect(formatRupees(12345678910)).toBe('₹12,34,56,789.10');
		expect(formatRupees(500)).toBe('₹5');
		expect(formatRupees(50)).toBe('₹0.50');
		expect(formatRupees(100000)).toBe('₹1,000');
		expect(formatRupees(99999)).toBe('₹999.99');
	});
});
