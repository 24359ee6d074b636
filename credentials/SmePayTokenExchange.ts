import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
} from 'n8n-workflow';

import {
	isNetworkFailure,
	isRetryable,
	NETWORK_FAILURE_WORDS,
	readHttpFailure,
	TOKEN_EXCHANGE_DESCRIPTION,
	type HttpFailure,
} from './common/httpFailure';
import { redactUrls } from './common/redactUrls';
import { readTokenAnswer, type TokenAnswerKind } from './SmePayTokenAnswer';

/**
 * The token exchange the three SMEPay credentials share: POST the keys, check the answer, and
 * turn every failure into a message that says what to change. One try: the node's client decides
 * whether to try again (see SmePayClient).
 */

/** How long an exchange may take when no node's Request Timeout reaches it. */
export const DEFAULT_EXCHANGE_TIMEOUT_MS = 30_000;

/** A failed token exchange: the transport recognises it (see TOKEN_EXCHANGE_DESCRIPTION). */
export class TokenExchangeError extends Error {
	readonly tokenExchange = true;

	readonly description = TOKEN_EXCHANGE_DESCRIPTION;

	/** Another try may get through (no answer, 429, 5xx); a refusal of the keys is final. */
	readonly retryable: boolean;

	/** The wait the token endpoint asked for (Retry-After). */
	readonly retryAfterMs?: number;

	constructor(message: string, options: { retryable?: boolean; retryAfterMs?: number } = {}) {
		super(message);
		this.name = 'SmePayTokenExchangeError';
		this.retryable = options.retryable ?? false;
		this.retryAfterMs = options.retryAfterMs;
	}
}

/**
 * What the node's client hands the credential inside the credential data n8n passes to
 * preAuthentication and authenticate: the time the next exchange or call may take (read again
 * right before the call, after any exchange), and the exchange's failure back (n8n rewrites the
 * message of an error it wraps, and n8n 1.x drops the rest). Under a symbol key, so n8n neither
 * stores it with the credential nor shows it.
 */
export interface TokenExchangeChannel {
	timeoutMs?: () => number;
	failure?: TokenExchangeError;
}

const CHANNEL = Symbol.for('n8n-nodes-smepay.tokenExchangeChannel');

type WithChannel = Record<symbol, TokenExchangeChannel | undefined>;

/** The client's channel on its copy of the credential data, made on first use. */
export function tokenExchangeChannel(
	credentials: ICredentialDataDecryptedObject,
): TokenExchangeChannel {
	return ((credentials as unknown as WithChannel)[CHANNEL] ??= {});
}

/** The channel, if a node's client set one (not in n8n's credential test, for one). */
export function readTokenExchangeChannel(
	credentials: ICredentialDataDecryptedObject,
): TokenExchangeChannel | undefined {
	return (credentials as unknown as WithChannel)[CHANNEL];
}

export interface TokenExchange {
	/** Which API this is, for messages: "SMEPay collection API" ... */
	apiName: string;
	url: string;
	body: IDataObject;
	/** Which answer to expect (see TOKEN_ANSWERS). */
	answer: TokenAnswerKind;
	/** What to check when the keys are refused: "the Client ID and Client Secret, and ...". */
	fieldsToCheck: string;
	/** When set, the answer's `environment` must match it (Test keys on the Live host and back). */
	expectedEnvironment?: string;
}

export async function exchangeToken(
	helpers: IHttpRequestHelper['helpers'],
	credentials: ICredentialDataDecryptedObject,
	exchange: TokenExchange,
): Promise<string> {
	const channel = readTokenExchangeChannel(credentials);
	const request: IHttpRequestOptions = {
		method: 'POST',
		url: exchange.url,
		body: exchange.body,
		json: true,
		timeout: channel?.timeoutMs?.() ?? DEFAULT_EXCHANGE_TIMEOUT_MS,
	};
	// The failure is read inside the catch but thrown outside it as a new error: the error n8n
	// threw holds the request, and the request holds the secret.
	let answer: unknown;
	let failure: HttpFailure | undefined;
	try {
		answer = await helpers.httpRequest(request);
	} catch (error) {
		failure = readHttpFailure(error);
	}
	const outcome =
		failure === undefined
			? readTokenAnswer(answer, {
					kind: exchange.answer,
					apiName: exchange.apiName,
					expectedEnvironment: exchange.expectedEnvironment,
				})
			: { problem: exchangeFailureMessage(exchange, failure) };
	if ('token' in outcome) return outcome.token;
	const error = new TokenExchangeError(redact(redactUrls(outcome.problem), exchange.body), {
		retryable: failure !== undefined && isRetryable(failure),
		retryAfterMs: failure?.retryAfterMs,
	});
	if (channel) channel.failure = error;
	throw error;
}

/** What a failed exchange call means, and what to do about it. */
export function exchangeFailureMessage(
	{ apiName, fieldsToCheck }: Pick<TokenExchange, 'apiName' | 'fieldsToCheck'>,
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
	if (failure.status === 404) {
		return `${apiName} has no token endpoint at this address (HTTP 404). Check the Environment / Base URL of the credential.`;
	}
	if (failure.status !== undefined) {
		return `${apiName} token exchange failed with HTTP ${failure.status}${said}. Try again in a minute; if it persists, contact SMEPay support.`;
	}
	if (isNetworkFailure(failure)) {
		return `${apiName} could not be reached (${NETWORK_FAILURE_WORDS[failure.code ?? '']}). Check the Environment / Base URL and this server's network access.`;
	}
	return `${apiName} token exchange did not complete (${failure.errorMessage ?? 'unknown error'}). Check the Environment / Base URL points at SMEPay.`;
}

/** Cuts every value sent in the exchange (the keys) out of a message, however it got there. */
export function redact(message: string, sent: IDataObject): string {
	let text = message;
	for (const value of Object.values(sent)) {
		// Shorter values cannot be told from ordinary words; SMEPay's keys are much longer.
		if (typeof value !== 'string' || value.length < 4) continue;
		while (text.includes(value)) text = text.split(value).join('…');
	}
	return text;
}
