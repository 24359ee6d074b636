'use strict';
// The words the trigger's "SMEPay knows no …" error uses for the credential's environment. The
// engine tests reach only the sandbox (a custom base URL); Test and Live are told apart here.
const { describeEnvironment } = require('../../nodes/SmePayTrigger/verify');

describe('describeEnvironment', () => {
	test.each([
		['Test', { environment: 'test', baseUrl: 'https://ignored.example' }, 'environment Test'],
		['Live', { environment: 'live' }, 'environment Live'],
		[
			'a custom base URL: its host, not its path or query',
			{ environment: 'custom', baseUrl: 'http://127.0.0.1:4010/smepay?x=1' },
			'custom base URL 127.0.0.1:4010',
		],
		[
			'an environment that is neither test nor live reads the base URL',
			{ environment: 'TEST', baseUrl: 'https://sandbox.example' },
			'custom base URL sandbox.example',
		],
	])('%s', (_, credentials, words) => {
		expect(describeEnvironment(credentials)).toBe(words);
	});

	test('a custom environment without a valid base URL throws (the caller says "unknown")', () => {
		expect(() => describeEnvironment({ environment: 'custom' })).toThrow();
	});
});
