// @ts-check
'use strict';
// Route handlers return plain answers; the server writes them (or drops them, for fault rules).

/** @typedef {{ status: number, body?: any, headers?: Record<string, string>, html?: string }} Answer */

/** @param {any} body @param {number} [status] @returns {Answer} */
function ok(body, status = 200) {
	return { status, body };
}

/** @param {number} status @param {string} message @param {Record<string, any>} [extra] @returns {Answer} */
function fail(status, message, extra) {
	return { status, body: { status: false, ...(extra || {}), message } };
}

module.exports = { ok, fail };
