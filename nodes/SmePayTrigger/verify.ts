import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { FINAL_ORDER_STATUSES, getOrderStatus } from '../SmePay/api/orders';
import { FINAL_PAYOUT_STATUSES, getPayout } from '../SmePay/api/payouts';
import { readHttpFailure } from '../SmePay/transport/httpFailure';
import { SmePayClient, type SmePayClientOptions } from '../SmePay/transport/SmePayClient';
import { parseAmount } from '../SmePay/validation/amount';
import { normaliseStatus, type SmePayEvent } from './payload';

/**
 * Asks SMEPay about the order or payout a webhook names, and says whether SMEPay agrees with it.
 * SMEPay signs nothing, so this is what tells a real event from a forged one.
 */

export type Verdict =
	/** SMEPay shows the same status and amount (and reference, for payouts). */
	| { kind: 'confirmed'; verification: IDataObject }
	/** SMEPay says otherwise: a forged or stale event. Answered 422; no run, no retry. */
	| { kind: 'contradicted'; reason: string }
	/** SMEPay could not be asked, or does not show the final status yet. Answered 503: SMEPay retries. */
	| { kind: 'notYet'; reason: string }
	/** A payment webhook without the order slug the status call needs. */
	| { kind: 'unverifiable'; reason: string };

// Answer fast: one try with a short timeout. A failure answers 503, and SMEPay's own retries
// (1 m, 5 m, 25 m, 2 h) are the retries.
const CLIENT_OPTIONS: SmePayClientOptions = { maxAttempts: 1, timeoutMs: 5_000, budgetMs: 5_000 };

export const NO_SLUG_REASON =
	'The payment webhook does not name its order slug, which the SMEPay status call needs. Look the slug up by ref_id (kept from Create Order) and run SMEPay → Validate Order before fulfilling, or add ?slug=… to the callback URL.';

export async function verifyEvent(ctx: IWebhookFunctions, event: SmePayEvent): Promise<Verdict> {
	return event.event === 'payout'
		? await verifyPayout(ctx, event)
		: await verifyPayment(ctx, event);
}

/** POST /api/external/qr/status with the slug and ref_id: status and amount must match. */
async function verifyPayment(ctx: IWebhookFunctions, event: SmePayEvent): Promise<Verdict> {
	if (event.slug === undefined) return { kind: 'unverifiable', reason: NO_SLUG_REASON };
	const slug = event.slug;
	return await ask(ctx, 'order', async () => {
		const client = new SmePayClient(ctx, 'smePayApi', CLIENT_OPTIONS);
		const order = await getOrderStatus(client, slug, event.reference, 0);
		return compare(event, FINAL_ORDER_STATUSES, {
			source: 'SMEPay order status',
			slug,
			orderId: order.order_id,
			status: order.payment_status,
			amount: order.amount,
		});
	});
}

/** GET /api/v1/disbursement/payouts/{id}: status, amount and reference id must match. */
async function verifyPayout(ctx: IWebhookFunctions, event: SmePayEvent): Promise<Verdict> {
	return await ask(ctx, 'payout', async () => {
		const client = new SmePayClient(ctx, 'smePayDisbursementApi', CLIENT_OPTIONS);
		const payout = await getPayout(client, event.eventId, 0);
		if (String(payout.reference_id) !== event.reference) {
			return {
				kind: 'contradicted',
				reason: `SMEPay's payout ${event.eventId} has another reference id than the webhook`,
			};
		}
		return compare(event, FINAL_PAYOUT_STATUSES, {
			source: 'SMEPay payout status',
			payoutId: payout.id,
			referenceId: payout.reference_id,
			status: payout.status,
			amount: payout.amount,
			...(payout.utr_number ? { utrNumber: payout.utr_number } : {}),
		});
	});
}

function compare(event: SmePayEvent, finalStatuses: string[], seen: IDataObject): Verdict {
	// Test mode may say TEST_SUCCESS here too; the webhook's status is already normalised.
	const status = normaliseStatus(String(seen.status)).status;
	if (status !== event.status) {
		if (!finalStatuses.includes(status)) {
			return {
				kind: 'notYet',
				reason: `SMEPay still shows ${status}, the webhook says ${event.status}`,
			};
		}
		return {
			kind: 'contradicted',
			reason: `SMEPay shows ${status}, the webhook says ${event.status}`,
		};
	}
	const amount = parseAmount(seen.amount);
	if (amount === undefined || amount.paise !== event.amount.paise) {
		return {
			kind: 'contradicted',
			reason: `SMEPay shows the amount ${amount?.text ?? String(seen.amount)}, the webhook says ${event.amount.text}`,
		};
	}
	return {
		kind: 'confirmed',
		verification: { ...seen, status, amount: amount.text, checkedAt: new Date().toISOString() },
	};
}

/**
 * Runs the API call. "Not found" means SMEPay has no such order or payout for these keys: the
 * event is contradicted. Anything else that stops the call (no answer, 5xx, 429, a refused
 * credential, no credential selected) is ours to fix or wait out, so SMEPay is asked to retry.
 */
async function ask(
	ctx: IWebhookFunctions,
	what: 'order' | 'payout',
	call: () => Promise<Verdict>,
): Promise<Verdict> {
	try {
		return await call();
	} catch (error) {
		const { status } = readHttpFailure(error);
		if (status === 404) {
			return { kind: 'contradicted', reason: `SMEPay has no such ${what} for this credential` };
		}
		const said = error instanceof Error ? error.message : String(error);
		return { kind: 'notYet', reason: `SMEPay could not be asked about the ${what}: ${said}` };
	}
}
