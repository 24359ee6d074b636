import { canonicalId, type SmePayEvent } from './payload';

/**
 * The names an event is remembered under (memory.ts keeps them), and the name of the lock that
 * makes deliveries of one order or payout wait for each other (admission.ts holds the locks).
 */

function statusKey(status: string): string {
	return status.trim().toUpperCase();
}

/**
 * The names a confirmed event is remembered under. Payments: transaction id + status, the order
 * (`ref_id`) + status, and the slug + status when the request names one; so the same order's
 * event under another transaction id or spelling is a repeat. Payouts: payout id + status.
 * The last key names the order or payout (see lockKey).
 */
export function dedupeKeys(event: SmePayEvent): string[] {
	const status = statusKey(event.status);
	if (event.event === 'payout') return [`payout:${event.eventId}:${status}`];
	const keys = [`payment:${event.eventId}:${status}`];
	if (event.slug !== undefined) keys.push(`slug:${canonicalId(event.slug)}:${status}`);
	keys.push(`ref:${canonicalId(event.reference)}:${status}`);
	return keys;
}

/** The name of one delivery of an event that SMEPay did not confirm: its id, order and status. */
export function deliveryKey(event: SmePayEvent): string {
	return JSON.stringify([
		event.event,
		canonicalId(event.eventId),
		canonicalId(event.reference),
		statusKey(event.status),
	]);
}

/** Deliveries of one order or payout are handled one after the other. */
export function lockKey(event: SmePayEvent): string {
	const keys = dedupeKeys(event);
	return keys[keys.length - 1];
}
