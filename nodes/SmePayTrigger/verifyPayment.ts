import type { IDataObject } from 'n8n-workflow';

import { UnexpectedAnswerError } from '../SmePay/api/answers';
import { getOrderByReference } from '../SmePay/api/orderLookup';
import { FINAL_ORDER_STATUSES, getOrderStatus } from '../SmePay/api/orders';
import { readHttpFailure } from '../../credentials/common/httpFailure';
import type { SmePayClient } from '../SmePay/transport/SmePayClient';
import { canonicalId, SLUG_PATTERN, text, type SmePayEvent } from './payload';
import { compare, ORDER_STAGES, type Verdict } from './verdict';

/**
 * Which order a payment webhook is about, asked of SMEPay in this order:
 * 1. the slug the request names (`slug`/`order_slug` in the body, `?slug=` in the URL): the
 *    documented status call (POST /api/external/qr/status with slug and ref_id);
 * 2. `transaction_id` as the slug (a live SMEPay sends the order's slug there): the same call;
 * 3. the order by its `ref_id` (POST /api/external/order/status, seen in a live integration).
 * The first one that finds the order decides. 2 and 3 are guesses about SMEPay: when SMEPay does
 * not know them (404, no such endpoint, a refusal), the next is tried, and when none is left the
 * payment is unverifiable, never forged.
 */

export interface PaymentCheck {
	event: SmePayEvent;
	/** The client with the trigger's SMEPay API credential (undefined: none selected). */
	client: SmePayClient | undefined;
	/** The verdict when SMEPay does not know the order the request names by its slug. */
	unknownOrder: (slug: string) => Promise<Verdict>;
}

type LookupBy = 'slug' | 'transaction_id' | 'ref_id';

/** A guessed source SMEPay could not answer: the reason, for the unverifiable verdict. */
interface Unavailable {
	unavailable: string;
}

export async function verifyPayment(check: PaymentCheck): Promise<Verdict> {
	const { event, client } = check;
	if (event.slug !== undefined) {
		const slug = event.slug;
		const outcome = await attempt(() => byStatusCall(client, event, slug, 'slug'));
		if ('unavailable' in outcome) {
			return outcome.notFound
				? await check.unknownOrder(slug)
				: {
						kind: 'notYet',
						reason: `SMEPay could not be asked about the order: ${outcome.unavailable}`,
					};
		}
		return outcome;
	}
	if (client === undefined) return { kind: 'unverifiable', reason: NO_CREDENTIAL_REASON };

	const missed: string[] = [];
	const txn = event.transactionId;
	if (txn !== undefined && SLUG_PATTERN.test(txn)) {
		const outcome = await guess(() => byStatusCall(client, event, txn, 'transaction_id'));
		if (!('unavailable' in outcome)) return outcome;
		missed.push(`no order with the slug "${txn}" (the transaction_id): ${outcome.unavailable}`);
	}
	const outcome = await guess(() => byReference(client, event));
	if (!('unavailable' in outcome)) return outcome;
	missed.push(`no order by ref_id "${event.reference}": ${outcome.unavailable}`);
	return { kind: 'unverifiable', reason: unverifiableReason(missed) };
}

export const NO_CREDENTIAL_REASON =
	'The payment webhook does not name its order slug, and no SMEPay API credential is selected in the trigger to look the order up by its transaction_id or ref_id. Select one, or look the slug up by ref_id (kept from Create Order) and run SMEPay → Validate Order before fulfilling.';

function unverifiableReason(missed: string[]): string {
	return `SMEPay did not confirm this payment: the webhook names no order slug, and SMEPay showed ${missed.join('; ')}. Before fulfilling, look the slug up by ref_id (kept from Create Order) and run SMEPay → Validate Order, or add ?slug=… to the callback URL. If the order is real, check that the trigger's SMEPay API credential is the account and environment (Test/Live) the order was made with.`;
}

/** POST /api/external/qr/status with a slug and the ref_id. */
async function byStatusCall(
	client: SmePayClient | undefined,
	event: SmePayEvent,
	slug: string,
	lookupBy: LookupBy,
): Promise<Verdict | Unavailable> {
	if (client === undefined) {
		return {
			kind: 'notYet',
			reason: 'no SMEPay API credential is selected in the trigger, so SMEPay cannot be asked',
		};
	}
	const order = await getOrderStatus(client, slug, event.reference, 0);
	// Only a guess may find nothing: SMEPay may say "no such order" with a 200.
	if (lookupBy !== 'slug' && shows(order as IDataObject) === false)
		return { unavailable: 'the answer shows no order' };
	// The ref_id is sent along so that SMEPay answers only for that pair; should it answer for the
	// slug alone and name the order it found, that order must be the webhook's.
	if (namesAnotherOrder(order as IDataObject, event)) {
		return lookupBy === 'slug'
			? {
					kind: 'contradicted',
					reason:
						"SMEPay's order with the slug the request names has another Order ID (ref_id) than the webhook",
				}
			: { unavailable: 'the answer is about another order' };
	}
	return compare(event, FINAL_ORDER_STATUSES, ORDER_STAGES, {
		source: 'SMEPay order status',
		lookupBy,
		slug,
		orderId: order.order_id,
		status: order.payment_status,
		amount: order.amount,
	});
}

/** POST /api/external/order/status with the ref_id: the answer must be about that order. */
async function byReference(
	client: SmePayClient,
	event: SmePayEvent,
): Promise<Verdict | Unavailable> {
	const order = await getOrderByReference(client, event.reference, 0);
	if (namesAnotherOrder(order, event)) return { unavailable: 'the answer is about another order' };
	if (!shows(order)) return { unavailable: 'the answer shows no order' };
	return compare(event, FINAL_ORDER_STATUSES, ORDER_STAGES, {
		source: 'SMEPay order status by ref_id',
		lookupBy: 'ref_id',
		refId: event.reference,
		...(typeof order.slug === 'string' ? { slug: order.slug } : {}),
		orderId: order.order_id,
		status: order.payment_status,
		amount: order.amount,
	});
}

/** The call's verdict, or why it gave none (`notFound`: SMEPay answered 404). */
async function attempt(
	call: () => Promise<Verdict | Unavailable>,
): Promise<Verdict | (Unavailable & { notFound: boolean })> {
	try {
		const outcome = await call();
		return 'unavailable' in outcome ? { ...outcome, notFound: false } : outcome;
	} catch (error) {
		const { status } = readHttpFailure(error);
		return { unavailable: describe(error), notFound: status === 404 };
	}
}

/**
 * A guessed source: a 4xx answer (not found, no such endpoint, a refusal) means SMEPay cannot be
 * asked this way; no answer, a 5xx or a 429 means it could not be asked now (503: a retry may
 * confirm it).
 */
async function guess(call: () => Promise<Verdict | Unavailable>): Promise<Verdict | Unavailable> {
	try {
		return await call();
	} catch (error) {
		// SMEPay answered, but not with an order (e.g. status false): this source does not know it.
		if (error instanceof UnexpectedAnswerError) return { unavailable: describe(error) };
		const { status } = readHttpFailure(error);
		if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
			return { unavailable: `SMEPay answered ${status}` };
		}
		return {
			kind: 'notYet',
			reason: `SMEPay could not be asked about the order: ${describe(error)}`,
		};
	}
}

/**
 * Whether SMEPay's answer names an order (its ref_id) and none of the names is the webhook's,
 * compared as the dedupe memory compares them. An empty or non-text field names nothing.
 */
function namesAnotherOrder(order: IDataObject, event: SmePayEvent): boolean {
	const named = [order.ref_id, order.external_reference_id]
		.map(text)
		.filter((name): name is string => name !== undefined);
	const mine = canonicalId(event.reference);
	return named.length > 0 && !named.some((name) => canonicalId(name) === mine);
}

/** Whether a status answer shows an order at all. */
function shows(order: IDataObject): boolean {
	return order.status !== false && typeof order.payment_status === 'string';
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
