/**
 * Takes what may be secret out of every URL in a text: the query and fragment (the SMEPay
 * Trigger's `?token=…`, and any other value) and the user info before `@`. Errors quote SMEPay,
 * and SMEPay may quote back the callback URL it was sent; no error may repeat a secret.
 */

/** A word that is, or is part of, a URL: a scheme, or a `?`/`&`/`#`/`;` before `key=`. */
const URL_LIKE = /:\/\/|^www\.|[?&#;][^=\s]*=/i;
/** Where a URL's query or fragment starts (also `&`, `;`: a query typed without its `?`). */
const QUERY_START = /[?#&;]/;
/** User info: between the scheme and the last `@` of the host part. */
const USER_INFO = /(:\/\/)[^/?#\s]*@/;
/** Closing punctuation around a quoted URL, kept so the sentence still reads. */
const CLOSING = /["'`)\]}>,.]*$/;

export const REDACTED = '…';

export function redactUrls(text: string): string {
	return text.replace(/\S+/g, (word) => (URL_LIKE.test(word) ? redactUrl(word) : word));
}

function redactUrl(word: string): string {
	const url = word.replace(USER_INFO, `$1${REDACTED}@`);
	const cut = url.search(QUERY_START);
	if (cut === -1) return url;
	const closing = CLOSING.exec(url.slice(cut + 1))?.[0] ?? '';
	return `${url.slice(0, cut)}?${REDACTED}${closing}`;
}

/** A copy of a JSON value (an API answer) with every string in it redacted. */
export function redactUrlsIn<T>(value: T): T {
	if (typeof value === 'string') return redactUrls(value) as T;
	if (Array.isArray(value)) return value.map((entry: unknown) => redactUrlsIn(entry)) as T;
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([key, entry]) => [key, redactUrlsIn(entry)]),
		) as T;
	}
	return value;
}
