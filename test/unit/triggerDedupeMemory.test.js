'use strict';
// The process memory's edges: a delivery counts as a repeat when any of its keys was seen, and
// the memory holds exactly its bound (the lock that queues deliveries: triggerAdmission.test.js).
// A file of its own: the process memory is fresh here.
const {
	processMemory,
	StoredList,
	MAX_REMEMBERED_EVENTS,
} = require('../../nodes/SmePayTrigger/memory');

const SCOPE = 'wf/n/webhook';

test('a delivery sharing one key with a seen event is a repeat (not only when all keys match)', () => {
	processMemory.confirmed.remember(SCOPE, ['payment:T1:SUCCESS', 'ref:r1:SUCCESS']);
	// Another transaction id for the same order and status.
	expect(processMemory.confirmed.hasAny(SCOPE, ['payment:T2:SUCCESS', 'ref:r1:SUCCESS'])).toBe(
		true,
	);
	expect(processMemory.confirmed.hasAny(SCOPE, ['payment:T2:SUCCESS', 'ref:r2:SUCCESS'])).toBe(
		false,
	);
	const staticData = {};
	new StoredList(staticData, 'paid').add(['payment:T1:SUCCESS', 'ref:r1:SUCCESS']);
	expect(
		new StoredList(staticData, 'paid').hasAny([
			'payment:T9:SUCCESS',
			'slug:s:SUCCESS',
			'ref:r1:SUCCESS',
		]),
	).toBe(true);
	expect(new StoredList(staticData, 'paid').hasAny([])).toBe(false);
});

test(`the delivery process memory holds exactly ${10 * MAX_REMEMBERED_EVENTS} deliveries, then drops the oldest`, () => {
	const scope = 'wf/bound/webhook';
	const limit = 10 * MAX_REMEMBERED_EVENTS;
	for (let i = 0; i < limit; i++) processMemory.delivery.remember(scope, [`d${i}`]);
	// Full, nothing dropped yet.
	expect(processMemory.delivery.hasAny(scope, ['d0'])).toBe(true);
	expect(processMemory.delivery.hasAny(scope, [`d${limit - 1}`])).toBe(true);
	// d0 was just looked at, not remembered again: one more drops it, and only it.
	processMemory.delivery.remember(scope, ['one-more']);
	expect(processMemory.delivery.hasAny(scope, ['d0'])).toBe(false);
	expect(processMemory.delivery.hasAny(scope, ['d1'])).toBe(true);
	expect(processMemory.delivery.hasAny(scope, ['one-more'])).toBe(true);
	// Remembering a key again makes it the newest: the next drop takes d2, not d1.
	processMemory.delivery.remember(scope, ['d1']);
	processMemory.delivery.remember(scope, ['another']);
	expect(processMemory.delivery.hasAny(scope, ['d1'])).toBe(true);
	expect(processMemory.delivery.hasAny(scope, ['d2'])).toBe(false);
});

test('the confirmed process memory holds its bound too, and a repeated key takes one place', () => {
	const scope = 'wf/confirmed/webhook';
	const limit = 10 * MAX_REMEMBERED_EVENTS * 3;
	processMemory.confirmed.remember(scope, ['first', 'first']);
	for (let i = 1; i < limit; i++) processMemory.confirmed.remember(scope, [`c${i}`]);
	expect(processMemory.confirmed.hasAny(scope, ['first'])).toBe(true);
	processMemory.confirmed.remember(scope, ['last']);
	expect(processMemory.confirmed.hasAny(scope, ['first'])).toBe(false);
	expect(processMemory.confirmed.hasAny(scope, ['c1'])).toBe(true);
});

test('process memory: a flood of deliveries or other statuses leaves the paid keys', () => {
	const scope = 'wf/flood/webhook';
	processMemory.paid.remember(scope, ['payment:T:SUCCESS']);
	for (let i = 0; i < 20 * MAX_REMEMBERED_EVENTS; i++) {
		processMemory.delivery.remember(scope, [`flood${i}`]);
		processMemory.confirmed.remember(scope, [`abandoned${i}`]);
	}
	expect(processMemory.paid.hasAny(scope, ['payment:T:SUCCESS'])).toBe(true);
	expect(processMemory.paid.hasAny('wf/other/webhook', ['payment:T:SUCCESS'])).toBe(false);
	expect(processMemory.delivery.hasAny(scope, ['flood0'])).toBe(false);
	expect(processMemory.delivery.hasAny(scope, [`flood${20 * MAX_REMEMBERED_EVENTS - 1}`])).toBe(
		true,
	);
	// forget() is what a restart does.
	processMemory.paid.forget();
	expect(processMemory.paid.hasAny(scope, ['payment:T:SUCCESS'])).toBe(false);
	expect(processMemory.paid.newest(scope)).toEqual([]);
});
