'use strict';
// pollAll, the loop behind Wait for Status: every state is read at once, then every interval, until
// it is final or the one timeout (with one last read at the timeout); the states wait together,
// at most `concurrency` reads at a time. Jest's fake clock drives it, so the
// assertions are about the schedule, not about how busy the machine is.
const { pollAll } = require('../../nodes/SmePay/helpers/pollAll');

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

const isFinal = (state) => ['SUCCESS', 'FAILED', 'EXPIRED'].includes(state);

/** A poll whose reads give `states` in turn (the last repeats), each read taking `readMs`. */
function poll(states, { intervalMs = 1000, timeoutMs = 5000, readMs = 0, log } = {}) {
	const reads = [];
	return {
		reads,
		intervalMs,
		timeoutMs,
		isFinal,
		read: async () => {
			reads.push(Date.now());
			log?.push(['start', Date.now()]);
			if (readMs > 0) await new Promise((resolve) => setTimeout(resolve, readMs));
			log?.push(['end', Date.now()]);
			const state = states[Math.min(reads.length - 1, states.length - 1)];
			if (state instanceof Error) throw state;
			return state;
		},
	};
}

/** Runs pollAll to its end on the fake clock: the outcomes by index, in the order told, and when. */
async function run(polls, { concurrency = 5, signal, settle } = {}) {
	const told = [];
	let ended;
	const promise = pollAll(polls, { concurrency, signal }, (index, outcome) => {
		told.push({ index, at: Date.now(), ...outcome });
		settle?.(index, outcome);
	}).then(() => (ended = Date.now()));
	await jest.advanceTimersByTimeAsync(120_000);
	await promise;
	return { told, ended, byIndex: (index) => told.find((entry) => entry.index === index) };
}

test('a final state at the first read ends at once, without waiting', async () => {
	const one = poll(['SUCCESS']);
	const { told, ended } = await run([one]);
	expect(told).toEqual([{ index: 0, at: 0, last: 'SUCCESS', timedOut: false }]);
	expect(one.reads).toEqual([0]);
	expect(ended).toBe(0);
});

test('reads every interval until the state is final', async () => {
	const one = poll(['CREATED', 'INITIATED', 'PENDING', 'FAILED'], { intervalMs: 50 });
	const { told } = await run([one]);
	expect(told).toEqual([{ index: 0, at: 150, last: 'FAILED', timedOut: false }]);
	expect(one.reads).toEqual([0, 50, 100, 150]);
});

test('at the timeout: the last state, timedOut true, and no read after the deadline', async () => {
	const one = poll(['PENDING'], { intervalMs: 80, timeoutMs: 200 });
	const { told, ended } = await run([one]);
	expect(told).toEqual([{ index: 0, at: 200, last: 'PENDING', timedOut: true }]);
	// Reads at 0, 80, 160 and a last one at the deadline (200), not at 240.
	expect(one.reads).toEqual([0, 80, 160, 200]);
	expect(ended).toBe(200);
});

test('many states wait together: the whole set ends at one timeout, each with its own outcome', async () => {
	const never = Array.from({ length: 10 }, () => poll(['PENDING']));
	const soon = poll(['PENDING', 'SUCCESS']);
	const later = poll(['PENDING', 'PENDING', 'PENDING', 'FAILED']);
	const { told, ended, byIndex } = await run([soon, ...never, later], { concurrency: 2 });
	expect(ended).toBe(5000);
	expect(byIndex(0)).toEqual({ index: 0, at: 1000, last: 'SUCCESS', timedOut: false });
	expect(byIndex(11)).toEqual({ index: 11, at: 3000, last: 'FAILED', timedOut: false });
	for (let index = 1; index <= 10; index++) {
		expect(byIndex(index)).toEqual({ index, at: 5000, last: 'PENDING', timedOut: true });
	}
	// One read per open state per interval: 0, 1, 2, 3, 4 s and the last at the timeout.
	never.forEach((one) => expect(one.reads).toEqual([0, 1000, 2000, 3000, 4000, 5000]));
	expect(soon.reads).toEqual([0, 1000]);
	expect(later.reads).toEqual([0, 1000, 2000, 3000]);
	expect(told).toHaveLength(12);
});

test('at most `concurrency` reads at a time; each state is read again an interval after its read ended', async () => {
	const log = [];
	const polls = Array.from({ length: 5 }, () =>
		poll(['PENDING'], { readMs: 100, timeoutMs: 2500, log }),
	);
	const { ended } = await run(polls, { concurrency: 2 });
	let running = 0;
	let most = 0;
	for (const [kind] of log) {
		running += kind === 'start' ? 1 : -1;
		most = Math.max(most, running);
	}
	expect(most).toBe(2);
	// 5 reads, 2 at a time, 100 ms each: the first ones start at 0, 0, 100, 100, 200.
	expect(polls.map((one) => one.reads[0])).toEqual([0, 0, 100, 100, 200]);
	// Then an interval after each read ended (100 ms later), and one last read at the deadline.
	expect(polls[0].reads).toEqual([0, 1100, 2200, 2500]);
	for (const one of polls) {
		const beforeDeadline = one.reads.filter((at) => at < 2500);
		for (let i = 1; i < beforeDeadline.length; i++) {
			expect(beforeDeadline[i] - beforeDeadline[i - 1]).toBeGreaterThanOrEqual(1100);
		}
		// A state whose read ended at the deadline or later is not read again.
		expect(one.reads.filter((at) => at >= 2500).length).toBeLessThanOrEqual(1);
		expect(one.reads.length).toBeLessThanOrEqual(4);
	}
	expect(ended).toBeLessThanOrEqual(2500 + 300);
});

test('a slow read holds back only its own state', async () => {
	const slow = poll(['PENDING'], { readMs: 2500, timeoutMs: 3000 });
	const quick = poll(['PENDING', 'PENDING', 'SUCCESS'], { timeoutMs: 3000 });
	const { byIndex } = await run([slow, quick], { concurrency: 2 });
	expect(quick.reads).toEqual([0, 1000, 2000]);
	expect(byIndex(1)).toEqual({ index: 1, at: 2000, last: 'SUCCESS', timedOut: false });
	expect(slow.reads).toEqual([0, 3000]);
});

test('a timer that fires early by the clock (busy event loop) does not bring reads closer than the interval', async () => {
	const one = poll(['PENDING'], { intervalMs: 1000, timeoutMs: 2000 });
	let ended;
	const promise = pollAll([one], { concurrency: 1 }, () => {}).then(() => (ended = Date.now()));
	await jest.advanceTimersByTimeAsync(0);
	// The clock falls 100 ms behind the timers: the next timer fires at 900 by Date.now().
	jest.setSystemTime(Date.now() - 100);
	await jest.advanceTimersByTimeAsync(10_000);
	await promise;
	expect(one.reads).toEqual([0, 1000, 2000]);
	expect(ended).toBe(2000);
});

test('each state keeps its own interval and timeout', async () => {
	const quick = poll(['PENDING'], { intervalMs: 500, timeoutMs: 1000 });
	const slow = poll(['PENDING'], { intervalMs: 2000, timeoutMs: 3000 });
	const { byIndex, ended } = await run([quick, slow]);
	expect(quick.reads).toEqual([0, 500, 1000]);
	expect(slow.reads).toEqual([0, 2000, 3000]);
	expect(byIndex(0).at).toBe(1000);
	expect(ended).toBe(3000);
});

test('a failed read ends only its own poll, with its error', async () => {
	const broken = new Error('payout not found');
	const failing = poll(['PENDING', broken]);
	const other = poll(['PENDING', 'PENDING', 'SUCCESS']);
	const { byIndex } = await run([failing, other]);
	expect(byIndex(0)).toEqual({ index: 0, at: 1000, error: broken });
	expect(byIndex(1)).toEqual({ index: 1, at: 2000, last: 'SUCCESS', timedOut: false });
	expect(failing.reads).toEqual([0, 1000]);
});

test('when settle throws, no read starts after it and the error is thrown', async () => {
	const stop = new Error('stop the node');
	const failing = poll([new Error('500')]);
	const other = poll(['PENDING']);
	const promise = pollAll([failing, other], { concurrency: 5 }, (index, outcome) => {
		if ('error' in outcome) throw stop;
	});
	const settled = expect(promise).rejects.toBe(stop);
	await jest.advanceTimersByTimeAsync(10_000);
	await settled;
	expect(other.reads).toEqual([0]);
});

test('a cancelled execution ends each open state after its next read, as timed out', async () => {
	const controller = new AbortController();
	setTimeout(() => controller.abort(), 1200);
	const a = poll(['PENDING']);
	const b = poll(['INITIATED']);
	const { told, ended } = await run([a, b], { signal: controller.signal });
	expect(told).toEqual([
		{ index: 0, at: 2000, last: 'PENDING', timedOut: true },
		{ index: 1, at: 2000, last: 'INITIATED', timedOut: true },
	]);
	expect(a.reads).toEqual([0, 1000, 2000]);
	expect(ended).toBe(2000);
});

test('no states: nothing read, ends at once', async () => {
	const { told, ended } = await run([]);
	expect(told).toEqual([]);
	expect(ended).toBe(0);
});
