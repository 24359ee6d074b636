import type { IDataObject } from 'n8n-workflow';

import { parseAmount } from '../SmePay/validation/amount';
import { normaliseStatus, type SmePayEvent } from './payload';

/** What SMEPay's answer says about a webhook, and so what SMEPay is answered. */
export type Verdict =
	/** SMEPay shows the same status and amount (and reference, for payouts), or a later status. */
	| { kind: 'confirmed'; verification: IDataObject }
	/** SMEPay shows the same order or payout otherwise: forged. Answered 422; no run, no retry. */
	| { kind: 'contradicted'; reason: string }
	/** SMEPay could not be asked, or does not show the final status yet. Answered 503: SMEPay retries. */
	| { kind: 'notYet'; reason: string }
	/** SMEPay knows no such order or payout for the credential. Answered 503 and logged as an error. */
	| { kind: 'unknown'; reason: string }
	/**
	 * SMEPay refused the check for good (400, 401, 403, the credential's token refused): nothing
	 * changes until someone fixes it. Answered 503 (a retry after the fix confirms it) and logged
	 * as an error that says what to fix.
	 */
	| { kind: 'refused'; reason: string }
	/** A payment webhook none of the ways to ask SMEPay about could confirm. */
	| { kind: 'unverifiable'; reason: string };

/**
 * Where each status stands in SMEPay's lifecycle (orders CREATED → INITIATED → PENDING → final;
 * payouts INITIATED → PROCESSING → final). An order or payout at a later stage has passed the
 * earlier ones, so a webhook for an earlier stage arriving late is real, only stale.
 */
export const ORDER_STAGES: Record<string, number> = {
	CREATED: 0,
	INITIATED: 1,
	PENDING: 2,
	SUCCESS: 3,
	FAILED: 3,
	EXPIRED: 3,
};
export const PAYOUT_STAGES: Record<string, number> = {
	INITIATED: 1,
	PROCESSING: 2,
	SUCCESS: 3,
	FAILED: 3,
};

/** Compares what SMEPay shows (`seen`: status, amount and what to report) with the webhook. */
export function compare(
	event: SmePayEvent,
	finalStatuses: string[],
	stages: Record<string, number>,
	seen: IDataObject,
): Verdict {
	const shown = typeof seen.status === 'string' ? seen.status.trim() : '';
	const amount = parseAmount(seen.amount);
	if (shown === '' || amount === undefined) {
		return { kind: 'notYet', reason: "SMEPay's answer shows no status or amount" };
	}
	// Test mode may say TEST_SUCCESS here too; the webhook's status is already normalised.
	const { status, testMode } = normaliseStatus(shown);
	if (amount.paise !== event.amount.paise) {
		return {
			kind: 'contradicted',
			reason: `SMEPay shows the amount ${amount.text}, the webhook says ${event.amount.text}`,
		};
	}
	const confirmed = (stale: boolean): Verdict => ({
		kind: 'confirmed',
		verification: {
			...seen,
			status,
			amount: amount.text,
			...(stale ? { stale: true } : {}),
			...(testMode ? { testMode: true } : {}),
			checkedAt: new Date().toISOString(),
		},
	});
	if (status === event.status) return confirmed(false);
	const webhookStage = stages[event.status];
	const smePayStage = stages[status];
	if (webhookStage !== undefined && smePayStage !== undefined && webhookStage < smePayStage) {
		return confirmed(true);
	}
	if (finalStatuses.includes(status)) {
		return {
			kind: 'contradicted',
			reason: `SMEPay shows ${status}, the webhook says ${event.status}`,
		};
	}
	return {
		kind: 'notYet',
		reason: `SMEPay still shows ${status}, the webhook says ${event.status}`,
	};
}
