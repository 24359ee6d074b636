// @ts-check
'use strict';
// Credential checks shared by the collection and disbursement APIs: client lookup, Test/Live host
// binding, bearer tokens and the IP allowlist.

const { fail } = require('./reply');
const { lookupBearer } = require('./tokens');
const { checkIp } = require('./ip');

const HOSTS = { test: 'https://staging.smepay.in', live: 'https://extranet.smepay.in' };
const COLLECTION_UNAUTHORIZED = 'Unauthorized: invalid or expired token';
const DISBURSEMENT_UNAUTHORIZED = 'business_id not found in token';

/**
 * Check a client_id/client_secret pair for a product on this host.
 * @param {Record<string, any>} ctx
 * @param {'collection'|'disbursement'} product
 * @returns {{ client: any } | { answer: import('./reply').Answer }}
 */
function checkClientSecret(ctx, product) {
	const { client_id: clientId, client_secret: clientSecret } = ctx.body;
	const client = typeof clientId === 'string' ? ctx.state.clients.get(clientId) : undefined;
	if (!client || client.product !== product || client.clientSecret !== clientSecret) {
		return { answer: fail(401, 'invalid client credentials') };
	}
	if (client.mode !== ctx.hostMode) {
		return { answer: fail(401, `client_id is registered for ${client.mode} mode; use ${HOSTS[/** @type {'test'|'live'} */ (client.mode)]}`) };
	}
	return { client };
}

/**
 * Check the bearer token for a product (and integration), its host, and (when asked) the IP allowlist.
 * @param {Record<string, any>} ctx
 * @param {{ product: 'collection'|'disbursement', integration?: 'wizard'|'inline', ipCheck: boolean }} need
 * @returns {{ client: any, token: any } | { answer: import('./reply').Answer }}
 */
function requireBearer(ctx, need) {
	const token = lookupBearer(ctx.state, ctx.headers.authorization);
	const message = need.product === 'collection' ? COLLECTION_UNAUTHORIZED : DISBURSEMENT_UNAUTHORIZED;
	if (
		!token ||
		token.product !== need.product ||
		(need.integration && token.integration !== need.integration) ||
		token.mode !== ctx.hostMode
	) {
		return { answer: fail(401, message) };
	}
	const client = ctx.state.clients.get(token.subject);
	if (need.ipCheck) {
		const denied = checkIp(client, ctx.ip);
		if (denied) return { answer: denied };
	}
	return { client, token };
}

module.exports = { checkClientSecret, requireBearer, HOSTS, COLLECTION_UNAUTHORIZED, DISBURSEMENT_UNAUTHORIZED };
