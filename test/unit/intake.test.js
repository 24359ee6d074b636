'use strict';
// The trigger's intake (nodes/SmePayTrigger/intake.ts): a few deliveries at a time, first come
// first served, a place held until the answer is sent, a delivery that waited too long turned
// away, and an event turned away twice let in however long it waits. Responses are real
// EventEmitters, as n8n's are.
const { EventEmitter } = require('node:events');
const { Intake, MAX_TURN_AWAYS } = require('../../nodes/SmePayTrigger/intake');

const WAIT_MS = 40;
const limits = (atOnce = 2) => ({ atOnce, maxWaitMs: WAIT_MS });
const response = () => new EventEmitter();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts enter() and keeps what it settled on (undefined while it still waits). */
function delivery(intake, key, res = response(), lim = limits()) {
	const d = { res, outcome: undefined };
	d.settled = intake.enter(key, res, lim).then((inside) => (d.outcome = inside));
	return d;
}

test('lets atOnce deliveries in at once; the next waits until an answer has been sent', async () => {
	const intake = new Intake();
	const [a, b, c] = ['a', 'b', 'c'].map((key) => delivery(intake, key));
	await Promise.all([a.settled, b.settled]);
	expect([a.outcome, b.outcome, c.outcome]).toEqual([true, true, undefined]);
	expect(intake.load).toEqual({ inside: 2, waiting: 1 });
	a.res.emit('finish');
	await c.settled;
	expect(c.outcome).toBe(true);
	expect(intake.load).toEqual({ inside: 2, waiting: 0 });
});

test('a delivery that waits longer than maxWaitMs is turned away, and that is counted', async () => {
	const intake = new Intake();
	delivery(intake, 'a', response(), limits(1));
	const started = Date.now();
	const b = delivery(intake, 'b', response(), limits(1));
	await b.settled;
	expect(b.outcome).toBe(false);
	expect(Date.now() - started).toBeGreaterThanOrEqual(WAIT_MS - 5);
	expect(intake.turnedAway('b')).toBe(1);
	expect(intake.load).toEqual({ inside: 1, waiting: 0 });
});

test('first come, first served', async () => {
	const intake = new Intake();
	const first = delivery(intake, 'first', response(), limits(1));
	await first.settled;
	const order = [];
	const waiting = ['x', 'y', 'z'].map((key) => {
		const d = delivery(intake, key, response(), { atOnce: 1, maxWaitMs: 600 });
		d.settled.then(() => order.push(key));
		return d;
	});
	first.res.emit('finish');
	for (const d of waiting) {
		await sleep(5);
		d.res.emit('finish');
	}
	await Promise.all(waiting.map((d) => d.settled));
	expect(order).toEqual(['x', 'y', 'z']);
});

test(`an event turned away ${MAX_TURN_AWAYS} times gets in on its next delivery, ahead of first deliveries, however long it waits`, async () => {
	const intake = new Intake();
	const holder = delivery(intake, 'holder', response(), limits(1));
	await holder.settled;
	for (let i = 0; i < MAX_TURN_AWAYS; i++) {
		const turned = delivery(intake, 'late', response(), limits(1));
		expect(await turned.settled).toBe(false);
	}
	const newcomer = delivery(intake, 'new', response(), { atOnce: 1, maxWaitMs: 600 });
	await sleep(5);
	const due = delivery(intake, 'late', response(), limits(1));
	await sleep(WAIT_MS * 3); // well past maxWaitMs: still waiting, not turned away
	expect(due.outcome).toBeUndefined();
	holder.res.emit('finish');
	await due.settled;
	expect(due.outcome).toBe(true);
	expect(newcomer.outcome).toBeUndefined();
	expect(intake.turnedAway('late')).toBe(0);
	due.res.emit('finish');
	await newcomer.settled;
	expect(newcomer.outcome).toBe(true);
});

test('a place comes back once when the connection closes without an answer, or closes after it', async () => {
	const intake = new Intake();
	const a = delivery(intake, 'a');
	const b = delivery(intake, 'b');
	await Promise.all([a.settled, b.settled]);
	a.res.emit('close');
	b.res.emit('finish');
	b.res.emit('close');
	expect(intake.load).toEqual({ inside: 0, waiting: 0 });
	const more = ['c', 'd', 'e'].map((key) => delivery(intake, key));
	await Promise.all(more.slice(0, 2).map((d) => d.settled));
	expect(more.map((d) => d.outcome)).toEqual([true, true, undefined]);
});

test('a place given back goes to the one waiting, not to a delivery arriving at that moment', async () => {
	const intake = new Intake();
	const a = delivery(intake, 'a', response(), limits(1));
	await a.settled;
	const waiting = delivery(intake, 'waiting', response(), { atOnce: 1, maxWaitMs: 600 });
	a.res.emit('finish');
	const arriving = delivery(intake, 'arriving', response(), { atOnce: 1, maxWaitMs: 600 });
	await waiting.settled;
	await sleep(5);
	expect([waiting.outcome, arriving.outcome]).toEqual([true, undefined]);
	expect(intake.load).toEqual({ inside: 1, waiting: 1 });
});

test('atOnce 0 sets no limit', async () => {
	const intake = new Intake();
	const all = Array.from({ length: 50 }, (_, i) =>
		delivery(intake, `k${i}`, response(), limits(0)),
	);
	await Promise.all(all.map((d) => d.settled));
	expect(all.every((d) => d.outcome === true)).toBe(true);
});

test('the count of turn-aways is bounded, oldest first out', async () => {
	const intake = new Intake(2);
	const holder = delivery(intake, 'holder', response(), limits(1));
	await holder.settled;
	for (const key of ['a', 'b', 'a', 'c'])
		await delivery(intake, key, response(), limits(1)).settled;
	// a was turned away again after b, so b is the oldest when c comes
	expect([intake.turnedAway('a'), intake.turnedAway('b'), intake.turnedAway('c')]).toEqual([
		2, 0, 1,
	]);
});
