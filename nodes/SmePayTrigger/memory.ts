import { createHash } from 'node:crypto';

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
 * Each list is bounded, oldest first out, and stored as one string of fixed-width key hashes:
 * n8n writes the whole static data on each save, so what it writes stays small (docs/TRIGGER-MEMORY.md).
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

/** Where each list lives in the node's static data. */
const STORE: Record<MemoryKind, string> = {
	paid: 'seenPaid',
	confirmed: 'seenConfirmed',
	delivery: 'seenDeliveries',
};

/** Lists of earlier versions (`{ key: time }`), read and moved into the new lists on a write. */
const LEGACY: Partial<Record<MemoryKind, string>> = {
	confirmed: 'seenEvents',
	delivery: 'seenUnverified',
};

/** The lists an event's keys are looked up in before it runs: all that name an order. */
export const ORDER_LISTS: MemoryKind[] = ['paid', 'confirmed'];

/** How many of this process's newest keys per list a save writes again (see rememberRecent). */
export const RECENT_KEYS = 100;

/**
 * Characters of a stored key: the start of its SHA-256 in base64url (72 bits; two of 7,000 keys
 * alike by chance: about 1 in 10^14). Keys are stored back to back in one string per list, so a
 * save writes 12 bytes per key and a webhook changes one property per list.
 */
export const HASH_CHARS = 12;

const hashCache = new Map<string, string>();
const HASH_CACHE_SIZE = 20_000;

/** A key's stored form (the hashes of this process's recent keys are kept, not computed again). */
export function memoryKeyHash(key: string): string {
	let hash = hashCache.get(key);
	if (hash === undefined) {
		hash = createHash('sha256').update(key).digest('base64url').slice(0, HASH_CHARS);
		if (hashCache.size >= HASH_CACHE_SIZE)
			hashCache.delete(hashCache.keys().next().value as string);
		hashCache.set(key, hash);
	}
	return hash;
}

/** The list an accepted event goes to. */
export function memoryKind(confirmed: boolean, status: string): MemoryKind {
	if (!confirmed) return 'delivery';
	return status.trim().toUpperCase() === 'SUCCESS' ? 'paid' : 'confirmed';
}

/** One list in the node's static data: hashes of its keys back to back, oldest first. */
export class StoredList {
	constructor(
		private readonly staticData: IDataObject,
		private readonly kind: MemoryKind,
	) {}

	hasAny(keys: string[]): boolean {
		const stored = this.read();
		const legacy = this.legacy();
		return keys.some(
			(key) =>
				indexOfHash(stored, memoryKeyHash(key)) >= 0 || (legacy !== undefined && has(legacy, key)),
		);
	}

	/** Adds `keys` as the newest (a key already there moves to the newest end). */
	add(keys: string[]): void {
		let stored = this.migrated();
		for (const hash of keys.map(memoryKeyHash)) {
			const at = lastIndexOfHash(stored, hash);
			if (at >= 0) stored = stored.slice(0, at) + stored.slice(at + HASH_CHARS);
			stored += hash;
		}
		this.write(stored);
	}

	/** Adds those of `keys` that are missing, as the newest, leaving the others where they are. */
	addMissing(keys: string[]): void {
		const stored = this.read();
		const legacy = this.legacy();
		const missing = new Set<string>();
		for (const key of keys) {
			const hash = memoryKeyHash(key);
			// From the newest end: this process's recent keys are mostly there, near the end.
			if (lastIndexOfHash(stored, hash) < 0 && !(legacy !== undefined && has(legacy, key))) {
				missing.add(hash);
			}
		}
		if (missing.size === 0) return;
		this.write(this.migrated() + [...missing].join(''));
	}

	/** Writes the list, its oldest keys dropped past the bound: one property set. */
	private write(stored: string): void {
		const bound = MEMORY_LIMITS[this.kind] * HASH_CHARS;
		this.staticData[STORE[this.kind]] = stored.slice(Math.max(0, stored.length - bound));
	}

	private read(): string {
		const stored = this.staticData[STORE[this.kind]];
		if (typeof stored !== 'string') return '';
		// Whole keys only (a list cut short elsewhere loses its oldest, partial key).
		return stored.slice(stored.length % HASH_CHARS);
	}

	/** The list with an earlier version's list of the same kind moved in as its oldest keys. */
	private migrated(): string {
		const legacy = this.legacy();
		if (legacy === undefined) return this.read();
		delete this.staticData[LEGACY[this.kind] as string];
		return Object.keys(legacy).map(memoryKeyHash).join('') + this.read();
	}

	private legacy(): IDataObject | undefined {
		const name = LEGACY[this.kind];
		const list = name === undefined ? undefined : this.staticData[name];
		return list !== null && typeof list === 'object' && !Array.isArray(list)
			? (list as IDataObject)
			: undefined;
	}
}

/** Where `hash` starts in `stored`, on a key's boundary; -1 when it is not there. */
function indexOfHash(stored: string, hash: string): number {
	let at = stored.indexOf(hash);
	while (at >= 0 && at % HASH_CHARS !== 0) at = stored.indexOf(hash, at + 1);
	return at;
}

/** Where `hash` starts in `stored`, searching from the newest end; -1 when it is not there. */
function lastIndexOfHash(stored: string, hash: string): number {
	let at = stored.lastIndexOf(hash);
	while (at > 0 && at % HASH_CHARS !== 0) at = stored.lastIndexOf(hash, at - 1);
	return at;
}

function has(list: IDataObject, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(list, key);
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
	// Anything but a JSON object is "not a SMEPay webhook" to the parser.
	const parsed = parseWebhookBody(json.payload, {}, undefined);
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
