'use strict';
// The errors the user sees keep the package's words on any n8n: NodeApiError would swap a message
// naming an error code or going with a known status for its generic text. And an error from the
// HTTP client is said anew, without the request it holds.
const { smePayApiError, smePayStoppedError } = require('../../nodes/SmePay/transport/errors');
const { readHttpFailure } = require('../../credentials/common/httpFailure');
const { secretsFound } = require('../integration/secretScan');

const { NODE: node } = require('./fixtures');
const context = { itemIndex: 2, credentialType: 'smePayDisbursementApi', action: 'Get Payout' };

test.each([
	[
		{ status: 503, body: { message: 'upstream ETIMEDOUT' } },
		'SMEPay Get Payout failed: upstream ETIMEDOUT',
	],
	[{ status: 502, body: { message: 'Bad Gateway' } }, 'SMEPay Get Payout failed: Bad Gateway'],
	[{ status: 401, body: { message: 'Unauthorized' } }, 'SMEPay Get Payout failed: Unauthorized'],
	[{ code: 'ECONNRESET' }, 'SMEPay Get Payout failed: no answer (connection dropped)'],
])('%j keeps its message and hint', (failure, message) => {
	const error = smePayApiError(node, failure, context);
	expect(error.message).toBe(message);
	expect(error.description).toMatch(/\((HTTP \d+|ECONNRESET)\)$/);
	expect(error.context.itemIndex).toBe(2);
});

test('a token exchange message is kept, whatever words it holds', () => {
	const said =
		"SMEPay disbursement API could not be reached (ETIMEDOUT, Bad Gateway). Check the Environment / Base URL and this server's network access.";
	const error = smePayApiError(node, { tokenExchangeMessage: said }, context);
	expect(error.message).toBe(said);
	expect(error.description).toBe(
		'No Get Payout request was sent: the credential could not get a token.',
	);
});

test('an HTTP client error that is no network failure: its own message, the request left out', () => {
	const axiosLike = Object.assign(new Error('canceled'), {
		code: 'ERR_CANCELED',
		isAxiosError: true,
		config: {
			headers: { Authorization: 'Bearer tok-secret-123' },
			data: '{"beneficiary_account":"123456789012"}',
		},
	});
	const error = smePayStoppedError(node, axiosLike, readHttpFailure(axiosLike), context);
	expect(error.message).toBe('SMEPay Get Payout failed: canceled');
	expect(error.description).toMatch(/not because of the network.*not retried.*\(ERR_CANCELED\)$/);
	expect(secretsFound(error, ['tok-secret-123', '123456789012'])).toEqual([]);
});

test('any other error is itself', () => {
	const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
	expect(smePayStoppedError(node, bug, readHttpFailure(bug), context)).toBe(bug);
});
