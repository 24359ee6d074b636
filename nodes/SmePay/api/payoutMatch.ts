import { createHash } from 'node:crypto';

import { formatRupees, parseAmount } from '../validation/amount';
import type { Payout } from './schemas';

/** The fields of a row as sent to POST /payouts that its payout can be compared on. */
export interface SentFields {
	amount: number;
	payment_mode: string;
	beneficiary_name: string;
	beneficiary_account: string;
	beneficiary_ifsc: string;
}

/**
 * A payout SMEPay answered with, held against the row sent under its Reference ID: everything the
 * answer lets us compare. SMEPay answers a Reference ID it already has with the original payout,
 * which may be another payment (the same invoice number for another vendor) or this one sent
 * before the row was changed: any difference means this row was not sent, never that it is unpaid.
 */
export interface PayoutMatch {
	/** What differs, worded for an error, never with a beneficiary detail in it. */
	differences: string[];
	/** What the answer does not show in a form that can be compared (e.g. "beneficiary name"). */
	unknown: string[];
}

/**
 * SMEPay documents the beneficiary fields of its answers as SHA-256 hashes of the values sent
 * (hex), so the row's own values hashed the same way must give them back. A field that is absent,
 * or not 64 hex digits (masked, or hashed some other way), cannot be compared: it is never guessed.
 */
const BENEFICIARY_FIELDS = [
	['beneficiary_name', 'beneficiary name'],
	['beneficiary_account', 'beneficiary account number'],
	['beneficiary_ifsc', 'beneficiary IFSC'],
] as const;

const SHA256_HEX = /^[0-9a-f]{64}$/i;

export function matchPayout(payout: Payout, request: SentFields): PayoutMatch {
	const differences: string[] = [];
	const unknown: string[] = [];
	const sent = parseAmount(request.amount);
	const answered = parseAmount(payout.amount);
	if (sent === undefined || answered?.paise !== sent.paise) {
		differences.push(
			`it answered for ${rupees(payout.amount)}, but this row sent ${rupees(request.amount)}`,
		);
	}
	const mode = payout.payment_mode;
	if (typeof mode !== 'string' || mode === '') unknown.push('payment mode');
	else if (mode.toUpperCase() !== request.payment_mode) {
		differences.push(`it answered for ${mode}, but this row sent ${request.payment_mode}`);
	}
	const otherPayee: string[] = [];
	for (const [field, name] of BENEFICIARY_FIELDS) {
		const digest = payout[field];
		if (typeof digest !== 'string' || !SHA256_HEX.test(digest)) unknown.push(name);
		else if (digest.toLowerCase() !== sha256Hex(request[field])) otherPayee.push(name);
	}
	if (otherPayee.length > 0) {
		differences.push(`it answered for another ${listed(otherPayee)} than this row sent`);
	}
	return { differences, unknown };
}

/** "a", "a and b", "a, b and c". */
export function listed(words: string[]): string {
	return words.length <= 1
		? (words[0] ?? '')
		: `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function sha256Hex(value: string): string {
	return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** ₹1,500.50, or the value as SMEPay wrote it when it is not an amount. */
export function rupees(value: unknown): string {
	const amount = parseAmount(value);
	return amount === undefined ? `"${String(value)}"` : formatRupees(amount.paise);
}
