import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { smePayBaseUrl } from '../../../credentials/SmePayEnvironment';
import { smePayApiError } from './errors';
import { isNetworkFailure, readHttpFailure, type HttpFailure } from './httpFailure';

export type SmePayCredentialType = 'smePayApi' | 'smePayDisbursementApi' | 'smePayPartnerApi';

/** Where a client runs: a node's execution, or the SMEPay Trigger's webhook (its verification). */
export type SmePayContext = IExecuteFunctions | IWebhookFunctions;

export interface SmePayRequest {
	method: IHttpRequestMethods;
	/** Path under the credential's base URL, e.g. `/api/v1/disbursement/payouts`. */
	path: string;
	body?: IDataObject;
	/** Bearer token from the credential (default), or none (the public status call). */
	authenticated?: boolean;
	/**
	 * `safe`: repeating the call cannot move money twice (reads; payout send, guarded by its
	 * reference id), so 429, 5xx and lost connections are retried with backoff. `never`: one try.
	 */
	retry: 'safe' | 'never';
	/** Names the call in errors: "Create Order". */
	action: string;
	itemIndex: number;
	/** Said instead of the generic hint when the call ends without an answer. */
	noAnswerDescription?: string;
}

export interface SmePayClientOptions {
	maxAttempts?: number;
	timeoutMs?: number;
}

const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_BACKOFF_MS = 8_000;
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * The one place that talks to SMEPay: base URL from the credential, Bearer token through n8n's
 * credential (n8n exchanges it when empty and renews it after a 401), retries of safe calls, and
 * SMEPay's refusals turned into NodeApiErrors that say what to do.
 */
export class SmePayClient {
	private credentialsPromise?: Promise<ICredentialDataDecryptedObject>;

	// The first authenticated call of a run goes alone: when the stored token is empty it makes the
	// one token exchange, and the calls queued behind it then find the token in the credential.
	private firstAuthenticatedCall?: Promise<unknown>;

	constructor(
		private readonly ctx: SmePayContext,
		readonly credentialType: SmePayCredentialType,
		private readonly options: SmePayClientOptions = {},
	) {}

	async credentials(): Promise<ICredentialDataDecryptedObject> {
		this.credentialsPromise ??= this.ctx.getCredentials(this.credentialType);
		return await this.credentialsPromise;
	}

	async baseUrl(): Promise<string> {
		const credentials = await this.credentials();
		return this.credentialType === 'smePayPartnerApi'
			? String(credentials.baseUrl).replace(/\/+$/, '')
			: smePayBaseUrl(credentials);
	}

	async request<T = IDataObject>(request: SmePayRequest): Promise<T> {
		const authenticated = request.authenticated !== false;
		if (authenticated) {
			if (this.firstAuthenticatedCall === undefined) {
				const first = this.requestWithRetries<T>(request);
				this.firstAuthenticatedCall = first.catch(() => undefined);
				return await first;
			}
			await this.firstAuthenticatedCall;
		}
		return await this.requestWithRetries<T>(request);
	}

	private async requestWithRetries<T>(request: SmePayRequest): Promise<T> {
		const maxAttempts =
			request.retry === 'safe' ? (this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS) : 1;
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${await this.baseUrl()}${request.path}`,
			body: request.body,
			json: true,
			timeout: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		};
		for (let attempt = 1; ; attempt++) {
			try {
				return (await this.send(options, request.authenticated !== false)) as T;
			} catch (error) {
				const failure = readHttpFailure(error);
				if (attempt < maxAttempts && isRetryable(failure)) {
					await sleep(backoffMs(attempt, failure));
					continue;
				}
				throw smePayApiError(this.ctx.getNode(), failure, {
					itemIndex: request.itemIndex,
					credentialType: this.credentialType,
					action: request.action,
					description: isNetworkFailure(failure) ? request.noAnswerDescription : undefined,
				});
			}
		}
	}

	private async send(options: IHttpRequestOptions, authenticated: boolean): Promise<unknown> {
		// n8n writes the Authorization header into the options it is given: each attempt gets a fresh copy.
		const attempt = { ...options, headers: { ...options.headers } };
		if (authenticated) {
			return await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				this.credentialType,
				attempt,
			);
		}
		return await this.ctx.helpers.httpRequest(attempt);
	}
}

function isRetryable(failure: HttpFailure): boolean {
	if (failure.tokenExchangeMessage !== undefined) return false;
	if (failure.status === undefined) return true;
	return failure.status === 429 || failure.status >= 500;
}

function backoffMs(attempt: number, failure: HttpFailure): number {
	if (failure.retryAfterSeconds !== undefined) {
		return Math.min(failure.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS);
	}
	const exponential = Math.min(250 * 2 ** (attempt - 1), MAX_BACKOFF_MS);
	return exponential / 2 + Math.random() * (exponential / 2);
}
