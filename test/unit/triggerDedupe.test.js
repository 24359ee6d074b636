'use strict';
// The names events are remembered under, and one-at-a-time runs (the memory: triggerMemory*.test.js).
const {
	dedupeKeys,
	deliveryKey,
	lockKey,
	oneAtATime,
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
