/**
 * What many webhooks at once may make one trigger do: deliveries of one order or payout are handled
 * one after the other with a short line behind them, and each trigger has a fixed number of SMEPay
 * look-ups in flight with a waiting line. A delivery beyond a line is turned away at once (the
 * caller answers 503, so SMEPay sends it again later) instead of holding a request and spending
 * the merchant's SMEPay rate limit. The numbers and their measurements: docs/flood-bound.md.
 *
 * The state is this process's (like the trigger's memory), per lock and per trigger scope, so one
 * workflow's flood does not take another's places.
 */

/** Deliveries of one order or payout that may wait behind the one being handled. */
export const MAX_WAITING_PER_ORDER = 8;
/** SMEPay look-ups (one verification: one to three calls) in flight for one trigger. */
export const MAX_LOOKUPS_IN_FLIGHT = 500;
/**
 * Deliveries of one trigger that may wait for a look-up place. No more than the places: every
 * look-up ends within its 5 s budget, so one that gets in line has a place within 5 s, and its
 * answer comes within SMEPay's 10 s.
 */
export const MAX_LOOKUPS_WAITING = 500;

interface OrderLine {
	/** Settles when the last delivery in the line has been handled. */
	tail: Promise<unknown>;
	/** Deliveries being handled or waiting. */
	size: number;
}

const orderLines = new Map<string, OrderLine>();

/**
 * Runs `work` after any earlier work on the same lock has finished (one event at a time), or
 * returns `tooMany()` at once when MAX_WAITING_PER_ORDER deliveries already wait for that lock.
 */
export async function oneAtATime<T>(
	lock: string,
	work: () => Promise<T>,
	tooMany: () => T,
): Promise<T> {
	const line = orderLines.get(lock) ?? { tail: Promise.resolve(), size: 0 };
	if (line.size > MAX_WAITING_PER_ORDER) return tooMany();
	line.size++;
	orderLines.set(lock, line);
	const mine = line.tail.then(work, work);
	line.tail = mine.then(
		() => undefined,
		() => undefined,
	);
	try {
		return await mine;
	} finally {
		if (--line.size === 0) orderLines.delete(lock);
	}
}

interface LookupGate {
	inFlight: number;
	/** Who waits for a place, first come first served: called with the place handed over. */
	waiting: Array<() => void>;
}

const lookupGates = new Map<string, LookupGate>();

/**
 * Runs `work` (a SMEPay look-up) when one of the scope's MAX_LOOKUPS_IN_FLIGHT places is free,
 * waiting in a line of at most MAX_LOOKUPS_WAITING; returns `tooMany()` at once beyond that.
 */
export async function withLookupPlace<T>(
	scope: string,
	work: () => Promise<T>,
	tooMany: () => T,
): Promise<T> {
	let gate = lookupGates.get(scope);
	if (gate === undefined) {
		gate = { inFlight: 0, waiting: [] };
		lookupGates.set(scope, gate);
	}
	if (gate.inFlight < MAX_LOOKUPS_IN_FLIGHT) gate.inFlight++;
	else if (gate.waiting.length < MAX_LOOKUPS_WAITING) {
		// The place of one that finishes is handed over: inFlight stays as it is.
		await new Promise<void>((resolve) => gate.waiting.push(resolve));
	} else return tooMany();
	try {
		return await work();
	} finally {
		const next = gate.waiting.shift();
		if (next !== undefined) next();
		else if (--gate.inFlight === 0) lookupGates.delete(scope);
	}
}

/** Look-ups in flight and waiting per scope, and deliveries per lock: for tests. */
export function admissionState(): {
	lookups: Record<string, { inFlight: number; waiting: number }>;
	orders: Record<string, number>;
} {
	const lookups: Record<string, { inFlight: number; waiting: number }> = {};
	for (const [scope, gate] of lookupGates) {
		lookups[scope] = { inFlight: gate.inFlight, waiting: gate.waiting.length };
	}
	return { lookups, orders: Object.fromEntries([...orderLines].map(([k, l]) => [k, l.size])) };
}
