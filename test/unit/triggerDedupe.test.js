'use strict';
// The names events are remembered under (the memory: triggerMemory*.test.js; the locks: triggerAdmission.test.js).
const { dedupeKeys, deliveryKey, lockKey } = require('../../nodes/SmePayTrigger/dedupe');

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
