import type { IDataObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import {
	readHttpFailure,
	TOKEN_EXCHANGE_DESCRIPTION,
	type HttpFailure,
} from '../nodes/SmePay/transport/httpFailure';

/**
 * The token exchange the three SMEPay credentials share: POST the keys, read the token out of the
 * answer, and turn every refusal into a message that says what to change.
 */

/** A refused token exchange: the transport recognises it (see TOKEN_EXCHANGE_DESCRIPTION). */
export class TokenExchangeError extends Error {
	readonly tokenExchange = true;

	readonly description = TOKEN_EXCHANGE_DESCRIPTION;

	constructor(message: string) {
		super(message);
		this.name = 'SmePayTokenExchangeError';
	}
}

export interface TokenExchange {
	/** Which API this is, for messages: "SMEPay collection API" ... */
	apiName: string;
	url: string;
	body: IDataObject;
	/** Where the token may sit in the answer, as dotted paths, first match wins. */
	tokenPaths: string[];
	/** What to check when the keys are refused: "the Client ID and Client Secret, and ...". */
	fieldsToCheck: string;
	/** When set, the answer's `environment` must match it (Test keys on the Live host and back). */
	expectedEnvironment?: string;
}

export async function exchangeToken(
	helpers: IHttpRequestHelper['helpers'],
	exchange: TokenExchange,
): Promise<string> {
	const request: IHttpRequestOptions = {
		method: 'POST',
		url: exchange.url,
		body: exchange.body,
		json: true,
		timeout: 30_000,
	};
	// The refusal is read inside the catch but thrown outside it as a new error: the error n8n
	// threw holds the request, and the request holds the secret.
	let answer: IDataObject | undefined;
	let failure: HttpFailure | undefined;
	try {
		answer = (await helpers.httpRequest(request)) as IDataObject;
	} catch (error) {
		failure = readHttpFailure(error);
	}
	if (failure !== undefined || answer === undefined) {
		throw new TokenExchangeError(tokenExchangeFailure(exchange, failure ?? {}));
	}
	const environment = answer?.environment;
	if (
		exchange.expectedEnvironment &&
		typeof environment === 'string' &&
		environment !== exchange.expectedEnvironment
	) {
		throw new TokenExchangeError(
			`${exchange.apiName}: these keys belong to ${environment === 'live' ? 'Live' : 'Test'} mode but the credential's Environment is ${exchange.expectedEnvironment === 'live' ? 'Live' : 'Test'}. Set Environment to match the keys.`,
		);
	}
	for (const path of exchange.tokenPaths) {
		const token = readPath(answer, path);
		if (typeof token === 'string' && token !== '') return token;
	}
	throw new TokenExchangeError(
		`${exchange.apiName}: the token exchange answered without a token (looked for ${exchange.tokenPaths.join(', ')}; the answer had ${describeKeys(answer)}). Check the Base URL points at SMEPay.`,
	);
}

function tokenExchangeFailure(
	{ apiName, fieldsToCheck }: TokenExchange,
	failure: HttpFailure,
): string {
	const said = typeof failure.body?.message === 'string' ? ` ("${failure.body.message}")` : '';
	if (failure.status === 403 || failure.body?.error === 'ip_not_whitelisted') {
		return `${apiName} refused this server's IP address${said}. Add the public IP of your n8n server to the IP whitelist in the SMEPay dashboard (Settings → API), then test again. Test-mode keys skip this check.`;
	}
	if (failure.status === 401) {
		return `${apiName} rejected the credentials${said}. Check ${fieldsToCheck}.`;
	}
	if (failure.status === 400) {
		return `${apiName} refused the token request${said}. Check that every field of the credential is filled in.`;
	}
	if (failure.status !== undefined) {
		return `${apiName} token exchange failed with HTTP ${failure.status}${said}. Try again in a minute; if it persists, contact SMEPay support.`;
	}
	return `${apiName} could not be reached (${failure.code ?? 'no answer'}). Check the Environment / Base URL and this server's network access.`;
}

function readPath(value: unknown, path: string): unknown {
	let current = value;
	for (const key of path.split('.')) {
		if (!current || typeof current !== 'object') return undefined;
		current = (current as IDataObject)[key];
	}
	return current;
}

function describeKeys(answer: unknown): string {
	if (!answer || typeof answer !== 'object') return 'no JSON body';
	const keys = Object.keys(answer as IDataObject).map((key) => {
		const inner = (answer as IDataObject)[key];
		return inner && typeof inner === 'object' && !Array.isArray(inner)
			? `${key}{${Object.keys(inner as IDataObject).join(',')}}`
			: key;
	});
	return keys.length ? `keys ${keys.join(', ')}` : 'an empty object';
}
