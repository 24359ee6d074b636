/**
 * One log message per key (the trigger, event type and kind) per minute instead of one per
 * webhook: a flood of forged webhooks (or SMEPay's retries while a credential is wrong) would
 * otherwise fill n8n's log with the same line. The first one is written at once; the ones held back are counted into the next.
 */

export const LOG_INTERVAL_MS = 60_000;

const lastWritten = new Map<string, { at: number; heldBack: number }>();

/**
 * Whether to write the message named `key` now, and how many like it were held back since the
 * last one written (undefined: hold this one back too).
 */
export function logNow(key: string, now: number = Date.now()): number | undefined {
	const last = lastWritten.get(key);
	if (last !== undefined && now - last.at < LOG_INTERVAL_MS) {
		last.heldBack++;
		return undefined;
	}
	lastWritten.set(key, { at: now, heldBack: 0 });
	return last?.heldBack ?? 0;
}

/** ` (and 3 more like it in the last minute)`, or nothing. */
export function heldBackNote(heldBack: number): string {
	if (heldBack === 0) return '';
	return ` (and ${heldBack} more like it since the last such message)`;
}
