import type { IDataObject } from 'n8n-workflow';

import { dedupeKeys, deliveryKey } from './dedupe';
import { parseWebhookBody } from './payload';

/**
 * What the trigger remembers, so that a webhook delivered again starts no second run. A fast first
 * filter, not a guarantee: n8n keeps it in the workflow's static data, one JSON object that the
 * last save overwrites whole, so runs in other processes (queue mode) or saves that overlap can
 * lose a key (README, "Repeats and queue mode").
 *
 * Three lists, kept apart by what may push what out:
 * - `paid`: SUCCESS events SMEPay confirmed, under all their keys (the order's included). Only
 *   other paid events, which cost real money to make, can push one out;
 * - `confirmed`: other statuses SMEPay confirmed (CREATED … EXPIRED, FAILED), which anyone can
 *   produce by opening and abandoning checkouts;
 * - `delivery`: events SMEPay did not confirm, under their delivery only, so that they can
 *   neither block nor push out a real event of the same order.
 * Each list is bounded, oldest first out; a key is written in place (one property added, one
 * dropped), so no webhook rebuilds a list.
 */

export type MemoryKind = 'paid' | 'confirmed' | 'delivery';

/** Events per list (each key counts once; payments have up to three keys, payouts one). */
export const MAX_REMEMBERED_EVENTS = 1000;
const KEYS_PER_EVENT = 3;

export const MEMORY_LIMITS: Record<MemoryKind, number> = {
	paid: MAX_REMEMBERED_EVENTS * KEYS_PER_EVENT,
	confirmed: MAX_REMEMBERED_EVENTS * KEYS_PER_EVENT,
	delivery: MAX_REMEMBERED_EVENTS,
};

/** Where each list lives in the node's static data (`seenEvents`, `seenUnverified`: before 0.x). */
const STORE: Record<MemoryKind, string> = {
	paid: 'seenPaid',
	confirmed: 'seenEvents',
	delivery: 'seenUnverified',
};

/** The lists an event's keys are looked up in before it runs: all that name an order. */
export const ORDER_LISTS: MemoryKind[] = ['paid', 'confirmed'];

/** How many of this process's newest keys per list a save writes again (see rememberRecent). */
export const RECENT_KEYS = 100 * KEYS_PER_EVENT;

/** The list an accepted event goes to. */
export function memoryKind(confirmed: boolean, status: string): MemoryKind {
	if (!confirmed) return 'delivery';
	return status.trim().toUpperCase() === 'SUCCESS' ? 'paid' : 'confirmed';
}

/** One list in the node's static data: `{ key: seconds since 1970 }`, oldest first. */
export class StoredList {
	constructor(
		private readonly staticData: IDataObject,
		private readonly kind: MemoryKind,
	) {}

	hasAny(keys: string[]): boolean {
		const list = this.read();
		return list !== undefined && keys.some((key) => has(list, key));
	}

	/** Adds `keys` as the newest (a key already there moves to the newest end). */
	add(keys: string[], at = nowSeconds()): void {
		const list = this.list();
		for (const key of keys) {
			if (has(list, key)) delete list[key];
			list[key] = at;
		}
		this.trim(list);
	}

	/** Adds those of `keys` that are missing, as the newest, leaving the others where they are. */
	addMissing(keys: string[], at = nowSeconds()): void {
		const present = this.read() ?? {};
		const missing = keys.filter((key) => !has(present, key));
		if (missing.length === 0) return;
		const list = this.list();
		for (const key of missing) list[key] = at;
		this.trim(list);
	}

	private trim(list: IDataObject): void {
		let excess = Object.keys(list).length - MEMORY_LIMITS[this.kind];
		for (const oldest in list) {
			if (excess-- <= 0) break;
			delete list[oldest];
		}
	}

	private read(): IDataObject | undefined {
		const list = this.staticData[STORE[this.kind]];
		return list !== null && typeof list === 'object' && !Array.isArray(list)
			? (list as IDataObject)
			: undefined;
	}

	/** The list, created when missing (n8n marks the static data changed on either write). */
	private list(): IDataObject {
		const existing = this.read();
		if (existing !== undefined) return existing;
		this.staticData[STORE[this.kind]] = {};
		return this.staticData[STORE[this.kind]] as IDataObject;
	}
}

function has(list: IDataObject, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(list, key);
}

function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}

/** A bounded set of keys per scope (workflow, node, mode) in this process, oldest first out. */
class RecentKeys {
	private readonly scopes = new Map<string, { names: Map<string, true>; newest: string[] }>();

	constructor(private readonly limit: number) {}

	hasAny(scope: string, keys: string[]): boolean {
		const names = this.scopes.get(scope)?.names;
		return names !== undefined && keys.some((key) => names.has(key));
	}

	/** The newest keys of `scope` (at most RECENT_KEYS), oldest first. */
	newest(scope: string): string[] {
		return this.scopes.get(scope)?.newest ?? [];
	}

	remember(scope: string, keys: string[]): void {
		let memory = this.scopes.get(scope);
		if (memory === undefined) {
			memory = { names: new Map(), newest: [] };
			this.scopes.set(scope, memory);
		}
		const { names, newest } = memory;
		for (const key of keys) {
			names.delete(key);
			names.set(key, true);
			newest.push(key);
		}
		newest.splice(0, Math.max(0, newest.length - RECENT_KEYS));
		for (const oldest of names.keys()) {
			if (names.size <= this.limit) break;
			names.delete(oldest);
		}
	}

	/** Forgets everything (what a restart of n8n does). */
	forget(): void {
		this.scopes.clear();
	}
}

/**
 * What this process remembered, per list and scope: deliveries racing each other only see each
 * other here (n8n gives each request its own copy of the static data).
 */
export const processMemory: Record<MemoryKind, RecentKeys> = {
	paid: new RecentKeys(10 * MEMORY_LIMITS.paid),
	confirmed: new RecentKeys(10 * MEMORY_LIMITS.confirmed),
	delivery: new RecentKeys(10 * MEMORY_LIMITS.delivery),
};

/** Whether any list of `kinds` knows one of `keys`, in the static data or in this process. */
export function seenIn(
	kinds: MemoryKind[],
	staticData: IDataObject,
	scope: string,
	keys: string[],
): boolean {
	return kinds.some(
		(kind) =>
			new StoredList(staticData, kind).hasAny(keys) || processMemory[kind].hasAny(scope, keys),
	);
}

/** Remembers an accepted event's keys in its list, in the static data and in this process. */
export function remember(
	kind: MemoryKind,
	staticData: IDataObject,
	scope: string,
	keys: string[],
): void {
	processMemory[kind].remember(scope, keys);
	new StoredList(staticData, kind).add(keys);
	rememberRecent(staticData, scope, [kind]);
}

/**
 * Writes again the newest keys this process remembered for the node into `staticData`, where
 * missing. n8n saves a copy of the static data whole, read when its request or run began, so
 * a save drops what overlapping requests or runs remembered; and a webhook's own changes are not
 * saved at all once its run started (n8n 2.x: the run's Workflow clears the static data's
 * "changed" flag). The trigger's execute() therefore calls this from inside each run, whose
 * changes n8n saves when the run ends.
 */
export function rememberRecent(
	staticData: IDataObject,
	scope: string,
	kinds: MemoryKind[] = ['paid', 'confirmed', 'delivery'],
): void {
	for (const kind of kinds) {
		new StoredList(staticData, kind).addMissing(processMemory[kind].newest(scope));
	}
}

/**
 * What an item the trigger emitted is remembered under, read back from its output (the event's
 * payload and `verified`); undefined for anything else. A slug that came in the query only is
 * not in the payload: the event is then remembered under its other keys.
 */
export function rememberedAs(json: IDataObject): { kind: MemoryKind; keys: string[] } | undefined {
	const { payload } = json;
	if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
	const parsed = parseWebhookBody(payload, {}, undefined);
	if ('invalid' in parsed) return undefined;
	const kind = memoryKind(json.verified === true, parsed.event.status);
	const keys = kind === 'delivery' ? [deliveryKey(parsed.event)] : dedupeKeys(parsed.event);
	return { kind, keys };
}

/**
 * From inside a run: remembers the run's events (also where the webhook was received by another
 * process, as in queue mode) and this process's newest keys in the run's static data, which n8n
 * saves when the run ends.
 */
export function rememberInRun(staticData: IDataObject, scope: string, items: IDataObject[]): void {
	for (const json of items) {
		const remembered = rememberedAs(json);
		if (remembered !== undefined) {
			new StoredList(staticData, remembered.kind).addMissing(remembered.keys);
		}
	}
	rememberRecent(staticData, scope);
}
