import type { HttpFailure } from '../../../credentials/common/httpFailure';

const MAX_BACKOFF_MS = 8_000;

/**
 * How long the calls of one client may take: each call (or token exchange) its timeout, and all
 * of them together, retries included, the budget when there is one (the SMEPay Trigger's).
 */
export class TimeBudget {
	private readonly endsAt?: number;

	constructor(
		private readonly callTimeoutMs: number,
		budgetMs?: number,
	) {
		this.endsAt = budgetMs === undefined ? undefined : Date.now() + budgetMs;
	}

	/** The timeout of the next call: the call timeout, cut to what is left of the budget. */
	timeoutMs(): number {
		if (this.endsAt === undefined) return this.callTimeoutMs;
		return Math.max(1, Math.min(this.callTimeoutMs, this.endsAt - Date.now()));
	}

	/** Whether a wait of `ms` still leaves time for another try. */
	hasTimeFor(ms: number): boolean {
		return this.endsAt === undefined || Date.now() + ms < this.endsAt;
	}
}

/** The wait before try `attempt + 1`: what Retry-After asked for, else exponential with jitter. */
export function backoffMs(attempt: number, failure: Pick<HttpFailure, 'retryAfterMs'>): number {
	if (failure.retryAfterMs !== undefined) return failure.retryAfterMs;
	const exponential = Math.min(250 * 2 ** (attempt - 1), MAX_BACKOFF_MS);
	return exponential / 2 + Math.random() * (exponential / 2);
}
