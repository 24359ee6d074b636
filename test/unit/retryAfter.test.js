'use strict';
// Retry-After as SMEPay (or a proxy in front of it) may send it, and which failures are retried.
const fc = require('fast-check');
const {
	MAX_RETRY_AFTER_MS,
	parseRetryAfterMs,
	isNetworkFailure,
	isRetryable,
	readHttpFailure,
} = require('../../credentials/common/httpFailure');
const { backoffMs, TimeBudget } = require('../../nodes/SmePay/transport/timing');

const NOW = Date.parse('2026-03-01T10:00:00Z');

describe('parseRetryAfterMs', () => {
	test.each([
		['0', 0],
		['1', 1000],
		[' 7 ', 7000],
		['30', 30_000],
		['31', MAX_RETRY_AFTER_MS],
		['86400', MAX_RETRY_AFTER_MS],
		[3, 3000],
		[['2', '9'], 2000],
	])('delay-seconds %p → %p ms', (value, ms) => {
		expect(parseRetryAfterMs(value, NOW)).toBe(ms);
	});

	test.each([
		['-1'],
		['-30'],
		['1.5'],
		['soon'],
		[''],
		['  '],
		[undefined],
		[null],
		[{}],
		[-2],
		['1e3'],
		['0x10'],
	])('%p is no Retry-After', (value) => {
		expect(parseRetryAfterMs(value, NOW)).toBeUndefined();
	});

	test('an HTTP date: the time until then, 0 once it has passed, at most the maximum', () => {
		expect(parseRetryAfterMs('Sun, 01 Mar 2026 10:00:05 GMT', NOW)).toBe(5000);
		expect(parseRetryAfterMs('Sun, 01 Mar 2026 09:59:00 GMT', NOW)).toBe(0);
		expect(parseRetryAfterMs('Sun, 01 Mar 2026 11:00:00 GMT', NOW)).toBe(MAX_RETRY_AFTER_MS);
		expect(parseRetryAfterMs('Sun, 99 Foo 2026 10:00:05 GMT', NOW)).toBeUndefined();
		expect(MAX_RETRY_AFTER_MS).toBe(30_000);
	});

	test('property: any whole number of seconds waits that long, cut to the maximum', () => {
		fc.assert(
			fc.property(fc.nat(10_000_000), (seconds) => {
				expect(parseRetryAfterMs(String(seconds), NOW)).toBe(
					Math.min(seconds * 1000, MAX_RETRY_AFTER_MS),
				);
			}),
		);
	});

	test('property: any HTTP date waits until then, within 0..maximum', () => {
		fc.assert(
			fc.property(fc.integer({ min: -1e9, max: 1e9 }), (offsetSeconds) => {
				const at = NOW + offsetSeconds * 1000;
				const ms = parseRetryAfterMs(new Date(at).toUTCString(), NOW);
				expect(ms).toBe(Math.min(Math.max(at - NOW, 0), MAX_RETRY_AFTER_MS));
			}),
		);
	});

	test('property: whatever the header says, the wait is undefined or within 0..maximum', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.integer(), fc.double()), (value) => {
				const ms = parseRetryAfterMs(value, NOW);
				if (ms !== undefined) {
					expect(ms).toBeGreaterThanOrEqual(0);
					expect(ms).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
				}
			}),
		);
	});

	test('read from the answer headers of an HTTP error', () => {
		const error = { response: { status: 429, headers: { 'retry-after': '2' } } };
		expect(readHttpFailure(error)).toMatchObject({ status: 429, retryAfterMs: 2000 });
		expect(
			readHttpFailure({ response: { status: 503, headers: { 'retry-after': '-4' } } }).retryAfterMs,
		).toBeUndefined();
	});
});

describe('backoff', () => {
	test('Retry-After wins, including 0', () => {
		expect(backoffMs(1, { retryAfterMs: 0 })).toBe(0);
		expect(backoffMs(3, { retryAfterMs: 1234 })).toBe(1234);
	});

	test('else exponential with jitter: half to all of 250 ms × 2^(attempt-1), at most 8 s', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 40 }), (attempt) => {
				const full = Math.min(250 * 2 ** (attempt - 1), 8000);
				const ms = backoffMs(attempt, {});
				expect(ms).toBeGreaterThanOrEqual(full / 2);
				expect(ms).toBeLessThanOrEqual(full);
			}),
		);
	});

	test('a budget cuts the timeout to what is left and refuses waits past its end', () => {
		const unbounded = new TimeBudget(30_000);
		expect(unbounded.timeoutMs()).toBe(30_000);
		expect(unbounded.hasTimeFor(1e9)).toBe(true);
		const budget = new TimeBudget(30_000, 5000);
		expect(budget.timeoutMs()).toBeLessThanOrEqual(5000);
		expect(budget.timeoutMs()).toBeGreaterThan(4000);
		expect(budget.hasTimeFor(100)).toBe(true);
		expect(budget.hasTimeFor(5000)).toBe(false);
		expect(new TimeBudget(1000, 5000).timeoutMs()).toBe(1000);
		expect(new TimeBudget(1000, -10).timeoutMs()).toBe(1);
	});
});

describe('which failures are retried', () => {
	const network = (code) => readHttpFailure(Object.assign(new Error('x'), { code }));

	test.each([
		'ECONNRESET',
		'ECONNREFUSED',
		'ETIMEDOUT',
		'ECONNABORTED',
		'ESOCKETTIMEDOUT',
		'ENOTFOUND',
		'EAI_AGAIN',
		'EPIPE',
		'EHOSTUNREACH',
		'ENETUNREACH',
	])('%s is a network failure, retried', (code) => {
		expect(isNetworkFailure(network(code))).toBe(true);
		expect(isRetryable(network(code))).toBe(true);
	});

	test('"socket hang up" without a code, also inside n8n\'s messages, is a dropped connection', () => {
		expect(readHttpFailure(new Error('socket hang up')).code).toBe('ECONNRESET');
		expect(
			readHttpFailure({ message: 'The connection was closed', messages: ['socket hang up'] }).code,
		).toBe('ECONNRESET');
	});

	test('n8n keeps a network code as the httpCode of its NodeApiError', () => {
		expect(
			isNetworkFailure(
				readHttpFailure({
					message: 'The service refused the connection',
					httpCode: 'ECONNREFUSED',
				}),
			),
		).toBe(true);
	});

	test.each([
		['cancelled', Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' })],
		[
			'not HTTP',
			Object.assign(new Error('Parse Error: Expected HTTP/'), { code: 'HPE_INVALID_CONSTANT' }),
		],
		['a programming error', new TypeError("Cannot read properties of undefined (reading 'x')")],
		['a string', 'boom'],
	])('%s: no network failure, not retried, its message kept', (_, error) => {
		const failure = readHttpFailure(error);
		expect(isNetworkFailure(failure)).toBe(false);
		expect(isRetryable(failure)).toBe(false);
		if (error instanceof Error) expect(failure.errorMessage).toBe(error.message);
	});

	test.each([
		[429, true],
		[500, true],
		[502, true],
		[503, true],
		[599, true],
		[400, false],
		[401, false],
		[403, false],
		[404, false],
		[409, false],
		[499, false],
	])('HTTP %p retried: %p', (status, retried) => {
		expect(isRetryable(readHttpFailure({ response: { status } }))).toBe(retried);
	});

	test('a refused token exchange is never retried, even on a 5xx answer', () => {
		const failure = readHttpFailure({
			message: 'SMEPay disbursement API rejected the credentials',
			description: 'The credential could not get a token from SMEPay.',
			response: { status: 503 },
		});
		expect(failure.tokenExchangeMessage).toBe('SMEPay disbursement API rejected the credentials');
		expect(isRetryable(failure)).toBe(false);
		expect(isNetworkFailure({ tokenExchangeMessage: 'x', code: 'ECONNRESET' })).toBe(false);
	});

	test("the exchange's own error wins over n8n's wrapper, whose message n8n rewrote", () => {
		const original = {
			tokenExchange: true,
			message: 'SMEPay API could not be reached (timed out)',
		};
		const wrapper = {
			message: 'The connection timed out',
			description: 'The credential could not get a token from SMEPay.',
			cause: original,
		};
		expect(readHttpFailure(wrapper).tokenExchangeMessage).toBe(
			'SMEPay API could not be reached (timed out)',
		);
	});
});
