'use strict';
// The token answers, checked by their zod schemas, and what a failed exchange says: never the keys.
const fc = require('fast-check');
const {
	readTokenAnswer,
	TOKEN_ANSWERS,
	TOKEN_PATHS,
} = require('../../credentials/SmePayTokenAnswer');
const {
	exchangeFailureMessage,
	exchangeToken,
	redact,
	tokenExchangeChannel,
	TokenExchangeError,
	DEFAULT_EXCHANGE_TIMEOUT_MS,
} = require('../../credentials/SmePayTokenExchange');
const { COLLECTION_TOKEN, DISBURSEMENT_TOKEN } = require('../../credentials/SmePayTokenEndpoints');
const { readHttpFailure } = require('../../credentials/common/httpFailure');
// The helpers n8n-core hands a credential's preAuthentication (`this.helpers`), unchanged.
const {
	getRequestHelperFunctions,
} = require('n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers');
const { startSandbox } = require('../../sandbox');
const { sandboxControl } = require('../harness/sandboxControl');

const collection = {
	kind: 'collection',
	apiName: 'SMEPay collection API',
	expectedEnvironment: 'test',
};
const disbursement = { kind: 'disbursement', apiName: 'SMEPay disbursement API' };
const partner = { kind: 'partner', apiName: 'SMEPay partner API' };

describe('token answers', () => {
	test('collection: the documented answer, and its mode checked', () => {
		const answer = {
			access_token: 'tok-1',
			token_type: 'Bearer',
			expires_in: 600,
			environment: 'test',
		};
		expect(readTokenAnswer(answer, collection)).toEqual({ token: 'tok-1' });
		expect(readTokenAnswer({ access_token: 'tok-1' }, collection)).toEqual({ token: 'tok-1' });
		expect(readTokenAnswer({ ...answer, environment: 'live' }, collection)).toEqual({
			problem:
				"SMEPay collection API: these keys belong to Live mode but the credential's Environment is Test. Set Environment to match the keys.",
		});
		expect(
			readTokenAnswer(
				{ ...answer, environment: 'test' },
				{ ...collection, expectedEnvironment: 'live' },
			),
		).toEqual({
			problem:
				"SMEPay collection API: these keys belong to Test mode but the credential's Environment is Live. Set Environment to match the keys.",
		});
		// Custom environment: no mode to compare; a mode that is not text is not compared.
		expect(
			readTokenAnswer(
				{ ...answer, environment: 'live' },
				{ ...collection, expectedEnvironment: undefined },
			),
		).toEqual({ token: 'tok-1' });
		expect(readTokenAnswer({ ...answer, environment: 5 }, collection)).toEqual({ token: 'tok-1' });
	});

	test('disbursement: the token under data', () => {
		expect(
			readTokenAnswer({ status: true, data: { token: 'jwt', expires_in: 3600 } }, disbursement),
		).toEqual({ token: 'jwt' });
		expect(
			readTokenAnswer({ status: true, data: { token: 'jwt', expires_in: '3600' } }, disbursement),
		).toEqual({ token: 'jwt' });
		expect(
			readTokenAnswer({ status: true, data: { token: 'jwt', expires_in: null } }, disbursement),
		).toEqual({ token: 'jwt' });
		expect(
			readTokenAnswer({ status: true, data: { token: 'jwt', expires_in: '' } }, disbursement),
		).toEqual({ token: 'jwt' });
		expect(readTokenAnswer({ access_token: 'jwt' }, disbursement)).toEqual({
			problem:
				'SMEPay disbursement API: the token exchange answered without a token (looked for data.token; the answer had keys access_token). Check the Base URL points at SMEPay.',
		});
	});

	test.each([
		[{ token: 'a' }, 'a'],
		[{ access_token: 'b' }, 'b'],
		[{ data: { token: 'c' } }, 'c'],
		[{ data: { access_token: 'd' } }, 'd'],
		[{ token: '', access_token: 'e' }, 'e'],
		[{ token: 'f', data: { token: 'g' } }, 'f'],
		[{ token: 7, data: { access_token: 'h' } }, 'h'],
	])('partner: %j → %p', (answer, token) => {
		expect(readTokenAnswer(answer, partner)).toEqual({ token });
	});

	test.each([
		[{ status: true, message: 'ok' }, 'keys status, message'],
		[{ data: { jwt: 'x' } }, 'keys data{jwt}'],
		[{ list: [1, 2], data: { a: 1, b: { c: 2 } } }, 'keys list, data{a,b}'],
		[{}, 'an empty object'],
		['<html>login</html>', 'no JSON object'],
		[null, 'no JSON object'],
		[['tok'], 'no JSON object'],
		[{ token: '   ' }, 'keys token'],
	])('partner without a token %j: names the keys looked for and seen', (answer, seen) => {
		expect(readTokenAnswer(answer, partner)).toEqual({
			problem: `SMEPay partner API: the token exchange answered without a token (looked for token, access_token, data.token, data.access_token; the answer had ${seen}). Check the Base URL points at SMEPay.`,
		});
	});

	test.each([[0], [-5], ['0'], ['soon'], [' '], [true], [{}]])(
		'a lifetime of %p is refused',
		(expiresIn) => {
			const { problem } = readTokenAnswer({ access_token: 't', expires_in: expiresIn }, collection);
			expect(problem).toMatch(
				/^SMEPay collection API: the token exchange answered a token that has no lifetime left/,
			);
			expect(
				readTokenAnswer({ data: { token: 't', expires_in: expiresIn } }, disbursement).problem,
			).toMatch(/no lifetime left/);
		},
	);

	test('an answer without a token and with a bad lifetime is told as having no token', () => {
		expect(readTokenAnswer({ expires_in: 0, token_type: 'Bearer' }, collection)).toEqual({
			problem:
				'SMEPay collection API: the token exchange answered without a token (looked for access_token; the answer had keys expires_in, token_type). Check the Base URL points at SMEPay.',
		});
		expect(readTokenAnswer({ data: { token: '', expires_in: -1 } }, disbursement)).toEqual({
			problem:
				'SMEPay disbursement API: the token exchange answered without a token (looked for data.token; the answer had keys data{token,expires_in}). Check the Base URL points at SMEPay.',
		});
	});

	test('one schema per credential, and the paths its message names', () => {
		expect(Object.keys(TOKEN_ANSWERS).sort()).toEqual(['collection', 'disbursement', 'partner']);
		expect(TOKEN_PATHS).toEqual({
			collection: ['access_token'],
			disbursement: ['data.token'],
			partner: ['token', 'access_token', 'data.token', 'data.access_token'],
		});
	});

	test('a large answer names at most 20 of its keys', () => {
		const answer = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
		const { problem } = readTokenAnswer(answer, partner);
		expect(problem).toContain('k19');
		expect(problem).not.toContain('k20');
	});
});

describe('what a failed exchange says', () => {
	const exchange = {
		apiName: 'SMEPay disbursement API',
		fieldsToCheck: 'the Client ID and Client Secret',
	};
	const say = (failure) => exchangeFailureMessage(exchange, failure);

	test.each([
		[
			{
				status: 403,
				body: {
					error: 'ip_not_whitelisted',
					message: 'IP 203.0.113.42 is not in the allowed list',
				},
			},
			'SMEPay disbursement API refused this server\'s IP address ("IP 203.0.113.42 is not in the allowed list"). Add the public IP of your n8n server to the IP whitelist in the SMEPay dashboard (Settings → API), then test again. Test-mode keys skip this check.',
		],
		[
			{ status: 403 },
			"SMEPay disbursement API refused this server's IP address. Add the public IP of your n8n server to the IP whitelist in the SMEPay dashboard (Settings → API), then test again. Test-mode keys skip this check.",
		],
		[
			{ status: 401, body: { error: 'ip_not_whitelisted', message: 'IP not allowed' } },
			'SMEPay disbursement API refused this server\'s IP address ("IP not allowed"). Add the public IP of your n8n server to the IP whitelist in the SMEPay dashboard (Settings → API), then test again. Test-mode keys skip this check.',
		],
		[
			{ status: 400, body: { error: 'ip_not_whitelisted' } },
			"SMEPay disbursement API refused this server's IP address. Add the public IP of your n8n server to the IP whitelist in the SMEPay dashboard (Settings → API), then test again. Test-mode keys skip this check.",
		],
		[
			{ status: 200, body: { error: 'ip_not_whitelisted' } },
			"SMEPay disbursement API refused this server's IP address. Add the public IP of your n8n server to the IP whitelist in the SMEPay dashboard (Settings → API), then test again. Test-mode keys skip this check.",
		],
		[
			{ status: 401, body: { message: 'invalid client credentials' } },
			'SMEPay disbursement API rejected the credentials ("invalid client credentials"). Check the Client ID and Client Secret.',
		],
		[
			{ status: 401 },
			'SMEPay disbursement API rejected the credentials. Check the Client ID and Client Secret.',
		],
		[
			{ status: 400, body: { message: 'client_id is required' } },
			'SMEPay disbursement API refused the token request ("client_id is required"). Check that every field of the credential is filled in.',
		],
		[
			{ status: 404 },
			'SMEPay disbursement API has no token endpoint at this address (HTTP 404). Check the Environment / Base URL of the credential.',
		],
		[
			{ status: 503, body: { message: 'internal server error' } },
			'SMEPay disbursement API token exchange failed with HTTP 503 ("internal server error"). Try again in a minute; if it persists, contact SMEPay support.',
		],
		[
			{ status: 429, body: { message: 7 } },
			'SMEPay disbursement API token exchange failed with HTTP 429. Try again in a minute; if it persists, contact SMEPay support.',
		],
		[
			{ code: 'ETIMEDOUT' },
			"SMEPay disbursement API could not be reached (timed out). Check the Environment / Base URL and this server's network access.",
		],
		[
			{ code: 'ENOTFOUND' },
			"SMEPay disbursement API could not be reached (host not found). Check the Environment / Base URL and this server's network access.",
		],
		[
			{ code: 'ERR_CANCELED', errorMessage: 'canceled' },
			'SMEPay disbursement API token exchange did not complete (canceled). Check the Environment / Base URL points at SMEPay.',
		],
		[
			{},
			'SMEPay disbursement API token exchange did not complete (unknown error). Check the Environment / Base URL points at SMEPay.',
		],
	])('%j', (failure, message) => {
		expect(say(failure)).toBe(message);
	});

	test('no message names an error code, which n8n would swap for its own words', () => {
		for (const code of ['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EAI_AGAIN']) {
			expect(say({ code })).not.toContain(code);
		}
	});

	test('the error is marked as a token exchange, and only the retryable ones say so', () => {
		const error = new TokenExchangeError('m', { retryable: true, retryAfterMs: 1000 });
		expect(error).toMatchObject({
			tokenExchange: true,
			retryable: true,
			retryAfterMs: 1000,
			message: 'm',
			name: 'SmePayTokenExchangeError',
		});
		expect(new TokenExchangeError('m').retryable).toBe(false);
		expect(readHttpFailure(error).tokenExchangeMessage).toBe('m');
		// No property n8n reads as a status or an error code (it would rewrite the message).
		for (const key of ['status', 'statusCode', 'code', 'httpCode', 'response', 'error', 'type'])
			expect(error).not.toHaveProperty(key);
		expect(DEFAULT_EXCHANGE_TIMEOUT_MS).toBe(30_000);
	});

	test('the channel lives under a symbol on the credential data: never stored, never shown', () => {
		const credentials = { clientId: 'id', clientSecret: 'secret', accessToken: '' };
		const channel = tokenExchangeChannel(credentials);
		channel.timeoutMs = () => 1000;
		expect(tokenExchangeChannel(credentials)).toBe(channel);
		expect(tokenExchangeChannel({ ...credentials })).toBe(channel);
		expect(JSON.parse(JSON.stringify(credentials))).toEqual({
			clientId: 'id',
			clientSecret: 'secret',
			accessToken: '',
		});
		expect(Object.keys(credentials)).toEqual(['clientId', 'clientSecret', 'accessToken']);
	});
});

describe('the keys never reach a message', () => {
	const secretArb = fc.string({ minLength: 4, maxLength: 24 });

	test('redact cuts every sent value of 4 characters or more, wherever it appears', () => {
		expect(redact('a sec-ret-1 b sec-ret-1', { client_secret: 'sec-ret-1' })).toBe('a … b …');
		expect(redact('aaaaaa', { client_secret: 'aaaa' })).not.toContain('aaaa');
		expect(redact('id abc', { client_id: 'abc' })).toBe('id abc');
		expect(redact('x 42 y', { n: 42 })).toBe('x 42 y');
	});

	test('property: whatever SMEPay answers, and wherever the secret sits in it, the message does not hold the secret', () => {
		const withSecret = (secret) =>
			fc.letrec((tie) => ({
				value: fc.oneof(
					{ depthSize: 'small' },
					fc.constant(secret),
					fc.string(),
					fc.integer(),
					fc.boolean(),
					fc.constant(null),
					fc.array(tie('value'), { maxLength: 3 }),
					fc.dictionary(
						fc.oneof(
							fc.constant(secret),
							fc.string(),
							fc.constantFrom(
								'token',
								'access_token',
								'data',
								'expires_in',
								'environment',
								'message',
								'error',
							),
						),
						tie('value'),
						{ maxKeys: 4 },
					),
				),
			})).value;
		fc.assert(
			fc.property(
				secretArb.chain((secret) =>
					fc.tuple(
						fc.constant(secret),
						withSecret(secret),
						fc.constantFrom(collection, disbursement, partner),
						fc.option(fc.integer({ min: 100, max: 599 })),
					),
				),
				([secret, answer, check, status]) => {
					const sent = { client_id: 'client-id', client_secret: secret };
					const ok = readTokenAnswer(answer, check);
					if ('problem' in ok) expect(redact(ok.problem, sent)).not.toContain(secret);
					const body =
						answer && typeof answer === 'object' && !Array.isArray(answer)
							? answer
							: { message: typeof answer === 'string' ? answer : 'x' };
					const failure = status === null ? { code: 'ECONNRESET', body } : { status, body };
					expect(
						redact(
							exchangeFailureMessage({ apiName: 'SMEPay API', fieldsToCheck: 'x' }, failure),
							sent,
						),
					).not.toContain(secret);
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe("the exchange, over n8n's HTTP helpers against the sandbox", () => {
	let sandbox;
	let control;
	const helpers = getRequestHelperFunctions({}, { name: 'SMEPay' }, {});
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, livePort: 0 });
		control = sandboxControl(sandbox.controlUrl);
	});
	afterAll(async () => await sandbox.close());
	afterEach(async () => await control('POST', '/reset'));

	const disbursementKeys = () => ({
		environment: 'custom',
		baseUrl: sandbox.testUrl,
		...sandbox.clients.disbursement.test,
	});
	const exchange = (credentials, endpoint = DISBURSEMENT_TOKEN) =>
		exchangeToken(helpers, credentials, endpoint.exchange(credentials));
	const refusal = async (promise) => {
		try {
			await promise;
		} catch (error) {
			return error;
		}
		throw new Error('the exchange did not fail');
	};

	test("n8n's credential test (no node client, so no channel) gets the token", async () => {
		const token = await exchange(disbursementKeys());
		expect(sandbox.state.tokens.get(token)).toMatchObject({ product: 'disbursement' });
	});

	test('a channel without a time limit gets the token in the default time', async () => {
		const credentials = disbursementKeys();
		tokenExchangeChannel(credentials);
		const token = await exchange(credentials);
		expect(sandbox.state.tokens.get(token)).toMatchObject({ product: 'disbursement' });
	});

	test('the exchange asks SMEPay for a JSON answer (Accept: application/json)', async () => {
		const token = await exchange(disbursementKeys());
		expect(sandbox.state.tokens.get(token).accept).toBe('application/json');
	});

	test("without a channel a refusal is still the exchange's own error, saying what to fix", async () => {
		const error = await refusal(
			exchange({ ...disbursementKeys(), clientSecret: 'not-the-secret' }),
		);
		expect(error).toBeInstanceOf(TokenExchangeError);
		expect(error.message).toBe(
			'SMEPay disbursement API rejected the credentials ("invalid client credentials"). Check the Client ID and Client Secret (the disbursement keys, not the collection ones), and that Environment matches the keys: Test keys work only with Test, Live keys only with Live.',
		);
	});

	test('a node client gets the refusal back through its channel', async () => {
		const credentials = { ...disbursementKeys(), clientSecret: 'not-the-secret' };
		const channel = tokenExchangeChannel(credentials);
		const error = await refusal(exchange(credentials));
		expect(channel.failure).toBe(error);
		expect(channel.failure.retryable).toBe(false);
	});

	test('the channel\'s time limit bounds the exchange: a slow SMEPay is "timed out", to try again', async () => {
		await control('POST', '/faults', {
			match: { path: '/api/v1/disbursement/auth' },
			action: 'delay',
			delayMs: 3000,
		});
		const credentials = disbursementKeys();
		tokenExchangeChannel(credentials).timeoutMs = () => 300;
		const started = Date.now();
		const error = await refusal(exchange(credentials));
		expect(Date.now() - started).toBeLessThan(2500);
		expect(error.message).toBe(
			"SMEPay disbursement API could not be reached (timed out). Check the Environment / Base URL and this server's network access.",
		);
		expect(error.retryable).toBe(true);
	});

	test('nothing listening at the Base URL: "could not be reached (connection refused)", to try again', async () => {
		const closed = require('node:http').createServer();
		await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address();
		await new Promise((resolve) => closed.close(resolve));
		const error = await refusal(
			exchange({ ...disbursementKeys(), baseUrl: `http://127.0.0.1:${port}` }),
		);
		expect(error.message).toBe(
			"SMEPay disbursement API could not be reached (connection refused). Check the Environment / Base URL and this server's network access.",
		);
		expect(error.retryable).toBe(true);
	});

	test("a 403 without SMEPay's ip_not_whitelisted (a firewall in front of it) is told as the IP whitelist", async () => {
		await control('POST', '/faults', {
			match: { path: '/api/v1/disbursement/auth' },
			action: 'status',
			status: 403,
			body: { status: false, message: 'Forbidden' },
		});
		const error = await refusal(exchange(disbursementKeys()));
		expect(error.message).toBe(
			'SMEPay disbursement API refused this server\'s IP address ("Forbidden"). Add the public IP of your n8n server to the IP whitelist in the SMEPay dashboard (Settings → API), then test again. Test-mode keys skip this check.',
		);
	});

	test('a collection answer with neither token nor lifetime left names the keys it had', async () => {
		await control('POST', '/faults', {
			match: { path: '/api/wiz/external/auth' },
			action: 'tamper',
			remove: ['access_token'],
			set: { expires_in: 0 },
		});
		const credentials = {
			environment: 'custom',
			baseUrl: sandbox.testUrl,
			integration: 'wizard',
			...sandbox.clients.collection.test,
		};
		const error = await refusal(exchange(credentials, COLLECTION_TOKEN));
		expect(error.message).toBe(
			'SMEPay collection API: the token exchange answered without a token (looked for access_token; the answer had keys token_type, expires_in, environment). Check the Base URL points at SMEPay.',
		);
	});
});
