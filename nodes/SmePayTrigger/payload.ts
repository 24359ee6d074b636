import type { IDataObject } from 'n8n-workflow';

import { parseAmount, type Amount } from '../SmePay/validation/amount';

/**
 * Reads a webhook body into an event, or says why it is not a SMEPay webhook. SMEPay sends two
 * shapes: payments (`ref_id`, `transaction_id`, `status`, `amount`, `processed_at`, `created_at`)
 * and payouts (the payout object, with `id` and `reference_id`).
 */

export type EventKind = 'payment' | 'payout';

export interface SmePayEvent {
	event: EventKind;
	/** As SMEPay meant it: `TEST_SUCCESS` becomes `SUCCESS`; unknown statuses pass unchanged. */
	status: string;
	/** True when SMEPay marked the event as a Test-mode one (`TEST_SUCCESS`). */
	testMode: boolean;
	/** The transaction id (payments) or the payout id (payouts). */
	eventId: string;
	amount: Amount;
	/**
	 * Payments: the merchant's order id (`ref_id`). Payouts: `reference_id`. As the body spells it
	 * (not trimmed): SMEPay must know it so, as the claim in n8n's database matches it so.
	 */
	reference: string;
	/** Payments only: the order slug the status call needs, when the request carries one. */
	slug?: string;
	/** Payments only: `transaction_id` as sent (a live SMEPay sends the order's slug in it). */
	transactionId?: string;
	payload: IDataObject;
}

export type ParsedBody = { event: SmePayEvent } | { invalid: string };

/** n8n has parsed the body already; this trigger accepts no more than this much of it. */
export const MAX_BODY_BYTES = 64 * 1024;
/** A SMEPay body is flat; a deeply nested one is not a SMEPay webhook. */
export const MAX_DEPTH = 4;

export const KNOWN_STATUSES = [
	'SUCCESS',
	'FAILED',
	'PENDING',
	'INITIATED',
	'PROCESSING',
	'CREATED',
	'EXPIRED',
];

const TEST_STATUS_PREFIX = 'TEST_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const SLUG_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;
const STATUS = /^[A-Za-z0-9_ -]{1,40}$/;

export function parseWebhookBody(
	body: unknown,
	query: IDataObject,
	rawBodyBytes: number | undefined,
): ParsedBody {
	if (rawBodyBytes !== undefined && rawBodyBytes > MAX_BODY_BYTES) {
		return { invalid: `the body is larger than ${MAX_BODY_BYTES / 1024} KB` };
	}
	if (!isObject(body)) return { invalid: 'the body is not a JSON object' };
	if (measure(body) === undefined) {
		return {
			invalid: `the body is larger than ${MAX_BODY_BYTES / 1024} KB or nested deeper than ${MAX_DEPTH} levels`,
		};
	}
	if (typeof body.id === 'string' && body.reference_id !== undefined) return parsePayout(body);
	if (body.ref_id !== undefined || body.transaction_id !== undefined)
		return parsePayment(body, query);
	return {
		invalid:
			'it has neither payment fields (ref_id, transaction_id) nor payout fields (id, reference_id)',
	};
}

function parsePayment(body: IDataObject, query: IDataObject): ParsedBody {
	const reference = asSent(body.ref_id);
	if (reference === undefined) return { invalid: 'ref_id is missing or not text' };
	const transactionId = body.transaction_id === undefined ? undefined : text(body.transaction_id);
	if (body.transaction_id !== undefined && transactionId === undefined) {
		return { invalid: 'transaction_id is not text' };
	}
	const common = readStatusAndAmount(body);
	if ('invalid' in common) return common;
	const slug = [body.slug, body.order_slug, query.slug]
		.map(text)
		.find((value) => value !== undefined);
	if (slug !== undefined && !SLUG_PATTERN.test(slug))
		return { invalid: 'the order slug has unexpected characters' };
	return {
		event: {
			event: 'payment',
			...common,
			// Without a transaction id (not documented, but possible for a failed payment) the order id
			// names the event.
			eventId: transactionId ?? `order:${reference}`,
			reference,
			slug,
			transactionId,
			payload: body,
		},
	};
}

function parsePayout(body: IDataObject): ParsedBody {
	const id = body.id as string;
	if (!UUID.test(id)) return { invalid: 'id is not a payout id (a UUID)' };
	const reference = asSent(body.reference_id);
	if (reference === undefined) return { invalid: 'reference_id is missing or not text' };
	const common = readStatusAndAmount(body);
	if ('invalid' in common) return common;
	return {
		event: { event: 'payout', ...common, eventId: id.toLowerCase(), reference, payload: body },
	};
}

function readStatusAndAmount(
	body: IDataObject,
): { status: string; testMode: boolean; amount: Amount } | { invalid: string } {
	const received = text(body.status);
	if (received === undefined || !STATUS.test(received))
		return { invalid: 'status is missing or not a status' };
	const amount = parseAmount(body.amount);
	if (amount === undefined) return { invalid: 'amount is missing or not an amount' };
	return { ...normaliseStatus(received), amount };
}

/**
 * SMEPay's Test mode says `TEST_SUCCESS` where Live says `SUCCESS` (its WooCommerce plugin treats
 * both as paid). A known status in other letter case (`success`) is that status; any other status
 * passes unchanged.
 */
export function normaliseStatus(received: string): { status: string; testMode: boolean } {
	const upper = received.trim().toUpperCase();
	if (
		upper.startsWith(TEST_STATUS_PREFIX) &&
		KNOWN_STATUSES.includes(upper.slice(TEST_STATUS_PREFIX.length))
	) {
		return { status: upper.slice(TEST_STATUS_PREFIX.length), testMode: true };
	}
	return { status: KNOWN_STATUSES.includes(upper) ? upper : received, testMode: false };
}

/** Order ids and slugs compared as people read them: no letter case, spaces folded. */
export function canonicalId(value: string): string {
	return value.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** A text field (a number as its text), trimmed; undefined when empty, too long or not text. */
export function text(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	return trimmed === '' || trimmed.length > 200 ? undefined : trimmed;
}

/** A text field as sent (a number as its text), when `text` accepts it; else undefined. */
function asSent(value: unknown): string | undefined {
	return text(value) === undefined ? undefined : String(value);
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The body's size in JSON characters, or undefined as soon as it passes the size or depth limit.
 * Iterative and stopping early, so an oversized body costs no more than the limit to look at.
 */
function measure(body: IDataObject): number | undefined {
	let size = 0;
	const stack: Array<{ value: unknown; depth: number }> = [{ value: body, depth: 1 }];
	for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
		const { value, depth } = next;
		if (typeof value === 'string') size += value.length + 2;
		else if (value === null || typeof value !== 'object') size += 8;
		else if (depth > MAX_DEPTH) return undefined;
		else {
			size += 2;
			for (const key in value) {
				size += key.length + 4;
				if (size > MAX_BODY_BYTES) return undefined;
				stack.push({ value: (value as IDataObject)[key], depth: depth + 1 });
			}
		}
		if (size > MAX_BODY_BYTES) return undefined;
	}
	return size;
}
