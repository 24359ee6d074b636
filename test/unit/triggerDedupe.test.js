'use strict';
// The dedupe memory: keys, the bounded static-data store (oldest dropped), and one-at-a-time runs.
const {
	dedupeKeys,
	SeenEvents,
	oneAtATime,
	MAX_REMEMBERED_EVENTS,
} = require('../../dist/nodes/SmePayTrigger/dedupe');

test('keys: transaction/payout id + status, plus order slug + status when the slug is known', () => {
	expect(dedupeKeys({ event: 'payout', eventId: 'p-1', status: 'SUCCESS' })).toEqual([
		'payout:p-1:SUCCESS',
	]);
	expect(dedupeKeys({ event: 'payment', eventId: 'T1', status: 'FAILED' })).toEqual([
		'payment:T1:FAILED',
	]);
	expect(dedupeKeys({ event: 'payment', eventId: 'T1', status: 'SUCCESS', slug: 'abc' })).toEqual([
		'payment:T1:SUCCESS',
		'order:abc:SUCCESS',
	]);
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

test(`bounded: keeps the newest ${MAX_REMEMBERED_EVENTS}, drops the oldest`, () => {
	const staticData = {};
	const seen = new SeenEvents(staticData);
	for (let i = 0; i < MAX_REMEMBERED_EVENTS + 25; i++) seen.remember([`k${i}`]);
	const keys = Object.keys(staticData.seenEvents);
	expect(keys).toHaveLength(MAX_REMEMBERED_EVENTS);
	expect(keys[0]).toBe('k25');
	expect(seen.hasAny(['k24'])).toBe(false);
	expect(seen.hasAny([`k${MAX_REMEMBERED_EVENTS + 24}`])).toBe(true);
	// It survives the JSON round trip n8n's database gives it, order included.
	const reloaded = new SeenEvents(JSON.parse(JSON.stringify(staticData)), MAX_REMEMBERED_EVENTS);
	reloaded.remember(['new']);
	expect(reloaded.hasAny(['k25'])).toBe(false);
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
