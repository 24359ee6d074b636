'use strict';
// pollUntil, the loop behind Wait for Status: reads at once, then every interval, until a final
// state or the timeout (with one last read at the timeout).
const { pollUntil } = require('../../dist/nodes/SmePay/helpers/pollUntil');

function reader(states) {
	const reads = [];
	return {
		reads,
		read: async () => {
			reads.push(Date.now());
			return states[Math.min(reads.length - 1, states.length - 1)];
		},
	};
}

const isFinal = (state) => ['SUCCESS', 'FAILED', 'EXPIRED'].includes(state);

test('a final state at the first read returns at once, without waiting', async () => {
	const { reads, read } = reader(['SUCCESS']);
	const started = Date.now();
	expect(await pollUntil({ read, isFinal, intervalMs: 1000, timeoutMs: 5000 })).toEqual({
		last: 'SUCCESS',
		timedOut: false,
	});
	expect(reads).toHaveLength(1);
	expect(Date.now() - started).toBeLessThan(100);
});

test('reads every interval until the state is final', async () => {
	const { reads, read } = reader(['CREATED', 'INITIATED', 'PENDING', 'FAILED']);
	const result = await pollUntil({ read, isFinal, intervalMs: 50, timeoutMs: 5000 });
	expect(result).toEqual({ last: 'FAILED', timedOut: false });
	expect(reads).toHaveLength(4);
	for (let i = 1; i < reads.length; i++) expect(reads[i] - reads[i - 1]).toBeGreaterThanOrEqual(45);
});

test('at the timeout: the last state, timedOut true, and no read after the deadline', async () => {
	const { reads, read } = reader(['PENDING']);
	const started = Date.now();
	const result = await pollUntil({ read, isFinal, intervalMs: 80, timeoutMs: 200 });
	expect(result).toEqual({ last: 'PENDING', timedOut: true });
	const elapsed = Date.now() - started;
	expect(elapsed).toBeGreaterThanOrEqual(195);
	expect(elapsed).toBeLessThan(400);
	// Reads at 0, 80, 160 and a last one at the deadline (200), not at 240.
	expect(reads).toHaveLength(4);
});

test('stops waiting when the execution is cancelled', async () => {
	const controller = new AbortController();
	const { reads, read } = reader(['PENDING']);
	const promise = pollUntil({
		read,
		isFinal,
		intervalMs: 50,
		timeoutMs: 10_000,
		signal: controller.signal,
	});
	setTimeout(() => controller.abort(), 120);
	const started = Date.now();
	expect((await promise).timedOut).toBe(true);
	expect(Date.now() - started).toBeLessThan(500);
	expect(reads.length).toBeLessThanOrEqual(4);
});

test('an error of a read ends the wait with that error', async () => {
	const read = async () => {
		throw new Error('order not found');
	};
	await expect(pollUntil({ read, isFinal, intervalMs: 10, timeoutMs: 1000 })).rejects.toThrow(
		'order not found',
	);
});
