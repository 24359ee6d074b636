'use strict';
// The trigger's bounded lines (admission.ts): one delivery of an order at a time with a short line
// behind it, and a fixed number of SMEPay look-ups in flight per trigger with a waiting line; a
// delivery beyond a line is turned away at once, and nothing is held once the work is done.
const fc = require('fast-check');
const {
	oneAtATime,
	withLookupPlace,
	admissionState,
	MAX_WAITING_PER_ORDER,
	MAX_LOOKUPS_IN_FLIGHT,
	MAX_LOOKUPS_WAITING,
} = require('../../nodes/SmePayTrigger/admission');

const TURNED_AWAY = 'turned away';
const inLine = (lock, work) => oneAtATime(lock, work, () => TURNED_AWAY);
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
	// Every test leaves nothing behind: no counter leaks.
	expect(admissionState()).toEqual({ lookups: {}, orders: {} });
});

/** Work named `name` that takes `ms`, writing when it starts and ends to `log`. */
const stepsInto = (log) => (name, ms) => async () => {
	log.push(`${name}:start`);
	await tick(ms);
	log.push(`${name}:end`);
	return name;
};

test('oneAtATime runs work on the same lock one after the other, other locks in parallel', async () => {
	const log = [];
	const step = stepsInto(log);
	const results = await Promise.all([
		inLine('L', step('a', 30)),
		inLine('L', step('b', 1)),
		inLine('M', step('c', 1)),
	]);
	expect(results).toEqual(['a', 'b', 'c']);
	expect(log.indexOf('b:start')).toBeGreaterThan(log.indexOf('a:end'));
	expect(log.indexOf('c:end')).toBeLessThan(log.indexOf('a:end'));
});

test('a third delivery that arrives while the second still runs waits for the second', async () => {
	const log = [];
	const step = stepsInto(log);
	const first = inLine('order-1', step('a', 20));
	const second = inLine('order-1', step('b', 80));
	await first;
	// a is done, b is running: c must queue behind b.
	await tick(10);
	expect(log).toEqual(['a:start', 'a:end', 'b:start']);
	const third = inLine('order-1', step('c', 1));
	await Promise.all([second, third]);
	expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
});

test('a delivery after all earlier ones have finished starts at once, and the lock is freed', async () => {
	await inLine('order-2', async () => 'a');
	const log = [];
	const later = inLine('order-2', async () => {
		log.push('b');
		return 'b';
	});
	await expect(later).resolves.toBe('b');
	expect(log).toEqual(['b']);
	// A failed delivery frees the lock as well: the next one runs and its own result is returned.
	await expect(
		inLine('order-3', async () => {
			throw new Error('boom');
		}),
	).rejects.toThrow('boom');
	await expect(inLine('order-3', async () => 'after')).resolves.toBe('after');
});

test('a failed turn does not block the next one', async () => {
	const failing = inLine('F', async () => {
		throw new Error('boom');
	});
	const next = inLine('F', async () => 'ran');
	await expect(failing).rejects.toThrow('boom');
	await expect(next).resolves.toBe('ran');
});

/** A piece of work that runs until release() is called, counting how many run at once. */
function gatedWorks() {
	let running = 0;
	let most = 0;
	let started = 0;
	const waiters = [];
	const release = () => waiters.splice(0).forEach((resolve) => resolve());
	const work =
		(result, { fail = false } = {}) =>
		async () => {
			started++;
			most = Math.max(most, ++running);
			await new Promise((resolve) => waiters.push(resolve));
			running--;
			if (fail) throw new Error(`failed ${result}`);
			return result;
		};
	return { work, release, stats: () => ({ running, most, started }) };
}

test(`one order: the one handled and ${MAX_WAITING_PER_ORDER} waiting; the next is turned away at once, and taken again once the line is gone`, async () => {
	const { work, release, stats } = gatedWorks();
	const admitted = Array.from({ length: 1 + MAX_WAITING_PER_ORDER }, (_, i) =>
		inLine('order-A', work(i)),
	);
	await expect(inLine('order-A', work('late'))).resolves.toBe(TURNED_AWAY);
	// Another order has a line of its own.
	const other = inLine('order-B', work('B'));
	await tick();
	expect(admissionState().orders).toEqual({ 'order-A': 1 + MAX_WAITING_PER_ORDER, 'order-B': 1 });
	for (let i = 0; i <= MAX_WAITING_PER_ORDER; i++) {
		release();
		await tick();
	}
	expect(await Promise.all(admitted)).toEqual(admitted.map((_, i) => i));
	await other;
	expect(stats().most).toBe(2); // one per order
	await expect(inLine('order-A', async () => 'again')).resolves.toBe('again');
});

test(`look-ups: ${MAX_LOOKUPS_IN_FLIGHT} in flight, ${MAX_LOOKUPS_WAITING} waiting, first come first served; beyond, turned away at once; failures hand their place on`, async () => {
	const { work, release, stats } = gatedWorks();
	const lookUp = (i, fail) => withLookupPlace('wf/1/webhook', work(i, { fail }), () => TURNED_AWAY);
	const all = MAX_LOOKUPS_IN_FLIGHT + MAX_LOOKUPS_WAITING;
	// Every third one fails: its place still goes to the next in line.
	const admitted = Array.from({ length: all }, (_, i) =>
		lookUp(i, i % 3 === 0).catch((error) => error.message),
	);
	await tick();
	expect(stats()).toMatchObject({ running: MAX_LOOKUPS_IN_FLIGHT, started: MAX_LOOKUPS_IN_FLIGHT });
	expect(admissionState().lookups).toEqual({
		'wf/1/webhook': { inFlight: MAX_LOOKUPS_IN_FLIGHT, waiting: MAX_LOOKUPS_WAITING },
	});
	await expect(lookUp('beyond', false)).resolves.toBe(TURNED_AWAY);
	// Another trigger's look-ups do not wait for this one's.
	const { work: otherWork, release: releaseOther } = gatedWorks();
	const other = withLookupPlace('wf/2/webhook', otherWork('other'), () => TURNED_AWAY);
	await tick();
	releaseOther();
	await expect(other).resolves.toBe('other');
	const order = [];
	while (stats().started < all || stats().running > 0) {
		release();
		await tick();
		order.push(stats().started);
		expect(stats().running).toBeLessThanOrEqual(MAX_LOOKUPS_IN_FLIGHT);
	}
	const results = await Promise.all(admitted);
	expect(results).toEqual(results.map((_, i) => (i % 3 === 0 ? `failed ${i}` : i)));
	expect(stats().most).toBe(MAX_LOOKUPS_IN_FLIGHT);
});

test('a look-up that ends while others are in flight frees its one place: the count holds for the next arrivals', async () => {
	const gates = [];
	let running = 0;
	let most = 0;
	const lookUp = (tag) =>
		withLookupPlace(
			'wf/3/webhook',
			async () => {
				most = Math.max(most, ++running);
				await new Promise((resolve) => gates.push(resolve));
				running--;
				return tag;
			},
			() => TURNED_AWAY,
		);
	const first = Array.from({ length: MAX_LOOKUPS_IN_FLIGHT }, (_, i) => lookUp(i));
	await tick();
	// The first ends with nobody waiting: one place is free, the others are still taken.
	gates.shift()();
	await expect(first[0]).resolves.toBe(0);
	const more = Array.from({ length: 1 + MAX_LOOKUPS_WAITING + 1 }, (_, i) => lookUp(`more ${i}`));
	await tick();
	expect(running).toBe(MAX_LOOKUPS_IN_FLIGHT);
	expect(admissionState().lookups).toEqual({
		'wf/3/webhook': { inFlight: MAX_LOOKUPS_IN_FLIGHT, waiting: MAX_LOOKUPS_WAITING },
	});
	await expect(more.at(-1)).resolves.toBe(TURNED_AWAY);
	while (gates.length > 0) {
		gates.splice(0).forEach((resolve) => resolve());
		await tick();
	}
	await Promise.all([...first, ...more]);
	expect(most).toBe(MAX_LOOKUPS_IN_FLIGHT);
});

test('property: n look-ups at once, any of them failing: min(n, cap) in flight, n − cap − line turned away, the rest run once, nothing held after', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.integer({ min: 0, max: MAX_LOOKUPS_IN_FLIGHT + MAX_LOOKUPS_WAITING + 300 }),
			fc.func(fc.boolean()),
			fc.integer({ min: 0, max: 3 }),
			async (n, fails, waitTicks) => {
				let running = 0;
				let most = 0;
				const ran = [];
				const lookUp = (i) =>
					withLookupPlace(
						'wf/property/webhook',
						async () => {
							most = Math.max(most, ++running);
							for (let t = 0; t < waitTicks + (i % 3); t++) await Promise.resolve();
							await tick();
							running--;
							ran.push(i);
							if (fails(i)) throw new Error('SMEPay did not answer');
							return i;
						},
						() => TURNED_AWAY,
					).catch(() => 'failed');
				const answers = await Promise.all(Array.from({ length: n }, (_, i) => lookUp(i)));
				const turnedAway = answers.filter((a) => a === TURNED_AWAY).length;
				expect(turnedAway).toBe(Math.max(0, n - MAX_LOOKUPS_IN_FLIGHT - MAX_LOOKUPS_WAITING));
				expect(most).toBe(Math.min(n, MAX_LOOKUPS_IN_FLIGHT));
				expect(ran).toHaveLength(n - turnedAway);
				expect(new Set(ran).size).toBe(ran.length);
				expect(admissionState()).toEqual({ lookups: {}, orders: {} });
			},
		),
		{ numRuns: 25 },
	);
});

test('property: deliveries of a few orders at once, any failing: one per order at a time, at most the line per order, nothing held after', async () => {
	await fc.assert(
		fc.asyncProperty(
			fc.array(fc.record({ order: fc.integer({ min: 0, max: 3 }), fail: fc.boolean() }), {
				maxLength: 60,
			}),
			async (deliveries) => {
				const running = new Map();
				const answers = await Promise.all(
					deliveries.map(({ order, fail }, i) =>
						inLine(`order-${order}`, async () => {
							running.set(order, (running.get(order) ?? 0) + 1);
							expect(running.get(order)).toBe(1);
							await tick();
							running.set(order, running.get(order) - 1);
							if (fail) throw new Error('boom');
							return i;
						}).catch(() => 'failed'),
					),
				);
				for (const order of [0, 1, 2, 3]) {
					const mine = deliveries.map((d, i) => [d, answers[i]]).filter(([d]) => d.order === order);
					const away = mine.filter(([, a]) => a === TURNED_AWAY).length;
					expect(away).toBe(Math.max(0, mine.length - 1 - MAX_WAITING_PER_ORDER));
				}
				expect(admissionState()).toEqual({ lookups: {}, orders: {} });
			},
		),
		{ numRuns: 50 },
	);
});
