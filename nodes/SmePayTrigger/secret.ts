import { createHash, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/** SMEPay cannot add headers, so the secret usually rides in the callback URL as `?token=`. */
export const SECRET_QUERY_PARAMETER = 'token';
export const SECRET_HEADER = 'x-smepay-token';

/** The secret a request carries: the `x-smepay-token` header, else the `token` query parameter. */
export function providedSecret(
	headers: Record<string, string | string[] | undefined>,
	query: IDataObject,
): string | undefined {
	const header = headers[SECRET_HEADER];
	const fromHeader = Array.isArray(header) ? header[0] : header;
	if (typeof fromHeader === 'string' && fromHeader !== '') return fromHeader;
	const fromQuery = query[SECRET_QUERY_PARAMETER];
	return typeof fromQuery === 'string' && fromQuery !== '' ? fromQuery : undefined;
}

/**
 * True when no secret is configured, or the request carries exactly it. Both sides are hashed to
 * the same length first, so the comparison takes the same time whatever the guess (and `timingSafeEqual`
 * never sees buffers of different lengths).
 */
export function secretMatches(expected: string, provided: string | undefined): boolean {
	if (expected === '') return true;
	if (provided === undefined) return false;
	return timingSafeEqual(digest(expected), digest(provided));
}

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}
