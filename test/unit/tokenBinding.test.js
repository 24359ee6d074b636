'use strict';
// What a stored token was issued for: any field of the exchange changed means another token.
const fc = require('fast-check');
const { tokenBinding } = require('../../credentials/SmePayTokenBinding');
const { hasTokenForItsFields, TOKEN_ENDPOINTS } = require('../../credentials/SmePayTokenEndpoints');

const FIELDS = {
	smePayApi: {
		environment: 'custom',
		baseUrl: 'http://127.0.0.1:4010',
		integration: 'wizard',
		clientId: 'client-a',
		clientSecret: 'secret-a',
	},
	smePayDisbursementApi: {
		environment: 'custom',
		baseUrl: 'http://127.0.0.1:4010',
		clientId: 'client-a',
		clientSecret: 'secret-a',
	},
	smePayPartnerApi: { baseUrl: 'https://partner.smepay.in', partnerCode: 'P1', email: 'a@b.c' },
};

const CHANGES = {
	smePayApi: [
		{ clientId: 'client-b' },
		{ clientSecret: 'secret-b' },
		{ baseUrl: 'http://127.0.0.1:4011' },
		{ environment: 'live' },
		{ integration: 'inline' },
	],
	smePayDisbursementApi: [
		{ clientId: 'client-b' },
		{ clientSecret: 'secret-b' },
		{ baseUrl: 'http://127.0.0.1:4011' },
		{ environment: 'test' },
	],
	smePayPartnerApi: [{ partnerCode: 'P2' }, { email: 'x@b.c' }, { baseUrl: 'https://other.test' }],
};

/** The credential as preAuthentication leaves it: the token and what it was issued for. */
function withToken(type, fields, token = 'tok-1') {
	const accessTokenFor = tokenBinding(token, TOKEN_ENDPOINTS[type].exchange(fields));
	return { ...fields, accessToken: token, accessTokenFor };
}

describe.each(Object.keys(FIELDS))('%s', (type) => {
	test('a token issued for the fields as they are: kept', () => {
		expect(hasTokenForItsFields(type, withToken(type, FIELDS[type]))).toBe(true);
	});

	test.each(CHANGES[type])('a field changed since (%o): exchanged again', (change) => {
		const credentials = { ...withToken(type, FIELDS[type]), ...change };
		expect(hasTokenForItsFields(type, credentials)).toBe(false);
	});

	test('no digest (a token stored by an earlier version), a foreign one or no token: exchanged again', () => {
		const { accessTokenFor, ...old } = withToken(type, FIELDS[type]);
		expect(hasTokenForItsFields(type, old)).toBe(false);
		expect(hasTokenForItsFields(type, { ...old, accessTokenFor: 'v1:00' })).toBe(false);
		expect(hasTokenForItsFields(type, { ...FIELDS[type], accessToken: '', accessTokenFor })).toBe(
			false,
		);
	});
});

test('the digest holds neither the keys nor the token, and differs for every token', () => {
	const exchange = TOKEN_ENDPOINTS.smePayDisbursementApi.exchange(FIELDS.smePayDisbursementApi);
	fc.assert(
		fc.property(fc.string({ minLength: 8 }), fc.string({ minLength: 8 }), (a, b) => {
			fc.pre(a !== b);
			const digest = tokenBinding(a, exchange);
			expect(digest).toMatch(/^v1:[0-9a-f]{64}$/);
			expect(digest).not.toBe(tokenBinding(b, exchange));
			for (const value of ['secret-a', 'client-a', a]) expect(digest).not.toContain(value);
		}),
	);
});
