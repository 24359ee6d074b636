import type { IDataObject } from 'n8n-workflow';

import type { SmePayClient } from '../transport/SmePayClient';

/** The disbursement endpoints, one function each. Shared by the payout operations and the trigger. */

export const FINAL_PAYOUT_STATUSES = ['SUCCESS', 'FAILED'];

export interface PayoutRequest {
	reference_id: string;
	amount: number;
	payment_mode: 'IMPS' | 'NEFT' | 'RTGS';
	beneficiary_name: string;
	beneficiary_account: string;
	beneficiary_ifsc: string;
	remarks?: string;
	callback_url?: string;
}

/** What Send Payout can come back with: the new payout, or SMEPay's "already have it". */
export type SendPayoutAnswer =
	| { duplicate: false; payout: IDataObject }
	| { duplicate: true; reference_id: string };

/**
 * POST /api/v1/disbursement/payouts. Retried on 429/5xx/lost connections: SMEPay refuses a
 * reference_id it has seen ("duplicate reference_id"), so a repeat can never pay twice. That refusal
 * is an answer, not an error: the payout exists (from an earlier run, or from an earlier attempt of
 * this call whose answer was lost).
 */
export async function sendPayout(
	client: SmePayClient,
	payout: PayoutRequest,
	itemIndex: number,
): Promise<SendPayoutAnswer> {
	try {
		const answer = await client.request<{ data: IDataObject }>({
			method: 'POST',
			path: '/api/v1/disbursement/payouts',
			body: payout as unknown as IDataObject,
			retry: 'safe',
			action: 'Send Payout',
			itemIndex,
			noAnswerDescription: `SMEPay did not answer, even after retries, so payout "${payout.reference_id}" may or may not have been created. Run this row again with the same Reference ID: SMEPay refuses a Reference ID it already has, so it cannot be paid twice.`,
		});
		return { duplicate: false, payout: answer.data };
	} catch (error) {
		if (isDuplicateReference(error)) return { duplicate: true, reference_id: payout.reference_id };
		throw redactBeneficiary(error as Error, [
			payout.beneficiary_name,
			payout.beneficiary_account,
			payout.beneficiary_ifsc,
		]);
	}
}

/** GET /api/v1/disbursement/payouts/{id}. */
export async function getPayout(
	client: SmePayClient,
	payoutId: string,
	itemIndex: number,
): Promise<IDataObject> {
	const answer = await client.request<{ data: IDataObject }>({
		method: 'GET',
		path: `/api/v1/disbursement/payouts/${encodeURIComponent(payoutId)}`,
		retry: 'safe',
		action: 'Get Payout',
		itemIndex,
	});
	return answer.data;
}

/** SMEPay's 400 "duplicate reference_id: X", as the transport's NodeApiError carries it. */
export function isDuplicateReference(error: unknown): boolean {
	const { httpCode, message } = (error ?? {}) as { httpCode?: unknown; message?: unknown };
	return String(httpCode) === '400' && /duplicate reference_id/i.test(String(message));
}

const REDACTED = '[redacted]';

/**
 * SMEPay answers with beneficiary details hashed; should an error answer ever echo them in clear,
 * they are blanked out of everything the error carries (message, description, the answer body)
 * before it reaches an output item, the execution log or the UI.
 */
export function redactBeneficiary<E extends Error>(error: E, values: string[]): E {
	const secrets = values.filter((value) => typeof value === 'string' && value.trim().length >= 3);
	if (secrets.length === 0) return error;
	const pattern = new RegExp(secrets.map(escapeRegExp).join('|'), 'gi');
	const target = error as unknown as Record<string, unknown>;
	for (const key of ['message', 'description', 'messages', 'errorResponse', 'context', 'stack']) {
		if (target[key] !== undefined) target[key] = redactValue(target[key], pattern);
	}
	return error;
}

function redactValue(value: unknown, pattern: RegExp): unknown {
	if (typeof value === 'string') return value.replace(pattern, REDACTED);
	if (Array.isArray(value)) return value.map((entry) => redactValue(entry, pattern));
	if (value && typeof value === 'object') {
		const copy: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value)) copy[key] = redactValue(entry, pattern);
		return copy;
	}
	return value;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
