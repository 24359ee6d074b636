import { z } from 'zod';

import { exactAmount, MAX_RUPEE_DIGITS, type Amount } from './amount';
import { EMPTY, isBlank, kindOf, quoted, refuse } from './refusal';

/**
 * An amount in rupees as a person or a sheet typed it: a number, or text with digits grouped the
 * Western (250,000.00) or the Indian way (2,50,000.00), one optional dot with at most 2 decimals,
 * and an optional ₹, Rs or INR in front. Anything else is refused, saying why: nothing is ever
 * read as an amount other than the one written.
 */

const WRITE_IT = 'Write the amount in rupees with at most 2 decimals, like 1500 or 1,500.50.';

/** Digits grouped in thousands, in lakhs and crores, or not at all; then the decimals. */
const GROUPED = /^([1-9]\d{0,2}(?:,\d{3})+|[1-9]\d?(?:,\d{2})*,\d{3}|\d+)(?:\.(\d+))?$/;
/** 1500,50 · 0,50 · 10,5 · 0,500 · 1.500,50: a comma where the paise start. */
const DECIMAL_COMMA = /^(?:\d+,\d{1,2}|0,\d+|\d{1,3}(?:\.\d{3})+,\d+)$/;
const CURRENCY = /^(?:₹|rs\.?|inr)\s*/i;
const EXPONENT = /^[\d.,]*\d[eE][+-]?\d+$/;
/** A decimal digit that is not 0-9: full-width, Devanagari, Arabic-Indic… */
const OTHER_DIGIT = /(?![0-9])\p{Nd}/u;

export const typedAmount = z.unknown().transform((value, ctx): Amount => {
	if (isBlank(value)) return refuse(ctx, EMPTY);
	if (typeof value === 'number') return numberAmount(value, ctx);
	if (typeof value !== 'string') {
		const kind = kindOf(value);
		return refuse(
			ctx,
			kind === 'a list'
				? 'is a list, not one amount'
				: kind === 'not text'
					? 'is not an amount'
					: `is ${kind}, not an amount`,
			'Map one value, a number or text like 1500.50, e.g. {{ $json.amount }}.',
		);
	}
	return textAmount(value.trim(), ctx);
});

function textAmount(text: string, ctx: z.RefinementCtx): Amount {
	const shown = quoted(text);
	const body = text.replace(CURRENCY, '');
	if (OTHER_DIGIT.test(body)) {
		return refuse(
			ctx,
			`${shown} has digits other than 0-9`,
			'Type the amount with the digits 0-9.',
		);
	}
	if (/^[-−–]/.test(body)) {
		return refuse(ctx, `${shown} is negative`, `An amount is above 0. ${WRITE_IT}`);
	}
	if (body.startsWith('+')) return refuse(ctx, `${shown} has a + sign`, WRITE_IT);
	if (EXPONENT.test(body)) {
		return refuse(ctx, `${shown} is written with an exponent`, 'Write the digits out, like 1000.');
	}
	const match = GROUPED.exec(body);
	if (!match) {
		if (DECIMAL_COMMA.test(body)) {
			return refuse(
				ctx,
				`${shown} looks like it has a decimal comma`,
				'Write the paise after a dot, like 1500.50. A comma may only group digits: 1,500.50 or 1,50,050.00.',
			);
		}
		if (/^[\d,]+(?:\.\d+)?$/.test(body)) {
			return refuse(
				ctx,
				`${shown} has commas that do not group digits`,
				'Group digits in thousands (250,000.00) or the Indian way (2,50,000.00), or leave the commas out.',
			);
		}
		return refuse(ctx, `${shown} is not an amount`, WRITE_IT);
	}
	return exactOrRefuse(match[1].replace(/,/g, ''), match[2], shown, ctx);
}

/**
 * A number is exact when the shortest text that reads back as it has at most 2 decimals:
 * 100.1 is 100.10, while 0.1 + 0.2 (0.30000000000000004) is refused rather than rounded.
 */
function numberAmount(value: number, ctx: z.RefinementCtx): Amount {
	const shown = quoted(value);
	if (!Number.isFinite(value)) return refuse(ctx, `${shown} is not an amount`, WRITE_IT);
	if (value < 0) return refuse(ctx, `${shown} is negative`, `An amount is above 0. ${WRITE_IT}`);
	if (value >= 10 ** MAX_RUPEE_DIGITS) return tooLarge(shown, ctx);
	const match = /^(\d+)(?:\.(\d+))?$/.exec(String(value));
	if (!match) return tooManyDecimals(shown, ctx, true); // 1e-7 and the like
	return exactOrRefuse(match[1], match[2], shown, ctx, true);
}

function exactOrRefuse(
	whole: string,
	decimals: string | undefined,
	shown: string,
	ctx: z.RefinementCtx,
	calculated = false,
): Amount {
	if (decimals !== undefined && decimals.length > 2) return tooManyDecimals(shown, ctx, calculated);
	const rupees = whole.replace(/^0+(?=\d)/, '');
	if (rupees.length > MAX_RUPEE_DIGITS) return tooLarge(shown, ctx);
	const amount = exactAmount(decimals === undefined ? rupees : `${rupees}.${decimals}`);
	return amount ?? refuse(ctx, `${shown} is not above 0`, `An amount is above 0. ${WRITE_IT}`);
}

function tooManyDecimals(shown: string, ctx: z.RefinementCtx, calculated: boolean): never {
	return refuse(
		ctx,
		`${shown} has more than 2 decimals`,
		calculated
			? `Amounts are in rupees with at most 2 decimals (paise). If it is calculated, round it where it is calculated, e.g. {{ $json.total.toFixed(2) }}.`
			: 'Amounts are in rupees with at most 2 decimals (paise), like 100 or 100.50.',
	);
}

function tooLarge(shown: string, ctx: z.RefinementCtx): never {
	return refuse(
		ctx,
		`${shown} is too large`,
		`An amount has at most ${MAX_RUPEE_DIGITS} digits before the decimal point.`,
	);
}
