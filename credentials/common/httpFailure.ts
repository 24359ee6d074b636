import type { IDataObject } from 'n8n-workflow';

/**
 * The description of every refused token exchange (the credentials' TokenExchangeError). It marks
 * the refusal so it is not retried: n8n 1.x keeps only the message and the description of an
 * error thrown in preAuthentication when it wraps it.
 */
export const TOKEN_EXCHANGE_DESCRIPTION = 'The credential could not get a token from SMEPay.';

/** The longest wait a Retry-After may ask for; a longer one is cut to it. */
export const MAX_RETRY_AFTER_MS = 30_000;

/**
 * The error codes of a call that got no answer because of the network: refused, reset, timed
 * out, host not found. In plain words, since n8n swaps a message naming a code for its own text.
 */
export const NETWORK_FAILURE_WORDS: Record<string, string> = {
	ECONNRESET: 'connection dropped',
	EPIPE: 'connection dropped',
	ECONNREFUSED: 'connection refused',
	ECONNABORTED: 'timed out',
	ETIMEDOUT: 'timed out',
	ESOCKETTIMEDOUT: 'timed out',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
};

/** What an HTTP error tells: status, JSON body, network error code, Retry-After. */
export interface HttpFailure {
	status?: number;
	body?: IDataObject;
	code?: string;
	/** How long the answer asked to wait (Retry-After), 0 to MAX_RETRY_AFTER_MS. */
	retryAfterMs?: number;
	/** Set when the credential's token exchange was refused: its message already says what to fix. */
	tokenExchangeMessage?: string;
	/** The innermost error's own message, for a failure that is neither an answer nor the network. */
	errorMessage?: string;
}

/**
 * Reads an error thrown by n8n's HTTP helpers, whichever shape it comes in (axios error, or the
 * NodeApiError n8n wraps it in). Never returns anything from the request side.
 */
export function readHttpFailure(error: unknown): HttpFailure {
	const layers = errorLayers(error);
	let status: number | undefined;
	let body: unknown;
	let code: string | undefined;
	let retryAfter: unknown;
	let tokenExchangeMessage: string | undefined;
	let errorMessage: string | undefined;
	for (const layer of layers) {
		// The exchange's own error over n8n's wrapper, whose message n8n may have rewritten.
		if (layer.tokenExchange === true) tokenExchangeMessage = String(layer.message);
		else if (layer.description === TOKEN_EXCHANGE_DESCRIPTION) {
			tokenExchangeMessage ??= String(layer.message);
		}
		const response = layer.response as IDataObject | undefined;
		status ??= toStatus(response?.status ?? response?.statusCode ?? layer.httpCode);
		// n8n 1.x wraps HTTP errors in a NodeApiError that drops the original (`cause`), keeping
		// only the answer's JSON in `context.data`.
		body ??= response?.data ?? response?.body ?? (layer.context as IDataObject | undefined)?.data;
		const headers = response?.headers as IDataObject | undefined;
		retryAfter ??= headers?.['retry-after'];
		// NodeApiError keeps a network error's code as its httpCode (and n8n 1.x nothing else).
		for (const value of [layer.code, layer.httpCode]) {
			if (typeof value === 'string' && /^[A-Z][A-Z_]+$/.test(value)) code ??= value;
		}
		if (typeof layer.message === 'string' && layer.message !== '') errorMessage = layer.message;
	}
	const said = layers.flatMap((l) => [l.message, ...(Array.isArray(l.messages) ? l.messages : [])]);
	if (code === undefined && said.some((message) => /socket hang up/i.test(String(message)))) {
		code = 'ECONNRESET';
	}
	return {
		status,
		body: toBody(body),
		code,
		retryAfterMs: parseRetryAfterMs(retryAfter, Date.now()),
		tokenExchangeMessage,
		errorMessage,
	};
}

/** No answer arrived because of the network: refused, reset, dropped, timed out, no such host. */
export function isNetworkFailure(failure: HttpFailure): boolean {
	return (
		failure.status === undefined &&
		failure.tokenExchangeMessage === undefined &&
		failure.code !== undefined &&
		Object.prototype.hasOwnProperty.call(NETWORK_FAILURE_WORDS, failure.code)
	);
}

/** Worth another try: a network failure, 429 or a 5xx. Never a refused token exchange. */
export function isRetryable(failure: HttpFailure): boolean {
	if (failure.tokenExchangeMessage !== undefined) return false;
	if (failure.status === undefined) return isNetworkFailure(failure);
	return failure.status === 429 || failure.status >= 500;
}

/**
 * Retry-After in milliseconds: delay-seconds or an HTTP date, cut to 0..MAX_RETRY_AFTER_MS.
 * Anything else (negative, a fraction, words) is no Retry-After: undefined.
 */
export function parseRetryAfterMs(value: unknown, nowMs: number): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text === 'number') return parseRetryAfterMs(String(text), nowMs);
	if (typeof text !== 'string') return undefined;
	const trimmed = text.trim();
	let ms: number;
	if (/^\d+$/.test(trimmed)) ms = Number(trimmed) * 1000;
	else if (/^[A-Za-z]{3},/.test(trimmed) && !Number.isNaN(Date.parse(trimmed))) {
		ms = Date.parse(trimmed) - nowMs;
	} else return undefined;
	return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** Whether an error comes from n8n's HTTP client (and so may hold the request, with its token). */
export function cameFromHttpClient(error: unknown): boolean {
	return errorLayers(error).some(
		(layer) =>
			layer.isAxiosError === true ||
			layer.name === 'NodeApiError' ||
			(typeof layer.config === 'object' && layer.config !== null),
	);
}

function errorLayers(error: unknown): IDataObject[] {
	const layers: IDataObject[] = [];
	let current = error as IDataObject | undefined;
	while (current && typeof current === 'object' && layers.length < 5) {
		layers.push(current);
		current = current.cause as IDataObject | undefined;
	}
	return layers;
}

function toStatus(value: unknown): number | undefined {
	const status = Number(value);
	return Number.isInteger(status) && status >= 100 && status < 600 ? status : undefined;
}

function toBody(body: unknown): IDataObject | undefined {
	if (typeof body === 'string') {
		try {
			return toBody(JSON.parse(body));
		} catch {
			return body.trim() ? { message: body.slice(0, 200) } : undefined;
		}
	}
	if (Buffer.isBuffer(body)) return toBody(body.toString('utf8'));
	return body && typeof body === 'object' && !Array.isArray(body)
		? (body as IDataObject)
		: undefined;
}
