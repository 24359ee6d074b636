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
 * credential, retries of safe calls, and SMEPay's refusals turned into NodeApiErrors that say
 * what to do.
 *
 * Authenticated calls of a run share one copy of the credential (n8n would otherwise read and
 * decrypt it from its database for every call) and renew its token once for all of them: a call
 * that finds the token empty goes alone, n8n runs the credential's preAuthentication, stores the
 * new token in its credential store and writes it into this copy, and the other calls wait for
 * it. After a 401 the first call to see it empties the token, so a batch of calls refused at the
 * same moment makes one token exchange, not one each.
 */
export class SmePayClient {
	private credentialsPromise?: Promise<ICredentialDataDecryptedObject>;

	private tokenFetch?: Promise<unknown>;

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
				return (await (request.authenticated === false
					? this.ctx.helpers.httpRequest({ ...options })
					: this.sendAuthenticated(options))) as T;
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

	private async sendAuthenticated(options: IHttpRequestOptions): Promise<unknown> {
		const credentials = await this.credentials();
		for (let renewed = false; ; renewed = true) {
			while (this.tokenFetch !== undefined) await this.tokenFetch;
			const tokenUsed = credentials.accessToken;
			// n8n writes the Authorization header into the options it is given: a fresh copy each time.
			const call = this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				this.credentialType,
				{ ...options, headers: { ...options.headers } },
				{
					credentialsDecrypted: { id: '', name: '', type: this.credentialType, data: credentials },
					// 401s are handled below, once for all calls, instead of by n8n once per call.
					preAuthenticationRetryStatusCode: [],
				},
			);
			if (!tokenUsed) this.holdOthersUntilSettled(call);
			let refusal: unknown;
			try {
				return await call;
			} catch (error) {
				refusal = error;
			}
			// Anything but a 401 on a token that was not new goes to request(), which maps it.
			if (renewed || !tokenUsed || readHttpFailure(refusal).status !== 401) throw refusal;
			if (credentials.accessToken === tokenUsed) credentials.accessToken = '';
		}
	}

	private holdOthersUntilSettled(call: Promise<unknown>) {
		const settled = call.then(
			() => undefined,
			() => undefined,
		);
		this.tokenFetch = settled;
		void settled.then(() => {
			if (this.tokenFetch === settled) this.tokenFetch = undefined;
		});
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
