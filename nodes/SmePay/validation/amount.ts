import { z } from 'zod';

/**
 * Money as exact integer paise. This file reads the amounts SMEPay itself sends (answers and
 * webhooks: a JSON number or a plain decimal string, never grouped); amounts a person or a sheet
 * typed are read by typedAmount.ts, which knows about commas, ₹ and the mistakes people make.
 */
export interface Amount {
	/** Canonical text with two decimals, e.g. "100.10": what order endpoints take. */
	text: string;
	/** Integer paise, for comparisons and limits. */
	paise: number;
	/** The same value as a JS number, for endpoints that take a number (payouts). */
	rupees: number;
}

/** At most 13 digits of rupees, so every paisa stays an exact JavaScript integer. */
export const MAX_RUPEE_DIGITS = 13;

const PLAIN_AMOUNT = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * An amount as SMEPay writes it: a positive JSON number whose shortest text has at most 2
 * decimals (100.1, 5000.0; never 0.30000000000000004), or a string of digits with an optional
 * dot and 1 or 2 decimals ("100.00"). No spaces, signs, exponents or commas.
 */
export const apiAmount = z.union([z.number(), z.string()]).transform((value, ctx) => {
	const text = typeof value === 'number' ? String(value) : value;
	const amount = exactAmount(text);
	if (amount === undefined) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not an amount' });
		return z.NEVER;
	}
	return amount;
});

/** Returns SMEPay's amount, or undefined when it is not a positive amount with ≤ 2 decimals. */
export function parseAmount(value: unknown): Amount | undefined {
	const result = apiAmount.safeParse(value);
	return result.success ? result.data : undefined;
}

/** Plain digits with at most 2 decimals → the amount, if above 0. */
export function exactAmount(text: string): Amount | undefined {
	const match = PLAIN_AMOUNT.exec(text);
	if (!match) return undefined;
	const paise = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
	return paise > 0 ? fromPaise(paise) : undefined;
}

export function fromPaise(paise: number): Amount {
	const rupees = Math.floor(paise / 100);
	const text = `${rupees}.${String(paise % 100).padStart(2, '0')}`;
	return { text, paise, rupees: Number(text) };
}

/** Integer paise as rupees with two decimals, exact at any size: 25150050n → "251500.50". */
export function rupeesText(paise: bigint): string {
	return `${paise / 100n}.${String(paise % 100n).padStart(2, '0')}`;
}

/** ₹5,00,000 style, for messages. */
export function formatRupees(paise: number | bigint): string {
	const text = rupeesText(BigInt(paise));
	const [whole, decimals] = text.split('.');
	const lastThree = whole.slice(-3);
	const rest = whole.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
	return `₹${rest ? `${rest},` : ''}${lastThree}${decimals === '00' ? '' : `.${decimals}`}`;
}
