import { createHash } from 'node:crypto';

import type { PayoutRequest } from '../../api/payouts';
import { PAYMENT_MODES, type PaymentMode } from '../../validation/paymentMode';
import type { ReadRow } from './payoutRow';

/**
 * A pay run: the whole input of one Send Payout (or Preview Payouts), every row read and checked
 * by payoutRow.ts. What it would pay, and its fingerprint: the identity a person approves.
 */
export interface PayRun {
	fingerprint: string;
	/** Input items. */
	rows: number;
	/** The rows Send would send, in input order. */
	accepted: Array<{ itemIndex: number; payout: PayoutRequest; paise: number }>;
	/** Every other row, in input order, with why it would not be sent. */
	refused: Array<{ itemIndex: number; referenceId: string | undefined; problem: Error }>;
	/** The accepted rows' sum, exact at any size. */
	totalPaise: bigint;
	/** Per payment mode present among the accepted rows, in the order IMPS, NEFT, RTGS. */
	byMode: Array<{ mode: PaymentMode; rows: number; paise: bigint }>;
}

export function payRunOf(reads: ReadRow[]): PayRun {
	const accepted: PayRun['accepted'] = [];
	const refused: PayRun['refused'] = [];
	reads.forEach(({ row, referenceId }, itemIndex) => {
		if ('payout' in row)
			accepted.push({ itemIndex, payout: row.payout, paise: paiseOf(row.payout) });
		else refused.push({ itemIndex, referenceId, problem: row.problem });
	});
	const byMode = PAYMENT_MODES.map((mode) => {
		const rows = accepted.filter((row) => row.payout.payment_mode === mode);
		return { mode, rows: rows.length, paise: sumPaise(rows) };
	}).filter((mode) => mode.rows > 0);
	return {
		fingerprint: fingerprintOf(reads),
		rows: reads.length,
		accepted,
		refused,
		totalPaise: sumPaise(accepted),
		byMode,
	};
}

/**
 * The payout's amount in integer paise. `amount` is the number the checks made from at most 13
 * digits of rupees and 2 of paise (15 significant digits), so it is within far less than half a
 * paisa of the exact value and rounding gives it back exactly.
 */
export function paiseOf(payout: PayoutRequest): number {
	return Math.round(payout.amount * 100);
}

function sumPaise(rows: Array<{ paise: number }>): bigint {
	return rows.reduce((sum, row) => sum + BigInt(row.paise), 0n);
}

const FINGERPRINT_VERSION = 'smepay-pay-run/1';

/** `sha256:` and 64 hex digits, as the fingerprint reads and as Approved Fingerprint must be. */
export const FINGERPRINT_PATTERN = /^sha256:[0-9a-f]{64}$/;

/**
 * The batch's fingerprint: SHA-256 over the sorted records of its rows (one JSON array each, so no
 * two different rows can spell the same record), hence the same for the same rows in any order
 * and different when any row is added, removed or changed.
 */
export function fingerprintOf(reads: ReadRow[]): string {
	const records = reads.map((read) => JSON.stringify(rowRecord(read))).sort();
	// JSON text has no raw line break, so the lines cannot run into each other.
	const digest = createHash('sha256')
		.update([FINGERPRINT_VERSION, ...records].join('\n'))
		.digest('hex');
	return `sha256:${digest}`;
}

/**
 * What identifies one row. A row Send would send: its payment as Send sends it (Reference ID,
 * paise, mode, name, account and IFSC in their checked forms), so two spellings of one payment
 * ("1500" and "1,500.00") are one record. The tag says whether it is sent: among rows sharing a
 * Reference ID the first one is sent, so which one that is belongs to the batch too. A refused
 * row: its values as they came (text trimmed), or, when they could not be read, its columns.
 */
export function rowRecord({ row, fields, columns }: ReadRow): unknown[] {
	if ('payout' in row) {
		const payout = row.payout;
		return [
			'send',
			payout.reference_id,
			paiseOf(payout),
			payout.payment_mode,
			payout.beneficiary_name,
			payout.beneficiary_account,
			payout.beneficiary_ifsc,
		];
	}
	if (fields !== undefined) {
		return [
			'refused',
			...[
				fields.referenceId,
				fields.amount,
				fields.paymentMode,
				fields.beneficiaryName,
				fields.beneficiaryAccount,
				fields.beneficiaryIfsc,
			].map(asGiven),
		];
	}
	return ['unread', columns ?? row.problem.message];
}

/** A value as it came: text trimmed, anything else as it is (JSON writes a missing one as null). */
function asGiven(value: unknown): unknown {
	return typeof value === 'string' ? value.trim() : value;
}

/** `one` or `many`, by count: the words Preview's summary and the controls' refusals share. */
export function plural(count: number, one: string, many: string): string {
	return count === 1 ? one : many;
}
