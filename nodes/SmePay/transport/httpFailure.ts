import type { IDataObject } from 'n8n-workflow';

/**
 * The description of every refused token exchange (credentials/SmePayTokenExchange.ts). It marks
 * the refusal so it is not retried: n8n 1.x keeps only the message and the description of an
 * error thrown in preAuthentication when it wraps it.
 */
export const TOKEN_EXCHANGE_DESCRIPTION = 'The credential could not get a token from SMEPay.';

/** What an HTTP error tells: status, JSON body, network error code, Retry-After. */
export interface HttpFailure {
	status?: number;
	body?: IDataObject;
	code?: string;
	retryAfterSeconds?: number;
	/** Set when the credential's token exchange was refused: its message already says what to fix. */
	tokenExchangeMessage?: string;
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
	for (const layer of layers) {
		if (layer.tokenExchange === true || layer.description === TOKEN_EXCHANGE_DESCRIPTION) {
			tokenExchangeMessage ??= String(layer.message);
		}
		const response = layer.response as IDataObject | undefined;
		status ??= toStatus(response?.status ?? response?.statusCode ?? layer.httpCode);
		// n8n 1.x wraps HTTP errors in a NodeApiError that drops the original (`cause`), keeping
		// only the answer's JSON in `context.data`.
		body ??= response?.data ?? response?.body ?? (layer.context as IDataObject | undefined)?.data;
		const headers = response?.headers as IDataObject | undefined;
		retryAfter ??= headers?.['retry-after'];
		if (typeof layer.code === 'string' && code === undefined) code = layer.code;
	}
	if (code === undefined && layers.some((l) => /socket hang up/i.test(String(l.message)))) {
		code = 'ECONNRESET';
	}
	return {
		status,
		body: toBody(body),
		code,
		retryAfterSeconds: retryAfter === undefined ? undefined : Number(retryAfter) || undefined,
		tokenExchangeMessage,
	};
}

/** No HTTP status means no answer arrived: refused, reset, dropped or timed out. */
export function isNetworkFailure(failure: HttpFailure): boolean {
	return failure.status === undefined && failure.tokenExchangeMessage === undefined;
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
