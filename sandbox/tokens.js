// @ts-check
'use strict';
// Opaque bearer tokens. Each exchange issues a new one; earlier ones stay valid until their own expiry.

const { newToken } = require('./ids');

/**
 * `accept`: the Accept header of the exchange that got the token (tests read it from the state).
 * @typedef {{ token: string, product: 'collection'|'disbursement'|'partner', integration?: 'wizard'|'inline',
 *   subject: string, mode: 'test'|'live', accept?: string, expiresAt: number }} TokenRecord
 */

/**
 * @param {Record<string, any>} state
 * @param {Omit<TokenRecord, 'token'|'expiresAt'>} fields
 * @param {number} ttlSeconds
 */
function issueToken(state, fields, ttlSeconds) {
	const token = newToken();
	/** @type {TokenRecord} */
	const record = { ...fields, token, expiresAt: Date.now() + ttlSeconds * 1000 };
	state.tokens.set(token, record);
	state.tokenCounts[fields.product] += 1;
	state.tokensByClient[fields.subject] = (state.tokensByClient[fields.subject] || 0) + 1;
	return record;
}

/**
 * The live token record named by an `Authorization: Bearer` header, or null.
 * @param {Record<string, any>} state
 * @param {string | undefined} header
 * @returns {TokenRecord | null}
 */
function lookupBearer(state, header) {
	const m = /^Bearer\s+(\S+)\s*$/i.exec(header || '');
	if (!m) return null;
	const record = state.tokens.get(m[1]);
	if (!record || record.expiresAt <= Date.now()) return null;
	return record;
}

/** Expire every token issued so far. @param {Record<string, any>} state */
function expireAllTokens(state) {
	const now = Date.now();
	let n = 0;
	for (const record of state.tokens.values()) {
		if (record.expiresAt > now) n++;
		record.expiresAt = 0;
	}
	return n;
}

module.exports = { issueToken, lookupBearer, expireAllTokens };
