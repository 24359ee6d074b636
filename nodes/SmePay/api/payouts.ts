import type { IDataObject } from 'n8n-workflow';

import type { SmePayClient } from '../transport/SmePayClient';
import { readAnswer, unexpectedAnswer, type AnswerContext } from './answers';
import { payoutAnswerSchema, type Payout } from './schemas';
import { readSentPayout, type PayoutRequest, type SendPayoutAnswer } from './sentPayout';

/** The disbursement endpoints, one function each. Shared by the payout operations and the trigger. */

export const FINAL_PAYOUT_STATUSES = ['SUCCESS', 'FAILED'];

export type { PayoutRequest, SendPayoutAnswer } from './sentPayout';

/**
 * POST /api/v1/disbursement/payouts. Retried on 429/5xx/lost connections: SMEPay refuses a
 * reference_id it has seen ("duplicate reference_id"), so a repeat can never pay twice. That refusal
 * is an answer, not an error: a payout with this reference exists (from an earlier run, or from an
 * earlier attempt of this call whose answer was lost), whatever became of it.
 */
export async function sendPayout(
	client: SmePayClient,
	payout: PayoutRequest,
	itemIndex: number,
): Promise<SendPayoutAnswer> {
	const beneficiary = [
		payout.beneficiary_name,
		payout.beneficiary_account,
		payout.beneficiary_ifsc,
	];
	const sentAt = Date.now();
	let answer: unknown;
	try {
		answer = await client.request<unknown>({
			method: 'POST',
			path: '/api/v1/disbursement/payouts',
			body: payout as unknown as IDataObject,
			retry: 'safe',
			action: 'Send Payout',
			itemIndex,
			noAnswerDescription: `SMEPay did not answer, even after retries, so payout "${payout.reference_id}" may or may not have been created. Run this row again with the same Reference ID: SMEPay refuses a Reference ID it already has, so it cannot be paid twice.`,
		});
	} catch (error) {
		if (isDuplicateReference(error)) return { duplicate: true, reference_id: payout.reference_id };
		throw redactBeneficiary(error as Error, beneficiary);
	}
	try {
		return readSentPayout(answer, payout, sentAt, itemIndex);
	} catch (error) {
		throw redactBeneficiary(error as Error, beneficiary);
	}
}

/** GET /api/v1/disbursement/payouts/{id}: the payout, checked to be the one asked for. */
export async function getPayout(
	client: SmePayClient,
	payoutId: string,
	itemIndex: number,
): Promise<Payout> {
	const answer = await client.request<unknown>({
		method: 'GET',
		path: `/api/v1/disbursement/payouts/${encodeURIComponent(payoutId)}`,
		retry: 'safe',
		action: 'Get Payout',
		itemIndex,
	});
	const context: AnswerContext = {
		action: 'Get Payout',
		itemIndex,
		whatToDo:
			'This call only reads, so nothing was changed: run it again later. If it persists, check the payout in the SMEPay dashboard, and what is between this n8n and SMEPay (a proxy).',
	};
	const { data } = readAnswer(payoutAnswerSchema, answer, context);
	if (data.id.toLowerCase() !== payoutId.toLowerCase()) {
		throw unexpectedAnswer(context, `is for another payout (${data.id}, asked for ${payoutId})`);
	}
	return data;
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
