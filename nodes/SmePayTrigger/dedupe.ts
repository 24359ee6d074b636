import type { IDataObject } from 'n8n-workflow';

import { canonicalId, type SmePayEvent } from './payload';

/**
 * A webhook delivered again (SMEPay's retries, a resend, a replay) must start no second run.
 * Events this trigger emitted are remembered in the workflow's static data, which n8n saves after
 * each webhook call, and in this process's memory (n8n gives each request its own copy of the
 * static data, so two deliveries racing each other only see each other here).
 *
 * Two memories, so that events anyone can post cannot push out the ones SMEPay confirmed:
 * - confirmed events (and, with a Secret set, every event that carried it) under all their keys,
 *   the order's included;
 * - other events (unverified, or Verify With SMEPay off) under their delivery only, so that a
 *   forged event naming an order can never make that order's real event count as a repeat.
 * Each is bounded, oldest first out.
 */

export const MAX_REMEMBERED_EVENTS = 1000;
/** At most this many keys per event (transaction id, order, slug). */
const KEYS_PER_EVENT = 3;
const CONFIRMED_KEY = 'seenEvents';
const UNVERIFIED_KEY = 'seenUnverified';

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

/** Keys remembered in the workflow's static data, with when; bounded, oldest first out. */
export class SeenEvents {
	constructor(
		private readonly staticData: IDataObject,
		private readonly limit = MAX_REMEMBERED_EVENTS * KEYS_PER_EVENT,
		private readonly storeKey = CONFIRMED_KEY,
	) {}

	/** The memory of events that were not confirmed (their delivery keys). */
	static unverified(staticData: IDataObject): SeenEvents {
		return new SeenEvents(staticData, MAX_REMEMBERED_EVENTS, UNVERIFIED_KEY);
	}

	hasAny(keys: string[]): boolean {
		const seen = this.read();
		return keys.some((key) => seen[key] !== undefined);
	}

	/**
	 * `known`: the keys this process remembered for the same node, oldest first. n8n saves this
	 * request's copy of the static data whole, so keys saved by requests that ran alongside it
	 * (missing from the copy) would be lost at a restart unless written again here.
	 */
	remember(keys: string[], at = new Date().toISOString(), known: string[] = []): void {
		const seen = this.read();
		const fresh = new Set(keys);
		const others = new Set(known.filter((key) => !fresh.has(key)));
		const kept = Object.entries(seen).filter(([key]) => !fresh.has(key) && !others.has(key));
		const restored = [...others].map((key) => [key, seen[key] ?? at]);
		const newest = [...kept, ...restored, ...[...fresh].map((key) => [key, at])].slice(-this.limit);
		// A new object, not an edit in place: n8n saves static data when it sees the property change.
		this.staticData[this.storeKey] = Object.fromEntries(newest);
	}

	private read(): IDataObject {
		const seen = this.staticData[this.storeKey];
		return seen !== null && typeof seen === 'object' && !Array.isArray(seen)
			? (seen as IDataObject)
			: {};
	}
}

/** A bounded set of `scope|key` names in this process, oldest first out. */
class RecentKeys {
	private readonly names = new Map<string, true>();

	constructor(private readonly limit: number) {}

	hasAny(scope: string, keys: string[]): boolean {
		return keys.some((key) => this.names.has(`${scope}|${key}`));
	}

	/** The keys remembered for `scope`, oldest first. */
	keysOf(scope: string): string[] {
		const prefix = `${scope}|`;
		return [...this.names.keys()]
			.filter((name) => name.startsWith(prefix))
			.map((name) => name.slice(prefix.length));
	}

	remember(scope: string, keys: string[]): void {
		for (const key of keys) {
			this.names.delete(`${scope}|${key}`);
			this.names.set(`${scope}|${key}`, true);
		}
		for (const oldest of this.names.keys()) {
			if (this.names.size <= this.limit) break;
			this.names.delete(oldest);
		}
	}
}

/** What this process emitted recently, per workflow and node, for deliveries racing each other. */
export const processMemory = {
	confirmed: new RecentKeys(10 * MAX_REMEMBERED_EVENTS * KEYS_PER_EVENT),
	unverified: new RecentKeys(10 * MAX_REMEMBERED_EVENTS),
};

const running = new Map<string, Promise<unknown>>();

/** Runs `work` after any earlier work on the same lock has finished (one event at a time). */
export async function oneAtATime<T>(lock: string, work: () => Promise<T>): Promise<T> {
	const before = running.get(lock) ?? Promise.resolve();
	const mine = before.then(work, work);
	const settled = mine.then(
		() => undefined,
		() => undefined,
	);
	running.set(lock, settled);
	try {
		return await mine;
	} finally {
		if (running.get(lock) === settled) running.delete(lock);
	}
}
