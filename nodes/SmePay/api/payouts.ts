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
 * reference_id it has seen ("duplicate reference_id"), so a repeat can never pay twice; a try that
 * got no answer is repeated only after SMEPay has had seconds to finish it (timing.ts). That
 * refusal is thrown like any other; Send Payout reads it as an answer (a payout with this
 * reference exists, from an earlier run or an earlier attempt of this call whose answer was lost).
 */
export async function sendPayout(
	client: SmePayClient,
	payout: PayoutRequest,
	itemIndex: number,
): Promise<SendPayoutAnswer> {
	const sentAt = Date.now();
	const response = await client.request<{ body?: unknown; headers?: IDataObject }>({
		method: 'POST',
		path: '/api/v1/disbursement/payouts',
		body: payout as unknown as IDataObject,
		retry: 'safe',
		waitOutLostTries: true,
		fullResponse: true,
		action: 'Send Payout',
		itemIndex,
		noAnswerDescription: `SMEPay did not answer, even after retries, so payout "${payout.reference_id}" may or may not have been created. Run this row again with the same Reference ID: SMEPay refuses a Reference ID it already has, so it cannot be paid twice.`,
	});
	const smePayDate = Date.parse(String(response.headers?.date ?? ''));
	return readSentPayout(
		response.body,
		payout,
		{
			sentAt,
			answeredAt: Date.now(),
			...(Number.isFinite(smePayDate) && { smePayDate }),
		},
		itemIndex,
	);
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
