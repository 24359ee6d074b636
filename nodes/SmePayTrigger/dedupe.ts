import type { IDataObject } from 'n8n-workflow';

import type { SmePayEvent } from './payload';

/**
 * A webhook delivered again (SMEPay's retries, a resend, a replay) must start no second run.
 * Events this trigger emitted are remembered in the workflow's static data, which n8n saves after
 * each webhook call; the memory is bounded, oldest first out. Two deliveries of one event arriving
 * at the same moment are also handled: n8n gives each request its own copy of the static data,
 * so this process runs them one after the other and remembers what it emitted itself.
 */

export const MAX_REMEMBERED_EVENTS = 1000;
const STATIC_DATA_KEY = 'seenEvents';

/**
 * The names an event is remembered under. Payments: transaction id + status; when the request
 * names the order (its slug), also order + status, so that the same order's event sent again with
 * another transaction id is still a repeat. Payouts: payout id + status.
 */
export function dedupeKeys(event: SmePayEvent): string[] {
	const keys = [`${event.event}:${event.eventId}:${event.status}`];
	if (event.slug !== undefined) keys.push(`order:${event.slug}:${event.status}`);
	return keys;
}

/** Emitted events, kept in the workflow's static data. */
export class SeenEvents {
	constructor(
		private readonly staticData: IDataObject,
		private readonly limit = MAX_REMEMBERED_EVENTS,
	) {}

	hasAny(keys: string[]): boolean {
		const seen = this.read();
		return keys.some((key) => seen[key] !== undefined);
	}

	remember(keys: string[], at = new Date().toISOString()): void {
		const seen = { ...this.read() };
		for (const key of keys) {
			delete seen[key];
			seen[key] = at;
		}
		const names = Object.keys(seen);
		for (const oldest of names.slice(0, Math.max(0, names.length - this.limit)))
			delete seen[oldest];
		// A new object, not an edit in place: n8n saves static data when it sees the property change.
		this.staticData[STATIC_DATA_KEY] = seen;
	}

	private read(): IDataObject {
		const seen = this.staticData[STATIC_DATA_KEY];
		return seen !== null && typeof seen === 'object' && !Array.isArray(seen)
			? (seen as IDataObject)
			: {};
	}
}

/** What this process emitted recently, per workflow and node, for deliveries racing each other. */
const emittedHere = new Map<string, true>();
const running = new Map<string, Promise<unknown>>();

export const processMemory = {
	hasAny(scope: string, keys: string[]): boolean {
		return keys.some((key) => emittedHere.has(`${scope}|${key}`));
	},
	remember(scope: string, keys: string[]): void {
		for (const key of keys) {
			emittedHere.delete(`${scope}|${key}`);
			emittedHere.set(`${scope}|${key}`, true);
		}
		for (const oldest of emittedHere.keys()) {
			if (emittedHere.size <= MAX_REMEMBERED_EVENTS) break;
			emittedHere.delete(oldest);
		}
	},
};

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
