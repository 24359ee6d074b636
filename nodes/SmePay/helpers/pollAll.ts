import { sleep } from 'n8n-workflow';

export interface Poll<T> {
	/** One read of the current state (its own retries are the transport's). */
	read: () => Promise<T>;
	/** True when the state will not change any more. */
	isFinal: (state: T) => boolean;
	intervalMs: number;
	timeoutMs: number;
}

export type PollOutcome<T> = { last: T; timedOut: boolean } | { error: Error };

export interface PollAllOptions {
	/** At most this many reads at a time, over all polls. */
	concurrency: number;
	/** Stops early when the execution is cancelled: each poll ends after its read, as timed out. */
	signal?: AbortSignal;
}

/**
 * Polls many states together: each is read at once, then `intervalMs` after its last read ended,
 * until it is final or its `timeoutMs` (counted from the start, the same start for all) has passed,
 * so the whole set ends within one timeout instead of one per state. The last wait is shortened to
 * end at the timeout, and one last read is made there. At most `concurrency` reads run at a time;
 * a slow read (the transport's retries) holds back only its own poll. A read that fails ends only
 * its own poll. `settle` is told each outcome as it comes; if it throws, no read starts after that
 * and the error is thrown.
 */
export async function pollAll<T>(
	polls: Array<Poll<T>>,
	options: PollAllOptions,
	settle: (index: number, outcome: PollOutcome<T>) => void,
): Promise<void> {
	const startedAt = Date.now();
	const slots = new Slots(options.concurrency);
	let stopped = false;

	const pollOne = async (poll: Poll<T>, index: number) => {
		const deadline = startedAt + poll.timeoutMs;
		for (;;) {
			const read = await slots.run(async () => (stopped ? undefined : await readOnce(poll)));
			if (read === undefined) return;
			const outcome = outcomeOf(poll, read, deadline, options.signal);
			if (outcome !== undefined) {
				let told = false;
				try {
					settle(index, outcome);
					told = true;
				} finally {
					// settle threw: the error ends the whole set, so no read starts after it.
					if (!told) stopped = true;
				}
				return;
			}
			await sleepUntil(Math.min(Date.now() + poll.intervalMs, deadline));
			if (stopped) return;
		}
	};
	await Promise.all(polls.map(pollOne));
}

/**
 * Sleeps until the clock reads `at`. A timer can fire a little early by the clock when the event
 * loop was busy (its time is read once per turn), so it sleeps again for what is left: the reads
 * of one state are never closer than the interval, and the last one is never before the deadline.
 */
async function sleepUntil(at: number): Promise<void> {
	for (let left = at - Date.now(); left > 0; left = at - Date.now()) await sleep(left);
}

type Read<T> = { state: T } | { error: Error };

async function readOnce<T>(poll: Poll<T>): Promise<Read<T>> {
	try {
		return { state: await poll.read() };
	} catch (error) {
		return { error: error as Error };
	}
}

/** How a poll ends after a read, or undefined when it reads again. */
function outcomeOf<T>(
	poll: Poll<T>,
	read: Read<T>,
	deadline: number,
	signal?: AbortSignal,
): PollOutcome<T> | undefined {
	if ('error' in read) return read;
	if (poll.isFinal(read.state)) return { last: read.state, timedOut: false };
	if (Date.now() >= deadline || signal?.aborted) return { last: read.state, timedOut: true };
	return undefined;
}

/** At most `limit` tasks at a time; the others wait their turn, first come first served. */
class Slots {
	private running = 0;

	private readonly waiting: Array<() => void> = [];

	private readonly limit: number;

	constructor(limit: number) {
		this.limit = Math.max(1, Math.floor(limit) || 1);
	}

	async run<R>(task: () => Promise<R>): Promise<R> {
		if (this.running >= this.limit) {
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		} else {
			this.running++;
		}
		try {
			return await task();
		} finally {
			// Hand the slot straight to the next in line, or free it.
			const next = this.waiting.shift();
			if (next) next();
			else this.running--;
		}
	}
}
