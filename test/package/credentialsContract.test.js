'use strict';
const { loadCredentialTypes } = require('../harness/nodeTypes');

const types = loadCredentialTypes();

// The public contract documented in README.md ("Credentials") and docs/ARCHITECTURE.md.
describe('credential contract (README, ARCHITECTURE)', () => {
	test('three types with their display names', () => {
		expect(Object.fromEntries(Object.values(types).map((t) => [t.name, t.displayName]))).toEqual({
			smePayApi: 'SMEPay API',
			smePayDisbursementApi: 'SMEPay Disbursement API',
			smePayPartnerApi: 'SMEPay Partner API',
		});
	});

	test.each([
		['smePayApi', ['environment', 'baseUrl', 'integration', 'clientId', 'clientSecret']],
		['smePayDisbursementApi', ['environment', 'baseUrl', 'clientId', 'clientSecret']],
		['smePayPartnerApi', ['baseUrl', 'partnerCode', 'email']],
	])('%s has its fields, a hidden expirable token, Bearer auth and a test', (name, fields) => {
		const type = types[name];
		const names = type.properties.map((p) => p.name);
		for (const field of fields) expect(names).toContain(field);
		const token = type.properties.find((p) => p.typeOptions?.expirable);
		expect(token).toMatchObject({
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
		});
		expect(typeof type.preAuthentication).toBe('function');
		expect(type.test.request.method).toBe('POST');
	});

	test.each(['smePayApi', 'smePayDisbursementApi', 'smePayPartnerApi'])(
		'%s sends the stored token as Bearer, keeps the request’s own headers and leaves it unchanged',
		async (name) => {
			const request = { url: '/x', method: 'POST', headers: { 'X-Request': '1' } };
			const signed = await types[name].authenticate({ accessToken: 'tok-123' }, request);
			expect(signed.headers).toEqual({ 'X-Request': '1', Authorization: 'Bearer tok-123' });
			expect(signed.url).toBe('/x');
			expect(request.headers).toEqual({ 'X-Request': '1' });
		},
	);

	test.each(['smePayApi', 'smePayDisbursementApi', 'smePayPartnerApi'])(
		'%s: under a node client, the request gets the time its budget has left after the token exchange',
		async (name) => {
			const { tokenExchangeChannel } = require('../../dist/credentials/SmePayTokenExchange');
			const credentials = { accessToken: 'tok-123' };
			let left = 4321;
			tokenExchangeChannel(credentials).timeoutMs = () => left;
			expect(
				(await types[name].authenticate(credentials, { url: '/x', timeout: 30_000 })).timeout,
			).toBe(4321);
			left = 17;
			expect(
				(await types[name].authenticate(credentials, { url: '/x', timeout: 30_000 })).timeout,
			).toBe(17);
			const plain = await types[name].authenticate(
				{ accessToken: 'tok-123' },
				{ url: '/x', timeout: 30_000 },
			);
			expect(plain.timeout).toBe(30_000);
		},
	);

	test('secrets are password fields', () => {
		for (const name of ['smePayApi', 'smePayDisbursementApi']) {
			expect(
				types[name].properties.find((p) => p.name === 'clientSecret').typeOptions.password,
			).toBe(true);
		}
	});

	test('the Partner Code is a password field under its saved name (with the Email, it is all a partner token needs)', () => {
		const code = types.smePayPartnerApi.properties.find((p) => p.name === 'partnerCode');
		expect(code).toMatchObject({ type: 'string', required: true, typeOptions: { password: true } });
	});

	test('environment hosts', () => {
		const { SMEPAY_HOSTS, smePayBaseUrl } = require('../../dist/credentials/common/environment');
		expect(SMEPAY_HOSTS).toEqual({
			test: 'https://staging.smepay.in',
			live: 'https://extranet.smepay.in',
		});
		expect(smePayBaseUrl({ environment: 'custom', baseUrl: 'http://127.0.0.1:4010/' })).toBe(
			'http://127.0.0.1:4010',
		);
		expect(smePayBaseUrl({ environment: 'live' })).toBe('https://extranet.smepay.in');
		const env = types.smePayApi.properties.find((p) => p.name === 'environment');
		expect(env.options.map((o) => o.value)).toEqual(['test', 'live', 'custom']);
		const integration = types.smePayApi.properties.find((p) => p.name === 'integration');
		expect(integration.options.map((o) => o.value)).toEqual(['wizard', 'inline']);
	});
});
