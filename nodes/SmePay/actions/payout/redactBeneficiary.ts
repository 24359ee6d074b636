import type { PayoutRequest } from '../../api/payouts';

const REDACTED = '[redacted]';

/** The row's beneficiary details, which no error of Send Payout may show in clear. */
export function beneficiaryOf(payout: PayoutRequest): string[] {
	return [payout.beneficiary_name, payout.beneficiary_account, payout.beneficiary_ifsc];
}

/**
 * SMEPay answers with beneficiary details hashed; should an error answer ever echo them in clear,
 * they are blanked out of everything the error carries (message, description, the answer body)
 * before it reaches an output item, the execution log or the UI.
 */
export function redactBeneficiary<E extends Error>(error: E, values: string[]): E {
	const secrets = values.filter((value) => typeof value === 'string' && value.trim().length >= 3);
	if (secrets.length === 0) return error;
	const pattern = new RegExp(secrets.map(escapeRegExp).join('|'), 'gi');
	const target = error as unknown as Record<string, unknown>;
	for (const key of ['message', 'description', 'messages', 'errorResponse', 'context', 'stack']) {
		if (target[key] !== undefined) target[key] = redactValue(target[key], pattern);
	}
	return error;
}

function redactValue(value: unknown, pattern: RegExp): unknown {
	if (typeof value === 'string') return value.replace(pattern, REDACTED);
	if (Array.isArray(value)) return value.map((entry) => redactValue(entry, pattern));
	if (value && typeof value === 'object') {
		const copy: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value)) copy[key] = redactValue(entry, pattern);
		return copy;
	}
	return value;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
