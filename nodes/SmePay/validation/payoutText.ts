import { z } from 'zod';

import { EMPTY, isBlank, kindOf, quoted, refuse } from './refusal';

/** The payout's own text fields: the Reference ID and the remarks. */

/**
 * Your idempotency key, trimmed. A number is taken only while it is a whole number JavaScript
 * keeps exact (1001); 1e21 or 12.5 would come back as other text.
 */
export const referenceId = z.unknown().transform((value, ctx): string => {
	if (isBlank(value)) return refuse(ctx, EMPTY);
	if (typeof value === 'number') {
		if (Number.isSafeInteger(value) && value >= 0) return String(value);
		return refuse(
			ctx,
			'arrived as a number that is not a whole number below 9,007,199,254,740,991',
			'Format the Reference ID column as text in the sheet, so it stays exactly as typed.',
		);
	}
	if (typeof value !== 'string') {
		return refuse(
			ctx,
			`is ${kindOf(value)}, not a Reference ID`,
			'Map the one Reference ID column.',
		);
	}
	const text = value.trim();
	// Another key that reads the same: a row paid as "INV-1" and re-run as "INV-1" with a
	// zero-width space pasted in would be new to SMEPay, and paid again.
	if (INVISIBLE.test(text)) {
		return refuse(
			ctx,
			`${quoted(text.replace(INVISIBLE_ALL, '?'))} has an invisible, control or unusual space character (shown as ?)`,
			'Retype the Reference ID: a zero-width space, a no-break space, a direction mark or a control character from a copy-paste makes another ID that looks the same.',
		);
	}
	return text;
});

/**
 * Control and format characters (zero-width spaces and joiners, soft hyphen, direction marks), and
 * every space but the plain one (a no-break space from a web page reads as a space).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}]|(?! )\s/u;
const INVISIBLE_ALL = /[\p{Cc}\p{Cf}]|(?! )\s/gu;

export const REMARKS_MAX_LENGTH = 50;

/** The narration on the beneficiary's statement: optional, trimmed, at most 50 characters. */
export const remarks = z.unknown().transform((value, ctx): string | undefined => {
	if (isBlank(value)) return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') {
		return refuse(ctx, `is ${kindOf(value)}, not text`, 'Map the one remarks column.');
	}
	const text = String(value).trim();
	if (text.length > REMARKS_MAX_LENGTH) {
		return refuse(
			ctx,
			`is ${text.length} characters long; SMEPay accepts at most ${REMARKS_MAX_LENGTH}`,
			'Shorten it: it is the narration on the bank statement.',
		);
	}
	return text;
});
