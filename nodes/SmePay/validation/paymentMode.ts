import { z } from 'zod';

import { formatRupees, type Amount } from './amount';
import { kindOf, quoted, refuse } from './refusal';

/** SMEPay's payout modes and the limits it documents for each, in paise (no entry: no cap). */
export const PAYMENT_MODES = ['IMPS', 'NEFT', 'RTGS'] as const;
export type PaymentMode = (typeof PAYMENT_MODES)[number];

export const MODE_LIMITS: Record<PaymentMode, { minPaise: number; maxPaise?: number }> = {
	IMPS: { minPaise: 1_00, maxPaise: 5_00_000_00 },
	NEFT: { minPaise: 1_00 },
	RTGS: { minPaise: 2_00_000_00 },
};

const CHOOSE = 'Use IMPS, NEFT or RTGS (any case); leave it empty for IMPS.';

/** The mode from a parameter or a sheet column: any case, empty means IMPS. */
export const paymentMode = z.unknown().transform((value, ctx): PaymentMode => {
	if (value === undefined || value === null) return 'IMPS';
	if (typeof value !== 'string') {
		return refuse(ctx, `is ${kindOf(value)}, not IMPS, NEFT or RTGS`, CHOOSE);
	}
	const mode = value.trim().toUpperCase();
	if (mode === '') return 'IMPS';
	if (!(PAYMENT_MODES as readonly string[]).includes(mode)) {
		return refuse(ctx, `${quoted(mode)} is not IMPS, NEFT or RTGS`, CHOOSE);
	}
	return mode as PaymentMode;
});

const limitSchemas = new Map<PaymentMode, z.ZodType<Amount, z.ZodTypeDef, Amount>>();

/** The amount, if the mode can pay it: inclusive limits, checked to the paisa. */
export function amountForMode(mode: PaymentMode): z.ZodType<Amount, z.ZodTypeDef, Amount> {
	let schema = limitSchemas.get(mode);
	if (schema === undefined) {
		schema = z.custom<Amount>().superRefine((amount, ctx) => checkLimits(mode, amount, ctx));
		limitSchemas.set(mode, schema);
	}
	return schema;
}

function checkLimits(mode: PaymentMode, amount: Amount, ctx: z.RefinementCtx): void {
	const { minPaise, maxPaise } = MODE_LIMITS[mode];
	const shown = formatRupees(amount.paise);
	if (amount.paise < minPaise) {
		refuse(
			ctx,
			`${shown} is below the ${mode} minimum of ${formatRupees(minPaise)}`,
			mode === 'RTGS'
				? 'Send it by IMPS or NEFT.'
				: `SMEPay pays at least ${formatRupees(minPaise)} by ${mode}: correct the amount, or leave the row out.`,
		);
	} else if (maxPaise !== undefined && amount.paise > maxPaise) {
		refuse(
			ctx,
			`${shown} is above the ${mode} limit of ${formatRupees(maxPaise)}`,
			'Send it by NEFT or RTGS, or split it into several payouts.',
		);
	}
}
