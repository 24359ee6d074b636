// @ts-check
'use strict';
const crypto = require('node:crypto');

const SLUG_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** @param {number} length @param {string} alphabet */
function randomString(length, alphabet) {
	const bytes = crypto.randomBytes(length);
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
	return out;
}

/** @param {number} n */
function digits(n) {
	return randomString(n, '0123456789');
}

/** An order slug like SMEPay's ("2h2m6qf"). */
function newSlug() {
	return randomString(7, SLUG_ALPHABET);
}

/** A Wizard order id like SMEPay's ("HZR2959795575241"). */
function newWizardOrderId() {
	return `HZR${digits(13)}`;
}

/** Opaque bearer token. */
function newToken() {
	return `sbx_${crypto.randomBytes(24).toString('base64url')}`;
}

/** A stable UUID derived from a name, so seeded business ids are the same on every run. */
function stableUuid(/** @type {string} */ name) {
	const h = crypto.createHash('sha256').update(name).digest('hex');
	const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function sha256Hex(/** @type {string} */ text) {
	return crypto.createHash('sha256').update(text).digest('hex');
}

module.exports = {
	UUID_RE,
	randomString,
	digits,
	newSlug,
	newWizardOrderId,
	newToken,
	stableUuid,
	sha256Hex,
	randomUUID: () => crypto.randomUUID(),
};
