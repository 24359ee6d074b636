'use strict';
// The dedupe memory: keys, the bounded static-data store (oldest dropped), and one-at-a-time runs.
const {
	dedupeKeys,
	deliveryKey,
	lockKey,
	processMemory,
	SeenEvents,
	oneAtATime,
	MAX_REMEMBERED_EVENTS,
} = require('../../nodes/SmePayTrigger/dedupe');

test('keys: transaction/payout id + status; payments also the order (ref_id) and slug + status', () => {
	expect(
		dedupeKeys({ event: 'payout', eventId: 'p-1', reference: 'R', status: 'SUCCESS' }),
	).toEqual(['payout:p-1:SUCCESS']);
	expect(
		dedupeKeys({ event: 'payment', eventId: 'T1', reference: 'Shop 1', status: 'FAILED' }),
	).toEqual(['payment:T1:FAILED', 'ref:shop 1:FAILED']);
	expect(
		dedupeKeys({ event: 'payment', eventId: 'T1', reference: 'R', status: 'SUCCESS', slug: 'AbC' }),
	).toEqual(['payment:T1:SUCCESS', 'slug:abc:SUCCESS', 'ref:r:SUCCESS']);
	// Letter case and spaces of the order id and status do not make another event.
	expect(
		dedupeKeys({
			event: 'payment',
			eventId: 'T2',
			reference: '  SHOP\u00a0 1 ',
			status: ' success',
		}),
	).toEqual(['payment:T2:SUCCESS', 'ref:shop 1:SUCCESS']);
});

test('the lock names the order or payout', () => {
	expect(lockKey({ event: 'payment', eventId: 'T1', reference: 'R', status: 'SUCCESS' })).toBe(
		'ref:r:SUCCESS',
	);
	expect(lockKey({ event: 'payout', eventId: 'p', reference: 'R', status: 'FAILED' })).toBe(
		'payout:p:FAILED',
	);
});

test('a delivery key names the id, the order and the status, unambiguously', () => {
	const key = (eventId, reference, status = 'SUCCESS', event = 'payment') =>
		deliveryKey({ event, eventId, reference, status });
	expect(key('T1', 'R')).toBe('["payment","t1","r","SUCCESS"]');
	expect(key(' t1 ', 'r', 'success')).toBe(key('T1', 'R'));
	expect(key('a:b', 'c')).not.toBe(key('a', 'b:c'));
	expect(key('T1', 'R', 'FAILED')).not.toBe(key('T1', 'R'));
	expect(key('T1', 'R2')).not.toBe(key('T1', 'R'));
	expect(key('T1', 'R', 'SUCCESS', 'payout')).not.toBe(key('T1', 'R'));
});

test('remembers in static data, replacing the object so n8n notices the change', () => {
	const staticData = {};
	const seen = new SeenEvents(staticData);
	expect(seen.hasAny(['a'])).toBe(false);
	seen.remember(['a', 'b']);
	const first = staticData.seenEvents;
	expect(Object.keys(first)).toEqual(['a', 'b']);
	seen.remember(['c']);
	expect(staticData.seenEvents).not.toBe(first);
	expect(new SeenEvents(staticData).hasAny(['x', 'b'])).toBe(true);
});

test(`bounded: keeps the newest ${MAX_REMEMBERED_EVENTS} unverified deliveries, drops the oldest`, () => {
	const staticData = {};
	const seen = SeenEvents.unverified(staticData);
	for (let i = 0; i < MAX_REMEMBERED_EVENTS + 25; i++) seen.remember([`k${i}`]);
	const keys = Object.keys(staticData.seenUnverified);
	expect(keys).toHaveLength(MAX_REMEMBERED_EVENTS);
	expect(staticData.seenEvents).toBeUndefined();
	expect(keys[0]).toBe('k25');
	expect(seen.hasAny(['k24'])).toBe(false);
	expect(seen.hasAny([`k${MAX_REMEMBERED_EVENTS + 24}`])).toBe(true);
	// It survives the JSON round trip n8n's database gives it, order included.
	const reloaded = SeenEvents.unverified(JSON.parse(JSON.stringify(staticData)));
	reloaded.remember(['new']);
	expect(reloaded.hasAny(['k25'])).toBe(false);
	expect(reloaded.hasAny(['k26'])).toBe(true);
});

test(`confirmed events: ${MAX_REMEMBERED_EVENTS} events of three keys each, apart from the unverified ones`, () => {
	const staticData = {};
	const confirmed = new SeenEvents(staticData);
	for (let i = 0; i <= MAX_REMEMBERED_EVENTS; i++) confirmed.remember([`t${i}`, `s${i}`, `r${i}`]);
	expect(Object.keys(staticData.seenEvents)).toHaveLength(3 * MAX_REMEMBERED_EVENTS);
	expect(confirmed.hasAny(['r0'])).toBe(false);
	expect(confirmed.hasAny(['t1', 's1', 'r1'])).toBe(true);
	const unverified = SeenEvents.unverified(staticData);
	for (let i = 0; i < 2 * MAX_REMEMBERED_EVENTS; i++) unverified.remember([`flood${i}`]);
	expect(confirmed.hasAny(['r1'])).toBe(true);
	expect(unverified.hasAny(['r1'])).toBe(false);
});

test('process memory: a flood of unverified keys leaves the confirmed ones', () => {
	processMemory.confirmed.remember('wf/n/webhook', ['payment:T:SUCCESS']);
	for (let i = 0; i < 20 * MAX_REMEMBERED_EVENTS; i++) {
		processMemory.unverified.remember('wf/n/webhook', [`flood${i}`]);
	}
	expect(processMemory.confirmed.hasAny('wf/n/webhook', ['payment:T:SUCCESS'])).toBe(true);
	expect(processMemory.confirmed.hasAny('wf/other/webhook', ['payment:T:SUCCESS'])).toBe(false);
	expect(processMemory.unverified.hasAny('wf/n/webhook', ['flood0'])).toBe(false);
	expect(
		processMemory.unverified.hasAny('wf/n/webhook', [`flood${20 * MAX_REMEMBERED_EVENTS - 1}`]),
	).toBe(true);
});

test('a key seen again moves to the newest end', () => {
	const staticData = {};
	const seen = new SeenEvents(staticData, 2);
	seen.remember(['a']);
	seen.remember(['b']);
	seen.remember(['a']);
	seen.remember(['c']);
	expect(Object.keys(staticData.seenEvents)).toEqual(['a', 'c']);
});

test('oneAtATime runs work on the same lock one after the other, other locks in parallel', async () => {
	const log = [];
	const step = (name, ms) => async () => {
		log.push(`${name}:start`);
		await new Promise((resolve) => setTimeout(resolve, ms));
		log.push(`${name}:end`);
		return name;
	};
	const results = await Promise.all([
		oneAtATime('L', step('a', 30)),
		oneAtATime('L', step('b', 1)),
		oneAtATime('M', step('c', 1)),
	]);
	expect(results).toEqual(['a', 'b', 'c']);
	expect(log.indexOf('b:start')).toBeGreaterThan(log.indexOf('a:end'));
	expect(log.indexOf('c:end')).toBeLessThan(log.indexOf('a:end'));
});

test('a failed turn does not block the next one', async () => {
	const failing = oneAtATime('F', async () => {
		throw new Error('boom');
	});
	const next = oneAtATime('F', async () => 'ran');
	await expect(failing).rejects.toThrow('boom');
	await expect(next).resolves.toBe('ran');
});
