'use strict';
// pollUntil, the loop behind Wait for Status: reads at once, then every interval, until a final
// state or the timeout (with one last read at the timeout). Jest's fake clock drives it, so the
// assertions are about the schedule, not about how busy the machine is.
const { pollUntil } = require('../../nodes/SmePay/helpers/pollUntil');

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

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

/** Runs pollUntil to its end on the fake clock; returns the result and when it ended. */
async function run(options) {
	let ended;
	const promise = pollUntil(options).then((result) => ((ended = Date.now()), result));
	await jest.advanceTimersByTimeAsync(60_000);
	return { result: await promise, ended };
}

test('a final state at the first read returns at once, without waiting', async () => {
	const { reads, read } = reader(['SUCCESS']);
	const { result, ended } = await run({ read, isFinal, intervalMs: 1000, timeoutMs: 5000 });
	expect(result).toEqual({ last: 'SUCCESS', timedOut: false });
	expect(reads).toEqual([0]);
	expect(ended).toBe(0);
});

test('reads every interval until the state is final', async () => {
	const { reads, read } = reader(['CREATED', 'INITIATED', 'PENDING', 'FAILED']);
	const { result } = await run({ read, isFinal, intervalMs: 50, timeoutMs: 5000 });
	expect(result).toEqual({ last: 'FAILED', timedOut: false });
	expect(reads).toEqual([0, 50, 100, 150]);
});

test('at the timeout: the last state, timedOut true, and no read after the deadline', async () => {
	const { reads, read } = reader(['PENDING']);
	const { result, ended } = await run({ read, isFinal, intervalMs: 80, timeoutMs: 200 });
	expect(result).toEqual({ last: 'PENDING', timedOut: true });
	// Reads at 0, 80, 160 and a last one at the deadline (200), not at 240.
	expect(reads).toEqual([0, 80, 160, 200]);
	expect(ended).toBe(200);
});

test('stops waiting when the execution is cancelled', async () => {
	const controller = new AbortController();
	const { reads, read } = reader(['PENDING']);
	setTimeout(() => controller.abort(), 120);
	const { result, ended } = await run({
		read,
		isFinal,
		intervalMs: 50,
		timeoutMs: 10_000,
		signal: controller.signal,
	});
	expect(result.timedOut).toBe(true);
	expect(reads).toEqual([0, 50, 100, 150]);
	expect(ended).toBe(150);
});

test('an error of a read ends the wait with that error', async () => {
	const read = async () => {
		throw new Error('order not found');
	};
	await expect(pollUntil({ read, isFinal, intervalMs: 10, timeoutMs: 1000 })).rejects.toThrow(
		'order not found',
	);
});
