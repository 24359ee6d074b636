'use strict';
// Which failures are retried, how long the client waits before it tries again (Retry-After in
// seconds or as an HTTP date), and what a failure that is no network failure says.
const { startIntegration, smePayNode } = require('../harness/integration');

const UNKNOWN_PAYOUT = '00000000-0000-4000-8000-000000000000';
const PAYOUTS = '/api/v1/disbursement/payouts/';

let env;
beforeAll(async () => {
	env = await startIntegration();
});
afterAll(async () => await env.close());
beforeEach(async () => {
	await env.control('POST', '/reset');
	// A token first, so the runs below time only the payout call and its retry.
	await getPayout();
});

function getPayout(credentials = env.credentials.disbursement) {
	return env.engine.run({
		nodes: [
			smePayNode({ resource: 'payout', operation: 'get', payoutId: UNKNOWN_PAYOUT }, credentials, {
				onError: 'continueRegularOutput',
			}),
		],
	});
}

async function timedGetPayout() {
	const started = Date.now();
	const run = await getPayout();
	return { item: run.output('SMEPay')[0].json, ms: Date.now() - started };
}

const unavailableOnce = (retryAfter) =>
	env.control('POST', '/faults', {
		match: { path: PAYOUTS },
		action: 'status',
		status: 503,
		headers: { 'retry-after': retryAfter },
		times: 1,
	});

const firedCounts = async () => (await env.control('GET', '/faults')).faults.map((f) => f.fired);

describe('Retry-After', () => {
	test('in seconds: the retry waits that long', async () => {
		await unavailableOnce('1');
		const { item, ms } = await timedGetPayout();
		expect(item.error).toBe('SMEPay Get Payout failed: payout not found');
		expect(ms).toBeGreaterThanOrEqual(950);
	});

	test('as an HTTP date: the retry waits until then', async () => {
		await unavailableOnce(new Date(Date.now() + 2500).toUTCString());
		const { item, ms } = await timedGetPayout();
		expect(item.error).toBe('SMEPay Get Payout failed: payout not found');
		expect(ms).toBeGreaterThanOrEqual(1200);
		expect(ms).toBeLessThan(10_000);
	});

	test('negative: ignored, the usual backoff applies instead of retrying at once', async () => {
		await unavailableOnce('-30');
		const { item, ms } = await timedGetPayout();
		expect(item.error).toBe('SMEPay Get Payout failed: payout not found');
		expect(ms).toBeGreaterThanOrEqual(120);
		expect(await firedCounts()).toEqual([1]);
	});
});

describe('only network failures are retried and called that', () => {
	test('an answer that is not HTTP: one call, reported as itself', async () => {
		await env.control('POST', '/faults', { match: { path: PAYOUTS }, action: 'garble', times: 0 });
		const { item } = await timedGetPayout();
		expect(await firedCounts()).toEqual([1]);
		expect(item.error).toMatch(/^SMEPay Get Payout failed: .*Parse Error/i);
		expect(`${item.error} ${item.errorDescription}`).not.toMatch(/could not be reached|no answer/);
	});

	test('a credential that cannot be read: its own error, at once, not "could not be reached"', async () => {
		const store = env.engine.credentials;
		const credentials = store.add('unreadable', 'smePayDisbursementApi', {
			environment: 'custom',
			baseUrl: env.sandbox.testUrl,
		});
		const getDecrypted = store.getDecrypted;
		let reads = 0;
		store.getDecrypted = async function (additionalData, nodeCredentials, type) {
			if (nodeCredentials.id !== 'unreadable')
				return await getDecrypted.call(this, additionalData, nodeCredentials, type);
			reads++;
			throw new Error(
				'Credentials could not be decrypted. The likely reason is that a different "encryptionKey" was used to encrypt the data.',
			);
		};
		try {
			const started = Date.now();
			const run = await getPayout(credentials);
			const item = run.output('SMEPay')[0].json;
			expect(item.error).toMatch(/Credentials could not be decrypted/);
			expect(`${item.error} ${item.errorDescription ?? ''}`).not.toMatch(
				/could not be reached|no answer/,
			);
			expect(reads).toBe(1);
			// Five tries would wait at least 125 + 250 + 500 + 1000 ms between them.
			expect(Date.now() - started).toBeLessThan(1500);
		} finally {
			store.getDecrypted = getDecrypted;
		}
	});

	test('a refused connection is retried and worded as such', async () => {
		const credentials = env.engine.credentials.add('closed-port', 'smePayDisbursementApi', {
			environment: 'custom',
			baseUrl: 'http://127.0.0.1:9',
			clientId: 'x',
			clientSecret: 'y',
		});
		const run = await getPayout(credentials);
		const item = run.output('SMEPay')[0].json;
		expect(item.error).toBe(
			"SMEPay disbursement API could not be reached (connection refused). Check the Environment / Base URL and this server's network access.",
		);
	});
});
