'use strict';
// The trigger's secret check, as a table of cases (like n8n's StripeTrigger verification tests).
const { providedSecret, secretMatches } = require('../../nodes/SmePayTrigger/secret');

const SECRET = 's3cr3t-9f2c-long-random-text';

describe('secretMatches', () => {
	test.each([
		['no secret configured: every request passes', '', undefined, true],
		['no secret configured, request carries one anyway', '', 'whatever', true],
		['secret configured, request carries none', SECRET, undefined, false],
		['wrong secret of the same length', SECRET, SECRET.replace('9', '8'), false],
		['wrong secret, shorter', SECRET, 's3cr3t', false],
		['wrong secret, longer (right one as prefix)', SECRET, `${SECRET}x`, false],
		['right secret', SECRET, SECRET, true],
		['case matters', SECRET, SECRET.toUpperCase(), false],
	])('%s', (_, expected, provided, result) => {
		expect(secretMatches(expected, provided)).toBe(result);
	});
});

describe('providedSecret', () => {
	test.each([
		['header x-smepay-token', { 'x-smepay-token': 'h' }, {}, 'h'],
		['query ?token=', {}, { token: 'q' }, 'q'],
		['header wins over query', { 'x-smepay-token': 'h' }, { token: 'q' }, 'h'],
		['repeated header: the first', { 'x-smepay-token': ['a', 'b'] }, {}, 'a'],
		['empty header falls back to the query', { 'x-smepay-token': '' }, { token: 'q' }, 'q'],
		['repeated query parameter (an array) is not a secret', {}, { token: ['a', 'b'] }, undefined],
		['an empty ?token= is no secret', {}, { token: '' }, undefined],
		['nothing', {}, {}, undefined],
	])('%s', (_, headers, query, result) => {
		expect(providedSecret(headers, query)).toBe(result);
	});
});
