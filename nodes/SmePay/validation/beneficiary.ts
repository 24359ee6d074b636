import { z } from 'zod';

import { EMPTY, isBlank, kindOf, refuse } from './refusal';

/**
 * A beneficiary's bank details. Refusals never repeat the value: it is the beneficiary's.
 */

const IFSC = /^[A-Za-z]{4}0[A-Za-z0-9]{6}$/;

/** 4 letters, a zero, 6 letters or digits; returned in upper case. */
export const ifsc = z.unknown().transform((value, ctx): string => {
	if (isBlank(value)) return refuse(ctx, EMPTY);
	const text = typeof value === 'string' ? value.trim() : '';
	if (!IFSC.test(text)) {
		return refuse(
			ctx,
			'is not a valid IFSC',
			'An IFSC has 11 characters: 4 letters, a zero, then 6 letters or digits (like SBIN0001234).',
		);
	}
	return text.toUpperCase();
});

const AS_TEXT =
	'Format the account number column as text in the sheet (in Google Sheets: Format → Number → Plain text) and check the number against the bank details, so every digit, leading zeros too, is kept. In an expression, pass the text on as it is.';

/**
 * 9 to 18 digits as text, spaces removed: returned digit for digit, leading zeros kept. A number
 * is refused whatever its value: a sheet that typed 033325221134005 as a number has already
 * made it 33325221134005, another account.
 */
export const accountNumber = z.unknown().transform((value, ctx): string => {
	if (typeof value === 'number' || typeof value === 'bigint') {
		return refuse(ctx, 'arrived as a number, so a leading zero may already be lost', AS_TEXT);
	}
	if (isBlank(value)) return refuse(ctx, EMPTY);
	if (typeof value !== 'string') {
		return refuse(
			ctx,
			`is ${kindOf(value)}, not an account number`,
			'Map the one account number column.',
		);
	}
	const account = value.replace(/\s/g, '');
	if (/^\d(?:\.\d+)?e\+?\d+$/i.test(account)) {
		return refuse(ctx, 'is in scientific notation, so its last digits are already lost', AS_TEXT);
	}
	if (!/^\d{9,18}$/.test(account)) {
		return refuse(
			ctx,
			'is not a valid bank account number',
			'Use 9 to 18 digits, with no letters or symbols.',
		);
	}
	return account;
});
