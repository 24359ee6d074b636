'use strict';
const { parseAmount, fromPaise, formatRupees } = require('../../dist/nodes/SmePay/validation/amount');

describe('parseAmount keeps money exact', () => {
	test.each([
		['100.10', '100.10', 10010],
		['100.1', '100.10', 10010],
		[100.1, '100.10', 10010],
		['0.01', '0.01', 1],
		['5,00,000', '500000.00', 50000000],
		[' 42 ', '42.00', 4200],
		['1000000000000', '1000000000000.00', 100000000000000],
	])('%p → %s', (input, text, paise) => {
		expect(parseAmount(input)).toEqual({ text, paise, rupees: Number(text) });
	});

	test.each([['0'], ['0.00'], ['-5'], ['1.005'], ['abc'], [''], [null], [undefined], [0.1 + 0.2], [NaN], [Infinity], ['1e5'], ['10.']])(
		'refuses %p',
		(input) => {
			expect(parseAmount(input)).toBeUndefined();
		},
	);

	test('the JSON number of a payout amount is the exact decimal', () => {
		for (const paise of [1, 10, 99, 10010, 123456789, 50000000]) {
			const { rupees, text } = fromPaise(paise);
			expect(JSON.stringify(rupees)).toBe(String(Number(text)));
			expect(Math.round(rupees * 100)).toBe(paise);
		}
	});

	test('formats rupees the Indian way for messages', () => {
		expect(formatRupees(50000000)).toBe('₹5,00,000');
		expect(formatRupees(20000000)).toBe('₹2,00,000');
		expect(formatRupees(12345678910)).toBe('₹12,34,56,789.10');
		expect(formatRupees(500)).toBe('₹5');
	});
});
