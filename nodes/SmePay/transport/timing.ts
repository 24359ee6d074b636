import { isNetworkFailure, type HttpFailure } from '../../../credentials/common/httpFailure';

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

/**
 * A call that may still be running at SMEPay when it failed: it timed out, its connection dropped
 * after the request went out, or a gateway in front of SMEPay gave up on it and answered for it
 * while SMEPay went on: 502 and 504, 503 (Heroku's router on a request timeout, Envoy on a reset
 * before the answer), Cloudflare's 520 (reset) and 524 (timeout). A refused connection or an
 * unknown host never reached SMEPay.
 */
export function mayStillBeRunning(failure: HttpFailure): boolean {
	if (failure.status !== undefined) return GATEWAY_GAVE_UP.includes(failure.status);
	return isNetworkFailure(failure) && !NEVER_SENT_CODES.includes(failure.code ?? '');
}

const GATEWAY_GAVE_UP = [502, 503, 504, 520, 524];

const NEVER_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];

/** The shortest and longest wait before a payout send that got no answer is sent again. */
export const RESEND_AFTER_NO_ANSWER_MS = { min: 5_000, max: 30_000 };

/**
 * The wait before a payout send that may still be running at SMEPay is sent again: as long as the
 * lost attempt ran (a SMEPay slow enough to miss the timeout gets as long again to finish), at
 * least 5 s and at most 30 s. SMEPay refuses a Reference ID it has recorded, but a second request
 * that arrives while the first is still being processed is safe only if SMEPay checks and records
 * the reference in one atomic step, which nobody outside SMEPay can know. A normal answer takes
 * well under a second.
 */
export function resendAfterNoAnswerMs(lostAttemptMs: number): number {
	const { min, max } = RESEND_AFTER_NO_ANSWER_MS;
	return Math.min(Math.max(lostAttemptMs, min), max);
}
