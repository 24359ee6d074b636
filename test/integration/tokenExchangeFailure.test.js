'use strict';
// A token exchange that fails: a run tries it a bounded number of times (only where retrying can
// help), within Options → Request Timeout, then every waiting row fails at once with its message.
// Faults are injected on the sandbox's token endpoints; their `fired` counts are the exchange calls.
const { startIntegration, smePayNode } = require('../harness/integration');
const { secretsFound } = require('./secretScan');

const UNKNOWN_PAYOUT = '00000000-0000-4000-8000-000000000000';
const DISBURSEMENT_AUTH = '/api/v1/disbursement/auth';

let env;
beforeAll(async () => {
	env = await startIntegration();
});
afterAll(async () => await env.close());
beforeEach(async () => {
	await env.control('POST', '/reset');
	for (const id of Object.keys(env.credentials)) env.engine.credentials.data(id).accessToken = '';
});

function getPayouts(count, { credentials = env.credentials.disbursement, options = {} } = {}) {
	return env.engine.run({
		nodes: [
			smePayNode(
				{
					resource: 'payout',
					operation: 'get',
					payoutId: '={{ $json.id }}',
					options: { concurrency: 5, ...options },
				},
				credentials,
				{ onError: 'continueRegularOutput' },
			),
		],
		input: Array.from({ length: count }, () => ({ id: UNKNOWN_PAYOUT })),
	});
}

async function timed(work) {
	const started = Date.now();
	const result = await work();
	return { result, ms: Date.now() - started };
}

/** Counts the requests reaching a path without changing them (a delay of 0 on every request). */
const countCalls = (path, host) =>
	env.control('POST', '/faults', { match: { path, host }, action: 'delay', delayMs: 0, times: 0 });

const firedCounts = async () => (await env.control('GET', '/faults')).faults.map((f) => f.fired);

describe('an exchange that cannot get through is tried a few times per run, not once per row', () => {
	test('503 from the token endpoint: 3 exchanges with backoff for 12 rows, then every row fails with its message', async () => {
		await env.control('POST', '/faults', {
			match: { path: DISBURSEMENT_AUTH },
			action: 'status',
			status: 503,
			times: 0,
		});
		const { result: run, ms } = await timed(() => getPayouts(12));
		const items = run.output('SMEPay');
		expect(items).toHaveLength(12);
		for (const item of items) {
			expect(item.json.error).toBe(
				'SMEPay disbursement API token exchange failed with HTTP 503 ("internal server error"). Try again in a minute; if it persists, contact SMEPay support.',
			);
			expect(item.json.errorDescription).toMatch(/No Get Payout request was sent/);
		}
		expect(await firedCounts()).toEqual([3]);
		// Two backoffs between the three tries (125–250 ms, then 250–500 ms).
		expect(ms).toBeGreaterThanOrEqual(350);
		expect((await env.ledger()).tokens.disbursement).toBe(0);
	});

	test('a 503 that clears: the second try gets the token and every row goes through', async () => {
		await env.control('POST', '/faults', {
			match: { path: DISBURSEMENT_AUTH },
			action: 'status',
			status: 503,
			times: 1,
		});
		const run = await getPayouts(10);
		for (const item of run.output('SMEPay')) expect(item.json.error).toMatch(/payout not found/);
		expect((await env.ledger()).tokens.disbursement).toBe(1);
	});

	test('429 with Retry-After from the token endpoint is retried after the wait it asks for', async () => {
		await env.control('POST', '/faults', {
			match: { path: DISBURSEMENT_AUTH },
			action: 'status',
			status: 429,
			headers: { 'retry-after': '1' },
			times: 1,
		});
		const { result: run, ms } = await timed(() => getPayouts(3));
		for (const item of run.output('SMEPay')) expect(item.json.error).toMatch(/payout not found/);
		expect(ms).toBeGreaterThanOrEqual(950);
		expect((await env.ledger()).tokens.disbursement).toBe(1);
	});

	test('a silent token endpoint ends after about the Request Timeout per try, not 30 s per row', async () => {
		await env.control('POST', '/faults', {
			match: { path: DISBURSEMENT_AUTH },
			action: 'delay',
			delayMs: 4000,
			times: 0,
		});
		const { result: run, ms } = await timed(() =>
			getPayouts(10, { options: { requestTimeout: 1 } }),
		);
		const items = run.output('SMEPay');
		expect(items).toHaveLength(10);
		for (const item of items) {
			// The package's words, not n8n's generic text for a timeout.
			expect(item.json.error).toBe(
				"SMEPay disbursement API could not be reached (timed out). Check the Environment / Base URL and this server's network access.",
			);
		}
		expect(await firedCounts()).toEqual([3]);
		// 3 tries of 1 s and two backoffs; far below 10 × 30 s.
		expect(ms).toBeGreaterThanOrEqual(3000);
		expect(ms).toBeLessThan(9000);
	}, 20_000);

	test('dropped connections to the token endpoint: 3 tries, and the secret is in no error', async () => {
		await env.control('POST', '/faults', {
			match: { path: DISBURSEMENT_AUTH },
			action: 'drop',
			times: 0,
		});
		const run = await env.engine.run({
			nodes: [
				smePayNode(
					{ resource: 'payout', operation: 'get', payoutId: UNKNOWN_PAYOUT },
					env.credentials.disbursement,
				),
			],
		});
		const error = run.nodeError('SMEPay');
		expect(error.message).toBe(
			"SMEPay disbursement API could not be reached (connection dropped). Check the Environment / Base URL and this server's network access.",
		);
		expect(await firedCounts()).toEqual([3]);
		expect(secretsFound(error, [env.sandbox.clients.disbursement.test.clientSecret])).toEqual([]);
		expect(secretsFound(run.error, [env.sandbox.clients.disbursement.test.clientSecret])).toEqual(
			[],
		);
	});
});

describe('a refusal of the keys is not retried: one exchange call for the whole run', () => {
	test('403 IP not whitelisted (Live), 10 rows', async () => {
		await env.control('POST', '/config', {
			clients: {
				[env.sandbox.clients.disbursement.live.clientId]: { ipAllowlist: ['203.0.113.42'] },
			},
		});
		await countCalls(DISBURSEMENT_AUTH, 'live');
		const run = await getPayouts(10, { credentials: env.credentials.disbursementLive });
		for (const item of run.output('SMEPay'))
			expect(item.json.error).toMatch(/refused this server's IP address/);
		expect(await firedCounts()).toEqual([1]);
	});

	test('401 wrong secret, 10 rows; the secret is in no error', async () => {
		const credentials = env.engine.credentials.add('wrong-secret', 'smePayDisbursementApi', {
			environment: 'custom',
			baseUrl: env.sandbox.testUrl,
			clientId: env.sandbox.clients.disbursement.test.clientId,
			clientSecret: 'not-the-secret-4242',
		});
		await countCalls(DISBURSEMENT_AUTH);
		const run = await getPayouts(10, { credentials });
		for (const item of run.output('SMEPay'))
			expect(item.json.error).toMatch(/rejected the credentials/);
		expect(await firedCounts()).toEqual([1]);
		const stopped = await env.engine.run({
			nodes: [
				smePayNode({ resource: 'payout', operation: 'get', payoutId: UNKNOWN_PAYOUT }, credentials),
			],
		});
		expect(secretsFound(stopped.nodeError('SMEPay'), ['not-the-secret-4242'])).toEqual([]);
		expect(secretsFound(stopped.error, ['not-the-secret-4242'])).toEqual([]);
	});

	test('400 from the collection token endpoint, 6 orders: one call, nothing created', async () => {
		await env.control('POST', '/faults', {
			match: { path: '/api/external/auth' },
			action: 'status',
			status: 400,
			times: 0,
		});
		const run = await env.engine.run({
			nodes: [
				smePayNode(
					{
						resource: 'order',
						operation: 'create',
						amount: '10.00',
						orderId: '={{ $json.orderId }}',
					},
					env.credentials.inline,
					{ onError: 'continueRegularOutput' },
				),
			],
			input: Array.from({ length: 6 }, (_, i) => ({ orderId: `REFUSED-${i}` })),
		});
		for (const item of run.output('SMEPay'))
			expect(item.json.error).toMatch(/refused the token request/);
		expect(await firedCounts()).toEqual([1]);
		expect((await env.ledger()).orders).toHaveLength(0);
	});
});

describe('the exchange honours Request Timeout', () => {
	test('a token answer slower than the timeout counts as lost, and the retry gets the token', async () => {
		await env.control('POST', '/faults', {
			match: { path: DISBURSEMENT_AUTH },
			action: 'delay',
			delayMs: 2500,
			times: 1,
		});
		const { result: run, ms } = await timed(() =>
			getPayouts(2, { options: { requestTimeout: 1 } }),
		);
		for (const item of run.output('SMEPay')) expect(item.json.error).toMatch(/payout not found/);
		expect(ms).toBeLessThan(2400);
	});
});

describe('whatever the token endpoint answers, the keys stay out of every error', () => {
	const fc = require('fast-check');

	test('property: any answer (status and JSON body, the secret anywhere in it) through the real engine', async () => {
		let runs = 0;
		const answerWith = (secret) =>
			fc.letrec((tie) => ({
				value: fc.oneof(
					{ depthSize: 'small' },
					fc.constant(secret),
					fc.string(),
					fc.integer(),
					fc.constant(null),
					fc.array(tie('value'), { maxLength: 3 }),
					fc.dictionary(
						fc.oneof(
							fc.constant(secret),
							fc.constantFrom('data', 'token', 'message', 'error', 'expires_in'),
						),
						tie('value'),
						{ maxKeys: 4 },
					),
				),
			})).value;
		await fc.assert(
			fc.asyncProperty(
				fc
					.string({ minLength: 8, maxLength: 20 })
					.filter((s) => s.trim() === s && !s.includes('\\'))
					.chain((secret) =>
						fc.tuple(
							fc.constant(secret),
							fc.constantFrom(200, 400, 401, 403, 404, 418),
							answerWith(secret),
						),
					),
				async ([secret, status, body]) => {
					await env.control('POST', '/reset');
					await env.control('POST', '/faults', {
						match: { path: DISBURSEMENT_AUTH },
						action: 'status',
						status,
						body,
						times: 0,
					});
					const credentials = env.engine.credentials.add(
						`fuzz-${++runs}`,
						'smePayDisbursementApi',
						{
							environment: 'custom',
							baseUrl: env.sandbox.testUrl,
							clientId: 'fuzz-client',
							clientSecret: secret,
						},
					);
					const run = await env.engine.run({
						nodes: [
							smePayNode(
								{ resource: 'payout', operation: 'get', payoutId: UNKNOWN_PAYOUT },
								credentials,
							),
						],
					});
					const error = run.nodeError('SMEPay');
					expect(error).toBeDefined();
					expect(secretsFound(error, [secret])).toEqual([]);
					expect(secretsFound(run.error, [secret])).toEqual([]);
				},
			),
			{ numRuns: 25 },
		);
	}, 60_000);
});

test('a token answer that is not HTTP: one exchange call, its own words, no "could not be reached"', async () => {
	await env.control('POST', '/faults', {
		match: { path: DISBURSEMENT_AUTH },
		action: 'garble',
		times: 0,
	});
	const run = await getPayouts(4);
	for (const item of run.output('SMEPay')) {
		expect(item.json.error).toMatch(
			/^SMEPay disbursement API token exchange did not complete \(.*Parse Error.*\)\. Check the Environment \/ Base URL points at SMEPay\.$/,
		);
	}
	expect(await firedCounts()).toEqual([1]);
});
