'use strict';
// Amounts a person or a sheet typed, read through InputChecker as every operation reads them:
// each input parses to exactly what was written, or is refused saying why and what to do.
const { InputChecker } = require('../../nodes/SmePay/validation/InputChecker');
const { typedAmount } = require('../../nodes/SmePay/validation/typedAmount');

const { NODE: node } = require('./fixtures');
const check = new InputChecker(node, 3);

function refusal(value) {
	try {
		check.amount('Amount', value);
	} catch (error) {
		return error;
	}
	throw new Error(`expected ${JSON.stringify(value)} to be refused`);
}

describe('accepted: exactly the paise written', () => {
	test.each([
		['1500.50', 150050],
		['1500.5', 150050],
		['1,500.50', 150050],
		['1,50,050.00', 15005000],
		['2,50,000.00', 25000000],
		['250,000.00', 25000000],
		['12,34,56,789.10', 1234567891 * 10],
		['123,456,789.10', 1234567891 * 10],
		['1,000', 100000],
		['10,000', 1000000],
		['1,00,000', 10000000],
		[' 1500 ', 150000],
		['\u00a01500\u00a0', 150000],
		['0.50', 50],
		['0.01', 1],
		['007', 700],
		['00000000000001', 100],
		['₹1,500.50', 150050],
		['₹ 1500', 150000],
		['Rs. 1,500', 150000],
		['Rs 1500', 150000],
		['rs1500', 150000],
		['INR 1500.5', 150050],
		['9999999999999.99', 999999999999999],
		['99,99,99,99,99,999.99', 999999999999999],
		['9,999,999,999,999.99', 999999999999999],
		[1500.5, 150050],
		[100.1, 10010],
		[0.29, 29],
		[1, 100],
		[9999999999999.99, 999999999999999],
	])('%p → %d paise', (input, paise) => {
		expect(check.amount('Amount', input).paise).toBe(paise);
		expect(typedAmount.parse(input).paise).toBe(paise);
	});

	test('the amount carries text and rupees for the two kinds of endpoint', () => {
		expect(check.amount('Amount', '1,500.5')).toEqual({
			text: '1500.50',
			paise: 150050,
			rupees: 1500.5,
		});
	});
});

const WRITE_IT = 'Write the amount in rupees with at most 2 decimals, like 1500 or 1,500.50.';
const ABOVE_0 = `An amount is above 0. ${WRITE_IT}`;
const COMMA_HINT =
	'Write the paise after a dot, like 1500.50. A comma may only group digits: 1,500.50 or 1,50,050.00.';
const GROUP_HINT =
	'Group digits in thousands (250,000.00) or the Indian way (2,50,000.00), or leave the commas out.';
const ONE_VALUE = 'Map one value, a number or text like 1500.50, e.g. {{ $json.amount }}.';
const DECIMALS = 'Amounts are in rupees with at most 2 decimals (paise), like 100 or 100.50.';
const CALCULATED =
	'Amounts are in rupees with at most 2 decimals (paise). If it is calculated, round it where it is calculated, e.g. {{ $json.total.toFixed(2) }}.';
const TOO_LARGE = 'An amount has at most 13 digits before the decimal point.';

describe('refused, saying why', () => {
	test.each([
		['1500,50', '"1500,50" looks like it has a decimal comma', COMMA_HINT],
		['0,50', '"0,50" looks like it has a decimal comma', COMMA_HINT],
		['10,5', '"10,5" looks like it has a decimal comma', COMMA_HINT],
		['1,50', '"1,50" looks like it has a decimal comma', COMMA_HINT],
		['0,500', '"0,500" looks like it has a decimal comma', COMMA_HINT],
		['1.500,50', '"1.500,50" looks like it has a decimal comma', COMMA_HINT],
		['1.500.000,5', '"1.500.000,5" looks like it has a decimal comma', COMMA_HINT],
		['₹1500,50', '"₹1500,50" looks like it has a decimal comma', COMMA_HINT],
		['1,,0,0', '"1,,0,0" has commas that do not group digits', GROUP_HINT],
		['25,0000', '"25,0000" has commas that do not group digits', GROUP_HINT],
		['1,0000.00', '"1,0000.00" has commas that do not group digits', GROUP_HINT],
		['100,00,000', '"100,00,000" has commas that do not group digits', GROUP_HINT],
		['1,00,000,000', '"1,00,000,000" has commas that do not group digits', GROUP_HINT],
		['0,500,000', '"0,500,000" has commas that do not group digits', GROUP_HINT],
		[',500', '",500" has commas that do not group digits', GROUP_HINT],
		['500,', '"500," has commas that do not group digits', GROUP_HINT],
		['1,500.', '"1,500." is not an amount', WRITE_IT],
		['10.', '"10." is not an amount', WRITE_IT],
		['.50', '".50" is not an amount', WRITE_IT],
		['1.2.3', '"1.2.3" is not an amount', WRITE_IT],
		['1 500', '"1 500" is not an amount', WRITE_IT],
		['0x10', '"0x10" is not an amount', WRITE_IT],
		['NaN', '"NaN" is not an amount', WRITE_IT],
		['Infinity', '"Infinity" is not an amount', WRITE_IT],
		['0.1+0.2', '"0.1+0.2" is not an amount', WRITE_IT],
		['₹', '"₹" is not an amount', WRITE_IT],
		['1500 ₹', '"1500 ₹" is not an amount', WRITE_IT],
		['500/-', '"500/-" is not an amount', WRITE_IT],
		['1e3', '"1e3" is written with an exponent', 'Write the digits out, like 1000.'],
		['1.5E+3', '"1.5E+3" is written with an exponent', 'Write the digits out, like 1000.'],
		['2e-2', '"2e-2" is written with an exponent', 'Write the digits out, like 1000.'],
		['-5', '"-5" is negative', ABOVE_0],
		['-0', '"-0" is negative', ABOVE_0],
		['−5', '"−5" is negative', ABOVE_0],
		['–5', '"–5" is negative', ABOVE_0],
		['Rs -5', '"Rs -5" is negative', ABOVE_0],
		['+5', '"+5" has a + sign', WRITE_IT],
		['0', '"0" is not above 0', ABOVE_0],
		['0.00', '"0.00" is not above 0', ABOVE_0],
		['0,000', '"0,000" looks like it has a decimal comma', COMMA_HINT],
		['10.005', '"10.005" has more than 2 decimals', DECIMALS],
		['1.500', '"1.500" has more than 2 decimals', DECIMALS],
		['1,500.505', '"1,500.505" has more than 2 decimals', DECIMALS],
		['１５００', '"１５００" has digits other than 0-9', 'Type the amount with the digits 0-9.'],
		['१५००', '"१५००" has digits other than 0-9', 'Type the amount with the digits 0-9.'],
		['15٠٠', '"15٠٠" has digits other than 0-9', 'Type the amount with the digits 0-9.'],
		['10000000000000', '"10000000000000" is too large', TOO_LARGE],
		['10,00,00,00,00,00,000', '"10,00,00,00,00,00,000" is too large', TOO_LARGE],
		['x'.repeat(50), `"${'x'.repeat(40)}…" is not an amount`, WRITE_IT],
		[0.1 + 0.2, '0.30000000000000004 has more than 2 decimals', CALCULATED],
		[10.005, '10.005 has more than 2 decimals', CALCULATED],
		[1e-7, '1e-7 has more than 2 decimals', CALCULATED],
		[0, '0 is not above 0', ABOVE_0],
		[-0, '0 is not above 0', ABOVE_0],
		[-5, '-5 is negative', ABOVE_0],
		[-0.01, '-0.01 is negative', ABOVE_0],
		[NaN, 'NaN is not an amount', WRITE_IT],
		[Infinity, 'Infinity is not an amount', WRITE_IT],
		[-Infinity, '-Infinity is not an amount', WRITE_IT],
		[1e13, '10000000000000 is too large', TOO_LARGE],
		[1e21, '1e+21 is too large', TOO_LARGE],
		[['250'], 'is a list, not one amount', ONE_VALUE],
		[[], 'is a list, not one amount', ONE_VALUE],
		[{}, 'is an object, not an amount', ONE_VALUE],
		[{ amount: 250 }, 'is an object, not an amount', ONE_VALUE],
		[true, 'is true or false, not an amount', ONE_VALUE],
		[false, 'is true or false, not an amount', ONE_VALUE],
		[250n, 'is not an amount', ONE_VALUE],
	])('%p: Amount %s', (input, problem, hint) => {
		const error = refusal(input);
		expect(error.message).toBe(`Amount ${problem} (item 3)`);
		expect(error.description).toBe(hint);
		expect(error.context.itemIndex).toBe(3);
	});

	test.each([[''], ['   '], [null], [undefined]])('%p: Amount is empty', (input) => {
		const error = refusal(input);
		expect(error.message).toBe('Amount is empty (item 3)');
		expect(error.description).toBe('Fill in Amount, or map it from the input data.');
	});
});
