import { sleep } from 'n8n-workflow';

export interface PollOptions<T> {
	/** One read of the current state (its own retries are the transport's). */
	read: () => Promise<T>;
	/** True when the state will not change any more. */
	isFinal: (state: T) => boolean;
	intervalMs: number;
	timeoutMs: number;
	/** Stops early when the execution is cancelled. */
	signal?: AbortSignal;
}

export interface PollResult<T> {
	/** The last state read. */
	last: T;
	timedOut: boolean;
}

/**
 * Reads at once, then every `intervalMs` until the state is final or `timeoutMs` has passed. The
 * last wait is shortened to end at the timeout, and one last read is made there.
 */
export async function pollUntil<T>(options: PollOptions<T>): Promise<PollResult<T>> {
	const deadline = Date.now() + options.timeoutMs;
	for (;;) {
		const last = await options.read();
		if (options.isFinal(last)) return { last, timedOut: false };
		const remaining = deadline - Date.now();
		if (remaining <= 0 || options.signal?.aborted) return { last, timedOut: true };
		await sleep(Math.min(options.intervalMs, remaining));
	}
}
