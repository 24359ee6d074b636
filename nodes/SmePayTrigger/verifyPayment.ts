import type { IDataObject } from 'n8n-workflow';

import { UnexpectedAnswerError } from '../SmePay/api/answers';
import { getOrderByReference, lookUpWithoutKey } from '../SmePay/api/orderLookup';
import { FINAL_ORDER_STATUSES, getOrderStatus, requestOrderStatus } from '../SmePay/api/orders';
import { readHttpFailure } from '../../credentials/common/httpFailure';
import type { SmePayClient } from '../SmePay/transport/SmePayClient';
import { SLUG_PATTERN, text, type SmePayEvent } from './payload';
import { compare, ORDER_STAGES, type Verdict } from './verdict';

/**
 * Which order a payment webhook is about, asked of SMEPay:
 * 1. by slug, with the documented status call (POST /api/external/qr/status with the slug and the
 *    webhook's ref_id): the slug the request names (`slug`/`order_slug` in the body, `?slug=` in
 *    the URL), else `transaction_id` as the slug (a live SMEPay sends the order's slug there);
 * 2. the order by its `ref_id` (POST /api/external/order/status, seen in a live integration).
 *
 * A status answer by slug confirms the payment only when SMEPay ties that slug to the webhook's
 * order: the answer names the order's ref_id, or SMEPay refuses the same slug asked with another
 * ref_id (so it answered for the pair, not for the slug alone). An answer for the slug alone
 * shows some order's payment, maybe another's: it can still show the webhook false, but only the
 * order by ref_id can then confirm it. When no source confirms, the payment is unverifiable,
 * never forged. A look-up SMEPay has that does not know the order is a credential problem (503).
 */

export interface PaymentCheck {
	event: SmePayEvent;
	/** The client with the trigger's SMEPay API credential (undefined: none selected). */
	client: SmePayClient | undefined;
	/** The verdict when a look-up SMEPay has does not know the order (`what` names it). */
	unknownOrder: (what: string) => Promise<Verdict>;
	/** The verdict when the status call for the slug the request names failed otherwise. */
	failed: (error: unknown) => Promise<Verdict>;
}

type LookupBy = 'slug' | 'transaction_id' | 'ref_id';

/** A source that did not confirm the payment: what it showed, for the unverifiable verdict. */
interface Unavailable {
	unavailable: string;
	/** SMEPay answered 404. */
	notFound?: boolean;
}

type Outcome = Verdict | Unavailable;

export async function verifyPayment(check: PaymentCheck): Promise<Verdict> {
	const { event, client } = check;
	if (client === undefined) {
		return event.slug === undefined
			? { kind: 'unverifiable', reason: NO_CREDENTIAL_REASON }
			: { kind: 'notYet', reason: NO_CREDENTIAL_FOR_SLUG };
	}
	const missed: string[] = [];
	const txn = event.transactionId;
	if (event.slug !== undefined) {
		const outcome = await byNamedSlug(check, client, event.slug);
		if (!('unavailable' in outcome)) return outcome;
		missed.push(`the slug "${event.slug}" (named in the request): ${outcome.unavailable}`);
	} else if (txn !== undefined && SLUG_PATTERN.test(txn)) {
		const outcome = await guess(() => bySlug(client, event, txn, 'transaction_id'));
		if (!('unavailable' in outcome)) return outcome;
		missed.push(`the slug "${txn}" (the transaction_id): ${outcome.unavailable}`);
	} else missed.push('the webhook names no order slug');

	const outcome = await guess(() => byReference(client, event));
	if (!('unavailable' in outcome)) return outcome;
	if (outcome.notFound === true) {
		const offered = await lookUpByReferenceOffered(client);
		if (offered === true) {
			return await check.unknownOrder(`order with the ref_id "${event.reference}"`);
		}
		if (!('unavailable' in offered)) return offered;
		missed.push(`the ref_id "${event.reference}": ${offered.unavailable}`);
	} else missed.push(`the ref_id "${event.reference}": ${outcome.unavailable}`);
	return { kind: 'unverifiable', reason: unverifiableReason(missed) };
}

export const NO_CREDENTIAL_REASON =
	'The payment webhook does not name its order slug, and no SMEPay API credential is selected in the trigger to look the order up by its transaction_id or ref_id. Select one, or look the slug up by ref_id (kept from Create Order) and run SMEPay → Validate Order before fulfilling.';

const NO_CREDENTIAL_FOR_SLUG =
	'no SMEPay API credential is selected in the trigger, so SMEPay cannot be asked';

const UNTIED =
	"SMEPay's status answer does not name this order's ref_id, and SMEPay answers for that slug with another ref_id too, so it does not show that the slug is this order's";

function unverifiableReason(missed: string[]): string {
	return `SMEPay did not confirm this payment. Asked by ${missed.join('; by ')}. Before fulfilling, look the slug up by ref_id (kept from Create Order) and run SMEPay → Validate Order. If no payment comes out verified, check that the trigger's SMEPay API credential is the account and environment (Test/Live) the orders are made with (README, Troubleshooting).`;
}

/**
 * The slug the request names: SMEPay's documented call for the order the webhook says it is
 * about, so "not found" is a credential problem and a refusal is answered 503 for a retry.
 */
async function byNamedSlug(
	check: PaymentCheck,
	client: SmePayClient,
	slug: string,
): Promise<Outcome> {
	try {
		return await bySlug(client, check.event, slug, 'slug');
	} catch (error) {
		if (readHttpFailure(error).status === 404) {
			return await check.unknownOrder(
				`order with the slug "${slug}" and ref_id "${check.event.reference}"`,
			);
		}
		return await check.failed(error);
	}
}

/** POST /api/external/qr/status with a slug and the ref_id. */
async function bySlug(
	client: SmePayClient,
	event: SmePayEvent,
	slug: string,
	lookupBy: LookupBy,
): Promise<Outcome> {
	const order = await getOrderStatus(client, slug, event.reference, 0);
	const named = orderNamed(order as IDataObject, event);
	if (named === 'another') {
		return lookupBy === 'slug'
			? {
					kind: 'contradicted',
					reason:
						"SMEPay's order with the slug the request names has another Order ID (ref_id) than the webhook",
				}
			: { unavailable: 'the answer is about another order' };
	}
	const verdict = compare(event, FINAL_ORDER_STATUSES, ORDER_STAGES, {
		source: 'SMEPay order status',
		lookupBy,
		slug,
		orderId: order.order_id,
		status: order.payment_status,
		amount: order.amount,
	});
	if (verdict.kind !== 'confirmed' || named === 'this') return verdict;
	const pair = await answersForPairOnly(client, slug, event);
	if (typeof pair !== 'boolean') return pair;
	return pair ? verdict : { unavailable: UNTIED };
}

/**
 * Whether SMEPay answers the status call for the slug and ref_id together: asked for the same slug
 * with a ref_id that is not the order's, it must answer 404 (no such order). An answer showing an
 * order, or any other refusal, leaves the slug untied; no answer (5xx, 429, the network) is "not
 * yet". A 200 with status false is not enough: a rate limiter or any other error answers so too,
 * and anyone can make SMEPay's rate limit trip (the status call needs only the client_id).
 */
async function answersForPairOnly(
	client: SmePayClient,
	slug: string,
	event: SmePayEvent,
): Promise<boolean | Verdict> {
	try {
		await requestOrderStatus(client, slug, `${event.reference}${OTHER_ORDER}`, 0);
	} catch (error) {
		const { status } = readHttpFailure(error);
		return refusal(status) ? status === 404 : couldNotAsk(error);
	}
	return false;
}

/** Makes the webhook's ref_id one no order has, to ask whether SMEPay checks the pair. */
export const OTHER_ORDER = '-not-this-order';

/** POST /api/external/order/status with the ref_id: the answer must be about that order. */
async function byReference(client: SmePayClient, event: SmePayEvent): Promise<Outcome> {
	const order = await getOrderByReference(client, event.reference, 0);
	if (orderNamed(order, event) === 'another') {
		return { unavailable: 'the answer is about another order' };
	}
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

/**
 * After a 404 by ref_id: whether SMEPay has the look-up at all (true: then it does not know the
 * order), or what it showed instead.
 */
async function lookUpByReferenceOffered(client: SmePayClient): Promise<true | Outcome> {
	try {
		await lookUpWithoutKey(client, 0);
	} catch (error) {
		const { status } = readHttpFailure(error);
		if (status === 404 || status === 405) {
			return { unavailable: `SMEPay has no look-up by ref_id (it answered ${status})` };
		}
		if (!refusal(status)) return couldNotAsk(error);
	}
	return true;
}

/**
 * A source the trigger is not sure SMEPay has, or of a slug it is not sure is one: a 4xx answer
 * (not found, no such endpoint, a refusal) means SMEPay cannot be asked this way; no answer, a 5xx
 * or a 429 means it could not be asked now (503: a retry may confirm it).
 */
async function guess(call: () => Promise<Outcome>): Promise<Outcome> {
	try {
		return await call();
	} catch (error) {
		// SMEPay answered, but not with an order (e.g. status false): this source does not know it.
		if (error instanceof UnexpectedAnswerError) return { unavailable: describe(error) };
		const { status } = readHttpFailure(error);
		if (refusal(status)) {
			return { unavailable: `SMEPay answered ${status}`, notFound: status === 404 };
		}
		return couldNotAsk(error);
	}
}

/** No answer, a 5xx or a 429: a retry may get through (503). */
function couldNotAsk(error: unknown): Verdict {
	return {
		kind: 'notYet',
		reason: `SMEPay could not be asked about the order: ${describe(error)}`,
	};
}

/** A 4xx answer: SMEPay answered and said no (not a timeout, not its rate limit). */
export function refusal(status: number | undefined): status is number {
	return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Which order SMEPay's answer names by its ref_id: this webhook's, another, or none (an empty or
 * non-text field names nothing). Exactly as the webhook spells it: another spelling (letter case,
 * spaces) would be a run whose claim matches no row, and the memory would then take SMEPay's own
 * webhook for a repeat.
 */
function orderNamed(order: IDataObject, event: SmePayEvent): 'this' | 'another' | 'none' {
	const named = [order.ref_id, order.external_reference_id]
		.filter((name) => text(name) !== undefined)
		.map(String);
	if (named.includes(event.reference)) return 'this';
	return named.length > 0 ? 'another' : 'none';
}

/** Whether a status answer shows an order at all. */
function shows(order: IDataObject): boolean {
	return order.status !== false && typeof order.payment_status === 'string';
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
