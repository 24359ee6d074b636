// @ts-check
'use strict';
// Timestamp formats SMEPay uses: unix seconds (collection status), ISO 8601 with +05:30 (order
// webhooks) and ISO 8601 UTC without milliseconds (disbursement payouts).

const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;

/** @param {number} ms */
function unixSeconds(ms) {
	return Math.floor(ms / 1000);
}

/** @param {number} ms */
function isoIst(ms) {
	return `${new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 19)}+05:30`;
}

/** @param {number} ms */
function isoUtc(ms) {
	return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

module.exports = { unixSeconds, isoIst, isoUtc };
