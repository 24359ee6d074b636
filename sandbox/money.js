// @ts-check
'use strict';
// Money is kept as integer paise everywhere inside the sandbox; rupee strings and numbers exist
// only at the edges (request parsing, response formatting). Nothing goes through float arithmetic.

const AMOUNT_RE = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * Parse a rupee amount given as a decimal string ("100", "100.5", "100.50") into paise.
 * @param {string} text
 * @returns {number | null} paise, or null when the text is not a non-negative amount with at most 2 decimals
 */
function parseRupeeString(text) {
	const m = AMOUNT_RE.exec(text.trim());
	if (!m) return null;
	const fraction = (m[2] || '').padEnd(2, '0');
	return Number(m[1]) * 100 + Number(fraction);
}

/**
 * Parse a JSON number amount into paise, using its shortest round-trip decimal text (10.1 → "10.1"),
 * so 10.1 is 1010 paise and never 1009.
 * @param {number} value
 * @returns {number | null}
 */
function parseRupeeNumber(value) {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
	const text = String(value);
	if (/e/i.test(text)) return null;
	return parseRupeeString(text);
}

/**
 * Either form (string or number).
 * @param {unknown} value
 * @returns {number | null}
 */
function parseRupees(value) {
	if (typeof value === 'string') return parseRupeeString(value);
	if (typeof value === 'number') return parseRupeeNumber(value);
	return null;
}

/** @param {number} paise */
function formatPaise(paise) {
	const sign = paise < 0 ? '-' : '';
	const abs = Math.abs(paise);
	return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Paise as a JSON number of rupees (only for display fields the API documents as numbers). */
function paiseToNumber(/** @type {number} */ paise) {
	return Number(formatPaise(paise));
}

module.exports = { parseRupeeString, parseRupeeNumber, parseRupees, formatPaise, paiseToNumber };
